import { describe, expect, it } from 'vitest';
import type { Frame } from '../../engine/api.js';
import { appendPoint, frameToPoint, addSeriesKeys, MAX_POINTS, RATE_WINDOW_FRAMES, thinPoints, type ChartPoint } from './history.js';

function frame(over: Partial<Frame> = {}): Frame {
  return {
    seq: 1, state: 'playing', tMs: 1000, tick: 10, durationMs: 60_000, eventsPerSec: 100, behindMs: 0,
    counts: { post: 1, read: 3, follow: 0, unfollow: 0, interact: 0 },
    totals: { post: 1, read: 3, follow: 0, unfollow: 0, interact: 0 },
    posts: [], graphDelta: { follows: [], unfollows: [] },
    latency: {
      'timeline.readOffset': { count: 3, p50Ms: 0.4, p99Ms: 2, maxMs: 2 },
      'redis.ZREVRANGE': { count: 3, p50Ms: 0.1, p99Ms: 0.3, maxMs: 0.3 },
      'timeline.fanoutWrite': { count: 0, p50Ms: 0, p99Ms: 0, maxMs: 0 },
    },
    fanout: null,
    cluster: null,
    memory: { usedMemoryBytes: 2 * 1024 * 1024, byModel: { timeline: 1024 * 1024 } },
    caption: null,
    ...over,
  };
}

describe('chart history', () => {
  it('takes every number from the frame: model operations only, rates split by the counts, memory in MB', () => {
    const p = frameToPoint(frame());
    expect(p.t).toBe(1);
    expect(p['timeline.readOffset p99']).toBe(2);
    expect(p['redis.ZREVRANGE p50']).toBeUndefined();
    expect(p['timeline.fanoutWrite p50']).toBeUndefined();
    expect(p.readsPerSec).toBe(75);
    expect(p.postsPerSec).toBe(25);
    expect(p['mem used_memory']).toBe(2);
    expect(p['mem timeline']).toBe(1);
  });

  it('averages rates over the last frames and restarts when time goes back', () => {
    let h: ChartPoint[] = [];
    h = appendPoint(h, frameToPoint(frame({ tMs: 100, eventsPerSec: 0 })));
    h = appendPoint(h, frameToPoint(frame({ tMs: 200, eventsPerSec: 100 })));
    expect(h[1].eventsPerSec).toBe(50);
    expect(h[1]['raw eventsPerSec']).toBe(100);
    for (let i = 0; i < RATE_WINDOW_FRAMES; i++) h = appendPoint(h, frameToPoint(frame({ tMs: 300 + i * 100, eventsPerSec: 100 })));
    expect(h[h.length - 1].eventsPerSec).toBe(100);
    h = appendPoint(h, frameToPoint(frame({ tMs: 0 })));
    expect(h).toHaveLength(1);
  });

  it('thins the older half beyond MAX_POINTS and keeps the whole time range', () => {
    let h: ChartPoint[] = [];
    for (let i = 0; i < MAX_POINTS * 3; i++) h = appendPoint(h, frameToPoint(frame({ tMs: i * 100 })));
    expect(h.length).toBeLessThanOrEqual(MAX_POINTS);
    expect(h[0].t).toBe(0);
    expect(h[h.length - 1].t).toBe((MAX_POINTS * 3 - 1) / 10);
    for (let i = 1; i < h.length; i++) expect(h[i].t).toBeGreaterThan(h[i - 1].t);
    expect(h.reduce(addSeriesKeys, [] as readonly string[]).filter((k) => k.startsWith('mem '))).toEqual(['mem used_memory', 'mem timeline']);
  });

  it('keeps the series names as points arrive, the same array when nothing is new', () => {
    const k1 = addSeriesKeys([], { t: 0, a: 1 });
    expect(k1).toEqual(['a']);
    expect(addSeriesKeys(k1, { t: 1, a: 2 })).toBe(k1);
    expect(addSeriesKeys(k1, { t: 2, b: 1, a: 3 })).toEqual(['a', 'b']);
    expect(k1).toEqual(['a']);
  });
});

describe('thinPoints', () => {
  const pts = Array.from({ length: 401 }, (_, i) => ({ t: i / 10, v: i }));
  it('keeps short histories as they are', () => {
    expect(thinPoints(pts.slice(0, 100), 150)).toHaveLength(100);
  });
  it('draws at most `max` points, evenly spaced, first and last included, in order', () => {
    const out = thinPoints(pts, 150);
    expect(out).toHaveLength(150);
    expect(out[0]).toBe(pts[0]);
    expect(out[149]).toBe(pts[400]);
    for (let i = 1; i < out.length; i++) {
      const gap = out[i].t - out[i - 1].t;
      expect(gap).toBeGreaterThan(0.19);
      expect(gap).toBeLessThan(0.31);
    }
  });
});
