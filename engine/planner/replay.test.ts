/**
 * The replay counts graph stream refreshes by the reader's time rule: a first read refreshes, a
 * later one only when the last refresh is at least refreshAfterSec old. Held at the rule's limits
 * (every read, or first reads only) and between them, on a scenario's own seeded events.
 */
import { describe, expect, it } from 'vitest';
import { buildGraph } from '../scenario/index.js';
import { rungScenario } from './ladder.js';
import { replayScenario, type ReplaySettings } from './replay.js';

describe('replayScenario graph refreshes', async () => {
  const s = rungScenario({ label: 'replay-test', users: 300, avgFollows: 20, postsPerSec: 10, readsPerSec: 20, durationSec: 60, hybridFollowerThreshold: 100 });
  const g = await buildGraph(s, '.');
  const settings = (refreshAfterSec: number): ReplaySettings => ({ mode: 'push', hybridFollowerThreshold: 100, cap: 400, outboxMaxLength: 800, pageSize: 20, refreshAfterSec });

  it('refreshes at every read when nothing is fresh, at first reads only when everything stays fresh', () => {
    const always = replayScenario(s, g, settings(0));
    const once = replayScenario(s, g, settings(3600));
    expect(always.reads).toBeGreaterThan(1000);
    expect(always.graphRefreshes).toBe(always.reads);
    expect(once.graphRefreshes).toBe(once.distinctReaders);
    expect(once.distinctReaders).toBeLessThan(once.reads);
  });

  it('in between: more than one per reader, fewer than reads, and fewer the longer a refresh stays fresh', () => {
    const r10 = replayScenario(s, g, settings(10));
    const r30 = replayScenario(s, g, settings(30));
    expect(r30.graphRefreshes).toBeGreaterThan(r30.distinctReaders);
    expect(r30.graphRefreshes).toBeLessThan(r30.reads);
    expect(r10.graphRefreshes).toBeGreaterThan(r30.graphRefreshes);
  });
});
