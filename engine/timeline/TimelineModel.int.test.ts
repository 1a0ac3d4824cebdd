/**
 * The Timeline model against a real, private redis-server.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { deletePrefix } from '../redis/connect.js';
import type { PostEvent } from '../scenario/events.js';
import { generateGraph } from '../scenario/graph.js';
import { Prng } from '../scenario/prng.js';
import { GeneratorGraphSchema } from '../scenario/schema.js';
import { FollowGraph } from '../social/FollowGraph.js';
import { usePrivateRedis } from '../test/helpers.js';
import { Tracer } from '../trace/Tracer.js';
import { resolveTimelineConfig, type TimelineConfig } from './presets.js';
import { TimelineModel, type FeedItem } from './TimelineModel.js';
import { KeySpace } from '../redis/keys.js';
import { IoredisTransport } from '../redis/transport/IoredisTransport.js';

const redis = usePrivateRedis();
const EPOCH = 1_700_000_000_000;
const social = generateGraph(GeneratorGraphSchema.parse({ kind: 'generator', users: 120, avgFollows: 12, followerExponent: 2 }), 3);

function model(overrides: Partial<TimelineConfig>, prefix: string, graph = new FollowGraph(social)): TimelineModel {
  const config = { ...resolveTimelineConfig({ preset: 'mastodon', mode: 'push', hybridFollowerThreshold: 5000, outboxMaxLength: 800, pullSequentialShare: 0, fanoutConcurrency: 4 }), ...overrides };
  return new TimelineModel({ transport: new IoredisTransport(redis.handle.client), keys: new KeySpace({ prefix }), tracer: new Tracer(), graph, config, rng: new Prng(1, 'timeline'), epochMs: EPOCH, onError: (e) => { throw e; } });
}

/** A deterministic stream of posts by random authors, one ms apart at least. */
function posts(n: number, seed = 1): PostEvent[] {
  const r = new Prng(seed, 'posts');
  let t = 0;
  return Array.from({ length: n }, (_, i) => {
    t += 1 + r.int(50);
    return { kind: 'post', t, id: i + 1, author: r.int(social.users), tags: [], celebrity: false };
  });
}

async function play(m: TimelineModel, ps: PostEvent[]): Promise<void> {
  for (const p of ps) await m.post(p);
  await m.drain();
}

/** What a feed must hold: posts by the user or a followee, newest first. */
function expectedFeed(graph: FollowGraph, user: number, ps: PostEvent[], max: number): FeedItem[] {
  const authors = new Set([user, ...graph.followees(user)]);
  return ps.filter((p) => authors.has(p.author)).map((p) => ({ postId: p.id, score: EPOCH + p.t })).sort((a, b) => b.score - a.score).slice(0, max);
}

beforeEach(async () => {
  await deletePrefix(redis.handle.client, 't:');
});

