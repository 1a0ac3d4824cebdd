/**
 * The Timeline on a real Redis Cluster the test starts (3 masters, private, cluster-enabled
 * redis-servers): the same events give every follower the same feed as on one server, a reshard
 * while the scenario plays loses and doubles nothing, a cross-slot command fails with an error that
 * names its keys and the fix, and reset removes Feedscope's keys from every master but nobody else's.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { Engine } from '../Engine.js';
import { FeedscopeError } from '../errors.js';
import { ClusterTransport } from '../redis/transport/ClusterTransport.js';
import { RANKER_FILE, ROOT, scenario } from '../test/helpers.js';
import type { Scenario } from '../scenario/schema.js';
import { fillMixedFeeds, mixedKeys, readMixed, type MixedFeedLayout } from './mixedFeed.js';

const USERS = 300;
const s = scenario({
  seed: 21,
  models: ['timeline'],
  graph: { kind: 'generator', users: USERS, avgFollows: 12, followerExponent: 2, celebrities: { count: 2, followers: 200 } },
  workload: { durationSec: 6, postsPerSec: 60, readsPerSec: 30, pageSize: 20 },
  timeline: { preset: 'mastodon', maxLength: 50 },
});

/** Every user's whole feed as (post id, score) pairs, newest first. */
async function allFeeds(engine: Engine): Promise<[number, number][][]> {
  const out: [number, number][][] = [];
  for (let u = 0; u < USERS; u++) {
    const page = await engine.views.getFeeds({ user: u, pageSize: 200, offset: 0, cursor: null });
    out.push(page.timeline!.items.map((it) => [it.postId, it.score]));
  }
  return out;
}

async function play(engine: Engine, sc: Scenario, speed: 'max' | number = 'max'): Promise<void> {
  await engine.load(sc, 'inline', ROOT);
  await engine.setSpeed(speed);
  await engine.runToEnd();
}

