/**
 * Mastodon's active-user filter (timeline.activeShare) against a real, private redis-server:
 * fan-out skips inactive followers, a first read regenerates the feed from the outboxes.
 */
import { beforeEach, describe, expect, it } from 'vitest';
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
import { resolveTimelineConfig, type TimelineConfig } from './presets.js';
import { TimelineModel, type FeedItem } from './TimelineModel.js';

const redis = usePrivateRedis();
const EPOCH = 1_700_000_000_000;
const social = generateGraph(GeneratorGraphSchema.parse({ kind: 'generator', users: 120, avgFollows: 12, followerExponent: 2 }), 3);
const graph = new FollowGraph(social);
/** Short feeds, so that regeneration's limit (maxLength / 2 = 15) is below what the outboxes hold. */
const MAX_LENGTH = 30;

function model(overrides: Partial<TimelineConfig>, prefix: string, tracer = new Tracer()): TimelineModel {
  const config = { ...resolveTimelineConfig({ preset: 'mastodon', mode: 'push', hybridFollowerThreshold: 5000, outboxMaxLength: 800, pullSequentialShare: 0, fanoutConcurrency: 4 }), maxLength: MAX_LENGTH, ...overrides };
  return new TimelineModel({ transport: new IoredisTransport(redis.handle.client), keys: new KeySpace({ prefix }), tracer, graph, config, rng: new Prng(1, 'timeline'), activityRng: new Prng(7, 'timeline.active'), epochMs: EPOCH, onError: (e) => { throw e; } });
}

function posts(n: number, seed = 1, from = 0, firstId = 1): PostEvent[] {
  const r = new Prng(seed, 'posts');
  let t = from;
  return Array.from({ length: n }, (_, i) => {
    t += 1 + r.int(50);
    return { kind: 'post', t, id: firstId + i, author: r.int(social.users), tags: [], celebrity: false };
  });
}

async function play(m: TimelineModel, ps: PostEvent[]): Promise<void> {
  for (const p of ps) await m.post(p);
  await m.drain();
}

async function feed(prefix: string, user: number): Promise<FeedItem[]> {
  const flat = await redis.handle.client.zrevrange(`${prefix}timeline:${user}`, 0, -1, 'WITHSCORES');
  const out: FeedItem[] = [];
  for (let i = 0; i < flat.length; i += 2) out.push({ postId: Number(flat[i]), score: Number(flat[i + 1]) });
  return out;
}

const all = Array.from({ length: social.users }, (_, u) => u);

beforeEach(async () => {
  await deletePrefix(redis.handle.client, 'act:');
});

