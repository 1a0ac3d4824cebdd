/**
 * `feedscope plan`: the capacity planner (engine/planner/). A fleet from flags, or what a run of
 * a scenario will measure (--scenario), projected from a calibration of real runs; --calibrate
 * measures that calibration on this machine, --validate checks the model on held-out runs.
 */
import { InvalidArgumentError, type Command } from 'commander';
import { errorInfo } from '../errors.js';
import { loadScenarioFile } from '../scenario/index.js';
import { fitCosts } from '../planner/costs.js';
import { defaultCalibrationFile, measureLadder, readCalibration, rungSteps, scale100kStep, scale1mStep, userCalibration, writeCalibration, FIT_RUNGS, HOLDOUT_RUNGS } from '../planner/calibrate.js';
import { scenarioPlanInputs, type FleetInputs } from '../planner/inputs.js';
import { describeMachine, planCapacity } from '../planner/plan.js';
import { project, type Figure, type Projection } from '../planner/project.js';
import { compare, splitRuns, summarize, type ValidationResult } from '../planner/validate.js';
import type { FanoutMode } from '../planner/degrees.js';
import { TWITTER_READS_PER_POST } from '../planner/api.js';
import { bytes, int, table } from './format.js';

/** Rows of figure, value (right-aligned) and where it comes from (left, free length). */
function figureTable(rows: [string, string, string][]): string {
  const w0 = Math.max(...rows.map((r) => r[0].length));
  const w1 = Math.max(...rows.map((r) => r[1].length));
  return rows.map(([a, b, c]) => `  ${a.padEnd(w0)}  ${b.padStart(w1)}   ${c}`).join('\n');
}

export interface PlanPaths {
  root: string;
  sampleGraphsDir: string;
  rankerFile: string;
}


function positive(v: string): number {
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('expected a positive number (1e8 and 100000000 both work)');
  return n;
}

function sizeBytes(v: string): number {
  const m = /^(\d+(?:\.\d+)?(?:e\d+)?)\s*(b|kb|kib|mb|mib|gb|gib|tb|tib)?$/i.exec(v.trim());
  if (!m) throw new InvalidArgumentError('expected a size such as 12GB, 64GiB or 12000000000');
  const unit = (m[2] ?? 'b').toLowerCase();
  const k: Record<string, number> = { b: 1, kb: 1e3, kib: 2 ** 10, mb: 1e6, mib: 2 ** 20, gb: 1e9, gib: 2 ** 30, tb: 1e12, tib: 2 ** 40 };
  return Number(m[1]) * k[unit];
}

function oneOf<T extends string>(values: readonly T[]): (v: string) => T {
  return (v) => {
    if (!(values as readonly string[]).includes(v)) throw new InvalidArgumentError(`expected one of ${values.join(', ')}`);
    return v as T;
  };
}

function models(v: string): ('timeline' | 'graph')[] {
  const list = v.split(',').map((s) => s.trim());
  if (list.length === 0 || list.some((m) => m !== 'timeline' && m !== 'graph')) throw new InvalidArgumentError('expected timeline, graph or timeline,graph');
  return list as ('timeline' | 'graph')[];
}

interface PlanOptions {
  users: number; follows: number; followsExponent: number; postsPerDay?: number; readsPerDay?: number; pageSize: number; maxLen?: number;
  mode: FanoutMode; preset: FleetInputs['preset']; hybridThreshold?: number; days: number; models: ('timeline' | 'graph')[];
  nodeMemory?: number; nodeOps?: number; fanoutThroughput?: number; scenario?: string; calibrate?: boolean; validate?: boolean; skip100k?: boolean; with1m?: boolean;
  calibration?: string; json?: boolean;
}


const mark = (f: Figure): string => (f.extrapolated ? ' *' : '');
const perSec = (x: number): string => `${x >= 100 ? int(x) : x.toFixed(2)}/s`;

