/**
 * The `feedscope` command line: headless runs with a report, scenario validation. The only place
 * of the engine that reads the environment (REDIS_URL, NEO4J_*), as an entry point should.
 */
import { faultSummaryLines } from '../faults/summary.js';
import { mkdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, InvalidArgumentError } from 'commander';
import { graphCacheDir } from '../cacheDir.js';
import { Engine } from '../Engine.js';
import { errorInfo, FeedscopeError } from '../errors.js';
import { runCommand } from '../commands.js';
import type { ClusterTarget } from '../redis/clusterConnect.js';
import { clusterSummaryLines } from './clusterSummary.js';
import { timelineSummaryLines } from '../timeline/summary.js';
import { Neo4jServer } from '../backends/Neo4jServer.js';
import type { Frame, Speed } from '../api.js';
import { buildGraph, describeEstimate, graphStats, loadScenarioFile } from '../scenario/index.js';
import { parsePrefix } from './prefixOption.js';
import type { Report } from '../report/report.js';
import { renderReportHtml } from '../report/html.js';
import { registerClaims } from './claims.js';
import { registerCompare } from './compare.js';
import { correctnessSummaryLines, registerCausality, writeCausalityFiles } from './causality.js';
import { bytes, int, ms, table } from './format.js';
import { writeFlameFiles } from './flameFiles.js';
import { registerInspect } from './inspect.js';
import { registerAnalyze } from './analyze.js';
import { registerPlan } from './plan.js';
import { defaultCalibrationFile } from '../planner/calibrate.js';
import type { GraphStoreOptions } from '../backends/GraphStore.js';
import { graphSummaryLines } from '../graphfeed/summary.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const SAMPLE_GRAPHS_DIR = path.join(ROOT, 'sample-graphs');
export const BENCH_RESULTS_DIR = path.join(ROOT, 'bench', 'results');
export const RANKER_FILE = path.join(ROOT, 'models', 'ranker.onnx');

function parseSpeed(v: string): Speed {
  if (v === 'max') return 'max';
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0.1 || n > 1000) throw new InvalidArgumentError('expected "max" or a factor between 0.1 and 1000');
  return n;
}

interface ReshardAt { atSec: number; slots: number }
interface RunOptions { report?: string; speed: Speed; redisUrl?: string; prefix: string; json?: boolean; keep?: boolean; force?: boolean; cluster?: number; clusterReplicas: 0 | 1; redisCluster?: string; reshardAt: ReshardAt[]; graphStore?: 'ladybug' | 'neo4j'; neo4j?: 'local' }

function parseStoreKind(v: string): 'ladybug' | 'neo4j' {
  if (v !== 'ladybug' && v !== 'neo4j') throw new InvalidArgumentError('expected ladybug or neo4j');
  return v;
}

function parseNeo4jWhere(v: string): 'local' {
  if (v !== 'local') throw new InvalidArgumentError('expected "local" (for a server of your own, set NEO4J_URI instead)');
  return v;
}

function parseClusterSize(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 6) throw new InvalidArgumentError('expected a number of masters from 1 to 6');
  return n;
}

function parseReplicas(v: string): 0 | 1 {
  if (v !== '0' && v !== '1') throw new InvalidArgumentError('expected 0 or 1');
  return v === '1' ? 1 : 0;
}

function collectReshard(v: string, prev: ReshardAt[]): ReshardAt[] {
  const m = /^(\d+(?:\.\d+)?):(\d+)$/.exec(v);
  if (!m || Number(m[2]) < 1 || Number(m[2]) > 16384) throw new InvalidArgumentError('expected SECONDS:SLOTS, e.g. 10:1000 (1 to 16384 slots)');
  return [...prev, { atSec: Number(m[1]), slots: Number(m[2]) }];
}

