import { describe, expect, it } from 'vitest';
import { degree, generateGraph, graphStats, neighbours } from './graph.js';
import { GeneratorGraphSchema } from './schema.js';

const spec = (o: Record<string, unknown>) => GeneratorGraphSchema.parse({ kind: 'generator', ...o });

describe('power-law generator', () => {
  it('hits the mean follows within 5% and has a heavy tail of followers', () => {
    const g = generateGraph(spec({ users: 20_000, avgFollows: 20, followerExponent: 2.1 }), 99);
    const s = graphStats(g);
    expect(Math.abs(s.meanFollows - 20) / 20).toBeLessThan(0.05);
    // Heavy tail: the most followed account has far more followers than the mean, and the top 1%
    // of accounts hold a large share of all follows (a uniform graph would give about 1%).
    expect(s.maxInDegree).toBeGreaterThan(50 * s.meanFollows);
    const inDegrees = Array.from({ length: g.users }, (_, u) => degree(g.followers, u)).sort((a, b) => b - a);
    const top1 = inDegrees.slice(0, g.users / 100).reduce((a, b) => a + b, 0);
    expect(top1 / g.edges).toBeGreaterThan(0.2);
  });

  it('has no self-loops or duplicate edges, and both directions agree', () => {
    const g = generateGraph(spec({ users: 500, avgFollows: 30 }), 1);
    let fromFollowers = 0;
    for (let u = 0; u < g.users; u++) {
      const out = neighbours(g.followees, u);
      expect(out.includes(u)).toBe(false);
      expect(new Set(out).size).toBe(out.length);
      for (const v of neighbours(g.followers, u)) expect(neighbours(g.followees, v).includes(u)).toBe(true);
      fromFollowers += degree(g.followers, u);
    }
    expect(fromFollowers).toBe(g.edges);
  });

  it('gives explicit celebrities their followers', () => {
    const g = generateGraph(spec({ users: 5000, avgFollows: 5, celebrities: { count: 2, followers: 3000 } }), 4);
    const top = graphStats(g).topByFollowers;
    expect(top[0].followers).toBeGreaterThanOrEqual(3000);
    expect(top[1].followers).toBeGreaterThanOrEqual(3000);
  });

  it('assigns cities, interests and topics within range', () => {
    const g = generateGraph(spec({ users: 300, avgFollows: 5, attributes: { cities: 5, tags: 30, topics: 4, interestsPerUser: 3 } }), 2);
    expect(Math.max(...g.city)).toBeLessThan(5);
    expect(Math.max(...g.tagTopic)).toBeLessThan(4);
    for (let u = 0; u < g.users; u++) {
      const tags = neighbours(g.interests, u);
      expect(tags.length).toBe(3);
      expect(new Set(tags).size).toBe(3);
    }
    for (const w of g.interestWeights) {
      expect(w).toBeGreaterThan(0);
      expect(w).toBeLessThanOrEqual(1);
    }
  });
});