export function projectionLines(p: Projection): string[] {
  const out: string[] = [];
  out.push(`${int(p.users)} users, ${int(p.follows)} follows (${p.degreesFrom}); ${perSec(p.workload.postsPerSec)} posts, ${perSec(p.workload.readsPerSec)} reads; feeds after ${p.workload.horizonSec < 86_400 ? `${int(p.workload.horizonSec)} s` : `${(p.workload.horizonSec / 86_400).toFixed(1)} day(s)`}; ${p.workload.mode}, max ${p.workload.maxLength} entries; node ${bytes(p.workload.nodeMemoryBytes)}`);
  const t = p.timeline;
  if (t) {
    out.push('', 'Timeline model (Redis ZSET fan-out)');
    out.push(figureTable([
      ['memory total', `${bytes(t.memory.total.value)}${mark(t.memory.total)}`, t.memory.total.from],
      ['  timelines', `${bytes(t.memory.timelines.value)}${mark(t.memory.timelines)}`, `${int(t.memory.listpackKeys)} listpack + ${int(t.memory.skiplistKeys)} skiplist, mean ${t.memory.meanEntries.toFixed(1)} entries; ${t.memory.timelines.from}`],
      ['  outboxes', `${bytes(t.memory.outboxes.value)}${mark(t.memory.outboxes)}`, t.memory.outboxes.from],
      ['  keyspace table', `${bytes(t.memory.overhead.value)}${mark(t.memory.overhead)}`, t.memory.overhead.from],
      ['memory per node', `${bytes(t.memory.perNode.value)}${mark(t.memory.perNode)}`, t.memory.perNode.from],
      ['nodes needed', `${int(t.nodes.needed)}`, `${int(t.nodes.forMemory)} for memory, ${int(t.nodes.forOps)} for ops`],
      ['ZADDs per post', t.zaddsPerPost.value.toFixed(2), t.zaddsPerPost.from],
      ['fan-out ZADDs', perSec(t.zaddsPerSec.value), t.zaddsPerSec.from],
      ['top author', `${int(t.topAuthor.followers)} followers`, t.topAuthor.pushed ? `pushed: ${int(t.topAuthor.zaddsAtPost)} ZADDs at its post` : 'pulled (hybrid): no ZADDs, an LRANGE per reader instead'],
      ['top pushed author lag', t.topAuthor.lagMs ? `${int(t.topAuthor.lagMs.value)} ms${mark(t.topAuthor.lagMs)}` : 'n/a', t.topAuthor.lagMs?.from ?? 'no pushed author'],
      ['read commands', perSec(t.readCommandsPerSec.value), t.readCommandsPerSec.from],
      ['all commands', perSec(t.commandsPerSec.value), t.commandsPerSec.from],
    ]));
  }
  const g = p.graph;
  if (g) {
    out.push('', 'Graph model (recall + rank, Redis Streams cache)');
    out.push(figureTable([
      ['memory total', `${bytes(g.memory.total.value)}${mark(g.memory.total)}`, g.memory.total.from],
      ['  feed streams', `${bytes(g.memory.streams.value)}${mark(g.memory.streams)}`, g.memory.streams.from],
      ['  post bodies', `${bytes(g.memory.bodies.value)}${mark(g.memory.bodies)}`, g.memory.bodies.from],
      ['memory per node', `${bytes(g.memory.perNode.value)}${mark(g.memory.perNode)}`, g.memory.perNode.from],
      ['nodes needed', `${int(g.nodes.needed)}`, `${int(g.nodes.forMemory)} for memory, ${int(g.nodes.forOps)} for ops`],
      ['read commands', perSec(g.readCommandsPerSec.value), g.readCommandsPerSec.from],
      ['all commands', perSec(g.commandsPerSec.value), g.commandsPerSec.from],
      ['graph store on disk', g.storeBytes ? `${bytes(g.storeBytes.value)}${mark(g.storeBytes)}` : 'n/a', g.storeBytes?.from ?? 'no graph store measured'],
      ['recall per read', g.recall ? `p50 ${g.recall.p50Ms.toFixed(1)} / p99 ${g.recall.p99Ms.toFixed(1)} ms` : 'n/a', g.recall ? `measured at ${int(g.recall.measuredAtUsers)} users (graph.recall.* spans), not projected` : ''],
    ]));
  }
  out.push('', `* extrapolated: costs measured on ${int(p.costsFrom.usersRange[0])}-${int(p.costsFrom.usersRange[1])} users (${p.costsFrom.runs.join(', ')}) applied beyond that range or at feed lengths not measured.`);
  return out;
}

