/**
 * Neo4j backend against a real server: runs only when NEO4J_URI is set (with NEO4J_USER,
 * NEO4J_PASSWORD, optional NEO4J_DATABASE: a database of its own, loading clears its User, Post,
 * Tag, Topic and City nodes). Same brute-force comparison as the LadybugDB test.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { referenceRecall } from '../graphfeed/recallReference.js';
import type { PostEvent } from '../scenario/events.js';
import { generateGraph } from '../scenario/graph.js';
import type { GeneratorGraphSpec } from '../scenario/schema.js';
import { FollowGraph } from '../social/FollowGraph.js';
import { scenario } from '../test/helpers.js';
import { replayWrites } from '../test/replayWrites.js';
import { RECALL_PATHS, userFacts } from './GraphStore.js';
import { Neo4jStore, num } from './Neo4jStore.js';
import neo4j from 'neo4j-driver';

const URI = process.env.NEO4J_URI;
if (!URI) console.warn('Neo4jStore.int.test.ts: SKIPPED, NEO4J_URI is not set (set NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD[, NEO4J_DATABASE] to run it against a Neo4j server).');

describe('Neo4jStore error messages (no server needed)', () => {
  it('names the URI and what to check when Neo4j is unreachable', async () => {
    const store = new Neo4jStore({ uri: 'bolt://127.0.0.1:1', user: 'neo4j', password: 'x' });
    const g = generateGraph({ kind: 'generator', users: 5, avgFollows: 1, followerExponent: 2.2, attributes: { cities: 1, tags: 2, topics: 1, interestsPerUser: 1 } }, 1);
    await expect(store.load(g, () => undefined)).rejects.toThrow(/Neo4j at bolt:\/\/127\.0\.0\.1:1 .*NEO4J_USER \/ NEO4J_PASSWORD/);
    await store.close();
  });

  it('converts Neo4j integers without loss and refuses unsafe ones', () => {
    expect(num(neo4j.int(2 ** 53 - 1))).toBe(2 ** 53 - 1);
    expect(num(1.5)).toBe(1.5);
    expect(() => num(neo4j.int('9007199254740993'))).toThrow(/safe range/);
  });
});

describe.skipIf(!URI)('Neo4jStore recall (real Neo4j)', () => {
  const sc = scenario({
    seed: 7,
    graph: { kind: 'generator', users: 40, avgFollows: 5, attributes: { cities: 3, tags: 15, topics: 4, interestsPerUser: 3 } },
    workload: { durationSec: 4, postsPerSec: 30, readsPerSec: 0, followsPerSec: 2, unfollowsPerSec: 1, interactionsPerSec: 5 },
  });
  const social = generateGraph(sc.graph as GeneratorGraphSpec, sc.seed);
  const live = new FollowGraph(social);
  const posts: PostEvent[] = [];
  const store = new Neo4jStore({ uri: URI ?? '', user: process.env.NEO4J_USER ?? 'neo4j', password: process.env.NEO4J_PASSWORD ?? '', database: process.env.NEO4J_DATABASE || undefined });

  beforeAll(async () => {
    await store.load(social, () => undefined);
    // The same writes in the same order as GraphFeed (posts batched per tick).
    posts.push(...(await replayWrites(store, sc, social, live, 0.95)));
  }, 120_000);
  afterAll(() => store.close());

  for (const path of RECALL_PATHS) {
    it(`${path} path equals the brute-force computation`, async () => {
      for (let u = 0; u < social.users; u++) {
        const q = { user: u, sinceMs: 1000, limit: 20, ...userFacts(social, u) };
        const got = await store.recall(path, q);
        const want = referenceRecall({ social, followees: (v) => live.followees(v), posts }, path, q);
        expect(got.map((r) => [r.id, r.ts, r.author]), `${path} user ${u}`).toEqual(want.map((r) => [r.id, r.ts, r.author]));
      }
    });
  }
});