/** --cluster N (private), --redis-cluster / REDIS_CLUSTER_NODES (existing), or none. */
function clusterTarget(o: RunOptions, env: NodeJS.ProcessEnv): ClusterTarget | undefined {
  const seeds = o.redisCluster ?? env.REDIS_CLUSTER_NODES;
  if (o.cluster && seeds) throw new InvalidArgumentError('--cluster starts a private cluster and --redis-cluster (or REDIS_CLUSTER_NODES) names an existing one: give one of them');
  if (o.cluster) return { nodes: o.cluster, replicas: o.clusterReplicas };
  if (seeds) {
    const list = seeds.split(',').map((s) => s.trim()).filter(Boolean);
    const bad = list.find((s) => !/^[^:\s]+:\d{1,5}$/.test(s));
    if (bad !== undefined || list.length === 0) throw new InvalidArgumentError(`--redis-cluster expects host:port[,host:port...]; "${bad ?? seeds}" is not host:port`);
    return { seeds: list };
  }
  return undefined;
}

/** --report DIR must be a directory (or not exist yet): checked before the run, not after it. */
async function checkReportDir(dir: string): Promise<void> {
  const s = await stat(dir).catch(() => null);
  if (s && !s.isDirectory()) throw new FeedscopeError('REPORT_DIR_IS_A_FILE', `--report ${dir} is a file, not a directory: give a directory for report.json and report.html (it is created if missing).`);
}

/**
 * SIGINT/SIGTERM during a run on a foreign server: close the engine (which removes the prefix's
 * keys unless --keep), then exit 130/143; a second signal, or 15 s, exits at once.
 */