function validationLines(v: ValidationResult): string[] {
  const pct = (x: number): string => `${x > 0 ? '+' : ''}${x.toFixed(1)}%`;
  const fmt = (metric: string, x: number): string => (metric.includes('bytes') ? bytes(x) : metric.includes('ms') ? x.toFixed(2) : int(x));
  return [
    `Fitted on ${v.fittedOn.map((f) => `${f.label} (${int(f.users)} users)`).join(', ')}; predicted the held-out runs from their scenarios.`,
    table(['run', 'figure', 'predicted', 'measured', 'error', `goal ${v.goalPct}%`], v.rows.map((r) => [r.run, r.metric, fmt(r.metric, r.predicted), fmt(r.metric, r.measured), pct(r.errorPct), r.goal ? (Math.abs(r.errorPct) <= v.goalPct ? 'ok' : 'MISSED') : 'latency: not modelled'])),
    '',
    v.withinGoal ? `Every memory and command count within ${v.goalPct}%.` : `Some memory or command counts miss the ${v.goalPct}% goal (MISSED above).`,
    ...v.notes,
  ];
}

export function registerPlan(program: Command, paths: PlanPaths, env: NodeJS.ProcessEnv): void {
  program
    .command('plan')
    .description('project Redis memory, fan-out and read commands, and nodes, to a fleet (or predict a scenario\'s run) from calibrated runs')
    .option('--users <n>', 'users (DAU)', positive, 1_000_000)
    .option('--follows <n>', 'mean follows per user', positive, 200)
    .option('--follows-exponent <alpha>', 'power-law exponent of followers per account (the generator\'s followerExponent)', positive, 2.2)
    .option('--posts-per-day <n>', 'posts per day, all users (default: 5 per user)', positive)
    .option('--reads-per-day <n>', `timeline reads per day, all users (default: ${TWITTER_READS_PER_POST} per post, Twitter's 300k reads/s vs ~5k tweets/s)`, positive)
    .option('--page-size <n>', 'items per read', positive, 20)
    .option('--max-len <n>', 'feed length kept by the trim (default: the preset\'s)', positive)
    .option('--mode <mode>', 'push, pull or hybrid', oneOf(['push', 'pull', 'hybrid'] as const), 'push' as FanoutMode)
    .option('--preset <preset>', 'mastodon, stream-framework, bluesky-lossy or custom', oneOf(['mastodon', 'stream-framework', 'bluesky-lossy', 'custom'] as const), 'mastodon' as FleetInputs['preset'])
    .option('--hybrid-threshold <n>', 'hybrid: accounts with this many followers or more are pulled (default 1% of users)', positive)
    .option('--days <n>', 'feeds hold what arrived over this many days (capped by the trim)', positive, 1)
    .option('--models <list>', 'timeline, graph or timeline,graph', models, ['timeline', 'graph'] as ('timeline' | 'graph')[])
    .option('--node-memory <size>', 'memory per Redis node (default: the calibration machine\'s RAM)', sizeBytes)
    .option('--node-ops <n>', 'commands/s per Redis node (default: from the measured Redis CPU per command)', positive)
    .option('--fanout-throughput <n>', 'fan-out ZADDs/s of the deployment, for the top author\'s lag (default: every node\'s measured ZADD+trim rate)', positive)
    .option('--scenario <file>', 'predict what a run of this scenario will measure (used_memory at the end, ZADDs, read commands)')
    .option('--calibrate', 'run the ladder of real runs on private servers and write the calibration file')
    .option('--validate', 'fit on the small runs, predict held-out larger ones (incl. scale-100k), run them and print the errors')
    .option('--skip-100k', 'with --validate: hold out the 30k run only')
    .option('--with-1m', 'with --validate: also hold out scale-1m (30 s; 100M follows to load: minutes, ~4 GB)')
    .option('--calibration <file>', 'calibration file (default: ~/.cache/feedscope/capacity-calibration.json if present, else models/capacity-calibration.json)')
    .option('--json', 'print JSON')
    .action(async (o: PlanOptions) => {
      const out = (s: string): void => void process.stdout.write(`${s}\n`);
      const log = (s: string): void => void process.stderr.write(`${s}\n`);
      try {
        const calFile = o.calibration ?? (o.calibrate ? userCalibration(env) : defaultCalibrationFile(paths.root, env));
        const measure = { rankerFile: paths.rankerFile, sampleGraphsDir: paths.sampleGraphsDir, log, feedscopeVersion: '0.1.0' };
        if (o.calibrate || o.validate) {
          const holdouts = [...rungSteps(HOLDOUT_RUNGS), ...(o.validate && !o.skip100k ? [await scale100kStep(paths.sampleGraphsDir)] : []), ...(o.validate && o.with1m ? [await scale1mStep(paths.sampleGraphsDir)] : [])];
          const steps = [...rungSteps(FIT_RUNGS), ...holdouts];
          const cal = await measureLadder(o.validate ? steps : rungSteps([...FIT_RUNGS, ...HOLDOUT_RUNGS]), measure);
          if (o.calibrate) {
            await writeCalibration(calFile, cal);
            log(`calibration written to ${calFile}`);
            if (!o.validate) return o.json ? out(JSON.stringify(cal, null, 1)) : out(`${cal.runs.length} runs on ${describeMachine(cal)}: ${cal.runs.map((r) => `${r.label} ${int(r.users)} users`).join(', ')}`);
          }
          const { costs, fit, holdout } = splitRuns(cal, FIT_RUNGS.map((r) => r.label));
          const rows = [];
          for (const [i, r] of holdout.entries()) {
            const step = holdouts[i];
            const { degrees, workload, replay } = await scenarioPlanInputs(step.scenario, paths.sampleGraphsDir, cal);
            rows.push(...compare(r, project(degrees, workload, costs, replay), fit, project(degrees, workload, costs)));
          }
          const v = summarize(fit, rows);
          return o.json ? out(JSON.stringify({ machine: describeMachine(cal), measuredAt: cal.measuredAt, ...v }, null, 1)) : validationLines(v).forEach(out);
        }
        const cal = await readCalibration(calFile);
        if (o.scenario) {
          const loaded = await loadScenarioFile(o.scenario, { force: true });
          const { degrees, workload, replay } = await scenarioPlanInputs(loaded.scenario, loaded.baseDir, cal, { nodeMemoryBytes: o.nodeMemory, nodeOpsPerSec: o.nodeOps });
          const p = project(degrees, workload, fitCosts(cal), replay);
          if (o.json) return out(JSON.stringify({ calibration: calFile, projection: p }, null, 1));
          out(`Predicted for a run of ${loaded.file} (calibration ${calFile}, ${describeMachine(cal)}):`);
          out(`  Redis used_memory at the end  ${bytes(p.usedMemory.value)}${mark(p.usedMemory)}  (${p.usedMemory.from})`);
          if (p.timeline) out(`  fan-out ZADDs                 ${int(p.timeline.totals.zadds)}   (report.json fanout.zadds)\n  Timeline read commands        ${int(p.timeline.totals.readCommands)}   (INFO commandstats: ZREVRANGE, ZREVRANGEBYSCORE, LRANGE)`);
          if (p.graph) out(`  Graph read commands           ${int(p.graph.totals.readCommands)}   (INFO commandstats: XREADGROUP, XAUTOCLAIM, XACK, HMGET, XADD, XLEN, XGROUP CREATE)`);
          out('');
          projectionLines(p).forEach(out);
          return;
        }
        const posts = o.postsPerDay ?? o.users * 5;
        const inputs: FleetInputs = {
          users: o.users, follows: o.follows, followsExponent: o.followsExponent, postsPerDay: posts, readsPerDay: o.readsPerDay ?? posts * TWITTER_READS_PER_POST,
          pageSize: o.pageSize, maxLength: o.maxLen, mode: o.mode, preset: o.preset, hybridFollowerThreshold: o.hybridThreshold, days: o.days, models: o.models,
          nodeMemoryBytes: o.nodeMemory, nodeOpsPerSec: o.nodeOps, fanoutThroughput: o.fanoutThroughput,
        };
        const view = planCapacity(inputs, cal);
        if (o.json) return out(JSON.stringify({ calibration: { file: calFile, ...view.calibration }, inputs, projection: view.projection, curve: view.curve, measured: view.measured }, null, 1));
        out(`Calibration ${calFile}: ${view.calibration.measuredAt}, ${view.calibration.machine}, Redis ${view.calibration.redis}`);
        projectionLines(view.projection).forEach(out);
      } catch (err) {
        process.stderr.write(`feedscope: ${errorInfo(err).message}\n`);
        process.exit(1);
      }
    });
}
