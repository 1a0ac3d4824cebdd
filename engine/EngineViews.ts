/**
 * What the engine shows of a loaded scenario (the view commands of engine/commands.ts): both models' feeds for a user, the follow-graph view, the drift lab's
 * view and live clocks, and the article's claims ledger. Reads only; the one write, setClocks,
 * changes the clocks later posts are stamped with and the Timeline's scorer.
 */
import type { ClusterRun } from './cluster/ClusterRun.js';
import type { ClaimsView, ClusterView, CommandArgs, ReshardView, DriftView, FeedPage, FeedsView, GraphView, Status } from './api.js';
import { getClaims } from './claims/index.js';
import type { DriftLab } from './drift/DriftLab.js';
import { markOutOfOrder } from './drift/order.js';
import { scoreToMs } from './drift/strategies.js';
import { FeedscopeError } from './errors.js';
import type { FeedModel } from './model.js';
import type { EventStream, GeneratedEdges, PostEvent, Scenario, SocialGraph } from './scenario/index.js';
import type { FollowGraph } from './social/FollowGraph.js';
import { edgesGraphView, followGraphView, type GraphViewArgs } from './social/graphView.js';

/** A loaded scenario: its graph, event stream, models and the posts published so far. */
export interface Loaded {
  scenario: Scenario;
  file: string;
  baseDir: string;
  social: SocialGraph;
  graph: FollowGraph;
  stream: EventStream;
  models: FeedModel[];
  posts: Map<number, PostEvent>;
}

export function requireLoaded(l: Loaded | null): Loaded {
  if (!l) throw new FeedscopeError('NO_SCENARIO', 'No scenario is loaded: pick one from the scenario list (or load a file) first.');
  return l;
}

/** A loading scenario's follow graph: its follows only while the CSR arrays are built, then built. */
export type Building = { edges: GeneratedEdges } | { social: SocialGraph; graph: FollowGraph };

/** The scenario part of Status. */
export function scenarioSummary(l: Loaded): NonNullable<Status['scenario']> {
  return {
    name: l.scenario.name,
    file: l.file,
    description: l.scenario.description,
    seed: l.scenario.seed,
    models: l.scenario.models,
    users: l.social.users,
    follows: l.graph.edges,
    durationMs: l.scenario.workload.durationSec * 1000,
    tickMs: l.scenario.workload.tickMs,
    captions: [...l.scenario.captions].sort((a, b) => a.atSec - b.atSec).map((c) => ({ atMs: c.atSec * 1000, text: c.text })),
  };
}

/** The engine state the views read (live: every call sees the engine as it is now). */
export interface ViewSource {
  loaded(): Loaded | null;
  /** The follow graph of a scenario still loading (served before the models are ready). */
  building(): Building | null;
  tMs(): number;
  drift(): DriftLab | null;
  /** Where the benchmarks wrote their results, for the claims ledger (null: "not measured yet"). */
  benchResultsDir(): string | null;
  /** The cluster run of a scenario on a Redis Cluster, else null. */
  cluster(): ClusterRun | null;
}

export class EngineViews {
  constructor(private readonly src: ViewSource) {}

  private model(name: 'timeline' | 'graph'): FeedModel | undefined {
    return this.src.loaded()?.models.find((m) => m.name === name);
  }

  async getFeeds(args: CommandArgs<'getFeeds'>): Promise<FeedsView> {
    const l = requireLoaded(this.src.loaded());
    if (args.user >= l.social.users) throw new FeedscopeError('NO_SUCH_USER', `User ${args.user} does not exist: this scenario has users 0 to ${l.social.users - 1}.`);
    const q = { pageSize: args.pageSize, offset: args.offset, cursor: args.cursor };
    const t = this.model('timeline');
    const g = this.model('graph');
    return {
      user: args.user,
      tMs: this.src.tMs(),
      timeline: t ? this.markTimeline(l, await t.feedPage(args.user, q)) : null,
      graph: g ? await g.feedPage(args.user, q) : null,
    };
  }

  /** Without `maxEdges` (direct callers) every follow among the chosen users is returned. */
  getGraph(args: GraphViewArgs): GraphView {
    const l = this.src.loaded() ?? this.src.building() ?? requireLoaded(null);
    const view = 'edges' in l ? edgesGraphView(l.edges, args) : followGraphView(l.graph, l.social, args);
    const run = this.src.cluster();
    if (run) {
      view.shards = run.masterCount;
      for (const n of view.nodes) n.shard = run.shardOfUser(n.id);
    }
    return view;
  }

  /** Marks items shown out of true publish order; with a drift strategy, ages come from true time. */
  private markTimeline(l: Loaded, page: FeedPage): FeedPage {
    const trueMs = page.items.map((it) => l.posts.get(it.postId)?.t ?? null);
    const marks = markOutOfOrder(trueMs);
    const now = l.scenario.workload.startEpochMs + this.src.tMs();
    const drift = this.src.drift();
    const strategy = drift?.configured ? drift.strategy : null;
    page.items = page.items.map((it, i) => ({
      ...it,
      outOfOrder: marks[i],
      ageMs: strategy && strategy !== 'raw' ? now - scoreToMs(strategy, it.score) : it.ageMs,
    }));
    return page;
  }

  getDrift(): DriftView {
    return this.requireDrift().view();
  }

  /** The article's claims with our figures (bench results + a live drift measurement); needs no scenario. */
  getClaims(): Promise<ClaimsView> {
    return getClaims(this.src.benchResultsDir());
  }

  /** Live clocks: later posts are stamped with these; the Timeline's scores follow `strategy`. */
  setClocks(args: CommandArgs<'setClocks'>): DriftView {
    const lab = this.requireDrift();
    lab.setClocks(args);
    this.applyScorer();
    return lab.view();
  }

  /** Models that score by clocks (the Timeline) follow the drift lab's once they are configured, true time before. */
  applyScorer(): void {
    const lab = this.src.drift();
    for (const m of this.src.loaded()?.models ?? []) m.setScorer?.(lab?.configured ? (id) => lab.scoreOf(id) : null);
  }

  /** The cluster's nodes and reshards now. */
  async getCluster(): Promise<ClusterView> {
    const run = this.requireCluster();
    await run.sample();
    return run.view();
  }

  /** A live reshard from the app: runs while the scenario plays, resolves when the slots moved. */
  async reshard(args: CommandArgs<'reshard'>): Promise<ReshardView> {
    const run = this.requireCluster();
    const view = await run.reshardNow(args, this.src.tMs());
    await run.sample();
    return view;
  }

  private requireCluster(): ClusterRun {
    requireLoaded(this.src.loaded());
    const run = this.src.cluster();
    if (!run) throw new FeedscopeError('NOT_A_CLUSTER', 'This run is on one Redis server: load the scenario on a cluster (the Redis choice in the toolbar, --cluster N, or "redis": {"cluster": {"nodes": 3}}) to see nodes and reshard.');
    return run;
  }

  private requireDrift(): DriftLab {
    requireLoaded(this.src.loaded());
    return this.src.drift()!;
  }
}
