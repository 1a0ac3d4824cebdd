/**
 * The inspector commands on a live Engine playing a scenario with skewed writer clocks.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { Engine } from '../Engine.js';
import { CommandSchemas } from '../api.js';
import { RANKER_FILE, scenario } from '../test/helpers.js';

const engine = new Engine({ rankerFile: RANKER_FILE });
afterAll(() => engine.close());

const s = scenario({
  graph: { kind: 'generator', users: 60, avgFollows: 12 },
  workload: { durationSec: 4, postsPerSec: 150, readsPerSec: 20, pageSize: 10 },
  clocks: { nodes: [{ name: 'west', skewMs: -50, driftPpm: 0 }, { name: 'mid', skewMs: 0, driftPpm: 0 }, { name: 'east', skewMs: 50, driftPpm: 200 }], strategy: 'raw', gossipMs: 20 },
});

describe('Engine inspectors', () => {
  it('plays with skewed clocks: inversions per node pair, scores from the clocks, out-of-order items marked', async () => {
    const published = new Map<number, number>();
    engine.on((e) => {
      if (e.type === 'frame') for (const p of e.frame.posts) published.set(p.id, p.tMs);
    });
    await engine.load(s, 'test.json', process.cwd());
    await engine.runToEnd();
    const d = engine.views.getDrift();
    expect(d.enabled).toBe(true);
    const raw = d.strategies.find((x) => x.name === 'raw')!;
    expect(raw.inversions).toBeGreaterThan(0);
    expect(raw.pairs[2][0]).toBeGreaterThan(0);
    // Only ids whose low 8 bits happen to be zero survive the trip through a double.
    expect(d.strategies.find((x) => x.name === 'shift20')!.precisionLost).toBeGreaterThan(d.posts * 0.9);

    let marked = 0;
    let items = 0;
    let skewed = 0;
    for (let u = 0; u < 60; u++) {
      const f = await engine.views.getFeeds(CommandSchemas.getFeeds.parse({ user: u, pageSize: 50 }));
      items += f.timeline!.items.length;
      marked += f.timeline!.items.filter((i) => i.outOfOrder).length;
      for (const i of f.timeline!.items) {
        const t = published.get(i.postId);
        if (t !== undefined && i.score !== s.workload.startEpochMs + t) skewed++;
      }
    }
    // Scores come from the writer nodes' clocks, not from true publish time.
    expect(skewed).toBeGreaterThan(0);
    expect(items).toBeGreaterThan(100);
    expect(marked).toBeGreaterThan(0);
    expect(marked).toBeLessThan(items);
  });

  it('inspects a timeline key: encoding, model histogram, memory within 3%', async () => {
    const keys = [];
    let cursor = '0';
    do {
      const v = await engine.inspectors.scanKeys(CommandSchemas.scanKeys.parse({ cursor, pattern: 'fs:timeline:*', type: 'zset' }));
      keys.push(...v.keys);
      cursor = v.cursor;
    } while (cursor !== '0');
    expect(keys.length).toBeGreaterThan(10);
    const details = await Promise.all(keys.map((k) => engine.inspectors.getKey(CommandSchemas.getKey.parse({ key: k.key, count: 1 }))));
    const biggest = details.sort((a, b) => b.details.length - a.details.length)[0];
    const z = await engine.inspectors.inspectZset(CommandSchemas.inspectZset.parse({ key: biggest.details.key, offset: 5 }));
    expect(z.length).toBe(biggest.details.length);
    expect(z.encoding).toBe(biggest.details.encoding);
    expect(Math.abs(z.model.errorPct)).toBeLessThan(3);
    expect(z.notes.join(' ')).toMatch(/0\.25/);
  });

  it('draws flame graphs per model and operation, and exports folded stacks and speedscope JSON', async () => {
    const f = engine.inspectors.getFlame(CommandSchemas.getFlame.parse({ model: 'timeline' }));
    expect(f.models).toContain('timeline');
    expect(f.root.totalUs).toBeGreaterThan(0);
    expect(f.root.children.every((c) => c.name.startsWith('timeline.'))).toBe(true);
    const op = f.operations.find((o) => o.startsWith('timeline.read'))!;
    const t = engine.inspectors.getFlame(CommandSchemas.getFlame.parse({ operation: op, view: 'time-ordered' }));
    expect(t.root.children.map((c) => c.name)).toEqual([op]);
    const folded = engine.inspectors.exportFlame(CommandSchemas.exportFlame.parse({ format: 'folded' }));
    expect(folded.text).toMatch(/^timeline\.\S+ \d+$/m);
    const ss = JSON.parse(engine.inspectors.exportFlame(CommandSchemas.exportFlame.parse({ format: 'speedscope' })).text);
    expect(ss.profiles).toHaveLength(2);
    expect(ss.$schema).toContain('speedscope');
  });

  it('changes clocks live', async () => {
    const v = engine.views.setClocks(CommandSchemas.setClocks.parse({ nodes: [{ name: 'a', skewMs: 0, driftPpm: 0 }, { name: 'b', skewMs: 10, driftPpm: 0 }], strategy: 'hlc' }));
    expect(v.strategy).toBe('hlc');
    expect(v.nodes.map((n) => n.skewMs)).toEqual([0, 10]);
  });
});
