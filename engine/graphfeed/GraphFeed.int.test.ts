/**
 * The graph model inside the engine, side by side with the timeline, on a private redis-server
 * and an embedded LadybugDB: report sections, stream bookkeeping against Redis's own XPENDING,
 * feed views and status.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseScenarioText } from '../scenario/index.js';
import { Engine } from '../Engine.js';
import { RANKER_FILE, scenario } from '../test/helpers.js';
import { GraphFeed } from './GraphFeed.js';
import { recallCandidates } from './recall.js';
import { StreamCache } from './StreamCache.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

describe('GraphFeed in the engine', () => {
  const engine = new Engine({ rankerFile: RANKER_FILE });
  let report: Awaited<ReturnType<Engine['report']>>;
  const s = scenario({
    seed: 11,
    models: ['timeline', 'graph'],
    graph: { kind: 'generator', users: 80, avgFollows: 8, attributes: { cities: 4, tags: 20, topics: 5, interestsPerUser: 3 } },
    workload: { durationSec: 10, postsPerSec: 10, readsPerSec: 25, pageSize: 8, followsPerSec: 1, unfollowsPerSec: 0.5, interactionsPerSec: 8 },
    graphModel: { streamMaxLen: 100_000, readerCrashShare: 0.2, refreshAfterSec: 5, itemTtlSec: 3, feedLength: 12, qualityK: 5, qualityUsers: 20 },
  });

  beforeAll(async () => {
    await engine.load(s, 'inline', ROOT);
    await engine.setSpeed('max');
    await engine.runToEnd();
    report = await engine.report();
  }, 60_000);
  afterAll(() => engine.close());

  it('reports the graph store and the ranker in status', () => {
    const st = engine.status();
    expect(st.graphStore?.kind).toBe('ladybug');
    expect(st.graphStore?.location).toMatch(/graph\.lbug$/);
    expect(st.model?.file).toMatch(/models\/ranker\.onnx$/);
    expect(st.model?.auc).toBeGreaterThan(0.6);
  });

  it('traces every stage of a read under graph.<operation>', () => {
    const ops = report.graphModel as Record<string, { count: number; p50Ms: number; p99Ms: number }>;
    // A refresh's XADDs and the read that asked for it share one pipeline (cache.xadd+read); a
    // second refresh of a short page XADDs alone (cache.xadd) and reads again (cache.read). The XACK
    // of a shown page is its own root span (ack), after graph.read.
    for (const op of ['read', 'recall', 'recall.follow', 'recall.interest', 'recall.city', 'recall.topic', 'rank', 'cache.xadd+read', 'cache.bodies', 'ack', 'posts', 'interact']) {
      expect(ops[op]?.count, op).toBeGreaterThan(0);
      expect(ops[op].p99Ms).toBeGreaterThanOrEqual(ops[op].p50Ms);
    }
    expect(ops.read.count).toBe(report.run.events.read);
    // Every read either acks its page or "crashed" before the ack (graphModel.readerCrashShare).
    const cache = report.cache as { crashes: number };
    expect(ops.ack.count + cache.crashes).toBe(ops.read.count);
    // Posts reach the graph store in batches (a tick's posts, before the next read or follow).
    const writes = report.writes as { posts: number; batches: number };
    expect(writes.posts).toBe(report.run.events.post);
    expect(ops.posts.count).toBe(writes.batches);
    expect(writes.batches).toBeLessThan(writes.posts);
    expect(report.spans.some((l) => /^graph\.read;graph\.recall;graph\.recall\.follow;cypher \d+$/.test(l))).toBe(true);
    expect(report.spans.some((l) => /^graph\.read;graph\.rank;onnx \d+$/.test(l))).toBe(true);
  });

  it('counts candidates per path within the scenario limits', () => {
    const r = report.recall as { calls: number; candidatesPerPath: Record<string, { total: number; perCall: number; limit: number }> };
    expect(r.calls).toBe((report.graphModel as Record<string, { count: number }>).recall.count);
    for (const [p, v] of Object.entries(r.candidatesPerPath)) {
      expect(v.total, p).toBeGreaterThan(0);
      expect(v.perCall, p).toBeLessThanOrEqual(v.limit);
    }
  });

  it('keeps stream bookkeeping consistent with Redis: pending = delivered - acked - reclaimed, no duplicate after ack', async () => {
    const c = report.cache as { delivered: number; acked: number; expired: number; reclaimed: number; crashes: number; duplicatesAfterAck: number; xadds: number };
    expect(c.crashes).toBeGreaterThan(0);
    expect(c.reclaimed).toBeGreaterThan(0);
    // Items older than itemTtlSec (3 s here) are acked unseen.
    expect(c.expired).toBeGreaterThan(0);
    expect(c.delivered).toBeGreaterThan(c.expired);
    expect(c.duplicatesAfterAck).toBe(0);
    expect((report.cache as { missingBodies: number }).missingBodies).toBe(0);
    const g = engine.model('graph') as GraphFeed;
    const redis = (await engine.redis()).client;
    let pending = 0;
    let entries = 0;
    for (let u = 0; u < engine.followGraph!.users; u++) {
      if (!(await redis.exists(g.cache.key(u)))) continue;
      entries += await redis.xlen(g.cache.key(u));
      for (let d = 0; d < g.settings.devicesPerUser; d++) pending += await g.cache.pending(u, d);
    }
    expect(entries).toBe(c.xadds);
    expect(pending).toBe(c.delivered + c.expired - c.acked - c.reclaimed);
  });

  it('compares feed quality and memory of both models for the same users', () => {
    const q = report.quality as { users: number; jaccardAtK: number; meanAgeSec: { timeline: number; graph: number }; followeeShare: { timeline: number; graph: number } };
    expect(q.users).toBeGreaterThan(5);
    expect(q.jaccardAtK).toBeGreaterThanOrEqual(0);
    expect(q.jaccardAtK).toBeLessThanOrEqual(1);
    expect(q.meanAgeSec.graph).toBeGreaterThan(0);
    expect(q.meanAgeSec.timeline).toBeGreaterThan(0);
    // Timeline shows only followees' posts (minus unfollows since): nearly all of it.
    expect(q.followeeShare.timeline).toBeGreaterThan(0.6);
    const m = report.modelMemory as { graph: { streamBytes: number; bodyHashBytes: number }; timeline: { zsetBytes: number } };
    expect(m.graph.streamBytes).toBeGreaterThan(0);
    expect(m.graph.bodyHashBytes).toBeGreaterThan(0);
    expect(m.timeline.zsetBytes).toBeGreaterThan(0);
    expect(report.memory.byModel.graph).toBeGreaterThan(0);
  });

  it('shows both feeds of a user with score, age and recall paths', async () => {
    const g = engine.model('graph') as GraphFeed;
    const user = [...Array(80).keys()].find((u) => engine.followGraph!.followeeCount(u) > 3)!;
    const feeds = await engine.views.getFeeds({ user, pageSize: 5, offset: 0, cursor: null });
    const items = feeds.graph!.items;
    expect(feeds.timeline!.items.length).toBeGreaterThan(0);
    expect(items).toHaveLength(5);
    expect(feeds.graph!.key).toBe(g.cache.key(user));
    for (let i = 1; i < items.length; i++) expect(items[i].score).toBeLessThanOrEqual(items[i - 1].score);
    for (const it of items) {
      expect(it.paths!.length).toBeGreaterThan(0);
      expect(it.ageMs).toBeGreaterThanOrEqual(0);
      expect(engine.followGraph!.has(user, it.author) || !it.paths!.includes('follow')).toBe(true);
    }
    const next = await engine.views.getFeeds({ user, pageSize: 5, offset: 0, cursor: feeds.graph!.nextCursor });
    for (const it of next.graph!.items) expect(it.score).toBeLessThan(items[items.length - 1].score);
    expect(StreamCache.group(1)).toBe('device:1');
  });

  it('takes strengths from its in-memory INTERACTED mirror, equal to what the graph store holds', async () => {
    const g = engine.model('graph') as GraphFeed;
    const c = g.recallContext();
    let rows = 0;
    for (let u = 0; u < engine.followGraph!.users; u++) {
      const byAuthor = (a: { author: number }, b: { author: number }) => a.author - b.author;
      const mem = c.interactionsOf!(u).sort(byAuthor);
      const db = (await g.store!.interactions(u)).sort(byAuthor);
      expect(mem.map((r) => [r.author, r.cnt, r.lastTs]), `user ${u}`).toEqual(db.map((r) => [r.author, r.cnt, r.lastTs]));
      for (let i = 0; i < db.length; i++) expect(mem[i].decayed).toBeCloseTo(db[i].decayed, 9);
      rows += db.length;
    }
    expect(rows).toBeGreaterThan(20);
  });

  it('refuses a missing ranker file with an error naming the file and the fix (run last: it unloads)', async () => {
    const bad = { ...s, graphModel: { ...s.graphModel, rankerFile: 'no-such-dir/ranker.onnx' } };
    await expect(engine.load(bad, 'inline', ROOT)).rejects.toThrow(/no-such-dir\/ranker\.json cannot be read.*npm run model:build/);
    expect(engine.status().error?.code).toBe('RANKER_MISSING');
  });
});

describe('GraphFeed with hot lists (graphModel.hotLists)', () => {
  const engine = new Engine({ rankerFile: RANKER_FILE });
  const s = scenario({
    seed: 12,
    models: ['graph'],
    graph: { kind: 'generator', users: 60, avgFollows: 6, attributes: { cities: 3, tags: 16, topics: 4, interestsPerUser: 3 } },
    workload: { durationSec: 8, postsPerSec: 40, readsPerSec: 20, interactionsPerSec: 5 },
    // Small limits: hot lists (2 x 12 + 16 posts) are cut short many times over.
    graphModel: { hotLists: true, recall: { follow: 30, interest: 12, city: 12, topic: 12 } },
  });
  afterAll(() => engine.close());

  it('ranks every user\'s candidates exactly as the all-Cypher read path does, and says which path used what', async () => {
    await engine.load(s, 'inline', ROOT);
    await engine.setSpeed('max');
    await engine.runToEnd();
    const g = engine.model('graph') as GraphFeed;
    const withHot = g.recallContext();
    const cypherOnly = { ...withHot, hot: null };
    const now = engine.status().tMs;
    for (let u = 0; u < 60; u++) {
      const a = await recallCandidates(withHot, u, now);
      const b = await recallCandidates(cypherOnly, u, now);
      const key = (r: typeof a) => r.candidates.map((c) => [c.postId, [...c.paths].sort().join('+'), c.depth]).sort((x, y) => Number(x[0]) - Number(y[0]));
      expect(key(a), `user ${u}`).toEqual(key(b));
      expect(a.perPath).toEqual(b.perPath);
    }
    const report = await engine.report();
    const hot = (report.recall as { hotLists: Record<string, { answered: number; fellBack: number }> | null }).hotLists!;
    for (const p of ['interest', 'city', 'topic']) expect(hot[p].answered, p).toBeGreaterThan(0);
    expect(report.spans.some((l) => /^graph\.read;graph\.recall;graph\.recall\.city;hotlists \d+$/.test(l))).toBe(true);
    expect(report.spans.some((l) => /^graph\.read;graph\.recall;graph\.recall\.follow;cypher \d+$/.test(l))).toBe(true);
  });
});

describe('GraphFeed with author lists (graphModel.followLists)', () => {
  const engine = new Engine({ rankerFile: RANKER_FILE });
  const s = scenario({
    seed: 13,
    models: ['graph'],
    graph: { kind: 'generator', users: 60, avgFollows: 6, attributes: { cities: 3, tags: 16, topics: 4, interestsPerUser: 3 } },
    workload: { durationSec: 8, postsPerSec: 40, readsPerSec: 20, interactionsPerSec: 5, followsPerSec: 4, unfollowsPerSec: 2 },
    // A follow limit of 4: authors write more than that, so their lists are cut.
    graphModel: { hotLists: true, followLists: true, recall: { follow: 4, interest: 12, city: 12, topic: 12 } },
  });
  afterAll(() => engine.close());

  it('answers the follow path from the followees\' lists exactly as the traversal, with follows changed, and asks the store nothing on a read', async () => {
    await engine.load(s, 'inline', ROOT);
    await engine.setSpeed('max');
    await engine.runToEnd();
    const report = await engine.report();
    expect(report.run.events.follow).toBeGreaterThan(0);
    expect(report.run.events.unfollow).toBeGreaterThan(0);
    const g = engine.model('graph') as GraphFeed;
    const withLists = g.recallContext();
    const cypherOnly = { ...withLists, hot: null };
    const now = engine.status().tMs;
    let followRows = 0;
    for (let u = 0; u < 60; u++) {
      const a = await recallCandidates(withLists, u, now);
      const b = await recallCandidates(cypherOnly, u, now);
      const key = (r: typeof a) => r.candidates.map((c) => [c.postId, [...c.paths].sort().join('+'), c.depth]).sort((x, y) => Number(x[0]) - Number(y[0]));
      expect(key(a), `user ${u}`).toEqual(key(b));
      expect(a.perPath).toEqual(b.perPath);
      followRows += a.perPath.follow;
    }
    expect(followRows).toBeGreaterThan(60);
    const hot = (report.recall as { hotLists: Record<string, { answered: number; fellBack: number }> & { authorCapacity: number | null } }).hotLists;
    expect(hot.authorCapacity).toBe(4);
    expect(hot.follow.answered).toBeGreaterThan(0);
    expect(hot.follow.fellBack).toBe(0);
    // No read ran a Cypher query: every recall path merged lists.
    expect(report.spans.some((l) => /^graph\.read;graph\.recall;graph\.recall\.follow;hotlists \d+$/.test(l))).toBe(true);
    expect(report.spans.filter((l) => l.startsWith('graph.read;') && l.includes(';cypher '))).toEqual([]);
  });

  it('is refused without hotLists, naming the file, the JSON path and the fix', () => {
    const text = JSON.stringify({ name: 'x', seed: 1, graph: { kind: 'generator', users: 10, avgFollows: 2 }, workload: { durationSec: 1 }, graphModel: { followLists: true } });
    expect(() => parseScenarioText(text, 'lists.json')).toThrow(/lists\.json.*graphModel\.followLists.*set "hotLists": true as well/s);
  });
});
