/**
 * Loading a scenario into the engine: the follow graph (drawn, read from the graph cache, or the
 * loaded one again for a reset), the run's Redis side (RunIo: prefix reset, fault proxy,
 * transports, the cluster run), the feed models built by their factories and loaded, then the
 * labs that watch a run (drift, causality; the gray migration wraps the models). Each part is
 * handed to the engine as soon as it exists, so that a load failing half way is closed by the
 * engine's unload like a finished run.
 */
import type { Building, Loaded } from './EngineViews.js';
import type { EngineOptions } from './EngineOptions.js';
import { CausalityLab } from './causality/CausalityLab.js';
import { DriftLab } from './drift/DriftLab.js';
import { FeedscopeError } from './errors.js';
import type { MigrationRun } from './migration/MigrationRun.js';
import { openMigration } from './migration/open.js';
import type { FeedModel, FeedModelFactory, ModelContext } from './model.js';
import type { ClusterTarget } from './redis/clusterConnect.js';
import type { RedisHandle } from './redis/connect.js';
import { clusterTargetFor } from './redis/runRedis.js';
import { RunIo } from './redis/RunIo.js';
import { buildGraph, EventStream, type PostEvent, type Scenario, type SocialGraph } from './scenario/index.js';
import { FollowGraph } from './social/FollowGraph.js';
import type { Tracer } from './trace/Tracer.js';

/** What the engine lends a load, and where the parts go. */
export interface LoadDeps {
  prefix: string;
  tracer: Tracer;
  options: EngineOptions;
  factories: Record<string, FeedModelFactory>;
  redisFor(target: ClusterTarget | undefined): Promise<RedisHandle>;
  progress(stage: string, done: number, total: number): void;
  /** The follow graph being loaded, once there is one to draw (getGraph serves it early). */
  building(b: Building): void;
  /** Simulated ms now. */
  now(): number;
  /** A failure in background work (fan-out chunks, reshards) that the next tick reports. */
  backgroundError(err: unknown): void;
  drift(): DriftLab | null;
  attachIo(io: RunIo): void;
  attachRun(loaded: Loaded, migration: MigrationRun | null): void;
}

export interface LoadRequest {
  scenario: Scenario;
  file: string;
  baseDir: string;
  /** The app's choice of Redis (null: one server; absent: the scenario's). */
  cluster?: { nodes: number; replicas: 0 | 1 } | null;
  /** The follow graph of the run being reset: not drawn again. */
  reuse?: SocialGraph;
}

/** Loads `r` through `d`; resolves with the labs of the run once its models are loaded. */
export async function loadRun(d: LoadDeps, r: LoadRequest): Promise<{ drift: DriftLab; causality: CausalityLab | null }> {
  const { scenario, file, baseDir } = r;
  d.progress('graph', 0, 1);
  // A generated graph can be drawn from its follows while its CSR arrays are built.
  const cache = d.options.graphCacheDir ? { dir: d.options.graphCacheDir } : undefined;
  const social = r.reuse ?? await buildGraph(scenario, baseDir, (edges) => {
    d.building({ edges });
    d.progress('graph: follower lists', 0, 1);
  }, cache);
  const graph = new FollowGraph(social);
  d.building({ social, graph });
  d.progress('graph', 1, 1);
  const target = clusterTargetFor(d.options, scenario, r.cluster);
  if (target) d.progress('redis cluster', 0, 1);
  const redis = await d.redisFor(target);
  const io = await RunIo.open(redis, scenario, { prefix: d.prefix, commandTimeoutMs: d.options.commandTimeoutMs, progress: d.progress });
  d.attachIo(io);
  const posts = new Map<number, PostEvent>();
  const base: Omit<ModelContext, 'transport'> = {
    keys: io.keys,
    tracer: d.tracer,
    scenario,
    baseDir,
    social,
    graph,
    posts,
    epochMs: scenario.workload.startEpochMs,
    now: d.now,
    // With faults a background failure (a fan-out chunk) is counted, not fatal.
    onError: (err) => (io.faults ? io.faults.background(err) : d.backgroundError(err)),
    progress: d.progress,
  };
  const models: FeedModel[] = [];
  const migration = scenario.migration ? openMigration(scenario, { transport: await io.transport(), prefix: d.prefix, posts, graph, drift: d.drift }) : null;
  for (const name of scenario.models) {
    const factory = d.factories[name];
    if (!factory) throw new FeedscopeError('MODEL_UNAVAILABLE', `The scenario asks for the "${name}" model, which this build of Feedscope does not have. Remove it from "models".`);
    const model = factory({ ...base, transport: await io.transport() });
    models.push(migration && name === 'graph' ? migration.wrapCandidate(model) : model);
  }
  migration?.setControl(models.find((m) => m.name === 'timeline'));
  d.attachRun({ scenario, file, baseDir, social, graph, stream: new EventStream(scenario, social), models, posts }, migration);
  io.faults?.bind(() => models);
  for (const m of models) await m.load();
  await io.startCluster(scenario, d.tracer, d.backgroundError);
  const drift = new DriftLab(scenario.clocks ?? null, scenario.workload.startEpochMs, scenario.workload.pageSize);
  const causality = scenario.causality ? new CausalityLab(scenario.causality, { drift, timeline: models.find((m) => m.name === 'timeline'), pageSize: scenario.workload.pageSize }) : null;
  return { drift, causality };
}