describe('Timeline model (push)', () => {
  it("puts a post in every follower's feed and the author's, ordered by score", async () => {
    const m = model({}, 't:');
    const graph = new FollowGraph(social);
    const author = graph.topByFollowers(1)[0];
    const post: PostEvent = { kind: 'post', t: 5, id: 77, author, tags: [], celebrity: false };
    await play(m, [...posts(30), { ...post, t: 10_000 }]);
    for (const f of [author, ...graph.followers(author)]) {
      const feed = await redis.handle.client.zrevrange(`t:timeline:${f}`, 0, -1, 'WITHSCORES');
      expect(feed[0]).toBe('77');
      const scores = feed.filter((_, i) => i % 2 === 1).map(Number);
      expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    }
    expect(m.monitor().zadds).toBeGreaterThan(graph.followers(author).length);
    expect(m.monitor().writeAmplification).toBeGreaterThan(1);
  });

  it('trims to the max length keeping the newest', async () => {
    const m = model({ maxLength: 15 }, 't:');
    const ps = posts(400);
    await play(m, ps);
    const graph = new FollowGraph(social);
    for (const u of [0, 7, 50]) {
      const feed = await m.readOffset(u, 0, 100);
      expect(feed.length).toBeLessThanOrEqual(15);
      expect(feed).toEqual(expectedFeed(graph, u, ps, 15));
    }
  });

  it('offset and cursor reads return the same items for the same position', async () => {
    const m = model({}, 't:');
    await play(m, posts(500));
    for (const u of [1, 2, 3]) {
      const byOffset: FeedItem[] = [];
      const byCursor: FeedItem[] = [];
      let cursor: number | null = null;
      for (let page = 0; page < 5; page++) {
        byOffset.push(...(await m.readOffset(u, page * 7, 7)));
        const p: FeedItem[] = await m.readCursor(u, cursor, 7, page * 7);
        byCursor.push(...p);
        if (p.length > 0) cursor = p[p.length - 1].score;
      }
      expect(byOffset.length).toBeGreaterThan(7);
      expect(byCursor).toEqual(byOffset);
    }
  });

  it('push, pull and hybrid give the same feed for the same events', async () => {
    const ps = posts(300, 9);
    const push = model({}, 't:push:');
    const pull = model({ mode: 'pull' }, 't:pull:');
    const hybrid = model({ mode: 'hybrid', hybridFollowerThreshold: 10 }, 't:hyb:');
    const sequential = model({ mode: 'pull', pullSequentialShare: 1 }, 't:seq:');
    for (const m of [push, pull, hybrid, sequential]) await play(m, ps);
    const graph = new FollowGraph(social);
    expect(graph.topByFollowers(1).map((u) => graph.followerCount(u))[0]).toBeGreaterThanOrEqual(10);
    for (const u of [0, 4, 9, 33]) {
      const expected = expectedFeed(graph, u, ps, 25);
      expect(await push.readOffset(u, 0, 25)).toEqual(expected);
      expect(await pull.readOffset(u, 0, 25)).toEqual(expected);
      expect(await hybrid.readOffset(u, 0, 25)).toEqual(expected);
      expect(await sequential.readOffset(u, 0, 25)).toEqual(expected);
      expect(await pull.readOffset(u, 10, 5)).toEqual(expected.slice(10, 15));
      const firstPage = await hybrid.readCursor(u, null, 5, 0);
      if (firstPage.length === 5) expect(await hybrid.readCursor(u, firstPage[4].score, 5, 5)).toEqual(expected.slice(5, 10));
    }
    // hybrid did not push the popular authors' posts
    expect(hybrid.monitor().zadds).toBeLessThan(push.monitor().zadds);
  });

  it('lossy fan-out drops deliveries to heavy followers only, and counts them', async () => {
    const m = model({ lossyFollowsThreshold: 5 }, 't:');
    const ps = posts(200, 4);
    await play(m, ps);
    const mon = m.monitor();
    expect(mon.droppedLossy).toBeGreaterThan(0);
    const graph = new FollowGraph(social);
    const light = Array.from({ length: social.users }, (_, u) => u).filter((u) => graph.followeeCount(u) <= 5);
    expect(light.length).toBeGreaterThan(0);
    for (const u of light.slice(0, 5)) expect(await m.readOffset(u, 0, 800)).toEqual(expectedFeed(graph, u, ps, 800));
  });

  it('probabilistic trimming lets feeds overshoot the max length between trims', async () => {
    const m = model({ maxLength: 10, trimProbability: 0.01 }, 't:');
    await play(m, posts(600, 2));
    expect(m.monitor().trims).toBeLessThan(m.monitor().zadds * 0.05);
    const graph = new FollowGraph(social);
    const big = graph.topByFollowers(social.users).reverse().sort((a, b) => graph.followeeCount(b) - graph.followeeCount(a))[0];
    expect(await redis.handle.client.zcard(`t:timeline:${big}`)).toBeGreaterThan(10);
  });
});

describe('reset', () => {
  it('deletes only Feedscope keys under the prefix: a foreign key survives', async () => {
    const c = redis.handle.client;
    await c.set('someone-else:key', 'keep me');
    await c.zadd('fsx:not-ours', 1, 'a');
    const m = model({}, 'fs:');
    await play(m, posts(50));
    expect((await c.keys('fs:*')).length).toBeGreaterThan(0);
    const deleted = await deletePrefix(c, 'fs:');
    expect(deleted).toBeGreaterThan(0);
    expect(await c.keys('fs:*')).toEqual([]);
    expect(await c.get('someone-else:key')).toBe('keep me');
    expect(await c.zcard('fsx:not-ours')).toBe(1);
  });
});
