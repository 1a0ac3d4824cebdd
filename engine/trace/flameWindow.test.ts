import { describe, expect, it } from 'vitest';
import { flameWindow } from './flameWindow.js';
import type { SpanRecord } from './Tracer.js';

const span = (path: string, startMs: number, durationUs: number): SpanRecord => ({ name: path.split(';').pop()!, path, startMs, durationUs, depth: path.split(';').length - 1 });

describe('flameWindow', () => {
  const spans = [span('timeline.read', 1000, 2000), span('timeline.read;redis.ZREVRANGE', 1000.5, 1000), span('graph.read', 1500, 500_000), span('timeline.read', 1990, 10_000)];

  it('covers the root spans from the first start to the last end', () => {
    const w = flameWindow(spans, {}, 10)!;
    expect(w.startMs).toBe(1000);
    expect(w.endMs).toBe(2000);
    expect(w.spans).toBe(3);
    expect(w.binUs).toBe(100_000);
    expect(w.lanes.map((l) => l.name)).toEqual(['graph.read', 'timeline.read']);
  });

  it('spreads each span over the bins it overlaps, per operation', () => {
    const w = flameWindow(spans, {}, 10)!;
    const g = w.lanes.find((l) => l.name === 'graph.read')!.busyUs;
    expect(g).toEqual([0, 0, 0, 0, 0, 100_000, 100_000, 100_000, 100_000, 100_000]);
    const t = w.lanes.find((l) => l.name === 'timeline.read')!.busyUs;
    expect(t[0]).toBe(2000);
    expect(t[9]).toBe(10_000);
  });

  it('honours the model filter and returns null without spans', () => {
    expect(flameWindow(spans, { model: 'graph' }, 10)!.lanes.map((l) => l.name)).toEqual(['graph.read']);
    expect(flameWindow(spans, { model: 'nope' })).toBeNull();
  });
});
