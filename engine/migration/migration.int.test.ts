/**
 * The gray migration on a real private redis-server and LadybugDB: Timeline (control) and Graph
 * (candidate) on the same events, phases on the simulated clock, the checker's mismatches, the
 * Redis list trimmed like Scientist's, repairs of lost double writes.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { runCommand } from '../commands.js';
import { Engine } from '../Engine.js';
import { ROOT, RANKER_FILE, scenario } from '../test/helpers.js';

describe('gray migration Timeline -> Graph', () => {
  const engine = new Engine({ rankerFile: RANKER_FILE });
  afterAll(() => engine.close());

  it('walks the phases, compares reads, calibrates with control vs control, repairs lost writes', async () => {
    const s = scenario({
      models: ['timeline', 'graph'],
      graph: { kind: 'generator', users: 50, avgFollows: 8 },
      workload: { durationSec: 12, tickMs: 200, postsPerSec: 30, readsPerSec: 15, pageSize: 10 },
      migration: {
        phases: { doubleWriteSec: 2, shadowReadSec: 3, graySec: 5 },
        grayFrom: 0.1, grayTo: 0.9, checksPerSec: 10, depth: 10,
        writeFailureShare: 0.1, retryAfterSec: 3, deadLetterShare: 0.5,
        schedule: { everySec: 4, windowSec: 60, users: 5 }, keep: 5,
      },
    });
    await engine.load(s, 'inline', ROOT);
    await engine.setSpeed('max');
    await engine.runToEnd();
    const v = await runCommand(engine, 'getMigration', {});
    expect(v.phase).toBe('finish');
    expect(v.share).toBe(1);
    expect(v.served.timeline).toBeGreaterThan(0);
    expect(v.served.graph).toBeGreaterThan(0);
    expect(v.writes.failed).toBeGreaterThan(0);
    expect(v.writes.deadLettered).toBeGreaterThan(0);
    expect(v.writes.retried).toBeGreaterThan(0);
    expect(v.candidate.reads).toBeGreaterThan(30);
    // Lost writes show as missing followee posts, and are re-inserted.
    expect(v.candidate.byKind.missing).toBeGreaterThan(0);
    expect(v.repairs).toBeGreaterThan(0);
    // Control vs control: the same page twice after the tick's writes settled.
    expect(v.calibration.reads).toBe(v.candidate.reads);
    expect(v.calibration.mismatched).toBe(0);
    // Scientist's capped list: LPUSH + LTRIM 0 keep holds keep + 1.
    expect(v.mismatchList.pushed).toBeGreaterThan(6);
    const report = await engine.report();
    expect(report.migration?.mismatchList.kept).toBe(6);
    expect(report.migration?.scheduled.length).toBe(3);
    expect(report.migration?.scheduled[0].compared).toBeGreaterThan(0);
    const phases = new Set(v.series.map((p) => p.phase));
    expect([...phases]).toEqual(['doubleWrite', 'shadowRead', 'gray', 'finish']);
    const gray = v.series.filter((p) => p.phase === 'gray').map((p) => p.share);
    expect(gray[gray.length - 1]).toBeGreaterThan(gray[0]);
  });

  it('refuses a migration without both models, naming the fix', async () => {
    await expect(engine.load(scenario({ migration: {} }), 'inline', ROOT)).rejects.toThrow(/"models": \["timeline", "graph"\]/);
  });
});