describe('Timeline on a 3-node Redis Cluster', () => {
  const single = new Engine({ rankerFile: RANKER_FILE });
  const cluster = new Engine({ rankerFile: RANKER_FILE, cluster: { nodes: 3, replicas: 0 } });
  afterAll(async () => {
    await single.close();
    await cluster.close();
  });
  let reference: [number, number][][] = [];

  it('gives every follower exactly the feed one server gives for the same events', async () => {
    await play(single, s);
    reference = await allFeeds(single);
    expect(reference.filter((f) => f.length > 0).length).toBeGreaterThan(USERS / 2);
    await play(cluster, s);
    expect(await allFeeds(cluster)).toEqual(reference);
    const report = await cluster.report();
    expect(report.cluster!.nodes).toHaveLength(3);
    // Fan-out spreads: every master received ZADDs, and the per-node counts add up to the run's.
    for (const n of report.cluster!.nodes) expect(n.fanoutZadds).toBeGreaterThan(0);
    expect(report.cluster!.nodes.reduce((a, n) => a + n.fanoutZadds, 0)).toBe(report.fanout!.zadds);
    expect(report.cluster!.hashTags).toBe(true);
    expect(report.cluster!.colocation).toMatchObject({ users: 1000, split: 0 });
    expect(report.memory.feeds[0].key).toMatch(/^fs:\{u\d+\}:timeline$/);
    expect(report.cluster!.audit).toMatchObject({ lost: 0, extra: 0 });
  });

  it('moves slots while the scenario plays and loses or doubles nothing: redirects met, feeds as on one server', async () => {
    const resharded = { ...s, redis: { ...s.redis, reshards: [{ atSec: 1, slots: 4000, from: 0, to: 1 }] } };
    await play(cluster, resharded, 1);
    const report = await cluster.report();
    const r = report.cluster!.reshards[0];
    expect(r.state).toBe('done');
    expect(r.slotsDone).toBe(4000);
    expect(r.slots).toBe(4000);
    expect(r.keysMoved).toBeGreaterThan(0);
    expect(r.redirects.moved + r.redirects.ask).toBeGreaterThan(0);
    expect(report.cluster!.nodes[1].slotCount).toBe(5462 + 4000);
    expect(report.cluster!.audit).toMatchObject({ lost: 0, extra: 0 });
    expect(report.cluster!.nodes.reduce((a, n) => a + n.fanoutZadds, 0)).toBe(report.fanout!.zadds);
    expect(await allFeeds(cluster)).toEqual(reference);
  });

  it('fails a cross-slot ZUNIONSTORE with an error naming the keys and the fix; co-located keys work', async () => {
    const seeds = (await cluster.redis()).cluster!.seeds;
    const t = await ClusterTransport.connect({ seeds });
    try {
      const [[err]] = await t.pipeline([['ZUNIONSTORE', 'fs:{u1}:mix', 2, 'fs:{u1}:timeline', 'fs:{u2}:timeline']]);
      expect(err).toBeInstanceOf(FeedscopeError);
      expect((err as FeedscopeError).code).toBe('REDIS_CROSSSLOT');
      expect(err!.message).toMatch(/fs:\{u2\}:timeline \(slot \d+\).*hash tag.*merge on the client/);
      const [[ok, n]] = await t.pipeline([['ZUNIONSTORE', 'fs:{u1}:mix', 1, 'fs:{u1}:timeline']]);
      expect(ok).toBeNull();
      expect(typeof n).toBe('number');
      await t.send([['UNLINK', 'fs:{u1}:mix']], 'UNLINK');
    } finally {
      await t.close();
    }
  });

  it('browses keys on every master: a complete SCAN walk, and each key read on the node that holds it', async () => {
    const seen = new Map<string, string>();
    let cursor = '0';
    let view;
    do {
      view = await cluster.inspectors.scanKeys({ cursor, pattern: 'fs:*', type: null, count: 500 });
      for (const k of view.keys) seen.set(k.key, k.node!);
      cursor = view.cursor;
    } while (!view.done);
    expect(seen.size).toBe(view.dbsize);
    expect(new Set(seen.values()).size).toBe(3);
    const [key, node] = [...seen].find(([k]) => k.endsWith(':timeline'))!;
    const k = await cluster.inspectors.getKey({ key, offset: 0, cursor: '0', count: 10, reverse: true });
    expect(k.details.type).toBe('zset');
    expect(k.details.node).toBe(node);
    expect(k.values.type === 'zset' && k.values.entries.length).toBeGreaterThan(0);
  });

  it('reads chapter 1\'s mixed feed: ZUNIONSTORE is refused across slots, co-located and client-side merges agree', async () => {
    const t = await ClusterTransport.connect({ seeds: (await cluster.redis()).cluster!.seeds });
    try {
      const spread: MixedFeedLayout = { prefix: 'fs:mix:', users: 20, cities: 3, entries: 30, tags: 'per-user' };
      const one: MixedFeedLayout = { ...spread, tags: 'one' };
      await fillMixedFeeds(t, spread);
      await fillMixedFeeds(t, one);
      const err = await readMixed(t, spread, 4, 10, 'zunionstore').catch((e: unknown) => e);
      expect((err as FeedscopeError).code).toBe('REDIS_CROSSSLOT');
      for (let u = 0; u < 20; u++) {
        const client = await readMixed(t, spread, u, 10, 'client');
        expect(client).toHaveLength(10);
        expect(await readMixed(t, one, u, 10, 'colocated')).toEqual(client);
      }
      // Co-location puts every mixed-feed key on one master.
      expect(new Set(Array.from({ length: 20 }, (_, u) => t.nodeOf(mixedKeys(one, u).follow))).size).toBe(1);
    } finally {
      await t.close();
    }
  });

  it('resets only its prefix on every master: a foreign key survives', async () => {
    const handle = await cluster.redis();
    const masters = handle.cluster!.masterClients();
    // A key of someone else's on each master (a hash tag per master so each lands there).
    const t = await ClusterTransport.connect({ seeds: handle.cluster!.seeds });
    const foreign: string[] = [];
    for (let i = 0; foreign.length < 3 && i < 200; i++) {
      const key = `theirs:{k${i}}`;
      const node = t.nodeOf(key);
      if (!foreign.some((f) => t.nodeOf(f) === node)) foreign.push(key);
    }
    await t.send(foreign.map((k) => ['SET', k, 'keep me']), 'SET');
    await t.close();
    await play(cluster, s);
    await handle.cluster!.deletePrefix('fs:');
    for (const m of masters) {
      const [, keys] = await m.scan('0', 'MATCH', 'fs:*', 'COUNT', 10_000);
      expect(keys).toEqual([]);
    }
    let survived = 0;
    for (const m of masters) survived += (await m.scan('0', 'MATCH', 'theirs:*', 'COUNT', 10_000))[1].length;
    expect(survived).toBe(3);
  });
});
