import { describe, expect, it } from 'vitest';
import { userFacts } from '../backends/GraphStore.js';
import { EventStream, type PostEvent } from '../scenario/events.js';
import { generateGraph, neighbours } from '../scenario/graph.js';
import type { GeneratorGraphSpec } from '../scenario/schema.js';
import { scenario } from '../test/helpers.js';
import { SHARED_HOT_PATHS, HotLists } from './HotLists.js';
import { interestsOf } from './recall.js';
import { referenceRecall } from './recallReference.js';

const sc = scenario({
  seed: 11,
  graph: { kind: 'generator', users: 80, avgFollows: 6, attributes: { cities: 4, tags: 24, topics: 6, interestsPerUser: 3 } },
  workload: { durationSec: 10, postsPerSec: 60, readsPerSec: 0 },
});
const social = generateGraph(sc.graph as GeneratorGraphSpec, sc.seed);
const posts: PostEvent[] = [];
const stream = new EventStream(sc, social);
for (let evs = stream.nextTick(); evs; evs = stream.nextTick()) for (const e of evs) if (e.kind === 'post') posts.push(e);

function filled(capacity: number, upTo = posts.length): HotLists {
  const h = new HotLists(capacity);
  for (const p of posts.slice(0, upTo)) h.add({ id: p.id, ts: p.t, author: p.author, city: social.city[p.author], tags: p.tags });
  return h;
}

describe('HotLists', () => {
  it('has enough posts per city and per tag to cut lists short', () => {
    expect(posts.length).toBeGreaterThan(400);
  });

  for (const path of SHARED_HOT_PATHS) {
    it(`${path}: the same rows (and weights) as the brute-force reference, for every user, window and limit`, () => {
      // 10_000: nothing is ever dropped; 40: most lists are cut, so exactness rests on the check.
      for (const capacity of [10_000, 40]) {
        const hot = filled(capacity);
        let answered = 0;
        let declined = 0;
        for (let u = 0; u < social.users; u++) {
          for (const [sinceMs, limit] of [[0, 1000], [0, 15], [6000, 7], [9000, 40]]) {
            const q = { user: u, sinceMs, limit, ...userFacts(social, u) };
            const got = hot.recall(path, { ...q, interests: interestsOf(social, u) });
            const want = referenceRecall({ social, followees: () => [], posts }, path, q);
            if (got === null) {
              declined++;
              continue;
            }
            answered++;
            expect(got.map((r) => [r.id, r.ts, r.author]), `${path} user ${u} since ${sinceMs} limit ${limit} capacity ${capacity}`).toEqual(want.map((r) => [r.id, r.ts, r.author]));
            for (let i = 0; i < got.length; i++) expect(got[i].weight).toBeCloseTo(want[i].weight, 9);
          }
        }
        if (capacity === 10_000) expect(declined).toBe(0);
        else {
          // Cut lists still answer the small limits and decline the ones they cannot answer exactly.
          expect(answered).toBeGreaterThan(social.users);
          expect(declined).toBeGreaterThan(0);
        }
      }
    });
  }

  it('follow: author lists give the rows of the brute-force reference for every user, window and limit, with follows changed', () => {
    // Each user also follows the next user and no longer follows its first followee: the lists
    // read the live followees they are given, not the generated graph.
    const followees = (u: number): number[] => [...neighbours(social.followees, u)].slice(1).concat((u + 1) % social.users).filter((v) => v !== u);
    const perAuthor = new Map<number, number>();
    for (const p of posts) perAuthor.set(p.author, (perAuthor.get(p.author) ?? 0) + 1);
    // Some authors wrote more than a cut list keeps, so the cut case is exercised.
    expect(Math.max(...perAuthor.values())).toBeGreaterThan(7);
    for (const authorCapacity of [10_000, 7]) {
      const hot = new HotLists(40, authorCapacity);
      for (const p of posts) hot.add({ id: p.id, ts: p.t, author: p.author, city: social.city[p.author], tags: p.tags });
      expect(hot.paths).toContain('follow');
      let answered = 0;
      for (let u = 0; u < social.users; u++) {
        for (const [sinceMs, limit] of [[0, 1000], [0, 15], [6000, 7], [9000, 40]]) {
          const q = { user: u, sinceMs, limit, ...userFacts(social, u) };
          const got = hot.recall('follow', { ...q, interests: interestsOf(social, u), followees: followees(u) });
          if (limit > authorCapacity) {
            // A list cut at 7 posts cannot promise the newest 15 or 40 of its author: the store answers.
            expect(got).toBeNull();
            continue;
          }
          answered++;
          const want = referenceRecall({ social, followees, posts }, 'follow', q);
          expect(got!.map((r) => [r.id, r.ts, r.author, r.weight]), `user ${u} since ${sinceMs} limit ${limit} capacity ${authorCapacity}`).toEqual(want.map((r) => [r.id, r.ts, r.author, 0]));
        }
      }
      expect(answered).toBe(authorCapacity === 7 ? social.users : 4 * social.users);
    }
    // Without author lists the follow path is not answered here.
    expect(filled(40).recall('follow', { user: 1, sinceMs: 0, limit: 5, city: 0, interests: new Map(), topicTags: [], followees: [2, 3] })).toBeNull();
    expect(filled(40).paths).not.toContain('follow');
  });

  it('keeps at most `capacity` posts per list, newest first, and forgets everything on clear', () => {
    const hot = filled(25);
    expect(hot.entries).toBeLessThanOrEqual(25 * (4 + 24));
    const city0 = hot.recall('city', { user: -1, sinceMs: 0, limit: 25, city: 0, interests: new Map(), topicTags: [] })!;
    const newest = posts.filter((p) => social.city[p.author] === 0).slice(-25).reverse();
    expect(city0.map((r) => r.id)).toEqual(newest.map((p) => p.id));
    hot.clear();
    expect(hot.entries).toBe(0);
    expect(hot.recall('city', { user: -1, sinceMs: 0, limit: 25, city: 0, interests: new Map(), topicTags: [] })).toEqual([]);
  });

  it('inserts a late post in its place', () => {
    const hot = new HotLists(3);
    for (const [id, ts] of [[1, 10], [2, 30], [3, 20], [4, 20], [5, 5]]) hot.add({ id, ts, author: 9, city: 0, tags: [] });
    const rows = hot.recall('city', { user: 0, sinceMs: 0, limit: 3, city: 0, interests: new Map(), topicTags: [] })!;
    expect(rows.map((r) => r.id)).toEqual([2, 4, 3]);
  });
});
