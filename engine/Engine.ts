/**
 * The engine: one scenario, one Redis, the feed models, the player. Everything a front end (the
 * CLI, Electron's main process, the browser-mode host, tests, benchmarks) does goes through this
 * class; it reads no environment variables and knows nothing of windows or sockets.
 */
import type {
  ApiError, CommandArgs, EngineEvent, Frame, PlayerState, ScenarioEntry, Speed, Status,
} from './api.js';
import { errorInfo, FeedscopeError } from './errors.js';
import type { FeedModel, FeedModelFactory } from './model.js';
import { applyTick } from './player/applyTick.js';
import { FrameWindow, latencyWindow } from './player/FrameWindow.js';
import { Player, roundSpeed } from './player/Player.js';
import { DEFAULT_PREFIX, openRedis, type RedisHandle } from './redis/connect.js';
import { MemorySampler } from './redis/MemorySampler.js';
import { listScenarioFiles } from './scenario/list.js';
import { graphStats, loadScenarioFile, loadScenarioText, type Scenario, type SocialGraph } from './scenario/index.js';
import type { FollowGraph } from './social/FollowGraph.js';
import type { Redis } from 'ioredis';
import type { EngineOptions } from './EngineOptions.js';
import { modelFactories } from './modelFactories.js';
import type { ClusterTarget } from './redis/clusterConnect.js';
import { handleMatches, removeForeignKeys } from './redis/runRedis.js';
import type { RunIo } from './redis/RunIo.js';
import { Tracer } from './trace/Tracer.js';
import { buildReport } from './report/report.js';
import { CommandsSinceLoad } from './report/CommandsSinceLoad.js';
import { EventLoopDelay } from './trace/EventLoopDelay.js';
import { StoreKeeper } from './graphfeed/StoreKeeper.js';
import type { Report } from './api/report.js';
import type { DriftLab } from './drift/DriftLab.js';
import type { CausalityLab } from './causality/CausalityLab.js';
import { CorrectnessViews } from './causality/views.js';
import type { MigrationRun } from './migration/MigrationRun.js';
import { Inspectors } from './inspect/Inspectors.js';
import { loadRun, type LoadDeps } from './EngineLoad.js';
import { EngineViews, requireLoaded, scenarioSummary, type Building, type Loaded } from './EngineViews.js';
import { planFromFile, type CapacityView } from './planner/api.js';

export type { EngineOptions };

const MEMORY_SAMPLE_INTERVAL_MS = 1000;

export class Engine {
  readonly prefix: string;
  readonly tracer = new Tracer();
  private redisHandle: RedisHandle | null = null;
  /** The loaded scenario's Redis side: reset, fault proxy, transports, the cluster run. */
  private io: RunIo | null = null;
  private loaded: Loaded | null = null;
  private listeners = new Set<(e: EngineEvent) => void>();
  private state: PlayerState = 'empty';
  private error: ApiError | null = null;
  private loading: Status['loading'] = null;
  /** The follow graph of the scenario being loaded, once generated (getGraph serves it early). */
  private building: Building | null = null;
  private tMs = 0;
  /** Counts, post and edge samples, events per second of the frame being accumulated. */
  private readonly frameWindow = new FrameWindow();
  private readonly memory = new MemorySampler(MEMORY_SAMPLE_INTERVAL_MS);
  /** INFO commandstats since the load, for report.json capacity. */
  private readonly commands = new CommandsSinceLoad();
  private backgroundErrors: unknown[] = [];
  private wallMs = 0;
  /** The event loop's delay while playing: engine queueing, told apart from server time (report.json run.eventLoop). */
  private readonly eventLoop = new EventLoopDelay();
  private readonly player: Player;
  /** The graph store kept loaded across a reset (graphfeed/StoreKeeper.ts). */
  private readonly keeper = new StoreKeeper();
  /** The Redis the app chose for the loaded scenario (load's `cluster`), which a reset keeps. */
  private clusterChoice: { nodes: number; replicas: 0 | 1 } | null | undefined = undefined;
  private readonly factories: Record<string, FeedModelFactory>;
  private drift: DriftLab | null = null;
  /** The causality lab and the gray migration (issue 20), when the scenario enables them. */
  private causality: CausalityLab | null = null;
  private migration: MigrationRun | null = null;
  readonly correctness = new CorrectnessViews({ loaded: () => this.loaded !== null, causality: () => this.causality, migration: () => this.migration });
  /** Key browser, skiplist view, flame graphs (engine/inspect/): the inspector commands. */
  readonly inspectors = new Inspectors(() => this.redis(), this.tracer, () => this.redisHandle, () => this.options.savedConnections);
  /** Feeds, the follow-graph view, drift and claims (engine/EngineViews.ts): the view commands. */
  readonly views = new EngineViews({
    loaded: () => this.loaded,
    building: () => this.building,
    cluster: () => this.io?.cluster ?? null,
    tMs: () => this.tMs,
    drift: () => this.drift,
    benchResultsDir: () => this.options.benchResultsDir ?? null,
  });

