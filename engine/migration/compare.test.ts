import { describe, expect, it } from 'vitest';
import { compareFeeds, phaseAt, servedByGraph, userHash } from './compare.js';
import { MigrationSchema } from './schema.js';

const at = (ids: number[], shift: Record<number, number> = {}) => ids.map((id) => ({ id, tMs: id * 100 + (shift[id] ?? 0) }));
const trueMs = (id: number) => id * 100;

describe('compareFeeds', () => {
  it('equal feeds match', () => {
    const c = compareFeeds(at([9, 8, 7]), at([9, 8, 7]), 3, 2000, trueMs);
    expect(c.kinds).toEqual([]);
    expect(c.compared).toBe(3);
  });

  it('finds missing, extra, order and time beyond tolerance, within the depth both reach', () => {
    // Control (full, depth 4) reaches down to id 5; candidate has 6 ahead of 8, lacks 7, adds 4? no: 4 is below the horizon.
    const control = at([9, 8, 7, 5], { 9: 2500 });
    const candidate = at([9, 6, 8, 4]);
    const c = compareFeeds(control, candidate, 4, 2000, trueMs);
    expect(c.missing).toEqual([7, 5]);
    expect(c.extra).toEqual([6]);
    expect(c.orderPairs).toBe(0);
    expect(c.score).toEqual([9]);
    expect(c.kinds).toEqual(['missing', 'extra', 'score']);
    const o = compareFeeds(at([9, 8, 7]), at([8, 9, 7]), 3, 2000, trueMs);
    expect(o.kinds).toEqual(['order']);
    expect(o.orderPairs).toBe(1);
  });
});

describe('phases and the gray switch', () => {
  const o = MigrationSchema.parse({ phases: { doubleWriteSec: 10, shadowReadSec: 10, graySec: 20 }, grayFrom: 0, grayTo: 1 });
  it('walks through the phases on the simulated clock with a rising share', () => {
    expect(phaseAt(o, 5000)).toEqual({ phase: 'doubleWrite', share: 0 });
    expect(phaseAt(o, 15_000)).toEqual({ phase: 'shadowRead', share: 0 });
    expect(phaseAt(o, 30_000)).toEqual({ phase: 'gray', share: 0.5 });
    expect(phaseAt(o, 45_000)).toEqual({ phase: 'finish', share: 1 });
  });
  it('hashes users evenly, and a user switched stays switched as the share rises', () => {
    const n = 10_000;
    const at30 = Array.from({ length: n }, (_, u) => servedByGraph(u, 0.3));
    const share = at30.filter(Boolean).length / n;
    expect(share).toBeGreaterThan(0.28);
    expect(share).toBeLessThan(0.32);
    for (let u = 0; u < n; u++) if (at30[u]) expect(servedByGraph(u, 0.6)).toBe(true);
    expect(userHash(1)).not.toBe(userHash(2));
  });
});

describe('inversions', () => {
  it('counts pairs out of order as the quadratic count does', async () => {
    const { inversions } = await import('./compare.js');
    const xs = [5, 1, 4, 2, 3, 9, 0, 7];
    let slow = 0;
    for (let i = 0; i < xs.length; i++) for (let j = i + 1; j < xs.length; j++) if (xs[i] > xs[j]) slow++;
    expect(inversions(xs)).toBe(slow);
    expect(inversions([])).toBe(0);
  });
});
