/**
 * timeline.writer 'pipeline' (article 2.2) on a real 3-master Redis Cluster: the sharded writer's
 * batches go through the cluster transport (each command routed by its key's slot), so the feeds
 * equal what one server gives for the same events, with the same rejections, while slots move.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { Engine } from '../Engine.js';
import { RANKER_FILE, ROOT, scenario } from '../test/helpers.js';
import type { Scenario } from '../scenario/schema.js';

const USERS = 150;
const s = scenario({
  seed: 11,
  models: ['timeline'],
  graph: { kind: 'generator', users: USERS, avgFollows: 8 },
  workload: { durationSec: 3, tickMs: 500, postsPerSec: 120, readsPerSec: 20, pageSize: 10 },
  timeline: { writer: 'pipeline', writerPipeline: { shards: 4, flushIntervalMs: 20 }, oversizeBodyShare: 0.1 },
});

async function play(engine: Engine, sc: Scenario, speed: 'max' | number = 'max'): Promise<void> {
  await engine.load(sc, 'inline', ROOT);
  await engine.setSpeed(speed);
  await engine.runToEnd();
}

async function allFeeds(engine: Engine): Promise<number[][]> {
  const out: number[][] = [];
  for (let u = 0; u < USERS; u++) {
    const page = await engine.views.getFeeds({ user: u, pageSize: 100, offset: 0, cursor: null });
    out.push(page.timeline!.items.map((it) => it.postId));
  }
  return out;
}

describe('The sharded write pipeline on a 3-node Redis Cluster', () => {
  const single = new Engine({ rankerFile: RANKER_FILE });
  const cluster = new Engine({ rankerFile: RANKER_FILE, cluster: { nodes: 3, replicas: 0 } });
  afterAll(async () => {
    await single.close();
    await cluster.close();
  });

  it('writes what one server writes, through a reshard, and nothing is lost', async () => {
    await play(single, s);
    const reference = await allFeeds(single);
    const one = (await single.report()).writer!;
    expect(one.rejectedSize).toBeGreaterThan(0);
    const resharded = { ...s, redis: { ...s.redis, reshards: [{ atSec: 1, slots: 3000, from: 0, to: 1 }] } };
    await play(cluster, resharded, 1);
    const report = await cluster.report();
    expect(report.cluster!.reshards[0].state).toBe('done');
    const w = report.writer!;
    expect(w).toMatchObject({ kind: 'pipeline', shards: 4, submitted: one.submitted, written: one.written, rejectedSize: one.rejectedSize, rejectedTimestamp: one.rejectedTimestamp });
    expect(w.perShard.reduce((a, x) => a + x.written, 0)).toBe(w.written);
    expect(report.fanout!.posts).toBe(w.written);
    expect(await allFeeds(cluster)).toEqual(reference);
    expect(report.cluster!.audit).toMatchObject({ lost: 0, extra: 0 });
  });
});