  /** What a load (EngineLoad.ts) borrows of the engine. */
  private readonly loadDeps: LoadDeps;

  constructor(private readonly options: EngineOptions = {}) {
    this.prefix = options.prefix ?? DEFAULT_PREFIX;
    this.factories = modelFactories({ graphStore: options.graphStore, rankerFile: options.rankerFile ?? null, reportBaseDir: options.reportBaseDir ?? '.', timeline: () => this.model('timeline'), keeper: this.keeper }, options.models);
    this.loadDeps = {
      prefix: this.prefix,
      tracer: this.tracer,
      options,
      factories: this.factories,
      redisFor: (target) => this.redisFor(target),
      progress: (stage, done, total) => this.progress(stage, done, total),
      building: (b) => {
        this.building = b;
      },
      now: () => this.tMs,
      backgroundError: (err) => {
        this.backgroundErrors.push(err);
      },
      drift: () => this.drift,
      attachIo: (io) => {
        this.io = io;
      },
      attachRun: (loaded, migration) => {
        this.loaded = loaded;
        this.migration = migration;
      },
    };
    this.player = new Player({
      tick: () => this.runTick(),
      frame: () => this.emitFrame(),
      stateChanged: (s, err) => {
        if (s === 'playing') this.eventLoop.start();
        else this.eventLoop.stop();
        if (err) this.fail(err);
        else this.setState(s);
      },
    });
  }

  // ---- lifecycle ----------------------------------------------------------------------------

  /** The run's Redis (starting the private server, or the configured cluster, when none is open yet). Idempotent. */
  async redis(): Promise<RedisHandle> {
    return this.redisHandle ?? this.redisFor(this.options.cluster);
  }

  /** The Redis a load asks for: reopened when the open one is another (a cluster scenario after a one-server one). */
  private async redisFor(target: ClusterTarget | undefined): Promise<RedisHandle> {
    if (this.redisHandle && !handleMatches(this.redisHandle, target)) {
      await this.redisHandle.close();
      this.redisHandle = null;
    }
    if (!this.redisHandle) {
      this.redisHandle = await openRedis({ url: this.options.redisUrl, bin: this.options.redisBin, cluster: target });
      this.watchPrivateServer(this.redisHandle);
    }
    return this.redisHandle;
  }

  /**
   * A private server that dies outside a fault schedule (a scheduled redisKill holds restarts):
   * a clear message, and RedisServer restarts it (empty) by default.
   */
  private watchPrivateServer(h: RedisHandle): void {
    h.server?.onExit(({ code, signal, restarting, scheduled }) => {
      if (scheduled) return;
      // Its guardian reports a server ended by a signal as exit code 1.
      const how = signal ? `was killed (${signal})` : code === 1 ? 'was killed or crashed (exit code 1)' : `exited (code ${code})`;
      const next = restarting ? 'Feedscope is restarting it, empty (it keeps no data on disk): reset the scenario to play it again on the new server.' : 'Load the scenario again to start a new one.';
      this.emit({ type: 'error', error: { code: 'REDIS_DIED', message: `The private redis-server on port ${h.server!.port} ${how} outside the scenario's fault schedule. ${next}` } });
    });
  }

  async close(): Promise<void> {
    await this.player.pause();
    await this.inspectors.close();
    await this.unload();
    await this.keeper.drop();
    // A private server goes with its keys; on someone else's, ours go unless asked to keep them.
    if (this.redisHandle && !this.options.keepKeys) await removeForeignKeys(this.redisHandle, this.prefix);
    await this.redisHandle?.close();
    this.redisHandle = null;
    this.listeners.clear();
  }

