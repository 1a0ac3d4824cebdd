/**
 * The causality lab and the cursor gaps on a real private redis-server: a skewed, slow-gossip
 * scenario played through the Engine; pages read from Redis are checked against ≺.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { Frame } from '../api.js';
import { runCommand } from '../commands.js';
import { Engine } from '../Engine.js';
import { ROOT, RANKER_FILE, scenario } from '../test/helpers.js';
import { parseShiviz } from './shiviz.js';

describe('causality on a real Redis', () => {
  const engine = new Engine({ rankerFile: RANKER_FILE });
  const frames: Frame[] = [];
  engine.on((e) => {
    if (e.type === 'frame') frames.push(e.frame);
  });
  afterAll(() => engine.close());

  it('counts effects without causes and effects below causes per strategy, and cones match vector clocks', async () => {
    const s = scenario({
      graph: { kind: 'generator', users: 60, avgFollows: 15 },
      workload: { durationSec: 8, tickMs: 100, postsPerSec: 60, readsPerSec: 40, interactionsPerSec: 40, pageSize: 20, cursorReadShare: 0.5 },
      clocks: { nodes: [{ name: 'west', skewMs: -80 }, { name: 'east', skewMs: 80 }], strategy: 'raw', gossipMs: 400 },
      causality: { feedChecksPerSec: 20 },
    });
    await engine.load(s, 'inline', ROOT);
    await engine.setSpeed('max');
    await engine.runToEnd();
    const v = await runCommand(engine, 'getCausality', { spanMs: 8000, limit: 5000 });
    expect(v.nodes).toEqual(['west', 'east']);
    expect(v.totals.byKind.post).toBeGreaterThan(200);
    // Two nodes: every write is delivered once to the other, but the last 400 ms of gossip are still in flight.
    const writes = v.totals.byKind.post + v.totals.byKind.reply + v.totals.byKind.repost;
    expect(v.totals.byKind.deliver).toBeLessThanOrEqual(writes);
    expect(v.totals.byKind.deliver).toBeGreaterThan(writes - 60);
    expect(v.totals.byKind.reply + v.totals.byKind.repost).toBeGreaterThan(10);
    expect(v.counters.feedChecks).toBeGreaterThan(100);
    expect(v.counters.effectWithoutCause).toBeGreaterThan(0);
    const by = Object.fromEntries(v.counters.strategies.map((x) => [x.name, x.effectBelowCause]));
    // Raw ms puts effects below causes; the HLC learns every clock a write could have seen (gossip, the client), so never.
    expect(by.raw).toBeGreaterThan(0);
    expect(by.hlc).toBe(0);
    // The cone the panel lights is the set of events with clock <= the event's.
    const last = v.window.events[v.window.events.length - 1];
    const withCone = await runCommand(engine, 'getCausality', { spanMs: 8000, limit: 5000, cone: last.id });
    const le = (a: number[], b: number[]) => a.every((x, i) => x <= b[i]);
    expect(new Set(withCone.cone!.members)).toEqual(new Set(withCone.window.events.filter((e) => le(e.vc, last.vc)).map((e) => e.id)));
    expect(withCone.cone!.edgesTraversed).toBeGreaterThanOrEqual(withCone.cone!.size - 1);

    const report = await engine.report();
    expect(report.causality?.counters.effectWithoutCause).toBe(v.counters.effectWithoutCause);
    // Frames carry the totals as they grow.
    const seen = frames.map((f) => f.correctness?.causality?.events ?? 0);
    expect(seen.length).toBeGreaterThan(1);
    expect(seen[seen.length - 1]).toBeGreaterThan(seen[0]);
    expect(frames[frames.length - 1].correctness?.migration).toBeNull();
    expect(report.causality?.largestCone?.size).toBeGreaterThan(100);
    expect(report.drift?.gaps.readers).toBeGreaterThan(10);
    const rawGaps = report.drift!.gaps.strategies.find((x) => x.name === 'raw')!;
    expect(rawGaps.perNode.find((n) => n.node === 'west')!.skipped).toBe(rawGaps.skipped);

    const log = await runCommand(engine, 'exportShiviz', {});
    const parsed = parseShiviz(log.text);
    expect(parsed.length).toBe(v.totals.recorded);
    expect(parsed.some((p) => p.event.includes('VIOLATION'))).toBe(true);
  });

  it('says how to get a causality section when the scenario has none', async () => {
    await engine.load(scenario(), 'inline', ROOT);
    await expect(runCommand(engine, 'getCausality', {})).rejects.toThrow(/no "causality" section/);
    expect((await engine.report()).causality).toBeUndefined();
  });
});
