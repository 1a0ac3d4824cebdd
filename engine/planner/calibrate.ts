/**
 * `feedscope plan --calibrate` and `--validate`: the ladder of real runs (ladder.ts) measured on
 * private servers (measure.ts), written as a calibration file; and the held-out check: fit on the
 * small rungs, predict the larger ones from their scenarios alone, run them, compare.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { FeedscopeError } from '../errors.js';
import { parseScenarioText } from '../scenario/load.js';
import type { Scenario } from '../scenario/schema.js';
import { CalibrationFileSchema, type CalibrationFile, type CalibrationRun } from './calibration.js';
import { FIT_RUNGS, HOLDOUT_RUNGS, rungScenario, SCALE_100K_SECONDS, type Rung } from './ladder.js';
import { machineInfo, measureScenario, type MeasureOptions } from './measure.js';

export interface LadderStep {
  label: string;
  scenario: Scenario;
  file: string | null;
}

export function rungSteps(rungs: readonly Rung[]): LadderStep[] {
  return rungs.map((r) => ({ label: r.label, scenario: rungScenario(r), file: null }));
}

/** sample-graphs/scale-100k.json, shortened to `seconds` of simulated time. */
export function scale100kStep(sampleGraphsDir: string, seconds = SCALE_100K_SECONDS): Promise<LadderStep> {
  return sampleStep(sampleGraphsDir, 'scale-100k', seconds);
}

/** sample-graphs/scale-1m.json (100M follows: about 20 minutes of loading on a busy 2-core machine), shortened. */
export function scale1mStep(sampleGraphsDir: string, seconds = 30): Promise<LadderStep> {
  return sampleStep(sampleGraphsDir, 'scale-1m', seconds);
}

async function sampleStep(sampleGraphsDir: string, name: string, seconds: number): Promise<LadderStep> {
  const file = path.join(sampleGraphsDir, `${name}.json`);
  const scenario = parseScenarioText(await readFile(file, 'utf8'), file);
  scenario.workload.durationSec = seconds;
  return { label: `${name} (${seconds} s)`, scenario, file };
}

/** Measures each step in turn (one private Redis each) and returns the calibration file's content. */
export async function measureLadder(steps: readonly LadderStep[], o: MeasureOptions & { feedscopeVersion: string }): Promise<CalibrationFile> {
  const runs: CalibrationRun[] = [];
  let redis = '';
  let store: string | null = null;
  let probes: CalibrationFile['probes'] | null = null;
  for (const [i, s] of steps.entries()) {
    o.log?.(`calibration run ${i + 1}/${steps.length}: ${s.label}`);
    const m = await measureScenario(s.label, s.scenario, s.file, { ...o, probe: probes === null });
    runs.push(m.run);
    probes ??= m.probes;
    redis = m.redisVersion;
    store = m.graphStoreVersion ?? store;
  }
  return {
    kind: 'feedscope-capacity-calibration',
    version: 1,
    measuredAt: new Date().toISOString(),
    machine: machineInfo(),
    versions: { feedscope: o.feedscopeVersion, node: process.version, redis, graphStore: store },
    runs,
    probes: probes ?? { zset: [], list: [] },
  };
}

export async function writeCalibration(file: string, c: CalibrationFile): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, `${JSON.stringify(c, null, 1)}\n`);
}

export async function readCalibration(file: string): Promise<CalibrationFile> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new FeedscopeError('CALIBRATION_MISSING', `No calibration file at ${file}: run \`feedscope plan --calibrate\` to measure one on this machine, or pass --calibration FILE.`, { cause: err });
  }
  const parsed = CalibrationFileSchema.safeParse(JSON.parse(text));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new FeedscopeError('CALIBRATION_INVALID', `${file} is not a calibration file (at ${issue.path.join('.') || '(root)'}: ${issue.message}): run \`feedscope plan --calibrate\` to write it again.`);
  }
  return parsed.data;
}

export { FIT_RUNGS, HOLDOUT_RUNGS };

/** The calibration shipped with the checkout (measured on the machine named inside it). */
export function shippedCalibration(root: string): string {
  return path.join(root, 'models', 'capacity-calibration.json');
}

/** This machine's own calibration (`plan --calibrate`): $FEEDSCOPE_CACHE_DIR, $XDG_CACHE_HOME/feedscope or ~/.cache/feedscope. */
export function userCalibration(env: NodeJS.ProcessEnv): string {
  const dir = env.FEEDSCOPE_CACHE_DIR || path.join(env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'feedscope');
  return path.join(dir, 'capacity-calibration.json');
}

/** The calibration an entry point uses by default: this machine's own when it has one, else the shipped one. */
export function defaultCalibrationFile(root: string, env: NodeJS.ProcessEnv): string {
  const own = userCalibration(env);
  return existsSync(own) ? own : shippedCalibration(root);
}
