import { describe, expect, it } from 'vitest';
import { generateGraph } from '../scenario/graph.js';
import { Prng } from '../scenario/prng.js';
import { GeneratorGraphSchema } from '../scenario/schema.js';
import { BloomRoaringAdjacency, bloomExpectedFpr, bloomSizing, EdgeBloom, RoaringAdjacency, SetAdjacency } from './adjacency.js';

const g = generateGraph(GeneratorGraphSchema.parse({ kind: 'generator', users: 3000, avgFollows: 30 }), 11);
const isEdge = (u: number, v: number): boolean => {
  for (let i = g.followees.offsets[u]; i < g.followees.offsets[u + 1]; i++) if (g.followees.targets[i] === v) return true;
  return false;
};

describe('adjacency structures', () => {
  const set = new SetAdjacency(g.followees);
  const bitmap = new RoaringAdjacency(g.followees);
  const both = BloomRoaringAdjacency.fromCsr(g.followees, 0.001);

  it('answer hasEdge exactly like the CSR, for edges and for non-edges', () => {
    const rng = new Prng(5, 'adj');
    let edges = 0;
    for (let q = 0; q < 20_000; q++) {
      const u = rng.int(g.users);
      const deg = g.followees.offsets[u + 1] - g.followees.offsets[u];
      const v = q % 2 === 0 && deg > 0 ? g.followees.targets[g.followees.offsets[u] + rng.int(deg)] : rng.int(g.users);
      const truth = isEdge(u, v);
      if (truth) edges++;
      expect(set.hasEdge(u, v)).toBe(truth);
      expect(bitmap.hasEdge(u, v)).toBe(truth);
      expect(both.hasEdge(u, v)).toBe(truth);
    }
    expect(edges).toBeGreaterThan(9_000);
  });

  it('the Bloom filter never misses an edge and stays near its false-positive rate', () => {
    const bloom = EdgeBloom.fromCsr(g.followees, 0.01);
    for (let u = 0; u < g.users; u++) for (let i = g.followees.offsets[u]; i < g.followees.offsets[u + 1]; i++) expect(bloom.mightHave(u, g.followees.targets[i])).toBe(true);
    const rng = new Prng(6, 'fpr');
    let tried = 0;
    let positives = 0;
    while (tried < 200_000) {
      const u = rng.int(g.users);
      const v = rng.int(g.users);
      if (isEdge(u, v)) continue;
      tried++;
      if (bloom.mightHave(u, v)) positives++;
    }
    expect(positives / tried).toBeGreaterThan(0.004);
    expect(positives / tried).toBeLessThan(0.02);
  });

  it('sizes the filter like the textbook formula', () => {
    const s = bloomSizing(10_000_000, 0.001);
    expect(s.hashes).toBe(10);
    expect(s.bits / 8 / 2 ** 20).toBeCloseTo(17.1, 0);
    expect(bloomExpectedFpr(s.bits, s.hashes, 10_000_000)).toBeCloseTo(0.001, 4);
  });

  it('stores bitmaps in fewer bytes than 4 per edge on a dense graph', () => {
    expect(bitmap.serializedBytes() / g.edges).toBeLessThan(4);
  });
});
