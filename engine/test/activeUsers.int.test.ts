/**
 * timeline.activeShare through the Engine: report.json `fanout`, frames, the latency table and the
 * CLI summary carry the active-user filter's figures.
 */
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { FanoutView, Frame } from '../api.js';
import { printSummary } from '../cli/main.js';
import { Engine } from '../Engine.js';
import { ROOT, scenario } from './helpers.js';

describe('Engine with timeline.activeShare', () => {
  const engine = new Engine({ sampleGraphsDir: path.join(ROOT, 'sample-graphs'), rankerFile: path.join(ROOT, 'models', 'ranker.onnx') });
  const frames: Frame[] = [];
  engine.on((e) => {
    if (e.type === 'frame') frames.push(e.frame);
  });
  afterAll(() => engine.close());
  let previous: FanoutView | undefined;

  it('skips inactive followers, regenerates at first reads, and reports both', async () => {
    const s = scenario({ graph: { kind: 'generator', users: 200, avgFollows: 8 }, timeline: { activeShare: 0.5 }, workload: { durationSec: 3, postsPerSec: 30, readsPerSec: 40, pageSize: 10 } });
    await engine.load(s, 'inline', ROOT);
    await engine.setSpeed('max');
    await engine.runToEnd();
    const report = await engine.report();
    const f = report.fanout!;
    previous = f;
    expect(f.activeShare).toBe(0.5);
    expect(f.skippedInactive).toBeGreaterThan(0);
    expect(f.regenerations).toBeGreaterThan(0);
    expect(f.regeneratedEntries).toBeGreaterThan(0);
    expect(report.timeline!.regenerate.count).toBe(f.regenerations);
    expect(report.timelineConfig!.activeShare).toBe(0.5);
    expect(frames[frames.length - 1].fanout?.skippedInactive).toBe(f.skippedInactive);
    const lines: string[] = [];
    printSummary(report, (l) => lines.push(l));
    expect(lines.find((l) => l.startsWith('Active'))).toMatch(/^Active {5}50\.0% of users active at t=0: [\d,]+ fan-out ZADDs skipped for inactive followers; [\d,]+ feeds regenerated at a first read \([\d,]+ entries\), p50 /);
  });

  it('without activeShare the report carries none of it, and every skipped ZADD is sent', async () => {
    await engine.load(scenario({ graph: { kind: 'generator', users: 200, avgFollows: 8 }, workload: { durationSec: 3, postsPerSec: 30, readsPerSec: 40, pageSize: 10 } }), 'inline', ROOT);
    await engine.setSpeed('max');
    await engine.runToEnd();
    const report = await engine.report();
    // The same scenario and seed as above: the same posts, so the ZADDs are the ones sent there plus the ones skipped.
    expect(report.fanout!.zadds).toBe(previous!.zadds + previous!.skippedInactive!);
    expect(report.fanout).not.toHaveProperty('activeShare');
    expect(report.timeline).not.toHaveProperty('regenerate');
    expect(report.timelineConfig).not.toHaveProperty('activeShare');
    const lines: string[] = [];
    printSummary(report, (l) => lines.push(l));
    expect(lines.some((l) => l.startsWith('Active'))).toBe(false);
  });
});
