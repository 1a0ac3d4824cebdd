import { describe, expect, it } from 'vitest';
import { DriftLab } from './DriftLab.js';
import { markOutOfOrder } from './order.js';
import { DOUBLE_EXACT_LIMIT, Hlc, hlcParts, Shift20, shift20Stamp, Snowflake, snowflakeParts } from './strategies.js';

const EPOCH = 1_767_225_600_000;

describe('score strategies', () => {
  it('shift20 (the article) exceeds 2^53 and detects the bits a double loses', () => {
    const s = new Shift20();
    const a = s.stamp(0, EPOCH + 5);
    const b = s.stamp(0, EPOCH + 5);
    expect(a.score).toBeGreaterThan(DOUBLE_EXACT_LIMIT);
    expect(a.exact! + 1n).toBe(b.exact!);
    // At ~1.85e18 one double step is 256: consecutive sequence numbers collapse into one score.
    expect(a.score).toBe(b.score);
    expect(b.precisionLost).toBe(true);
    expect(shift20Stamp(2n ** 52n + 1n).precisionLost).toBe(false);
    expect(shift20Stamp(2n ** 53n + 1n).precisionLost).toBe(true);
  });

  it('snowflake ids stay below 2^53 and are strictly monotonic per node, even when the clock steps back', () => {
    const s = new Snowflake();
    let prev = -1;
    const locals = [EPOCH + 10, EPOCH + 10, EPOCH + 9, EPOCH + 3, EPOCH + 11, ...Array.from({ length: 300 }, () => EPOCH + 12)];
    for (const l of locals) {
      const st = s.stamp(3, l);
      expect(st.score).toBeGreaterThan(prev);
      expect(st.score).toBeLessThan(DOUBLE_EXACT_LIMIT);
      expect(snowflakeParts(st.score)[1]).toBe(3);
      prev = st.score;
    }
  });

  it('HLC is monotonic per node and orders an event after every event it has received', () => {
    const h = new Hlc();
    let prev = -1;
    for (const l of [EPOCH + 5, EPOCH + 5, EPOCH + 2, EPOCH + 9]) {
      const st = h.stamp(0, l);
      expect(st.score).toBeGreaterThan(prev);
      prev = st.score;
    }
    const fast = h.stamp(1, EPOCH + 500); // node 1 runs 0.5 s ahead
    h.receive(0, fast.score);
    const after = h.stamp(0, EPOCH + 10);
    expect(after.score).toBeGreaterThan(fast.score);
    expect(hlcParts(after.score)[0]).toBe(EPOCH + 500);
  });
});

describe('DriftLab', () => {
  const posts = (n: number, gapMs: number) => Array.from({ length: n }, (_, i) => ({ id: i + 1, t: i * gapMs }));

  it('counts no inversions with one exact clock, and many across skewed nodes, per node pair', () => {
    const exact = new DriftLab(null, EPOCH);
    for (const p of posts(500, 3)) exact.observe(p);
    expect(exact.view().strategies.find((s) => s.name === 'raw')!.inversions).toBe(0);

    const lab = new DriftLab({ nodes: [{ name: 'a', skewMs: -50, driftPpm: 0 }, { name: 'b', skewMs: 0, driftPpm: 0 }, { name: 'c', skewMs: 50, driftPpm: 0 }], strategy: 'raw', gossipMs: 5 }, EPOCH);
    for (const p of posts(600, 3)) lab.observe(p);
    const v = lab.view();
    const raw = v.strategies.find((s) => s.name === 'raw')!;
    expect(raw.inversions).toBeGreaterThan(0);
    // Inversions happen when the newer post comes from a slower clock: older on c (+50), newer on a (-50).
    expect(raw.pairs[2][0]).toBeGreaterThan(raw.pairs[0][2]);
    expect(raw.pairs[0][2]).toBe(0);
    expect(v.series.reduce((s, b) => s + b.inversions.raw, 0)).toBe(raw.inversions);
    // HLC with gossip bounds inversions to posts within the gossip delay: far fewer than raw.
    expect(v.strategies.find((s) => s.name === 'hlc')!.inversions).toBeLessThan(raw.inversions / 2);
    const shift = v.strategies.find((s) => s.name === 'shift20')!;
    expect(shift.precisionLost).toBeGreaterThan(0);
    expect(shift.example).not.toBeNull();
  });

  it('returns the selected strategy score for the Timeline model', () => {
    const lab = new DriftLab({ nodes: [{ name: 'a', skewMs: 0, driftPpm: 0 }], strategy: 'snowflake', gossipMs: 0 }, EPOCH);
    const s = lab.observe({ id: 1, t: 100 });
    expect(lab.scoreOf(1)).toBe(s);
    expect(snowflakeParts(s)[0]).toBe(100);
  });
});

describe('markOutOfOrder', () => {
  it('marks the fewest items that break newest-first order', () => {
    expect(markOutOfOrder([5, 4, 10, 3, 2])).toEqual([false, false, true, false, false]);
    expect(markOutOfOrder([1, 5, 4, 3])).toEqual([true, false, false, false]);
    expect(markOutOfOrder([9, 8, 7])).toEqual([false, false, false]);
    expect(markOutOfOrder([9, null, 10])).toEqual([true, false, false]);
  });
});
