import { describe, expect, it } from 'vitest';
import { EventLoopDelay } from './EventLoopDelay.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
function block(ms: number): void {
  const t = performance.now();
  while (performance.now() - t < ms);
}

describe('EventLoopDelay', () => {
  it('records a stall of the loop as delay, only while started, and forgets it on reset', async () => {
    const d = new EventLoopDelay();
    expect(d.summary()).toBeNull();
    d.start();
    await sleep(100);
    block(80);
    await sleep(100);
    d.stop();
    const s = d.summary()!;
    expect(s.samples).toBeGreaterThan(5);
    expect(s.maxMs).toBeGreaterThanOrEqual(70);
    expect(s.p50Ms).toBeLessThan(s.maxMs);
    expect(s.distribution.at(-1)!.percentile).toBe(100);
    // The distribution is HDR-bucketed (3 significant digits): its top is the max within that precision.
    expect(Math.abs(s.distribution.at(-1)!.ms - s.maxMs)).toBeLessThan(s.maxMs * 0.01 + 0.1);
    // The frame window is a second monitor with its own timer: it saw the same stall, give or take a sampling period.
    const w = d.takeWindow()!;
    expect(w.maxMs).toBeGreaterThanOrEqual(70);
    expect(Math.abs(w.maxMs - s.maxMs)).toBeLessThan(20);
    expect(d.takeWindow()).toBeNull();
    // Stopped: a stall is not recorded.
    block(120);
    await sleep(20);
    expect(d.summary()!.maxMs).toBe(s.maxMs);
    d.reset();
    expect(d.summary()).toBeNull();
  });
});
