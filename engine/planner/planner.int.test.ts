/**
 * The planner against a real run: a 2,000-user scenario (both models, hybrid fan-out) played on a
 * private redis-server and LadybugDB, and predicted from its scenario alone with the costs of the
 * shipped calibration (models/capacity-calibration.json, measured on other runs): used_memory at
 * the end, the fan-out's ZADDs and the Timeline's read commands within 10% of what the run measured.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RANKER_FILE, ROOT } from '../test/helpers.js';
import { readCalibration } from './calibrate.js';
import { fitCosts, measuredReadCommands } from './costs.js';
import { scenarioPlanInputs } from './inputs.js';
import { rungScenario } from './ladder.js';
import { measureScenario } from './measure.js';
import { project } from './project.js';

const SAMPLE_GRAPHS = path.join(ROOT, 'sample-graphs');

describe('capacity planner vs a real 2k-user run', () => {
  it('predicts used_memory, ZADDs and read commands within 10%', async () => {
    const cal = await readCalibration(path.join(ROOT, 'models', 'capacity-calibration.json'));
    expect(cal.runs.every((r) => r.users !== 2000)).toBe(true);
    const scenario = rungScenario({ label: 'test-2k', users: 2000, avgFollows: 60, postsPerSec: 150, readsPerSec: 40, durationSec: 6, hybridFollowerThreshold: 500 }, 77);
    const { run } = await measureScenario('test-2k', scenario, null, { rankerFile: RANKER_FILE, sampleGraphsDir: SAMPLE_GRAPHS });
    const { degrees, workload, replay } = await scenarioPlanInputs(scenario, SAMPLE_GRAPHS, cal);
    const p = project(degrees, workload, fitCosts(cal), replay);
    const err = (predicted: number, measured: number): number => Math.abs(predicted - measured) / measured;
    expect(run.fanoutZadds).toBeGreaterThan(10_000);
    expect(err(p.usedMemory.value, run.usedMemoryEndBytes)).toBeLessThan(0.1);
    expect(err(p.timeline!.totals.zadds, run.fanoutZadds)).toBeLessThan(0.1);
    expect(err(p.timeline!.totals.readCommands, measuredReadCommands(run).timeline)).toBeLessThan(0.1);
    expect(err(p.timeline!.memory.timelines.value, run.timelines.bytes)).toBeLessThan(0.1);
  }, 120_000);
});
