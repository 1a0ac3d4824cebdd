import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { referenceRecall } from '../graphfeed/recallReference.js';
import type { PostEvent } from '../scenario/events.js';
import { generateGraph } from '../scenario/graph.js';
import type { GeneratorGraphSpec } from '../scenario/schema.js';
import { FollowGraph } from '../social/FollowGraph.js';
import { scenario } from '../test/helpers.js';
import { replayWrites } from '../test/replayWrites.js';
import { decayedAfter, RECALL_PATHS, userFacts, type InteractionRow } from './GraphStore.js';
import { LadybugStore } from './LadybugStore.js';

const sc = scenario({
  seed: 7,
  graph: { kind: 'generator', users: 60, avgFollows: 6, attributes: { cities: 4, tags: 20, topics: 5, interestsPerUser: 3 } },
  workload: { durationSec: 8, postsPerSec: 40, readsPerSec: 0, followsPerSec: 3, unfollowsPerSec: 2, interactionsPerSec: 10 },
});
const social = generateGraph(sc.graph as GeneratorGraphSpec, sc.seed);
const live = new FollowGraph(social);
const posts: PostEvent[] = [];
const interactions = new Map<string, InteractionRow>();
const store = new LadybugStore();

beforeAll(async () => {
  const stages: string[] = [];
  await store.load(social, (stage) => stages.push(stage));
  expect(stages).toContain('graph store: COPY FOLLOWS');
  // The same writes in the same order as GraphFeed (posts batched per tick).
  posts.push(...(await replayWrites(store, sc, social, live, 0.5, (e) => {
    const k = `${e.user}:${e.author}`;
    const prev = interactions.get(k) ?? null;
    interactions.set(k, { author: e.author, cnt: (prev?.cnt ?? 0) + 1, lastTs: e.t, decayed: decayedAfter(prev, e.t, 0.5) });
  })));
}, 60_000);
afterAll(() => store.close());

describe('LadybugStore recall', () => {
  it('played enough events to make the comparison meaningful', () => {
    expect(posts.length).toBeGreaterThan(200);
    expect(live.edges).not.toBe(social.edges);
  });

  for (const path of RECALL_PATHS) {
    it(`${path} path equals the brute-force computation for every user`, async () => {
      const state = { social, followees: (u: number) => live.followees(u), posts };
      let nonEmpty = 0;
      for (let u = 0; u < social.users; u++) {
        for (const q of [{ user: u, sinceMs: 0, limit: 1000, ...userFacts(social, u) }, { user: u, sinceMs: 4000, limit: 7, ...userFacts(social, u) }]) {
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

describe('LadybugStore errors', () => {
  it('names the directory and the fix when the database cannot be created', async () => {
    const bad = new LadybugStore({ dir: '/nonexistent/feedscope' });
    await expect(bad.load(social, () => undefined)).rejects.toThrow(/under \/nonexistent\/feedscope: .*exists and is writable/);
    await bad.close();
  });
});
