/**
 * The Timeline feed page names keys that exist: a pull or hybrid page's `key` is a label (the
 * outbox pattern), its `sources` are the user's timeline ZSET (hybrid, when it has one) and the
 * outbox LISTs of the page's pulled authors. Checked on a live Engine against its redis-server.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { Engine } from '../Engine.js';
import { CommandSchemas } from '../api.js';
import { RANKER_FILE, scenario } from '../test/helpers.js';

const engine = new Engine({ rankerFile: RANKER_FILE });
afterAll(() => engine.close());

describe.each(['hybrid', 'pull'] as const)('Timeline feed sources (%s)', (mode) => {
  it('links keys that exist, never the outbox pattern', async () => {
    const s = scenario({
      graph: { kind: 'generator', users: 80, avgFollows: 10 },
      workload: { durationSec: 3, postsPerSec: 60, readsPerSec: 10, pageSize: 10 },
      timeline: { mode, hybridFollowerThreshold: 12 },
    });
    await engine.load(s, `${mode}.json`, process.cwd());
    await engine.runToEnd();
    let withZset = 0;
    let withOutboxes = 0;
    for (let u = 0; u < 80; u++) {
      const page = (await engine.views.getFeeds(CommandSchemas.getFeeds.parse({ user: u, pageSize: 10 }))).timeline!;
      expect(page.key).toMatch(/\*/);
      const src = page.sources!;
      expect(src.pulledOutboxes).toBeGreaterThanOrEqual(src.outboxes.length);
      if (src.timelineKey) {
        withZset++;
        const z = await engine.inspectors.inspectZset(CommandSchemas.inspectZset.parse({ key: src.timelineKey }));
        expect(z.length).toBeGreaterThan(0);
      }
      for (const k of src.outboxes) {
        withOutboxes++;
        const v = await engine.inspectors.getKey(CommandSchemas.getKey.parse({ key: k, count: 1 }));
        expect(v.details.type).toBe('list');
      }
    }
    expect(withOutboxes).toBeGreaterThan(0);
    if (mode === 'hybrid') expect(withZset).toBeGreaterThan(0);
    else expect(withZset).toBe(0);
  });
});
