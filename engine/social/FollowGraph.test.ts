import { describe, expect, it } from 'vitest';
import { degree, generateGraph, neighbours } from '../scenario/graph.js';
import { GeneratorGraphSchema } from '../scenario/schema.js';
import { FollowGraph, topByCount } from './FollowGraph.js';
import { Prng } from '../scenario/prng.js';

const social = generateGraph(GeneratorGraphSchema.parse({ kind: 'generator', users: 400, avgFollows: 8 }), 3);

describe('FollowGraph', () => {
  it('starts as the scenario graph without copying users nobody asked about', () => {
    const g = new FollowGraph(social);
    expect(g.edges).toBe(social.edges);
    for (let u = 0; u < social.users; u++) {
      expect(g.followerCount(u)).toBe(degree(social.followers, u));
      expect(g.followeeCount(u)).toBe(degree(social.followees, u));
    }
    expect([...g.followees(5)]).toEqual([...neighbours(social.followees, 5)]);
  });

  it('follows and unfollows in both directions, refusing duplicates and self-loops', () => {
    const g = new FollowGraph(social);
    const target = [...Array(social.users).keys()].find((v) => v !== 7 && !g.has(7, v))!;
    expect(g.follow(7, target)).toBe(true);
    expect(g.follow(7, target)).toBe(false);
    expect(g.follow(7, 7)).toBe(false);
    expect(g.has(7, target)).toBe(true);
    expect(g.followers(target)).toContain(7);
    expect(g.followerCount(target)).toBe(degree(social.followers, target) + 1);
    expect(g.edges).toBe(social.edges + 1);
    expect(g.unfollow(7, target)).toBe(true);
    expect(g.unfollow(7, target)).toBe(false);
    expect(g.followers(target)).not.toContain(7);
    expect(g.edges).toBe(social.edges);
  });

  it('orders users by follower count, live', () => {
    const g = new FollowGraph(social);
    const top = g.topByFollowers(3);
    expect(g.followerCount(top[0])).toBeGreaterThanOrEqual(g.followerCount(top[1]));
    const last = g.topByFollowers(social.users).at(-1)!;
    for (let u = 0; u < social.users && g.followerCount(last) <= g.followerCount(top[0]); u++) if (u !== last) g.follow(u, last);
    expect(g.topByFollowers(1)[0]).toBe(last);
  });
});

describe('topByCount', () => {
  it('returns what a full sort by count (then id) returns, for any k', () => {
    const rng = new Prng(3, 'top');
    for (const n of [1, 7, 500]) {
      // Few distinct counts, so ties straddle the cut-off.
      const count = Uint32Array.from({ length: n }, () => rng.int(6));
      const sorted = Array.from({ length: n }, (_, i) => i).sort((a, b) => count[b] - count[a] || a - b);
      for (const k of [0, 1, 3, Math.floor(n / 2), n, n + 10]) expect(topByCount(count, k), `n ${n} k ${k}`).toEqual(sorted.slice(0, Math.max(0, k)));
    }
  });
});
