/**
 * Held-out validation: costs fitted on the small runs only, projections made from the larger
 * runs' scenarios alone (their graphs and rates, nothing they measured), then set beside what
 * those runs measured. Pure comparison here; the runs are calibrate.ts's.
 */
import type { CalibrationFile, CalibrationRun } from './calibration.js';
import { fitCosts, measuredReadCommands, type UnitCosts } from './costs.js';
import type { Projection } from './project.js';

/** The goal on memory and command counts (issue 13): within 10%. */
export const VALIDATION_GOAL_PCT = 10;

export interface ValidationRow {
  run: string;
  users: number;
  metric: string;
  predicted: number;
  measured: number;
  /** (predicted - measured) / measured, percent. */
  errorPct: number;
  /** Memory and command counts (from the replayed draws) have the 10% goal; latency and the expected-draw rows are reported beside them. */
  goal: boolean;
}

export interface ValidationResult {
  fittedOn: { label: string; users: number }[];
  rows: ValidationRow[];
  goalPct: number;
  /** Every goal row within the goal. */
  withinGoal: boolean;
  notes: string[];
}

/** (predicted - measured) / measured in percent, to 0.01 (100 when only the measurement is 0). */
export function errorPct(predicted: number, measured: number): number {
  const e = measured === 0 ? (predicted === 0 ? 0 : 100) : ((predicted - measured) / measured) * 100;
  return Math.round(e * 100) / 100;
}

function row(run: CalibrationRun, metric: string, predicted: number, measured: number, goal: boolean): ValidationRow {
  return { run: run.label, users: run.users, metric, predicted, measured, errorPct: errorPct(predicted, measured), goal };
}

/** The rows comparing one projection with the run it predicted. */
export function compare(run: CalibrationRun, p: Projection, fitted: readonly CalibrationRun[], expected?: Projection): ValidationRow[] {
  const rows: ValidationRow[] = [row(run, 'Redis used_memory at the end (bytes)', p.usedMemory.value, run.usedMemoryEndBytes, true)];
  const reads = measuredReadCommands(run);
  if (p.timeline) {
    rows.push(row(run, 'timeline ZSETs, MEMORY USAGE (bytes)', p.timeline.memory.timelines.value, run.timelines.bytes, true));
    rows.push(row(run, 'fan-out ZADDs', p.timeline.totals.zadds, run.fanoutZadds, true));
    rows.push(row(run, 'Timeline read commands', p.timeline.totals.readCommands, reads.timeline, true));
  }
  if (p.graph) {
    rows.push(row(run, 'feed streams, MEMORY USAGE (bytes)', p.graph.memory.streams.value, run.streams.bytes, true));
    rows.push(row(run, 'Graph read commands', p.graph.totals.readCommands, reads.graph, true));
  }
  // The same projection with expected draws (the fleet model): how much of a short run is the luck of the draw.
  if (expected?.timeline) rows.push(row(run, 'fan-out ZADDs, expected draws (fleet model)', expected.timeline.totals.zadds, run.fanoutZadds, false));
  if (expected) rows.push(row(run, 'used_memory, expected draws (fleet model)', expected.usedMemory.value, run.usedMemoryEndBytes, false));
  // Latency is not modelled: the largest fitted run's p99 stands in, and the error says how far it is.
  const largest = [...fitted].sort((a, b) => b.users - a.users)[0];
  if (largest?.timelineReadLatency && run.timelineReadLatency) rows.push(row(run, 'Timeline read p99 (ms)', largest.timelineReadLatency.p99Ms, run.timelineReadLatency.p99Ms, false));
  if (largest?.graphReadLatency && run.graphReadLatency) rows.push(row(run, 'Graph read p99 (ms)', largest.graphReadLatency.p99Ms, run.graphReadLatency.p99Ms, false));
  return rows;
}

/** Splits a measured ladder into fit and held-out runs by label. */
export function splitRuns(c: CalibrationFile, fitLabels: readonly string[]): { costs: UnitCosts; fit: CalibrationRun[]; holdout: CalibrationRun[] } {
  const fit = c.runs.filter((r) => fitLabels.includes(r.label));
  const holdout = c.runs.filter((r) => !fitLabels.includes(r.label));
  return { costs: fitCosts(c, (r) => fitLabels.includes(r.label)), fit, holdout };
}

export function summarize(fit: readonly CalibrationRun[], rows: ValidationRow[]): ValidationResult {
  return {
    fittedOn: fit.map((r) => ({ label: r.label, users: r.users })),
    rows,
    goalPct: VALIDATION_GOAL_PCT,
    withinGoal: rows.filter((r) => r.goal).every((r) => Math.abs(r.errorPct) <= VALIDATION_GOAL_PCT),
    notes: [
      'Predictions use the held-out scenarios only (their generated graphs and their rates); the costs come from the fit runs.',
      'Posts and reads are Poisson draws: the predictions use the expected counts (rates x duration), so a few percent of every error is the draw.',
      'p99 is not modelled (it depends on the machine\'s load and the run\'s concurrency): the largest fit run\'s p99 is shown beside the measured one.',
    ],
  };
}
