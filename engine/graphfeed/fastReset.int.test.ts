/**
 * A fast reset on the real private Redis and an embedded LadybugDB: the graph store is not loaded
 * again (the graph model reverts it and keeps it: StoreKeeper.ts), the follow graph is not drawn
 * again, and the replay after the reset gives exactly the feeds and counts of the first run, so
 * the revert undid every post, interaction, follow and unfollow of that run.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { Engine } from '../Engine.js';
import { RANKER_FILE, ROOT, scenario } from '../test/helpers.js';

const USERS = 120;
const s = scenario({
  seed: 9,
  models: ['timeline', 'graph'],
  graph: { kind: 'generator', users: USERS, avgFollows: 8 },
  workload: { durationSec: 3, postsPerSec: 40, readsPerSec: 30, pageSize: 10, followsPerSec: 15, unfollowsPerSec: 10, interactionsPerSec: 20 },
});

async function feeds(engine: Engine): Promise<{ timeline: number[]; graph: number[] }[]> {
  const out: { timeline: number[]; graph: number[] }[] = [];
  for (let u = 0; u < USERS; u += 7) {
    const p = await engine.views.getFeeds({ user: u, pageSize: 20, offset: 0, cursor: null });
    out.push({ timeline: p.timeline!.items.map((i) => i.postId), graph: p.graph!.items.map((i) => i.postId) });
  }
  return out;
}

describe('Fast reset', () => {
  const engine = new Engine({ rankerFile: RANKER_FILE });
  afterAll(() => engine.close());

  it('keeps the loaded graph store and the drawn graph, and replays to the same feeds', async () => {
    const stages: string[] = [];
    engine.on((e) => {
      if (e.type === 'status' && e.status.loading) stages.push(e.status.loading.stage);
    });
    await engine.load(s, 'inline', ROOT);
    expect(stages.some((st) => st.startsWith('graph store: COPY'))).toBe(true);
    await engine.setSpeed('max');
    await engine.runToEnd();
    const first = await feeds(engine);
    const r1 = await engine.report();
    expect(r1.run.events.follow).toBeGreaterThan(5);
    expect(r1.run.events.unfollow).toBeGreaterThan(2);
    expect(first.some((f) => f.graph.length > 0)).toBe(true);

    stages.length = 0;
    await engine.reset();
    expect(stages).toContain('graph store: kept from the previous run');
    expect(stages.some((st) => st.startsWith('graph store: COPY'))).toBe(false);
    expect(stages).not.toContain('graph: follower lists');
    expect(engine.status()).toMatchObject({ state: 'ready', tMs: 0 });
    // Nothing of the first run is left: t=0 feeds are empty.
    const empty = await feeds(engine);
    expect(empty.every((f) => f.timeline.length === 0 && f.graph.length === 0)).toBe(true);

    await engine.runToEnd();
    expect(await feeds(engine)).toEqual(first);
    const r2 = await engine.report();
    expect(r2.run.events).toEqual(r1.run.events);
    expect(r2.graph.followsAtEnd).toBe(r1.graph.followsAtEnd);
    expect(r2.recall).toEqual(r1.recall);
  });
});