  on(listener: (e: EngineEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(e: EngineEvent): void {
    for (const l of this.listeners) {
      try {
        l(e);
      } catch {
        // A broken listener must not stop the engine.
      }
    }
  }

  // ---- scenarios ----------------------------------------------------------------------------

  listScenarios(): Promise<ScenarioEntry[]> {
    return listScenarioFiles(this.options.sampleGraphsDir ?? null);
  }

  async loadScenario(args: CommandArgs<'loadScenario'>): Promise<Status> {
    const { scenario, file, baseDir } = await this.guard(() => loadScenarioFile(args.file));
    return this.load(scenario, file, baseDir, args.cluster);
  }

  async loadScenarioText(args: CommandArgs<'loadScenarioText'>): Promise<Status> {
    const { scenario, file, baseDir } = await this.guard(() => loadScenarioText(args.text, args.name, this.options.sampleGraphsDir ?? this.options.reportBaseDir ?? '.'));
    return this.load(scenario, file, baseDir, args.cluster);
  }

  /** Errors of a load are reported as status but leave the previous scenario in place. */
  private async guard<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      this.error = errorInfo(err);
      this.emit({ type: 'error', error: this.error });
      this.emitStatus();
      throw err;
    }
  }

  /** `cluster`: the app's choice of Redis for this run (null: one server; absent: the scenario's). */
  async load(scenario: Scenario, file: string, baseDir: string, cluster?: { nodes: number; replicas: 0 | 1 } | null, reuse?: SocialGraph): Promise<Status> {
    // One load at a time: a second one (a click while the first loads) starts when the first has ended.
    const run = this.loadQueue.then(() => this.loadNow(scenario, file, baseDir, cluster, reuse));
    this.loadQueue = run.catch(() => undefined);
    return run;
  }

  private loadQueue: Promise<unknown> = Promise.resolve();

  private async loadNow(scenario: Scenario, file: string, baseDir: string, cluster?: { nodes: number; replicas: 0 | 1 } | null, reuse?: SocialGraph): Promise<Status> {
    await this.player.pause();
    await this.unload();
    this.clusterChoice = cluster;
    this.error = null;
    this.setState('loading');
    try {
      const labs = await loadRun(this.loadDeps, { scenario, file, baseDir, cluster, reuse });
      this.drift = labs.drift;
      this.causality = labs.causality;
      this.views.applyScorer();
      this.player.tickMs = scenario.workload.tickMs;
      this.resetCounters();
      await this.commands.mark(await this.commandClient());
      this.loading = null;
      this.building = null;
      // A store kept for a reset that no model took back (the load failed first, or had no graph model) is closed.
      await this.keeper.drop();
      this.setState('ready');
    } catch (err) {
      this.loading = null;
      this.building = null;
      await this.unload();
      await this.keeper.drop();
      this.fail(err);
      throw err;
    }
    return this.status();
  }

  private async unload(): Promise<void> {
    const io = this.io;
    this.io = null;
    const models = this.loaded?.models ?? [];
    this.loaded = null;
    this.causality = null;
    this.migration = null;
    // Faults still active are undone first (a paused Redis continued, a stopped store reopened), so the models drain and close.
    await io?.faults?.undo();
    for (const m of models) {
      await m.drain().catch(() => undefined);
      await m.close().catch(() => undefined);
    }
    await io?.close();
  }

  private progress(stage: string, done: number, total: number): void {
    this.loading = { stage, done, total, graphReady: this.building !== null };
    this.emitStatus();
  }

  get scenario(): Scenario | null {
    return this.loaded?.scenario ?? null;
  }

  get socialGraph(): SocialGraph | null {
    return this.loaded?.social ?? null;
  }

  get followGraph(): FollowGraph | null {
    return this.loaded?.graph ?? null;
  }

  model(name: 'timeline' | 'graph'): FeedModel | undefined {
    return this.loaded?.models.find((m) => m.name === name);
  }

  // ---- playing ------------------------------------------------------------------------------

  private requireLoaded(): Loaded {
    return requireLoaded(this.loaded);
  }

  async play(): Promise<Status> {
    this.requireLoaded();
    if (this.state === 'finished') throw new FeedscopeError('FINISHED', 'The scenario has finished: reset to play it again.');
    if (!this.player.isPlaying) {
      void this.player.play();
    }
    return this.status();
  }

