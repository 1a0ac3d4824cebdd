/**
 * The planner behind `feedscope plan` and the app's Capacity panel: a calibration in, a
 * projection for the given fleet out, plus the curves of the plots (memory and commands/s
 * against users, per-user rates held fixed) and the calibration runs as measured points beside
 * what the model says for each of them. Pure once the calibration file is read.
 */
import type { CalibrationFile, CalibrationRun } from './calibration.js';
import { fitCosts, type UnitCosts } from './costs.js';
import { generatorDegrees } from './degrees.js';
import { fleetPlanInputs, graphDefaults, type FleetInputs } from './inputs.js';
import { project, type Projection, type Workload } from './project.js';

export interface CapacityPoint {
  users: number;
  timelineMemoryBytes: number | null;
  graphMemoryBytes: number | null;
  timelineCommandsPerSec: number | null;
  graphCommandsPerSec: number | null;
  /** One server holding every model's keys (Projection.usedMemory), and every model's commands/s: what a run measures. */
  usedMemoryBytes: number;
  commandsPerSec: number;
  /** Past the largest calibration run. */
  extrapolated: boolean;
}

export interface MeasuredPoint {
  label: string;
  users: number;
  usedMemoryBytes: number;
  predictedUsedMemoryBytes: number;
  commandsPerSec: number;
  predictedCommandsPerSec: number;
}

export interface CapacityView {
  calibration: { measuredAt: string; machine: string; redis: string; graphStore: string | null; runs: { label: string; users: number; follows: number }[] };
  inputs: FleetInputs;
  projection: Projection;
  curve: CapacityPoint[];
  measured: MeasuredPoint[];
  measuredRange: [number, number];
}

export function describeMachine(c: CalibrationFile): string {
  const m = c.machine;
  return `${m.cpuModel}, ${m.cores} cores, ${(m.ramBytes / 2 ** 30).toFixed(1)} GiB RAM (${m.platform}), load ${m.loadAverage1m}`;
}

/** The model's view of a calibration run from its recorded shape alone (generator degrees, its rates). */
export function runProjection(r: CalibrationRun, costs: UnitCosts): Projection {
  const mode = r.mode === 'push' || r.mode === 'pull' || r.mode === 'hybrid' ? r.mode : 'push';
  const degrees = generatorDegrees({ users: r.users, meanFollows: r.meanFollows, exponent: 2.2, mode, hybridFollowerThreshold: r.hybridFollowerThreshold });
  const w: Workload = {
    postsPerSec: r.posts / r.durationSec,
    readsPerSec: r.reads / r.durationSec,
    horizonSec: r.durationSec,
    pageSize: r.pageSize,
    maxLength: r.maxLength,
    outboxMaxLength: r.outboxMaxLength,
    trimProbability: 1,
    mode,
    pagesPerRead: 1,
    models: r.models.filter((m): m is 'timeline' | 'graph' => m === 'timeline' || m === 'graph'),
    nodeMemoryBytes: Number.MAX_SAFE_INTEGER,
    nodeOpsPerSec: null,
    fanoutThroughput: null,
    ...graphDefaults(),
  };
  return project(degrees, w, costs);
}

/** Commands the measurement itself sends (INFO, SCAN, MEMORY USAGE, lengths...), not the workload's. */
const MEASUREMENT_COMMANDS = new Set(['info', 'config|resetstat', 'scan', 'type', 'object|encoding', 'memory|usage', 'zcard', 'llen', 'xlen', 'hlen', 'exists']);

/** The workload's calls among calls per command name (commandstats): every command but the measurement's own. */
export function workloadCalls(commands: Readonly<Record<string, { calls: number }>>): number {
  return Object.entries(commands).filter(([k]) => !MEASUREMENT_COMMANDS.has(k)).reduce((s, [, v]) => s + v.calls, 0);
}

function commandsPerSec(r: CalibrationRun): number {
  return workloadCalls(r.commands) / r.durationSec;
}

const CURVE_DECADES = [1e3, 3e3, 1e4, 3e4, 1e5, 3e5, 1e6, 3e6, 1e7, 3e7, 1e8, 3e8, 1e9];

export function planCapacity(inputs: FleetInputs, cal: CalibrationFile): CapacityView {
  const costs = fitCosts(cal);
  const { degrees, workload } = fleetPlanInputs(inputs, cal);
  const projection = project(degrees, workload, costs);
  const perUserPosts = inputs.postsPerDay / inputs.users;
  const perUserReads = inputs.readsPerDay / inputs.users;
  const top = Math.max(inputs.users, 1e9);
  const sizes = [...new Set([...CURVE_DECADES.filter((u) => u <= top && u > inputs.follows + 1), inputs.users])].sort((a, b) => a - b);
  const curve = sizes.map((users): CapacityPoint => {
    const p = users === inputs.users ? projection : project(...spread(fleetPlanInputs({ ...inputs, users, postsPerDay: perUserPosts * users, readsPerDay: perUserReads * users, hybridFollowerThreshold: inputs.hybridFollowerThreshold ? Math.round((inputs.hybridFollowerThreshold / inputs.users) * users) : undefined }, cal)), costs);
    return {
      users,
      timelineMemoryBytes: p.timeline?.memory.total.value ?? null,
      graphMemoryBytes: p.graph?.memory.total.value ?? null,
      timelineCommandsPerSec: p.timeline?.commandsPerSec.value ?? null,
      graphCommandsPerSec: p.graph?.commandsPerSec.value ?? null,
      usedMemoryBytes: p.usedMemory.value,
      commandsPerSec: (p.timeline?.commandsPerSec.value ?? 0) + (p.graph?.commandsPerSec.value ?? 0),
      extrapolated: users > costs.usersRange[1],
    };
  });
  const measured = cal.runs.map((r): MeasuredPoint => {
    const p = runProjection(r, costs);
    return { label: r.label, users: r.users, usedMemoryBytes: r.usedMemoryEndBytes, predictedUsedMemoryBytes: p.usedMemory.value, commandsPerSec: commandsPerSec(r), predictedCommandsPerSec: (p.timeline?.commandsPerSec.value ?? 0) + (p.graph?.commandsPerSec.value ?? 0) };
  });
  return {
    calibration: { measuredAt: cal.measuredAt, machine: describeMachine(cal), redis: cal.versions.redis, graphStore: cal.versions.graphStore, runs: cal.runs.map((r) => ({ label: r.label, users: r.users, follows: r.follows })) },
    inputs,
    projection,
    curve,
    measured,
    measuredRange: costs.usersRange,
  };
}

function spread(x: { degrees: Parameters<typeof project>[0]; workload: Workload }): [Parameters<typeof project>[0], Workload] {
  return [x.degrees, x.workload];
}
