import { describe, expect, it } from 'vitest';
import { DAY_MS, decayedAfter } from '../backends/GraphStore.js';
import { jaccard, sampleUsers } from './quality.js';
import { normalizedStrengths, strengthAt } from './strength.js';
import { addPath, featureMatrix, FEATURE_COUNT, FEATURE_NAMES, freshness, type Candidate } from './features.js';

describe('relationship strength', () => {
  it('is the sum of interactions x decay^(age in days)', () => {
    // Interactions at day 0, 1 and 3; seen at day 5 with decay 0.95.
    let row = null as null | { author: number; cnt: number; lastTs: number; decayed: number };
    for (const day of [0, 1, 3]) row = { author: 9, cnt: (row?.cnt ?? 0) + 1, lastTs: day * DAY_MS, decayed: decayedAfter(row, day * DAY_MS, 0.95) };
    expect(strengthAt(row!, 5 * DAY_MS, 0.95)).toBeCloseTo(0.95 ** 5 + 0.95 ** 4 + 0.95 ** 2, 12);
  });

  it('is min-max normalised per user', () => {
    const s = normalizedStrengths([
      { author: 1, cnt: 1, lastTs: 0, decayed: 1 },
      { author: 2, cnt: 3, lastTs: 0, decayed: 3 },
      { author: 3, cnt: 2, lastTs: 0, decayed: 2 },
    ], 0, 0.95);
    expect([s.get(1), s.get(2), s.get(3)]).toEqual([0, 1, 0.5]);
    expect(normalizedStrengths([{ author: 4, cnt: 1, lastTs: 0, decayed: 1 }], 0, 0.95).get(4)).toBe(1);
  });
});

describe('features', () => {
  it('keep every recall path, the shortest depth, and the documented order', () => {
    const m = new Map<number, Candidate>();
    addPath(m, 'topic', { id: 5, ts: 0, author: 2 }, [1, 3]);
    addPath(m, 'follow', { id: 5, ts: 0, author: 2 }, [1, 3]);
    const c = m.get(5)!;
    expect(c.paths).toEqual(['topic', 'follow']);
    expect(c.depth).toBe(2);
    const x = featureMatrix([c], { nowMs: 1800_000, strength: new Map([[2, 0.25]]), interests: new Map([[3, 0.5], [7, 1]]), followerCount: () => 9 });
    expect(x).toHaveLength(FEATURE_COUNT);
    const f = Object.fromEntries(FEATURE_NAMES.map((n, i) => [n, x[i]]));
    expect(f).toEqual({ strength: 0.25, path_follow: 1, path_interest: 0, path_city: 0, path_topic: 1, depth: 2, freshness: 0.5, popularity: Math.fround(Math.log1p(9)), tag_overlap: 0.5 });
    expect(freshness(0)).toBe(1);
  });
});

describe('quality', () => {
  it('jaccard of top-k lists', () => {
    expect(jaccard([1, 2, 3], [2, 3, 4])).toBe(0.5);
    expect(jaccard([], [])).toBe(1);
    expect(jaccard([1], [2])).toBe(0);
  });
  it('samples users who follow someone', () => {
    expect(sampleUsers(10, 5, (u) => (u % 4 === 0 ? 0 : 1))).toEqual([2, 6]);
  });
});