  /** Plays to the end and resolves then (the CLI, tests). */
  async runToEnd(): Promise<void> {
    this.requireLoaded();
    await this.player.play();
    if (this.error) throw new FeedscopeError(this.error.code, this.error.message);
  }

  async pause(): Promise<Status> {
    await this.player.pause();
    return this.status();
  }

  async step(): Promise<Status> {
    this.requireLoaded();
    if (this.state === 'finished') return this.status();
    await this.player.step();
    const after = this.state as PlayerState;
    if (after !== 'finished' && after !== 'error') this.setState('paused');
    return this.status();
  }

  async setSpeed(speed: Speed): Promise<Status> {
    this.player.setSpeed(speed);
    this.emitStatus();
    return this.status();
  }

  /**
   * Back to t=0 of the same scenario: the prefix deleted, the live graph, models and event stream
   * rebuilt, as a load does, but without drawing the follow graph again (the same SocialGraph) or
   * loading the graph store again (the graph model reverts it and keeps it: StoreKeeper.ts).
   */
  async reset(): Promise<Status> {
    const l = this.requireLoaded();
    this.keeper.arm();
    return this.load(l.scenario, l.file, l.baseDir, this.clusterChoice, l.social);
  }

  private resetCounters(): void {
    this.tMs = 0;
    this.frameWindow.reset();
    this.memory.reset();
    this.backgroundErrors = [];
    this.wallMs = 0;
    this.eventLoop.reset();
    this.player.resetPace();
    this.tracer.reset();
    this.io?.cluster?.begin();
  }

  /** One tick (engine/player/applyTick.ts), then the simulated clock, wall time and memory. */
  private async runTick(): Promise<boolean> {
    const l = this.requireLoaded();
    const tickStart = performance.now();
    const events = l.stream.nextTick();
    if (!events) return false;
    const readConcurrency = this.options.readConcurrency ?? 16;
    const faults = this.io?.faults ?? null;
    await faults?.advance(this.tMs);
    const tickStartSim = (l.stream.currentTick - 1) * l.scenario.workload.tickMs;
    const dueAt = (t: number): number | null => this.player.dueAt(t - tickStartSim);
    const { idleMs } = await applyTick(events, { models: l.models, graph: l.graph, posts: l.posts, frame: this.frameWindow, drift: this.drift, readConcurrency, guard: faults?.guard, dueAt });
    if (this.backgroundErrors.length > 0) throw this.backgroundErrors[0];
    this.tMs = (l.stream.currentTick) * l.scenario.workload.tickMs;
    this.drift?.onTick(events, l.graph);
    await this.causality?.onTick(events, l.scenario.workload.tickMs, this.tMs);
    await this.migration?.onTick(events, l.scenario.workload.tickMs, this.tMs);
    this.io?.cluster?.onTick(this.tMs);
    this.frameWindow.addEvents(events.length);
    // The tick's own time: waits for reads to arrive, with none in flight, are not its work.
    this.wallMs += performance.now() - tickStart - idleMs;
    if (this.memory.due()) await this.sampleMemory(l.models);
    const more = l.stream.currentTick < l.stream.totalTicks;
    // The run ends when its reshards have, so their figures and the feeds they moved are complete;
    // and with every fault undone and the writes it held up replayed.
    if (!more) await this.io?.cluster?.drain();
    if (!more) await faults?.finish();
    return more;
  }

  /** Redis memory (and, on a cluster, every node's figures) once per sampling interval. */
  private async sampleMemory(models: readonly FeedModel[]): Promise<void> {
    const run = this.io?.cluster;
    if (run) await run.sample();
    // With faults, through the proxy's client: it has a command timeout, and a paused server must not stall the tick.
    const sample = this.memory.sample(this.io?.faults?.redisHandle ?? (await this.redis()), models, this.tMs, run ? () => run.usedMemoryBytes() : undefined);
    // A killed or paused Redis has no memory figures: the sample is skipped, the run goes on.
    if (this.io?.faults) await sample.catch((err: unknown) => this.io?.faults?.background(new FeedscopeError('MEMORY_SAMPLE_SKIPPED', `Redis memory could not be sampled (${(err as Error).message}): the sample is skipped.`, { cause: err })));
    else await sample;
  }

