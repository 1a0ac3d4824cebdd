/**
 * The contract every GraphStore keeps, as one vitest suite run against each backend
 * (LadybugStore.int.test.ts, Neo4jStore.int.test.ts). The backends share their Cypher (cypher.ts)
 * but not their loading, their integer transport or their failure modes, which is where they
 * drift apart; one suite against the same brute-force reference (graphfeed/recallReference.ts)
 * keeps them answering alike.
 *
 * What it holds a store to:
 * - every recall path equals the reference for every user after the engine's own write sequence
 *   (test/replayWrites.ts: posts batched per tick, follows, unfollows, interactions), and the
 *   interaction counts and decayed sums equal a replay in TypeScript;
 * - ids and times beyond 2^31 and up to 2^53 - 1 (Number.MAX_SAFE_INTEGER) round-trip exactly;
 *   an id or time beyond 2^53 - 1, which a JS number cannot hold exactly, is refused with
 *   GRAPH_STORE_INTEGER_RANGE and nothing of its batch is written (cypher.ts requireSafeInt);
 * - loads of 20k+ edges and one addPosts of 25k posts (50k HAS_TAG rows) come back complete, and
 *   so do recalls of thousands of rows, and clearEvents() removes them all but keeps the graph;
 * - once its server is stopped (LadybugDB: the store closed), every call rejects with a
 *   FeedscopeError that names the fix, promptly.
 *
 * The suites run one after another and each loads its own graph: a Neo4j database holds one graph
 * at a time (load() clears it), so a target's stores must never be used concurrently.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FeedscopeError } from '../errors.js';
import { referenceRecall } from '../graphfeed/recallReference.js';
import type { PostEvent } from '../scenario/events.js';
import { generateGraph, type SocialGraph } from '../scenario/graph.js';
import type { GeneratorGraphSpec } from '../scenario/schema.js';
import { FollowGraph } from '../social/FollowGraph.js';
import { scenario } from '../test/helpers.js';
import { replayWrites } from '../test/replayWrites.js';
import { decayedAfter, RECALL_PATHS, userFacts, type GraphStore, type InteractionRow } from './GraphStore.js';

export interface GraphStoreContractTarget {
  /** A new, unloaded store on the backend under test; the suite loads and closes it. */
  create(): GraphStore;
  /** Stages load() must report on this backend, besides 'graph store: loaded'. */
  loadStages: readonly string[];
  /**
   * A new, unloaded store and a way to stop the server under it (LadybugDB: close the store), or
   * why this run cannot have one (the test is then skipped with that reason).
   */
  stoppable(): Promise<{ store: GraphStore; stop: () => Promise<void> } | { skipped: string }>;
  /** What a call on the stopped store must reject with: a FeedscopeError with this code and message. */
  stoppedError: { code: string; message: RegExp };
}

/** Largest integer a JS number holds exactly: 2^53 - 1. */
const MAX_SAFE = Number.MAX_SAFE_INTEGER;
/** A call on a stopped server must fail within this (not after the driver's retries). */
const STOPPED_FAIL_WITHIN_MS = 10_000;
const BATCH_POSTS = 25_000;

const noProgress = () => undefined;

function tinyGraph(): SocialGraph {
  return generateGraph({ kind: 'generator', users: 6, avgFollows: 2, followerExponent: 2.2, attributes: { cities: 1, tags: 3, topics: 1, interestsPerUser: 1 } }, 3);
}

function post(id: number, t: number, author: number, tags: number[]): PostEvent {
  return { kind: 'post', id, t, author, tags, celebrity: false };
}

async function expectFeedscopeError(p: Promise<unknown>, code: string, message: RegExp): Promise<void> {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(err, 'the call should have failed').toBeInstanceOf(FeedscopeError);
  expect((err as FeedscopeError).code, (err as Error).message).toBe(code);
  expect((err as Error).message).toMatch(message);
}