describe('Timeline active users (activeShare)', () => {
  it('draws the same active users from the same seed, about the share asked', () => {
    const a = model({ activeShare: 0.5 }, 'act:1:');
    const b = model({ activeShare: 0.5 }, 'act:2:');
    const active = all.filter((u) => a.isActive(u));
    expect(all.filter((u) => b.isActive(u))).toEqual(active);
    expect(active.length).toBeGreaterThan(social.users * 0.35);
    expect(active.length).toBeLessThan(social.users * 0.65);
    expect(all.every((u) => model({}, 'act:3:').isActive(u))).toBe(true);
  });

  it('skips inactive followers: their timeline keys are absent until their first read, and counted', async () => {
    const m = model({ activeShare: 0.5 }, 'act:');
    const ps = posts(300);
    await play(m, ps);
    const authors = new Set(ps.map((p) => p.author));
    const inactive = all.filter((u) => !m.isActive(u));
    const silent = inactive.filter((u) => !authors.has(u) && graph.followeeCount(u) > 0);
    expect(silent.length).toBeGreaterThan(5);
    for (const u of silent) expect(await redis.handle.client.exists(`act:timeline:${u}`)).toBe(0);
    let skipped = 0;
    let zadds = 0;
    for (const p of ps) {
      const fs = graph.followers(p.author);
      const reached = fs.filter((f) => m.isActive(f)).length;
      skipped += fs.length - reached;
      zadds += 1 + reached;
    }
    expect(skipped).toBeGreaterThan(0);
    const mon = m.monitor();
    expect(mon).toMatchObject({ activeShare: 0.5, skippedInactive: skipped, zadds, regenerations: 0, regeneratedEntries: 0 });
    // An inactive author's own posts still reach its timeline (Mastodon's deliver_to_self!), and only those.
    const author = inactive.find((u) => authors.has(u))!;
    expect((await feed('act:', author)).every((i) => ps.find((p) => p.id === i.postId)!.author === author)).toBe(true);
  });

  it('regenerates at a first read the feed a push to an always-active user holds, within the limit; fan-out reaches the user afterwards', async () => {
    const tracer = new Tracer();
    const pushed = model({}, 'act:a:');
    const m = model({ activeShare: 0.5 }, 'act:b:', tracer);
    m.watch(all);
    const ps = posts(400);
    await play(pushed, ps);
    await play(m, ps);
    const limit = MAX_LENGTH / 2;
    const authors = new Set(ps.map((p) => p.author));
    // Users who have not posted: an inactive author's key already holds its own posts, which regeneration adds to.
    const readers = all.filter((u) => !m.isActive(u) && !authors.has(u) && graph.followeeCount(u) > 2).slice(0, 10);
    expect(readers.length).toBeGreaterThanOrEqual(3);
    let entries = 0;
    for (const u of readers) {
      const want = (await feed('act:a:', u)).slice(0, limit);
      expect(want.length).toBeGreaterThan(0);
      await Promise.all([m.signIn(u), m.signIn(u)]); // concurrent first reads share one regeneration
      expect(m.isActive(u)).toBe(true);
      expect(await feed('act:b:', u)).toEqual(want);
      entries += want.length;
      await m.signIn(u); // already active: nothing rebuilt
    }
    const author = all.find((u) => !m.isActive(u) && authors.has(u) && graph.followeeCount(u) > 2)!;
    const own = await feed('act:b:', author);
    await m.signIn(author);
    const regenerated = await feed('act:b:', author);
    const top = (await feed('act:a:', author)).slice(0, limit);
    expect(regenerated.slice(0, limit)).toEqual(top);
    expect(regenerated.slice(limit).every((i) => own.some((o) => o.postId === i.postId))).toBe(true);
    readers.push(author);
    entries += limit;
    expect(m.monitor()).toMatchObject({ regenerations: readers.length, regeneratedEntries: entries });
    expect(tracer.get('timeline.regenerate')?.count).toBe(readers.length);

    const later = posts(200, 2, ps[ps.length - 1].t + 1, ps.length + 1);
    await play(pushed, later);
    await play(m, later);
    for (const u of readers.slice(0, -1)) {
      const have = await feed('act:b:', u);
      expect(have.length).toBeLessThanOrEqual(MAX_LENGTH);
      expect(have).toEqual((await feed('act:a:', u)).slice(0, have.length));
    }
    for (const u of all.filter((x) => m.isActive(x) && !readers.includes(x))) expect(await feed('act:b:', u)).toEqual(await feed('act:a:', u));
    const audit = await m.auditFeeds();
    expect(audit).toMatchObject({ users: social.users, lost: 0, extra: 0 });
    expect(audit.expected).toBeGreaterThan(0);
  });

  it('with activeShare 1 every follower is reached and a read rebuilds nothing', async () => {
    const tracer = new Tracer();
    const m = model({ activeShare: 1 }, 'act:', tracer);
    const ps = posts(100);
    await play(m, ps);
    await m.signIn(0);
    const mon = m.monitor();
    expect(mon.zadds).toBe(ps.reduce((n, p) => n + 1 + graph.followerCount(p.author), 0));
    expect(mon).not.toHaveProperty('activeShare');
    expect(mon).not.toHaveProperty('skippedInactive');
    expect(tracer.get('timeline.regenerate')).toBeUndefined();
  });

  it('hybrid: regenerates from pushed authors only (pulled ones are merged at read time)', async () => {
    const threshold = 10;
    const m = model({ activeShare: 0.5, mode: 'hybrid', hybridFollowerThreshold: threshold }, 'act:');
    const ps = posts(300);
    await play(m, ps);
    const u = all.find((x) => !m.isActive(x) && graph.followees(x).some((a) => m.isPushed(a)) && graph.followees(x).some((a) => !m.isPushed(a)))!;
    expect(u).toBeDefined();
    await m.signIn(u);
    const pushedAuthors = new Set([u, ...graph.followees(u)].filter((a) => m.isPushed(a)));
    const want = ps.filter((p) => pushedAuthors.has(p.author)).map((p) => ({ postId: p.id, score: EPOCH + p.t })).sort((a, b) => b.score - a.score).slice(0, MAX_LENGTH / 2);
    expect(await feed('act:', u)).toEqual(want);
  });
});
