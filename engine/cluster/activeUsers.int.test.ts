/**
 * timeline.activeShare on a real 3-master Redis Cluster: feeds regenerated at first reads are what
 * one server gives for the same events, and the cluster's feed audit (TimelineModel.auditFeeds)
 * replays the regenerations, so it finds nothing lost or extra, also while slots move.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { Engine } from '../Engine.js';
import { RANKER_FILE, ROOT, scenario } from '../test/helpers.js';
import type { Scenario } from '../scenario/schema.js';

const USERS = 200;
const s = scenario({
  seed: 5,
  models: ['timeline'],
  graph: { kind: 'generator', users: USERS, avgFollows: 10, followerExponent: 2 },
  workload: { durationSec: 4, postsPerSec: 50, readsPerSec: 30, pageSize: 20 },
  timeline: { preset: 'mastodon', maxLength: 40, activeShare: 0.5 },
});

async function play(engine: Engine, sc: Scenario, speed: 'max' | number = 'max'): Promise<void> {
  await engine.load(sc, 'inline', ROOT);
  await engine.setSpeed(speed);
  await engine.runToEnd();
}

async function allFeeds(engine: Engine): Promise<[number, number][][]> {
  const out: [number, number][][] = [];
  for (let u = 0; u < USERS; u++) {
    const page = await engine.views.getFeeds({ user: u, pageSize: 100, offset: 0, cursor: null });
    out.push(page.timeline!.items.map((it) => [it.postId, it.score]));
  }
  return out;
}

describe('Active users on a 3-node Redis Cluster', () => {
  const single = new Engine({ rankerFile: RANKER_FILE });
  const cluster = new Engine({ rankerFile: RANKER_FILE, cluster: { nodes: 3, replicas: 0 } });
  afterAll(async () => {
    await single.close();
    await cluster.close();
  });

  it('regenerates the feeds one server regenerates, and the audit accounts for them, with a reshard', async () => {
    await play(single, s);
    const reference = await allFeeds(single);
    const one = (await single.report()).fanout!;
    expect(one.regenerations).toBeGreaterThan(10);
    const resharded = { ...s, redis: { ...s.redis, reshards: [{ atSec: 1, slots: 3000, from: 0, to: 1 }] } };
    await play(cluster, resharded, 1);
    const report = await cluster.report();
    expect(report.cluster!.reshards[0].state).toBe('done');
    expect(report.fanout).toMatchObject({ skippedInactive: one.skippedInactive, regenerations: one.regenerations, regeneratedEntries: one.regeneratedEntries });
    expect(await allFeeds(cluster)).toEqual(reference);
    expect(report.cluster!.audit).toMatchObject({ lost: 0, extra: 0 });
    expect(report.cluster!.audit!.expected).toBeGreaterThan(0);
  });
});