  /** The frame window's part of a Frame, with what only the engine knows. */
  private emitFrame(): void {
    const l = this.loaded;
    if (!l) return;
    const frame: Frame = {
      ...this.frameWindow.take(),
      state: this.state,
      tMs: this.tMs,
      tick: l.stream.currentTick,
      durationMs: l.scenario.workload.durationSec * 1000,
      behindMs: Math.round(this.player.behindMs),
      achievedSpeed: roundSpeed(this.player.achievedSpeed()),
      eventLoop: this.eventLoop.takeWindow(),
      latency: latencyWindow(this.tracer),
      fanout: this.model('timeline')?.fanout() ?? null,
      memory: this.memory.latest,
      cluster: this.io?.cluster?.view() ?? null,
      caption: [...l.scenario.captions].reverse().find((c) => c.atSec * 1000 <= this.tMs)?.text ?? null,
      faults: this.io?.faults?.active() ?? [],
      correctness: this.correctness.frame(),
    };
    this.emit({ type: 'frame', frame });
  }

  // ---- state --------------------------------------------------------------------------------

  private setState(s: PlayerState): void {
    this.state = s;
    this.emitStatus();
  }

  private fail(err: unknown): void {
    this.error = errorInfo(err);
    this.state = 'error';
    this.emit({ type: 'error', error: this.error });
    this.emitStatus();
  }

  private emitStatus(): void {
    this.emit({ type: 'status', status: this.status() });
  }

  status(): Status {
    const l = this.loaded;
    const r = this.redisHandle?.info;
    const described = l?.models.map((m) => m.describe()) ?? [];
    return {
      state: this.state,
      scenario: l ? scenarioSummary(l) : null,
      tMs: this.tMs,
      tick: l?.stream.currentTick ?? 0,
      speed: this.player.speed,
      redis: r ? { version: r.version, url: r.url, port: r.port, private: r.private, cluster: this.clusterShape() } : null,
      graphStore: described.find((d) => d.graphStore)?.graphStore ?? null,
      model: described.find((d) => d.ranker)?.ranker ?? null,
      loading: this.loading,
      error: this.error,
    };
  }

  /** The one server's client for INFO commandstats (through the fault proxy's, which times out); none on a cluster. */
  private async commandClient(): Promise<Redis | null> {
    if (this.io?.cluster) return null;
    return (this.io?.faults?.redisHandle ?? (await this.redis())).client;
  }

  private clusterShape(): { masters: number; replicas: number } | null {
    const c = this.redisHandle?.cluster;
    return c ? { masters: c.masters.length, replicas: c.server?.replicas.length ?? 0 } : null;
  }

  /** The capacity planner's projection (engine/planner/), from the entry point's calibration file. */
  plan(args: CommandArgs<'plan'>): Promise<CapacityView> {
    return planFromFile(args, this.options.capacityCalibrationFile ?? null);
  }

  // ---- report -------------------------------------------------------------------------------

  /** The figures of report.json, from the real servers of this run. */
  async report(): Promise<Report> {
    const l = this.requireLoaded();
    const redis = await this.redis();
    await this.sampleMemory(l.models);
    // Before the models' sections: the quality sampling reads feeds too.
    const commandsSinceLoad = await this.commands.since(await this.commandClient());
    const report = await buildReport({
      tracer: this.tracer,
      scenario: l.scenario,
      file: l.file,
      redis: redis.info,
      stats: graphStats(l.social),
      importReport: l.social.importReport,
      follows: l.graph.edges,
      totals: this.frameWindow.totals,
      tMs: this.tMs,
      wallMs: this.wallMs,
      pace: { eventLoop: this.eventLoop.summary(), achievedSpeed: roundSpeed(this.player.overallSpeed()) },
      models: l.models,
      memorySeries: this.memory.series,
      claims: await this.views.getClaims(),
      capacity: { calibrationFile: this.options.capacityCalibrationFile ?? null, social: l.social, commandsSinceLoad, clusterMasters: this.io?.cluster ? (this.redisHandle?.cluster?.masters.length ?? 0) : null },
    });
    const run = this.io?.cluster;
    if (run) report.cluster = { ...run.view(), audit: (await this.model('timeline')?.auditFeeds?.()) ?? null };
    if (this.io?.faults) report.faults = this.io.faults.report();
    if (this.drift?.configured) {
      const { enabled: _enabled, ...drift } = this.drift.view();
      report.drift = drift;
    }
    if (this.causality) report.causality = this.causality.report();
    if (this.migration) report.migration = await this.migration.report();
    return report;
  }
}
