/**
 * report.json `capacity`: the capacity planner (engine/planner/) run on this run's own scenario,
 * exactly as `feedscope plan --scenario FILE` runs it (graphPlanInputs: the scenario's graph, its
 * seeded events replayed; costs fitted on the calibration file), over the simulated seconds the
 * run played, set beside what the run measured: used_memory, the fan-out's ZADDs, read commands
 * (INFO commandstats since the load). The plots' curves are planCapacity's, the app's Capacity
 * panel's, for the scenario's per-user rates. Reads the calibration file; the rest is pure.
 */
import type { CapacityRow, CapacityReport, Report } from '../api/report.js';
import { errorInfo } from '../errors.js';
import { readCalibration } from '../planner/calibrate.js';
import { fitCosts, readCommandsOf } from '../planner/costs.js';
import { DAY_SEC, graphPlanInputs, type FleetInputs } from '../planner/inputs.js';
import { describeMachine, planCapacity, workloadCalls } from '../planner/plan.js';
import { project, type Figure, type Projection } from '../planner/project.js';
import { errorPct } from '../planner/validate.js';
import type { SocialGraph } from '../scenario/graph.js';
import type { Scenario } from '../scenario/schema.js';
import { resolveTimelineConfig } from '../timeline/presets.js';

export interface CapacityInput {
  /** The entry point's calibration (EngineOptions.capacityCalibrationFile); null: none configured. */
  calibrationFile: string | null;
  /** The follow graph the run built (the planner replays the run's events over it). */
  social: SocialGraph;
  /** Calls per command since the load (CommandsSinceLoad); null: not measured. */
  commandsSinceLoad: Record<string, { calls: number }> | null;
  /** Masters of the run's cluster; null on one server. */
  clusterMasters: number | null;
}

const unprojected = (reason: string): CapacityReport => ({ projected: false, reason });

/** The planner's prediction for this run and the run's measurements (see the file comment). */
export async function capacityReport(report: Report, scenario: Scenario, input: CapacityInput): Promise<CapacityReport> {
  if (input.clusterMasters !== null) {
    return unprojected(`this run's Redis was a cluster of ${input.clusterMasters} masters, and the planner predicts what one server holds and executes (used_memory, INFO commandstats; \`feedscope plan\` gives the nodes needed from those). Play the scenario on one server to check the planner on it.`);
  }
  if (!input.calibrationFile) {
    return unprojected('no calibration file was configured (EngineOptions.capacityCalibrationFile): the app and `feedscope run` use models/capacity-calibration.json, or this machine\'s own from `feedscope plan --calibrate`.');
  }
  const horizonSec = report.run.simulatedMs / 1000;
  if (horizonSec <= 0) return unprojected('nothing has played yet (0 simulated seconds): play the scenario, then export the report again.');
  let cal;
  try {
    cal = await readCalibration(input.calibrationFile);
  } catch (err) {
    return unprojected(errorInfo(err).message);
  }
  // The events of the seconds played: EventStream draws tick by tick, so a shorter duration is a prefix of the same stream.
  const played: Scenario = { ...scenario, workload: { ...scenario.workload, durationSec: horizonSec } };
  const costs = fitCosts(cal);
  const { degrees, workload, replay } = graphPlanInputs(played, input.social, cal);
  const p = project(degrees, workload, costs, replay);
  const view = planCapacity(fleetInputs(played, input.social), cal);
  const commands = input.commandsSinceLoad;
  const reads = commands ? readCommandsOf(commands) : null;
  const measuredCommandsPerSec = commands ? workloadCalls(commands) / horizonSec : null;
  const FROM_COMMANDSTATS = 'INFO commandstats since the load';
  const rows: CapacityRow[] = [row('Redis used_memory at the end', 'bytes', p.usedMemory.value, p.usedMemory, report.memory.usedMemoryBytes, 'INFO memory used_memory at the report (memory.usedMemoryBytes)')];
  const t = p.timeline;
  const g = p.graph;
  if (t) {
    rows.push(row('fan-out ZADDs', 'commands', t.totals.zadds, t.zaddsPerPost, report.fanout?.zadds ?? null, 'the fan-out\'s counter (fanout.zadds)'));
    rows.push(row('Timeline read commands', 'commands', t.totals.readCommands, t.readCommandsPerSec, reads?.timeline ?? null, `${FROM_COMMANDSTATS}: ZREVRANGE, ZREVRANGEBYSCORE, LRANGE`));
  }
  if (g) rows.push(row('Graph read commands', 'commands', g.totals.readCommands, g.readCommandsPerSec, reads?.graph ?? null, `${FROM_COMMANDSTATS}: XREADGROUP, XAUTOCLAIM, XACK, HMGET, XADD, XLEN, XGROUP CREATE`));
  const all = [t?.commandsPerSec, g?.commandsPerSec].filter((f): f is Figure => f !== undefined);
  rows.push(row('all commands per simulated second', 'commands/s', totalCommandsPerSec(p), { from: all.map((f) => f.from).join('; '), extrapolated: all.some((f) => f.extrapolated) }, measuredCommandsPerSec, `${FROM_COMMANDSTATS}, every command but INFO, SCAN, MEMORY USAGE and lengths, over ${horizonSec} s`));
  return {
    projected: true,
    calibration: { file: input.calibrationFile, ...view.calibration },
    horizonSec,
    scenarioDurationSec: scenario.workload.durationSec,
    rows,
    run: { users: report.graph.users, usedMemoryBytes: report.memory.usedMemoryBytes, commandsPerSec: measuredCommandsPerSec },
    projection: p,
    curve: view.curve,
    measured: view.measured,
    measuredRange: view.measuredRange,
    commands: commands ? Object.fromEntries(Object.entries(commands).map(([k, v]) => [k, v.calls])) : null,
    notes: notes(report, scenario, p, commands !== null, describeMachine(cal)),
  };
}

