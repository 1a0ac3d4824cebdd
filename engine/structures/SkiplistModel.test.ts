import { describe, expect, it } from 'vitest';
import { SkiplistModel, theoreticalLevelShare, ZSKIPLIST_MAXLEVEL } from './SkiplistModel.js';
import { d2string, expectedEncoding, listpackEntryBytes, simulateDictSlots } from './zsetMemory.js';
import { jemallocSize, sdsAllocBytes } from './jemalloc.js';

function build(n: number, seed = 7, shuffled = false): SkiplistModel {
  const m = new SkiplistModel(seed);
  const order = Array.from({ length: n }, (_, i) => i);
  if (shuffled) for (let i = n - 1; i > 0; i--) { const j = (i * 7919 + 13) % (i + 1); [order[i], order[j]] = [order[j], order[i]]; }
  for (const i of order) m.insert(1000 + Math.floor(i / 3), `m${String(i).padStart(6, '0')}`);
  return m;
}

describe('SkiplistModel', () => {
  it('keeps spans, order, backward pointers and tail consistent (in-order and shuffled inserts)', () => {
    expect(build(2000).checkInvariants()).toBeNull();
    const s = build(2000, 3, true);
    expect(s.checkInvariants()).toBeNull();
    expect(s.length).toBe(2000);
  });

  it('finds every rank by span search, and rankOf agrees', () => {
    const m = build(500, 11, true);
    for (const r of [1, 2, 17, 250, 499, 500]) {
      const { node, path } = m.searchByRank(r);
      expect(node).not.toBeNull();
      expect(m.rankOf(node!)).toBe(r);
      expect(path.steps.reduce((a, s) => a + s.span, 0)).toBe(r);
    }
    expect(m.searchByRank(501).node).toBeNull();
  });

  it('ZREVRANGE at offset 0 starts at the tail; deeper offsets search by rank with O(log N) comparisons', () => {
    const m = build(100_000, 5);
    expect(m.revRangeCost(0, 20)).toMatchObject({ path: null, comparisons: 0, backwardSteps: 19 });
    const deep = m.revRangeCost(10_000, 20);
    expect(deep.path!.rank).toBe(90_000);
    // 4 comparisons per level is the expectation for p = 0.25 (1/p); log4(1e5) ~ 8.3 levels.
    expect(deep.comparisons).toBeGreaterThan(5);
    expect(deep.comparisons).toBeLessThan(120);
  });

  it('draws levels with p = 0.25 (not the article\'s 0.5) within statistical bounds', () => {
    const m = build(100_000, 99);
    const h = m.levelHistogram();
    const n = m.length;
    for (let k = 1; k <= 4; k++) {
      const p = theoreticalLevelShare(k);
      const sd = Math.sqrt(n * p * (1 - p));
      expect(Math.abs(h[k] - n * p)).toBeLessThan(5 * sd);
    }
    // Under p = 0.5 a quarter of the nodes would be exactly level 2; under 0.25 it is 18.75%.
    expect(h[2] / n).toBeLessThan(0.2);
    expect(h.length - 1).toBeLessThanOrEqual(ZSKIPLIST_MAXLEVEL);
    expect(m.level).toBe(h.length - 1);
  });

  it('towers list the first and last nodes with their spans', () => {
    const m = build(50);
    const t = m.towers(3);
    expect(t.first.map((x) => x.rank)).toEqual([1, 2, 3]);
    expect(t.last.map((x) => x.rank)).toEqual([48, 49, 50]);
    expect(t.last[2].spans.every((s) => s === 0)).toBe(true);
  });
});

describe('zset memory helpers', () => {
  it('rounds like jemalloc and sizes sds headers like sdsReqType', () => {
    expect([1, 9, 17, 129, 536, 16385].map(jemallocSize)).toEqual([8, 16, 32, 160, 640, 20480]);
    expect(sdsAllocBytes(8)).toBe(16); // sds5: 1 + 8 + 1
    expect(sdsAllocBytes(40)).toBe(48); // sds8: 3 + 40 + 1
  });

  it('writes scores like d2string and encodes integers compactly in listpacks', () => {
    expect(d2string(1767225600000)).toBe('1767225600000');
    expect(d2string(1.5)).toBe('1.5');
    expect(d2string(0.1)).toBe('0.10000000000000001');
    expect(d2string(2 ** 20 * 1767225600000)).toBe('1.8530703507456e+18');
    expect(listpackEntryBytes('100')).toBe(1);
    expect(listpackEntryBytes('1767225600000')).toBe(9);
    expect(listpackEntryBytes('007')).toBe(4);
  });

  it('switches encoding past 128 entries or a 65-byte member', () => {
    expect(expectedEncoding(128, 64)).toBe('listpack');
    expect(expectedEncoding(129, 10)).toBe('skiplist');
    expect(expectedEncoding(10, 65)).toBe('skiplist');
  });

  it('counts both tables while a dict rehashes', () => {
    expect(simulateDictSlots(129, 128)).toBe(128 + 256);
    expect(simulateDictSlots(200, 128)).toBe(256);
    expect(simulateDictSlots(1000, 128)).toBe(1024);
  });
});