function closeOnSignals(engine: Engine, keep: boolean): void {
  let closing = false;
  for (const [sig, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
    process.on(sig, () => {
      if (closing) process.exit(code);
      closing = true;
      process.stderr.write(`\nfeedscope: ${sig}: stopping${keep ? '' : ' and removing this run\'s keys'} (again to exit at once)\n`);
      setTimeout(() => process.exit(code), 15_000).unref();
      void engine.close().catch(() => undefined).finally(() => process.exit(code));
    });
  }
}

function fail(err: unknown): never {
  const e = errorInfo(err);
  process.stderr.write(`feedscope: ${e.message}\n`);
  process.exit(1);
}

class Progress {
  private lastLine = 0;
  private lastFaults = '';
  constructor(private readonly tty: boolean) {}

  update(f: Frame): void {
    const pct = f.durationMs ? Math.min(1, f.tMs / f.durationMs) : 0;
    const p99 = Math.max(0, ...Object.entries(f.latency).filter(([k]) => /\.read/.test(k)).map(([, v]) => v.p99Ms));
    const width = 24;
    const bar = '#'.repeat(Math.round(pct * width)).padEnd(width, '.');
    const faults = (f.faults ?? []).map((x) => x.label).join(', ');
    const text = `t=${(f.tMs / 1000).toFixed(1)}s/${(f.durationMs / 1000).toFixed(0)}s [${bar}] ${(pct * 100).toFixed(0).padStart(3)}%  ${int(f.eventsPerSec)} ev/s${f.achievedSpeed !== null ? `  ${f.achievedSpeed}x` : ''}${f.behindMs > 0 ? ` (behind ${int(f.behindMs)} ms)` : ''}  read p99 ${ms(p99)} ms${faults ? `  FAULT ${faults}` : ''}`;
    // Without a terminal a line every 2 s, and one whenever the active faults change.
    const faultsChanged = faults !== this.lastFaults;
    this.lastFaults = faults;
    if (this.tty) process.stderr.write(`\r${text}\x1b[K`);
    else if (performance.now() - this.lastLine > 2000 || pct >= 1 || faultsChanged) {
      this.lastLine = performance.now();
      process.stderr.write(`${text}\n`);
    }
  }

  done(): void {
    if (this.tty) process.stderr.write('\n');
  }
}

/** The graph model's store: Neo4j when NEO4J_URI is set (with NEO4J_USER, NEO4J_PASSWORD, NEO4J_DATABASE), else embedded LadybugDB. */
export function graphStoreFromEnv(env: NodeJS.ProcessEnv = process.env): GraphStoreOptions {
  if (!env.NEO4J_URI) return { kind: 'ladybug' };
  return { kind: 'neo4j', uri: env.NEO4J_URI, user: env.NEO4J_USER ?? 'neo4j', password: env.NEO4J_PASSWORD ?? '', database: env.NEO4J_DATABASE || undefined };
}

export function printSummary(r: Report, out: (s: string) => void): void {
  out(`\nScenario   ${r.scenario.name} (seed ${r.scenario.seed}; models ${r.scenario.models.join(', ')})`);
  out(`Redis      ${r.redis.version} on port ${r.redis.port} (${r.redis.url})`);
  out(`Graph      ${int(r.graph.users)} users, ${int(r.graph.follows)} follows (mean ${r.graph.meanFollows}), max in-degree ${int(r.graph.maxInDegree)}, max out-degree ${int(r.graph.maxOutDegree)}`);
  out(`Run        ${(r.run.simulatedMs / 1000).toFixed(1)} s simulated in ${(r.run.wallMs / 1000).toFixed(1)} s; events ${Object.entries(r.run.events).map(([k, v]) => `${k} ${int(v)}`).join(', ')}`);
  for (const [title, ops] of [['Timeline model', r.timeline], ['Graph model', r.graphModel as Report['timeline']]] as const) {
    if (!ops || Object.keys(ops).length === 0) continue;
    out(`\n${title} latency (ms)`);
    out(table(['operation', 'count', 'p50', 'p90', 'p99', 'p999', 'max'], Object.entries(ops).map(([k, s]) => [k, int(s.count), ms(s.p50Ms), ms(s.p90Ms), ms(s.p99Ms), ms(s.p999Ms), ms(s.maxMs)])));
  }
  if (r.fanout) {
    const f = r.fanout as { posts: number; zadds: number; droppedLossy: number; maxLagMs: number; trims: number };
    out(`\nFan-out    ${int(f.posts)} posts -> ${int(f.zadds)} ZADDs (write amplification ${r.writeAmplification}), ${int(f.trims)} trims, ${int(f.droppedLossy)} dropped by lossy fan-out, max lag ${ms(f.maxLagMs)} ms`);
    const a = r.fanout;
    const regen = r.timeline?.regenerate;
    if (a.activeShare !== undefined && a.activeShare < 1) out(`Active     ${(a.activeShare * 100).toFixed(1)}% of users active at t=0: ${int(a.skippedInactive ?? 0)} fan-out ZADDs skipped for inactive followers; ${int(a.regenerations ?? 0)} feeds regenerated at a first read (${int(a.regeneratedEntries ?? 0)} entries)${regen ? `, p50 ${ms(regen.p50Ms)} ms, p99 ${ms(regen.p99Ms)} ms` : ''}`);
  }
  for (const line of timelineSummaryLines(r)) out(line);
  for (const line of graphSummaryLines(r)) out(line);
  for (const line of clusterSummaryLines(r)) out(line);
  for (const line of correctnessSummaryLines(r)) out(line);
  for (const line of faultSummaryLines(r)) out(line);
  out(`\nMemory     used_memory ${bytes(r.memory.usedMemoryBytes)}; by model (sampled keys x users): ${Object.entries(r.memory.byModel).map(([k, v]) => `${k} ${bytes(v)}`).join(', ') || 'n/a'}`);
  if (r.memory.feeds.length > 0) {
    out(table(['sampled feed', 'why', 'encoding', 'entries', 'MEMORY USAGE'], r.memory.feeds.map((f) => [f.key, f.why, f.encoding, int(f.entries), bytes(f.memoryUsageBytes)])));
  }
}

export function buildProgram(): Command {
  const program = new Command();
  program.name('feedscope').description('Feedscope: simulate and inspect social-feed architectures on a real Redis.').showHelpAfterError();

  program
    .command('run')
    .description('play a scenario headless and print (and optionally write) its report')
    .argument('<scenario>', 'scenario JSON file (see sample-graphs/)')
    .option('--report <dir>', 'write DIR/report.json')
    .option('--speed <speed>', '"max" or a factor of real time', parseSpeed, 'max' as Speed)
    .option('--redis-url <url>', 'use this Redis instead of starting a private redis-server (default: $REDIS_URL)')
    .option('--prefix <prefix>', 'key prefix in Redis (ends in ":" or another separator)', parsePrefix, 'fs:')
    .option('--keep', 'leave the run\'s keys on a --redis-url / $REDIS_URL server at exit (default: delete the prefix\'s keys)')
    .option('--force', 'run a scenario even when its estimated memory exceeds this machine\'s')
    .option('--json', 'print report.json to stdout instead of the summary')
    .option('--cluster <n>', 'run on a private Redis Cluster of N masters (1-6), started and stopped by Feedscope', parseClusterSize)
    .option('--cluster-replicas <r>', 'replicas per master of the private cluster (0 or 1)', parseReplicas, 0 as 0 | 1)
    .option('--redis-cluster <seeds>', 'run on an existing Redis Cluster: host:port[,host:port...] (default: $REDIS_CLUSTER_NODES)')
    .option('--graph-store <kind>', 'the graph model\'s store: ladybug (embedded, default) or neo4j (NEO4J_URI, or --neo4j local)', parseStoreKind)
    .option('--neo4j <where>', '"local": start a private Neo4j for this run (needs Java and Maven: see npm run neo4j)', parseNeo4jWhere)
    .option('--reshard-at <seconds:slots>', 'move SLOTS slots from master 0 to master 1 at simulated SECONDS (repeatable; needs a cluster)', collectReshard, [] as ReshardAt[])
    .action(async (file: string, opts: RunOptions) => {
      const cluster = clusterTarget(opts, process.env);
      let neo4j: Neo4jServer | null = null;
      if (opts.neo4j === 'local') {
        process.stderr.write('starting a private Neo4j (tools/neo4j; the first start resolves it from Maven Central)...\n');
        try {
          neo4j = await Neo4jServer.start({ log: (line) => process.stderr.write(`neo4j: ${line}\n`) });
        } catch (err) {
          fail(err);
        }
        process.stderr.write(`Neo4j ${neo4j.version} at ${neo4j.uri} (private)\n`);
      }
      const envStore = graphStoreFromEnv();
      const store: GraphStoreOptions = neo4j ? { kind: 'neo4j', uri: neo4j.uri, user: neo4j.user, password: neo4j.password } : envStore;
      if (opts.graphStore === 'neo4j' && store.kind !== 'neo4j') fail(new FeedscopeError('NEO4J_NOT_CONFIGURED', '--graph-store neo4j needs a Neo4j: add --neo4j local to start one, or set NEO4J_URI (and NEO4J_USER, NEO4J_PASSWORD).'));
      const redisUrl = cluster ? undefined : opts.redisUrl ?? process.env.REDIS_URL ?? undefined;
      const engine = new Engine({ redisUrl, cluster, prefix: opts.prefix, keepKeys: opts.keep === true, sampleGraphsDir: SAMPLE_GRAPHS_DIR, graphStore: opts.graphStore === 'ladybug' ? { kind: 'ladybug' } : store, benchResultsDir: BENCH_RESULTS_DIR, graphCacheDir: graphCacheDir(process.env), rankerFile: RANKER_FILE, reportBaseDir: process.cwd(), capacityCalibrationFile: defaultCalibrationFile(ROOT, process.env) });
      const stopNeo4j = async (): Promise<void> => {
        await neo4j?.stop().catch(() => undefined);
      };
      // On someone else's server an interrupted run still removes its keys (a private one just stops).
      if (redisUrl || (cluster && 'seeds' in cluster)) closeOnSignals(engine, opts.keep === true);
      const progress = new Progress(process.stderr.isTTY === true);
      engine.on((e) => {
        if (e.type === 'frame') progress.update(e.frame);
        if (e.type === 'status' && e.status.loading) process.stderr.write(`loading: ${e.status.loading.stage} ${e.status.loading.done}/${e.status.loading.total}\n`);
      });
      try {
        if (opts.report) await checkReportDir(opts.report);
        const loaded = await loadScenarioFile(file, { force: opts.force === true });
        // --graph-store / --neo4j decide for this run, over the scenario's own "graphStore".
        if (opts.graphStore || neo4j) loaded.scenario.graphStore = opts.graphStore ?? 'neo4j';
        if (opts.reshardAt.length > 0) loaded.scenario.redis.reshards.push(...opts.reshardAt.map((r) => ({ atSec: r.atSec, slots: r.slots, from: 0, to: 1 })));
        const status = await engine.load(loaded.scenario, loaded.file, loaded.baseDir);
        process.stderr.write(`Redis ${status.redis?.version} on port ${status.redis?.port} (${status.redis?.url}); ${int(status.scenario!.users)} users, ${int(status.scenario!.follows)} follows\n`);
        await runCommand(engine, 'setSpeed', { speed: opts.speed });
        await engine.runToEnd();
        progress.done();
        const report = await runCommand(engine, 'getReport', {});
        if (opts.report) {
          await mkdir(opts.report, { recursive: true });
          const out = path.join(opts.report, 'report.json');
          await writeFile(out, `${JSON.stringify(report, null, 2)}\n`);
          await writeFile(path.join(opts.report, 'report.html'), renderReportHtml(report));
          const flames = [...(await writeFlameFiles(opts.report, engine.tracer)), ...(await writeCausalityFiles(opts.report, engine, report))];
          process.stderr.write(`report written to ${out} (and report.html, ${flames.join(', ')})\n`);
        }
        if (opts.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
        else printSummary(report, (s) => process.stdout.write(`${s}\n`));
      } catch (err) {
        progress.done();
        await engine.close().catch(() => undefined);
        await stopNeo4j();
        fail(err);
      }
      await engine.close();
      await stopNeo4j();
    });

  program
    .command('validate')
    .description('check a scenario file and print its graph statistics (exit code 1 on a bad file)')
    .argument('<scenario>', 'scenario JSON file')
    .option('--force', 'accept a scenario whose estimated memory exceeds this machine\'s (and build its graph)')
    .action(async (file: string, opts: { force?: boolean }) => {
      try {
        const { scenario, baseDir, file: abs, estimate } = await loadScenarioFile(file, { force: opts.force === true });
        const g = await buildGraph(scenario, baseDir);
        const s = graphStats(g);
        process.stdout.write(`${abs}: valid\n`);
        process.stdout.write(`  ${scenario.name}: seed ${scenario.seed}, models ${scenario.models.join(', ')}, ${scenario.workload.durationSec} s simulated\n`);
        process.stdout.write(`  estimate: ${describeEstimate(estimate)}\n`);
        process.stdout.write(`  graph: ${int(s.users)} users, ${int(s.follows)} follows, mean ${s.meanFollows.toFixed(2)} follows per user, max in-degree ${int(s.maxInDegree)}, max out-degree ${int(s.maxOutDegree)}\n`);
        process.stdout.write(`  top by followers: ${s.topByFollowers.slice(0, 5).map((t) => `${g.originalIds?.[t.user] ?? t.user} (${int(t.followers)})`).join(', ')}\n`);
        if (g.importReport) {
          const r = g.importReport;
          process.stdout.write(`  import: ${int(r.lines)} lines, ${int(r.edges)} edges, ${int(r.selfLoops)} self-loops and ${int(r.duplicates)} duplicates dropped, ${int(r.comments)} comment lines\n`);
        }
      } catch (err) {
        fail(err);
      }
    });
  registerInspect(program, process.env, SAMPLE_GRAPHS_DIR);
  registerAnalyze(program, process.env);
  registerClaims(program, BENCH_RESULTS_DIR);
  registerCompare(program);
  registerCausality(program);
  registerPlan(program, { root: ROOT, sampleGraphsDir: SAMPLE_GRAPHS_DIR, rankerFile: RANKER_FILE }, process.env);
  return program;
}

export async function main(argv: string[]): Promise<void> {
  // `feedscope analyze ... | head`: a reader that closed the pipe has all it wanted; exit quietly, as Unix tools do.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0);
    throw err;
  });
  await buildProgram().parseAsync(argv);
}
