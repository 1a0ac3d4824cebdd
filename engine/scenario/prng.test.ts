import { describe, expect, it } from 'vitest';
import { AliasTable, Prng } from './prng.js';

describe('Prng', () => {
  it('gives the same stream for the same seed and label, another for another', () => {
    const a = new Prng(123, 'x');
    const b = new Prng(123, 'x');
    const c = new Prng(123, 'y');
    const sa = Array.from({ length: 100 }, () => a.nextU32());
    expect(Array.from({ length: 100 }, () => b.nextU32())).toEqual(sa);
    expect(Array.from({ length: 100 }, () => c.nextU32())).not.toEqual(sa);
  });

  it('is uniform enough: mean of next() near 0.5 and int(n) covers [0,n)', () => {
    const r = new Prng(7);
    let sum = 0;
    const hits = new Array(10).fill(0);
    for (let i = 0; i < 100_000; i++) {
      sum += r.next();
      hits[r.int(10)]++;
    }
    expect(sum / 100_000).toBeGreaterThan(0.49);
    expect(sum / 100_000).toBeLessThan(0.51);
    for (const h of hits) expect(h).toBeGreaterThan(9_500);
  });

  it('draws Poisson counts with the requested mean, small and large', () => {
    const r = new Prng(9);
    for (const lambda of [0.3, 4, 120]) {
      let sum = 0;
      for (let i = 0; i < 20_000; i++) sum += r.poisson(lambda);
      expect(Math.abs(sum / 20_000 - lambda) / lambda).toBeLessThan(0.05);
    }
  });

  it('alias table draws in proportion to the weights', () => {
    const r = new Prng(1);
    const t = new AliasTable([1, 2, 7]);
    const hits = [0, 0, 0];
    for (let i = 0; i < 100_000; i++) hits[t.draw(r)]++;
    expect(hits[0] / 100_000).toBeCloseTo(0.1, 1);
    expect(hits[2] / 100_000).toBeCloseTo(0.7, 1);
  });
});