/** `planned`: the projection's figure the prediction comes from (its total may be over the horizon, the figure per second). */
function row(metric: string, unit: CapacityRow['unit'], predicted: number, planned: Pick<Figure, 'from' | 'extrapolated'>, measured: number | null, measuredFrom: string): CapacityRow {
  return { metric, unit, predicted, plannedFrom: planned.from, extrapolated: planned.extrapolated, measured, errorPct: measured === null ? null : errorPct(predicted, measured), measuredFrom };
}

function totalCommandsPerSec(p: Projection): number {
  return (p.timeline?.commandsPerSec.value ?? 0) + (p.graph?.commandsPerSec.value ?? 0);
}

/** The scenario as the fleet model's inputs: its users and mean follows, its rates per user, its feed settings, over the seconds played. */
function fleetInputs(s: Scenario, g: SocialGraph): FleetInputs {
  const c = resolveTimelineConfig(s.timeline);
  const w = s.workload;
  const celebrityPerSec = w.celebrityPosting ? (w.celebrityPosting.topAuthors * w.celebrityPosting.postsPerMinute) / 60 : 0;
  return {
    users: g.users,
    follows: g.edges / g.users,
    followsExponent: s.graph.kind === 'generator' ? s.graph.followerExponent : 2.2,
    postsPerDay: (w.postsPerSec + celebrityPerSec) * DAY_SEC,
    readsPerDay: w.readsPerSec * DAY_SEC,
    pageSize: w.pageSize,
    maxLength: c.maxLength,
    mode: c.mode,
    preset: s.timeline.preset,
    hybridFollowerThreshold: c.hybridFollowerThreshold,
    days: w.durationSec / DAY_SEC,
    models: s.models,
  };
}

/** What the planner leaves out of this run, so a reader knows what an error may hold. */
function notes(r: Report, s: Scenario, p: Projection, commandsMeasured: boolean, machine: string): string[] {
  const out: string[] = [`Costs from the calibration measured on ${machine}; the prediction uses this scenario alone (its ${p.degreesFrom}, its seeded events replayed), nothing this run measured.`];
  if (p.usedMemory.extrapolated) out.push(`Extrapolated: ${p.users.toLocaleString('en-US')} users or these feed lengths lie beyond the calibration's ${p.costsFrom.usersRange.map((u) => u.toLocaleString('en-US')).join('-')} users.`);
  if (s.graph.kind === 'edgeList') out.push('The graph is an imported edge list: the prediction uses its real degrees; the curves use the generator model with a follower exponent of 2.2 at its mean follows.');
  if (!commandsMeasured) out.push('Commands were not measured (INFO commandstats could not be read at the load and at the report): those rows have no measurement.');
  else out.push('Commands are those of every client of this Redis since the load: in the app, the feeds its panels show and the key browser are read from Redis too, so the measured read commands can exceed what the run\'s own reads sent.');
  const missing: string[] = [];
  if ((r.fanout?.droppedLossy ?? 0) > 0) missing.push(`lossy fan-out (${r.fanout!.droppedLossy.toLocaleString('en-US')} ZADDs dropped)`);
  if ((r.fanout?.skippedInactive ?? 0) > 0) missing.push(`inactive users (${r.fanout!.skippedInactive!.toLocaleString('en-US')} ZADDs skipped, feeds regenerated at their first read)`);
  if (r.readCache) missing.push('the Timeline read cache (hits send no ZREVRANGE)');
  if (r.writer) missing.push(`the ${r.writer.kind} writer`);
  if (r.faults) missing.push('faults');
  if (r.migration) missing.push('the gray migration');
  if (r.causality) missing.push('the causality lab');
  if (r.drift) missing.push('the clock drift lab');
  if (missing.length > 0) out.push(`Not modelled by the planner, so part of the error: ${missing.join(', ')}.`);
  return out;
}
