import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CalibrationFileSchema } from './calibration.js';
import { fitCosts } from './costs.js';
import { scenarioPlanInputs } from './inputs.js';
import { rungScenario } from './ladder.js';
import { project } from './project.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

describe('projection', async () => {
  const cal = CalibrationFileSchema.parse(JSON.parse(await readFile(path.join(ROOT, 'models', 'capacity-calibration.json'), 'utf8')));
  const costs = fitCosts(cal);

  it('expected draws agree with a scenario\'s replayed draws when the run is long enough to average out', async () => {
    const s = rungScenario({ label: 't', users: 3000, avgFollows: 30, postsPerSec: 400, readsPerSec: 200, durationSec: 60, hybridFollowerThreshold: 600 }, 5);
    const { degrees, workload, replay } = await scenarioPlanInputs(s, path.join(ROOT, 'sample-graphs'), cal);
    const replayed = project(degrees, workload, costs, replay);
    const expected = project(degrees, workload, costs);
    expect(replayed.draws).toBe('replayed events');
    const near = (a: number, b: number, tol: number): boolean => Math.abs(a - b) / b < tol;
    expect(near(expected.timeline!.totals.zadds, replayed.timeline!.totals.zadds, 0.05)).toBe(true);
    expect(near(expected.timeline!.memory.timelines.value, replayed.timeline!.memory.timelines.value, 0.05)).toBe(true);
    expect(near(expected.timeline!.totals.readCommands, replayed.timeline!.totals.readCommands, 0.05)).toBe(true);
    // Feed streams grow with refreshes: the replay counts them by the reader's rule, the fleet
    // model estimates them from the reads' mean gap (here 14% fewer), so they are held apart.
    const streams = (p: typeof replayed): number => p.graph!.memory.streams.value;
    expect(near(expected.usedMemory.value - streams(expected), replayed.usedMemory.value - streams(replayed), 0.05)).toBe(true);
    expect(near(streams(expected), streams(replayed), 0.2)).toBe(true);
    expect(replay.graphRefreshes).toBeGreaterThan(replay.distinctReaders);
    // Feeds of 30 follows x 8 posts each: past listpack's 128 for many users.
    expect(replayed.timeline!.memory.skiplistKeys).toBeGreaterThan(0);
    expect(replayed.timeline!.memory.listpackKeys).toBeGreaterThan(0);
  });

  it('flags what lies beyond the calibration\'s users', async () => {
    const s = rungScenario({ label: 't', users: 2000, avgFollows: 20, postsPerSec: 50, readsPerSec: 20, durationSec: 5, hybridFollowerThreshold: 500 }, 6);
    const { degrees, workload } = await scenarioPlanInputs(s, path.join(ROOT, 'sample-graphs'), cal);
    expect(project(degrees, workload, costs).timeline!.memory.timelines.extrapolated).toBe(false);
    const big = { ...degrees, users: costs.usersRange[1] * 10 };
    expect(project(big, workload, costs).timeline!.memory.timelines.extrapolated).toBe(true);
  });
});
