/**
 * Posts' own writes through a writer (article 2.2; `timeline.writer`), against a real, private
 * redis-server: what the writer accepts lands in the author's timeline and outbox and is then
 * fanned out; what its validator rejects is nowhere; drain() waits for the flusher's timer.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { WriterConfig } from '../api/report.js';
import { deletePrefix } from '../redis/connect.js';
import { KeySpace } from '../redis/keys.js';
import { IoredisTransport } from '../redis/transport/IoredisTransport.js';
import type { PostEvent } from '../scenario/events.js';
import { generateGraph } from '../scenario/graph.js';
import { Prng } from '../scenario/prng.js';
import { GeneratorGraphSchema } from '../scenario/schema.js';
import { FollowGraph } from '../social/FollowGraph.js';
import { usePrivateRedis } from '../test/helpers.js';
import { Tracer } from '../trace/Tracer.js';
import type { FeedItem } from './FeedItem.js';
import { resolveTimelineConfig } from './presets.js';
import { TimelineModel } from './TimelineModel.js';

const redis = usePrivateRedis();
const EPOCH = 1_700_000_000_000;
const PREFIX = 'tw:';
const social = generateGraph(GeneratorGraphSchema.parse({ kind: 'generator', users: 80, avgFollows: 8, followerExponent: 2 }), 5);

function model(writer: Partial<WriterConfig> & Pick<WriterConfig, 'kind'>, tracer = new Tracer()): { m: TimelineModel; tracer: Tracer; graph: FollowGraph } {
  const graph = new FollowGraph(social);
  const base = resolveTimelineConfig({ preset: 'mastodon', mode: 'push', hybridFollowerThreshold: 5000, outboxMaxLength: 800, pullSequentialShare: 0, fanoutConcurrency: 4, writer: writer.kind });
  const config = { ...base, writer: { ...base.writer!, ...writer } };
  const m = new TimelineModel({ transport: new IoredisTransport(redis.handle.client), keys: new KeySpace({ prefix: PREFIX }), tracer, graph, config, rng: new Prng(1, 'timeline'), writerRng: new Prng(1, 'timeline.writer'), epochMs: EPOCH, onError: (e) => { throw e; } });
  return { m, tracer, graph };
}

const post = (id: number, t: number, author: number): PostEvent => ({ kind: 'post', t, id, author, tags: [], celebrity: false });

beforeEach(async () => {
  await deletePrefix(redis.handle.client, PREFIX);
});

describe('posts through the sharded write pipeline', () => {
  it('writes the author\'s timeline and outbox in flushes, then fans out; drain waits for the flush timer', async () => {
    const { m, tracer, graph } = model({ kind: 'pipeline', shards: 4, flushBatch: 50, flushIntervalMs: 40 });
    const author = graph.topByFollowers(1)[0];
    const c = redis.handle.client;
    const t0 = performance.now();
    await m.post(post(1, 10, author));
    // The post waited only for the queue: nothing is in Redis before the 40 ms timer fires.
    expect(performance.now() - t0).toBeLessThan(30);
    expect(await c.exists(`${PREFIX}timeline:${author}`)).toBe(0);
    await m.drain();
    expect(performance.now() - t0).toBeGreaterThanOrEqual(35);
    expect(await c.zscore(`${PREFIX}timeline:${author}`, '1')).toBe(String(EPOCH + 10));
    expect(await c.lrange(`${PREFIX}outbox:${author}`, 0, -1)).toEqual([`${EPOCH + 10}:1`]);
    for (const f of graph.followers(author)) expect(await c.zscore(`${PREFIX}timeline:${f}`, '1')).toBe(String(EPOCH + 10));
    const v = m.takeWriterView()!;
    expect(v).toMatchObject({ kind: 'pipeline', submitted: 1, written: 1, batches: 1, rejectedSize: 0, rejectedTimestamp: 0 });
    expect(v.queueDepths).toEqual([0, 0, 0, 0]);
    expect(v.p99Ms).toBeGreaterThanOrEqual(35);
    expect(tracer.get('timeline.pipelineWrite')?.count).toBe(1);
    expect(tracer.get('timeline.outboxWrite')).toBeUndefined();
    expect(m.monitor()).toMatchObject({ posts: 1, zadds: 1 + graph.followers(author).length });
    await m.close();
  });

  it('batches by shard (author % shards) and fills batches of flushBatch', async () => {
    const { m } = model({ kind: 'pipeline', shards: 2, flushBatch: 10, flushIntervalMs: 20 });
    // 40 posts by even authors (shard 0), 5 by odd ones (shard 1).
    for (let i = 1; i <= 45; i++) await m.post(post(i, i, i <= 40 ? (i * 2) % 80 : (i * 2 + 1) % 80));
    await m.drain();
    const r = m.writerReport()!;
    expect(r.written).toBe(45);
    expect(r.perShard.map((s) => s.written)).toEqual([40, 5]);
    expect(r.perShard.map((s) => s.batches)).toEqual([4, 1]);
    expect(r.meanBatch).toBe(9);
    expect(r.writes).toContain('LPUSH');
  });

  it('rejects bodies over 10 KB and timestamps that go back on a shard; a rejected post is neither written nor fanned out', async () => {
    const { m, graph } = model({ kind: 'pipeline', shards: 1, flushIntervalMs: 10, oversizeBodyShare: 0 });
    const author = graph.topByFollowers(1)[0];
    // Scores from skewed clocks: post 2 is stamped before post 1.
    const scores = new Map([[1, EPOCH + 100], [2, EPOCH + 90], [3, EPOCH + 110]]);
    m.setScorer((id) => scores.get(id));
    for (const id of [1, 2, 3]) await m.post(post(id, id, author));
    await m.drain();
    const c = redis.handle.client;
    expect(await c.zrange(`${PREFIX}timeline:${author}`, 0, -1)).toEqual(['1', '3']);
    const f = graph.followers(author)[0];
    expect(await c.zrange(`${PREFIX}timeline:${f}`, 0, -1)).toEqual(['1', '3']);
    expect(m.takeWriterView()).toMatchObject({ written: 2, rejectedTimestamp: 1, rejectedSize: 0 });
    expect(m.monitor().posts).toBe(2);
  });

  it('rejects the share of oversized bodies the scenario asks for', async () => {
    const { m } = model({ kind: 'pipeline', shards: 4, flushIntervalMs: 5, oversizeBodyShare: 0.25 });
    for (let i = 1; i <= 400; i++) await m.post(post(i, i, i % 80));
    await m.drain();
    const v = m.takeWriterView()!;
    expect(v.rejectedSize).toBeGreaterThan(60);
    expect(v.rejectedSize).toBeLessThan(140);
    expect(v.written + v.rejectedSize).toBe(400);
    const outboxed = (await Promise.all(Array.from({ length: 80 }, (_, u) => redis.handle.client.llen(`${PREFIX}outbox:${u}`)))).reduce((a, b) => a + b, 0);
    expect(outboxed).toBe(v.written);
  });

  it('makes a post wait for room when its shard\'s queue is full (back-pressure)', async () => {
    const { m } = model({ kind: 'pipeline', shards: 1, queueCapacity: 8, flushBatch: 4, flushIntervalMs: 50 });
    for (let i = 1; i <= 100; i++) await m.post(post(i, i, i % 80));
    await m.drain();
    const v = m.takeWriterView()!;
    expect(v.peakQueueDepths).toEqual([8]);
    expect(m.takeWriterView()!.peakQueueDepths).toEqual([0]);
    expect(v.maxQueueDepth).toBeLessThanOrEqual(8);
    expect(v.backpressureWaits).toBeGreaterThan(0);
    expect(v.written).toBe(100);
  });
});

describe('posts through the synchronous writer', () => {
  it('writes each post\'s own writes in one round trip before the post returns, then fans out', async () => {
    const { m, tracer, graph } = model({ kind: 'sync' });
    const author = graph.topByFollowers(1)[0];
    await m.post(post(1, 5, author));
    const c = redis.handle.client;
    // Written when post() returns (only the fan-out is in the background).
    expect(await c.zscore(`${PREFIX}timeline:${author}`, '1')).toBe(String(EPOCH + 5));
    expect(await c.llen(`${PREFIX}outbox:${author}`)).toBe(1);
    await m.drain();
    const f = graph.followers(author)[0];
    expect(await c.zscore(`${PREFIX}timeline:${f}`, '1')).toBe(String(EPOCH + 5));
    expect(m.takeWriterView()).toMatchObject({ kind: 'sync', written: 1, batches: 1, queueDepths: [0], queueCapacity: null });
    expect(tracer.get('timeline.syncWrite')?.count).toBe(1);
  });
});

describe('deliveries', () => {
  it('reports every follower a post reached, per fan-out chunk, with its publish time', async () => {
    const { m, graph } = model({ kind: 'pipeline', flushIntervalMs: 5 });
    const seen = new Map<number, { item: FeedItem; t: number }>();
    m.onDelivery((users, item, t) => {
      for (const u of users) seen.set(u, { item, t });
    });
    const author = graph.topByFollowers(1)[0];
    await m.post(post(9, 42, author));
    await m.drain();
    expect([...seen.keys()].sort((a, b) => a - b)).toEqual([author, ...graph.followers(author)].sort((a, b) => a - b));
    expect(seen.get(author)).toEqual({ item: { postId: 9, score: EPOCH + 42 }, t: 42 });
  });
});