export function describeGraphStoreContract(name: string, target: GraphStoreContractTarget): void {
  describe(`${name}: recall and interactions equal the brute-force reference`, () => {
    const sc = scenario({
      seed: 7,
      graph: { kind: 'generator', users: 60, avgFollows: 6, attributes: { cities: 4, tags: 20, topics: 5, interestsPerUser: 3 } },
      workload: { durationSec: 8, postsPerSec: 40, readsPerSec: 0, followsPerSec: 3, unfollowsPerSec: 2, interactionsPerSec: 10 },
    });
    const social = generateGraph(sc.graph as GeneratorGraphSpec, sc.seed);
    const live = new FollowGraph(social);
    const posts: PostEvent[] = [];
    const interactions = new Map<string, InteractionRow>();
    // Made in beforeAll, not while collecting: a skipped suite's target may have no server.
    let store: GraphStore;

    beforeAll(async () => {
      store = target.create();
      const stages: string[] = [];
      await store.load(social, (stage) => stages.push(stage));
      for (const s of [...target.loadStages, 'graph store: loaded']) expect(stages).toContain(s);
      // The same writes in the same order as GraphFeed (posts batched per tick).
      posts.push(...(await replayWrites(store, sc, social, live, 0.5, (e) => {
        const k = `${e.user}:${e.author}`;
        const prev = interactions.get(k) ?? null;
        interactions.set(k, { author: e.author, cnt: (prev?.cnt ?? 0) + 1, lastTs: e.t, decayed: decayedAfter(prev, e.t, 0.5) });
      })));
    }, 120_000);
    afterAll(() => store?.close());

    it('played enough events to make the comparison meaningful', () => {
      expect(posts.length).toBeGreaterThan(200);
      expect(live.edges).not.toBe(social.edges);
    });

    for (const path of RECALL_PATHS) {
      it(`${path} path equals the brute-force computation for every user`, async () => {
        const state = { social, followees: (u: number) => live.followees(u), posts };
        let nonEmpty = 0;
        for (let u = 0; u < social.users; u++) {
          const facts = userFacts(social, u);
          for (const q of [{ user: u, sinceMs: 0, limit: 1000, ...facts }, { user: u, sinceMs: 4000, limit: 7, ...facts }, { user: u, sinceMs: 1000, limit: 20, ...facts }]) {
            const got = await store.recall(path, q);
            const want = referenceRecall(state, path, q);
            expect(got.map((r) => [r.id, r.ts, r.author]), `${path} user ${u} since ${q.sinceMs}`).toEqual(want.map((r) => [r.id, r.ts, r.author]));
            for (let i = 0; i < got.length; i++) expect(got[i].weight).toBeCloseTo(want[i].weight, 9);
            if (got.length > 0) nonEmpty++;
          }
        }
        expect(nonEmpty).toBeGreaterThan(social.users / 2);
      });
    }

    it('keeps interaction counts and decayed sums per user -> author', async () => {
      let checked = 0;
      for (let u = 0; u < social.users; u++) {
        const got = (await store.interactions(u)).sort((a, b) => a.author - b.author);
        const want = [...interactions.entries()].filter(([k]) => k.startsWith(`${u}:`)).map(([, v]) => v).sort((a, b) => a.author - b.author);
        expect(got.map((r) => [r.author, r.cnt, r.lastTs])).toEqual(want.map((r) => [r.author, r.cnt, r.lastTs]));
        for (let i = 0; i < got.length; i++) expect(got[i].decayed).toBeCloseTo(want[i].decayed, 9);
        checked += got.length;
      }
      expect(checked).toBeGreaterThan(20);
    });
  });

  describe(`${name}: integers beyond 2^31 and 2^53`, () => {
    const social = tinyGraph();
    let store: GraphStore;
    // Ids and times past 2^31 and 2^32 (a simulated clock passes 2^31 ms after 25 days), up to 2^53 - 1.
    const big = [
      post(2 ** 31 + 1, 2 ** 31 + 10, 0, [0]),
      post(2 ** 32 + 7, 2 ** 40 + 3, 2, [1]),
      post(MAX_SAFE, MAX_SAFE - 2, 3, [2]),
      post(5, MAX_SAFE - 1, 0, [0, 1]),
    ];
    const cityRecall = (sinceMs: number) => store.recall('city', { user: 1, sinceMs, limit: 10, ...userFacts(social, 1) });
    const expected = (sinceMs: number) => big.filter((p) => p.t >= sinceMs).sort((a, b) => b.t - a.t).map((p) => [p.id, p.t, p.author]);

    beforeAll(async () => {
      store = target.create();
      await store.load(social, noProgress);
      await store.addPosts(big);
    }, 60_000);
    afterAll(() => store?.close());

    it('returns ids and times up to 2^53 - 1 exactly', async () => {
      expect((await cityRecall(0)).map((r) => [r.id, r.ts, r.author])).toEqual(expected(0));
      expect((await cityRecall(MAX_SAFE - 2)).map((r) => [r.id, r.ts, r.author])).toEqual(expected(MAX_SAFE - 2));
      expect((await cityRecall(2 ** 40 + 4)).map((r) => r.id)).toEqual([5, MAX_SAFE]);
    });

    it('keeps interaction times beyond 2^32 exactly', async () => {
      await store.interact(1, 0, 2 ** 40 + 1, 0.95);
      await store.interact(1, 0, 2 ** 41 + 3, 0.95);
      const [r] = await store.interactions(1);
      expect([r.author, r.cnt, r.lastTs]).toEqual([0, 2, 2 ** 41 + 3]);
      expect(r.decayed).toBeCloseTo(decayedAfter({ author: 0, cnt: 1, lastTs: 2 ** 40 + 1, decayed: 1 }, 2 ** 41 + 3, 0.95), 9);
    });

    it('refuses ids and times beyond 2^53 - 1 instead of storing them rounded, and writes nothing of that batch', async () => {
      // 2^53 + 2 is a double exactly, 2^53 + 1 is not (it arrives as 2^53): both beyond what JS holds exactly.
      for (const bad of [post(2 ** 53, 7, 0, [0]), post(2 ** 53 + 2, 7, 0, [0]), post(9, 2 ** 53 + 2, 0, [0]), post(10, 8, 0, [2 ** 60]), post(11, 1.5, 0, [0])]) {
        await expectFeedscopeError(store.addPosts([post(12, 9, 2, [1]), bad]), 'GRAPH_STORE_INTEGER_RANGE', /at most 2\^53 - 1/);
      }
      await expectFeedscopeError(cityRecall(2 ** 53 + 2), 'GRAPH_STORE_INTEGER_RANGE', /sinceMs = 9007199254740994/);
      expect((await cityRecall(0)).map((r) => [r.id, r.ts, r.author])).toEqual(expected(0));
    });
  });

  describe(`${name}: batches of 20k+ rows`, () => {
    const social = generateGraph({ kind: 'generator', users: 3000, avgFollows: 8, followerExponent: 2.2, attributes: { cities: 5, tags: 40, topics: 8, interestsPerUser: 3 } }, 11);
    let store: GraphStore;
    const posts = Array.from({ length: BATCH_POSTS }, (_, i) => post(i, 2 * i + 1, (i * 7919) % social.users, [i % 40, (i % 40 + 1 + (i % 7)) % 40]));
    const follows = new FollowGraph(social);
    const state = { social, followees: (u: number) => follows.followees(u), posts };

    beforeAll(async () => {
      store = target.create();
      expect(social.edges).toBeGreaterThan(20_000);
      await store.load(social, noProgress);
      await store.addPosts(posts);
    }, 240_000);
    afterAll(() => store?.close());

    it(`loads 20k+ follows and ${BATCH_POSTS} posts in one addPosts, every row reachable`, async () => {
      for (let u = 0; u < social.users; u += 150) {
        for (const path of RECALL_PATHS) {
          const q = { user: u, sinceMs: 0, limit: 50, ...userFacts(social, u) };
          const got = await store.recall(path, q);
          expect(got.map((r) => [r.id, r.ts, r.author]), `${path} user ${u}`).toEqual(referenceRecall(state, path, q).map((r) => [r.id, r.ts, r.author]));
        }
      }
    });

    it('returns result sets of thousands of rows complete', async () => {
      const q = { user: 0, sinceMs: 0, limit: BATCH_POSTS, ...userFacts(social, 0) };
      const [path, want] = RECALL_PATHS.map((p) => [p, referenceRecall(state, p, q)] as const).sort((a, b) => b[1].length - a[1].length)[0];
      expect(want.length).toBeGreaterThan(5000);
      const got = await store.recall(path, q);
      expect(got.length, path).toBe(want.length);
      expect(got.map((r) => r.id)).toEqual(want.map((r) => r.id));
    });

    it('clearEvents removes every post and interaction of the batch and keeps the starting graph', async () => {
      const u = Array.from({ length: social.users }, (_, i) => i).find((i) => follows.followees(i).length > 0)!;
      const v = follows.followees(u)[0];
      await store.interact(u, v, 10, 0.95);
      await store.clearEvents();
      const q = { user: u, sinceMs: 0, limit: 10, ...userFacts(social, u) };
      for (const path of RECALL_PATHS) expect(await store.recall(path, q), path).toEqual([]);
      expect(await store.interactions(u)).toEqual([]);
      // The follows are still there: a new post of a followee reaches the follow path.
      await store.addPosts([post(BATCH_POSTS, 3, v, [0])]);
      expect((await store.recall('follow', q)).map((r) => [r.id, r.ts, r.author])).toEqual([[BATCH_POSTS, 3, v]]);
    });

    it('restoreFollows puts back the starting follows: the added ones deleted, the removed ones created', async () => {
      const u = Array.from({ length: social.users }, (_, i) => i).find((i) => follows.followees(i).length > 0 && follows.followees(i).length < social.users - 2)!;
      const kept = follows.followees(u)[0];
      const extra = Array.from({ length: social.users }, (_, i) => i).find((i) => i !== u && !follows.followees(u).includes(i))!;
      // A run unfollowed `kept` and followed `extra`.
      await store.unfollow(u, kept);
      await store.follow(u, extra);
      await store.addPosts([post(BATCH_POSTS + 1, 5, kept, [0]), post(BATCH_POSTS + 2, 6, extra, [0])]);
      const q = { user: u, sinceMs: 5, limit: 10, ...userFacts(social, u) };
      expect((await store.recall('follow', q)).map((r) => r.author)).toEqual([extra]);
      await store.restoreFollows([[u, kept]], [[u, extra]]);
      expect((await store.recall('follow', q)).map((r) => r.author)).toEqual([kept]);
      await store.restoreFollows([], []);
    });
  });

  describe(`${name}: a stopped server`, () => {
    let stoppable: Awaited<ReturnType<GraphStoreContractTarget['stoppable']>> | undefined;
    const social = tinyGraph();

    beforeAll(async () => {
      stoppable = await target.stoppable();
      if ('store' in stoppable) await stoppable.store.load(social, noProgress);
    }, 180_000);
    afterAll(async () => {
      if (stoppable && 'store' in stoppable) await stoppable.store.close();
    });

    it('rejects every call with a FeedscopeError that names the fix, promptly', async (ctx) => {
      if (!stoppable || 'skipped' in stoppable) return ctx.skip(stoppable?.skipped);
      const { store, stop } = stoppable;
      const q = { user: 1, sinceMs: 0, limit: 5, ...userFacts(social, 1) };
      expect(await store.recall('city', q)).toEqual([]);
      await stop();
      const { code, message } = target.stoppedError;
      const calls: [string, () => Promise<unknown>][] = [
        ['recall', () => store.recall('follow', q)],
        ['addPosts', () => store.addPosts([post(1, 1, 0, [0])])],
        ['follow', () => store.follow(1, 2)],
        ['interact', () => store.interact(1, 2, 5, 0.95)],
        ['interactions', () => store.interactions(1)],
      ];
      for (const [what, call] of calls) {
        const t0 = Date.now();
        await expectFeedscopeError(call(), code, message);
        expect(Date.now() - t0, `${what} took too long to fail`).toBeLessThan(STOPPED_FAIL_WITHIN_MS);
      }
    }, 120_000);
  });
}
