/**
 * The graph-based model as a FeedModel (article ch.1 and 3): events go into the graph store
 * (LadybugDB or Neo4j) and item bodies into sharded hashes (PostWriter.ts); a read recalls
 * candidates along four paths, ranks them with the ONNX model and caches the ranked feed in the
 * user's Redis Stream, which the user's devices consume through consumer groups (DeviceReader.ts).
 * Interactions are mirrored in memory (`ties`), so reads take strengths without a fifth query.
 */
import path from 'node:path';
import type { FeedPage } from '../api.js';
import type { ModelReport } from '../api/report.js';
import type { GraphStore, GraphStoreOptions, InteractionRow } from '../backends/GraphStore.js';
import { decayedAfter, RECALL_PATHS, userFacts } from '../backends/GraphStore.js';
import { openGraphStore } from '../backends/openStore.js';
import { FeedscopeError } from '../errors.js';
import type { AcknowledgedCheck, FeedModel, FeedQuery, ModelContext, ModelDescription, RebuildFigures } from '../model.js';
import type { FollowEvent, InteractEvent, PostEvent, ReadEvent } from '../scenario/events.js';
import { estimateModelBytes } from '../redis/memory.js';
import { Prng } from '../scenario/prng.js';
import type { GraphModelOptions } from '../scenario/schema.js';
import type { Span, Tracer } from '../trace/Tracer.js';
import { Tracer as ScratchTracer } from '../trace/Tracer.js';
import { zeroCounters, type GraphCounters } from './counters.js';
import { DeviceReader } from './DeviceReader.js';
import { graphReport } from './graphReport.js';
import { HotLists } from './HotLists.js';
import { PostWriter } from './PostWriter.js';
import { loadRanker, type LoadedRanker } from './ranker/loadRanker.js';
import { rankCandidates, recallCandidates, type RankedItem, type RecallContext } from './recall.js';
import { StreamCache } from './StreamCache.js';
import { FollowDelta, type StoreKeeper } from './StoreKeeper.js';

/** Posts a hot list keeps beyond twice the largest limit it serves. */
const HOT_LIST_SLACK = 16;

export interface GraphFeedOptions {
  store: GraphStoreOptions;
  /** The ranker when the scenario names none (the entry point knows where models/ is); null: the scenario must name one. */
  defaultRankerFile: string | null;
  /** report.json names the ranker file relative to this directory. */
  reportBaseDir: string;
  /** The timeline model of the same run, for the quality comparison. */
  peer?: () => FeedModel | undefined;
  /** Keeps the loaded store across a reset (StoreKeeper.ts); absent: every load loads the store. */
  keeper?: StoreKeeper;
}

interface Loaded {
  store: GraphStore;
  ranker: LoadedRanker;
  posts: PostWriter;
  loadMs: number;
}

export class GraphFeed implements FeedModel {
  readonly name = 'graph' as const;
  readonly settings: GraphModelOptions;
  readonly cache: StreamCache;
  private loaded: Loaded | null = null;
  private counters = zeroCounters();
  /**
   * user -> author -> the INTERACTED edge as written to the store: a mirror of small per-user data
   * the engine already computes, so reads take strengths from memory instead of a fifth query.
   */
  private ties = new Map<number, Map<number, InteractionRow>>();
  /** The newest posts per city and per tag (graphModel.hotLists) and per author (followLists), or null. */
  private readonly hot: HotLists | null;
  private readonly reader: DeviceReader;
  /** Follows and unfollows applied to the store, so that a reset can undo them (StoreKeeper.ts). */
  private readonly followDelta = new FollowDelta();

  constructor(
    private readonly ctx: ModelContext,
    private readonly options: GraphFeedOptions,
  ) {
    this.settings = ctx.scenario.graphModel;
    this.cache = new StreamCache({ transport: ctx.transport, keys: ctx.keys, tracer: ctx.tracer, maxLen: this.settings.streamMaxLen });
    const r = this.settings.recall;
    // Room for the largest limit plus the reader's own posts (HotLists.ts: exactness).
    this.hot = this.settings.hotLists ? new HotLists(2 * Math.max(r.interest, r.city, r.topic) + HOT_LIST_SLACK, this.settings.followLists ? r.follow : null) : null;
    this.reader = new DeviceReader(
      {
        cache: this.cache,
        transport: ctx.transport,
        tracer: ctx.tracer,
        settings: this.settings,
        pageSize: ctx.scenario.workload.pageSize,
        epochMs: ctx.epochMs,
        now: () => ctx.now(),
        counters: () => this.counters,
        rank: (user, parent) => this.rankFor(user, { parent, count: true }),
        bodyKey: (id) => this.require().posts.bodyKey(id),
      },
      new Prng(ctx.scenario.seed, 'graph-readers'),
    );
  }

  async load(): Promise<void> {
    const t0 = performance.now();
    const file = this.settings.rankerFile ? path.resolve(this.ctx.baseDir, this.settings.rankerFile) : this.options.defaultRankerFile;
    if (!file) throw new FeedscopeError('RANKER_MISSING', 'The graph model needs a ranker: this front end did not say where models/ranker.onnx is (EngineOptions.rankerFile), and the scenario names no graphModel.rankerFile. Set one of them.');
    const ranker = await loadRanker(file);
    // A reset of the same scenario takes back the store the previous run reverted (StoreKeeper.ts).
    const kept = (await this.options.keeper?.take(this.ctx.social, this.options.store)) ?? null;
    const store = kept ?? openGraphStore(this.options.store, this.ctx.tracer);
    try {
      if (kept) this.ctx.progress('graph store: kept from the previous run', 1, 1);
      else await store.load(this.ctx.social, this.ctx.progress);
    } catch (err) {
      await store.close().catch(() => undefined);
      await ranker.ranker.close().catch(() => undefined);
      throw err;
    }
    const posts = new PostWriter({ store, transport: this.ctx.transport, keys: this.ctx.keys, tracer: this.ctx.tracer, bodyShards: this.settings.bodyShards, epochMs: this.ctx.epochMs, counters: () => this.counters });
    if (this.ctx.scenario.faults) posts.trackWritten();
    this.loaded = { store, ranker, posts, loadMs: performance.now() - t0 };
  }

  private require(): Loaded {
    if (!this.loaded) throw new FeedscopeError('GRAPH_MODEL_NOT_LOADED', 'The graph model is not loaded: load the scenario first.');
    return this.loaded;
  }

  /** The graph store (tests compare it with the in-memory mirror); null before load. */
  get store(): GraphStore | null {
    return this.loaded?.store ?? null;
  }

  /** Queues the post for the graph store (PostWriter) and adds it to the hot lists. */
  async onPost(e: PostEvent): Promise<void> {
    this.require().posts.add(e);
    this.hot?.add({ id: e.id, ts: e.t, author: e.author, city: this.ctx.social.city[e.author], tags: e.tags });
  }

  async onFollow(e: FollowEvent, changed: boolean): Promise<void> {
    if (!changed) return;
    // No flush of the post writer first: a FOLLOWS edge and the queued posts touch no common row,
    // so the posts go with the tick's batch (a read that asks the store flushes them).
    const { store } = this.require();
    await this.ctx.tracer.span(`graph.${e.kind}`, undefined, (span) => (e.kind === 'follow' ? store.follow(e.user, e.target, span) : store.unfollow(e.user, e.target, span)));
    this.followDelta.record(e.kind, e.user, e.target);
  }

  async onInteract(e: InteractEvent): Promise<void> {
    const { store } = this.require();
    // Updated before the await, in event order, like the store's own read-modify-write.
    let mine = this.ties.get(e.user);
    if (!mine) this.ties.set(e.user, (mine = new Map()));
    const prev = mine.get(e.author) ?? null;
    mine.set(e.author, { author: e.author, cnt: (prev?.cnt ?? 0) + 1, lastTs: e.t, decayed: decayedAfter(prev, e.t, this.settings.strengthDecayPerDay) });
    await this.ctx.tracer.span('graph.interact', undefined, (span) => store.interact(e.user, e.author, e.t, this.settings.strengthDecayPerDay, span));
  }

  async onRead(e: ReadEvent): Promise<void> {
    this.require();
    await this.reader.read(e);
  }

  recallContext(tracer: Tracer = this.ctx.tracer): RecallContext {
    return {
      store: this.require().store,
      tracer,
      social: this.ctx.social,
      limits: this.settings.recall,
      windowMs: this.settings.recallWindowSec * 1000,
      decayPerDay: this.settings.strengthDecayPerDay,
      tagsOf: (id) => this.ctx.posts.get(id)?.tags ?? [],
      followerCount: (u) => this.ctx.graph.followerCount(u),
      interactionsOf: (u) => [...(this.ties.get(u)?.values() ?? [])],
      hot: this.hot,
      onHot: (p, answered) => void (answered ? this.counters.hot[p].answered++ : this.counters.hot[p].fellBack++),
      followeesOf: (u) => this.ctx.graph.followees(u),
      beforeStore: () => this.require().posts.flush(),
    };
  }

  /**
   * Recall + rank at the current simulated time. `count`: toward the report (reads only);
   * `hotLists: false`: every path queries the store even when hot lists are kept (bench/graph.ts).
   */
  async rankFor(user: number, o: { parent?: Span; tracer?: Tracer; count?: boolean; hotLists?: boolean } = {}): Promise<RankedItem[]> {
    const { parent, count = false } = o;
    const { ranker } = this.require();
    // The store is flushed by the first path that asks it (recallContext's beforeStore): a read
    // that lists answer entirely does not wait for the post writer.
    const c = this.recallContext(o.tracer);
    if (o.hotLists === false) c.hot = null;
    const now = this.ctx.now();
    const r = await recallCandidates(c, user, now, parent);
    if (count) {
      this.counters.recallCalls++;
      for (const p of RECALL_PATHS) this.counters.perPath[p] += r.perPath[p];
      this.counters.candidates += r.candidates.length;
      this.counters.ranked += r.candidates.length;
    }
    return rankCandidates(c, ranker.ranker, r, now, parent);
  }

  /** One refresh of a user's stream (recall + rank + XADD), timed by the caller (bench/graph.ts); resolves with the candidates ranked. */
  async refreshFor(user: number, o: { hotLists?: boolean } = {}): Promise<number> {
    const ranked = await this.rankFor(user, o);
    const expMs = this.ctx.epochMs + this.ctx.now() + this.settings.itemTtlSec * 1000;
    await this.cache.append(user, ranked.slice(0, this.settings.feedLength).map((it) => ({ postId: it.postId, score: it.score, expMs, paths: it.paths, features: '' })));
    return ranked.length;
  }

  async drain(): Promise<void> {
    await this.loaded?.posts.flush();
  }

  /** The follow path alone, newest first, from the graph store (no ranking): what the migration checker compares with the Timeline. */
  async followTimeline(user: number, limit: number): Promise<{ postId: number; tMs: number }[]> {
    const { store, posts } = this.require();
    await posts.flush();
    const rows = await store.recall('follow', { user, sinceMs: this.ctx.now() - this.settings.recallWindowSec * 1000, limit, ...userFacts(this.ctx.social, user) });
    return rows.map((r) => ({ postId: r.id, tMs: r.ts }));
  }

  /** The graph feed of a user at this moment: recall + rank now (no stream is consumed by looking). */
  async feedPage(user: number, q: FeedQuery): Promise<FeedPage> {
    const t0 = performance.now();
    const ranked = await this.rankFor(user, { tracer: new ScratchTracer() });
    const below = q.cursor === null ? ranked.slice(q.offset) : ranked.filter((it) => it.score < q.cursor!);
    const items = below.slice(0, q.pageSize);
    const now = this.ctx.epochMs + this.ctx.now();
    return {
      model: 'graph',
      key: this.cache.key(user),
      items: items.map((it) => ({ postId: it.postId, author: it.author, score: Math.round(it.score * 1e6) / 1e6, ageMs: now - (this.ctx.epochMs + it.ts), paths: [...it.paths] })),
      nextCursor: below.length > q.pageSize ? items[items.length - 1].score : null,
      latencyMs: Math.round((performance.now() - t0) * 1000) / 1000,
    };
  }

  /** Streams of sampled users (MEMORY USAGE x users) plus every body hash shard. */
  memoryBytes(): Promise<number> {
    return estimateModelBytes(this.ctx.transport, this.ctx.graph.users, (u) => [this.cache.key(u)], this.require().posts.bodyKeys());
  }

  fanout() {
    return null;
  }

  describe(): ModelDescription {
    const l = this.loaded;
    return {
      graphStore: l ? { kind: l.store.info.kind, location: l.store.info.location } : null,
      ranker: l ? { file: l.ranker.file, auc: l.ranker.meta.training.auc } : null,
    };
  }

  async report(): Promise<ModelReport> {
    const l = this.loaded;
    const section = await graphReport({
      counters: this.counters as Readonly<GraphCounters>,
      settings: this.settings,
      store: l ? { ...l.store.info, loadMs: Math.round(l.loadMs) } : null,
      ranker: l ? { file: path.relative(this.options.reportBaseDir, l.ranker.file) || l.ranker.file, meta: l.ranker.meta } : null,
      hot: this.hot,
      graph: this.ctx.graph,
      epochMs: this.ctx.epochMs,
      now: this.ctx.now(),
      transport: this.ctx.transport,
      streamKey: (u) => this.cache.key(u),
      bodyKeys: l ? l.posts.bodyKeys() : [],
      rankTop: (u) => this.rankFor(u, { tracer: new ScratchTracer() }),
      memoryBytes: () => this.memoryBytes(),
      peer: this.options.peer?.(),
    });
    return { model: 'graph', section };
  }

  /** Fault graphStoreStop: the store closes (its posts wait in the writer's queue) and opens again. */
  async stopStore(): Promise<void> {
    const store = this.require().store;
    if (!store.suspend) throw new FeedscopeError('FAULT_CANNOT_RUN', `The ${store.info.kind} graph store cannot be stopped and reopened by Feedscope: graphStoreStop runs on the embedded LadybugDB store (unset NEO4J_URI).`);
    await store.suspend();
  }

  async startStore(): Promise<void> {
    await this.require().store.resume?.();
  }

  /** Redis came back empty: item bodies from the posts table, streams refreshed at each user's next read. */
  async rebuild(): Promise<RebuildFigures> {
    const t0 = performance.now();
    this.reader.forgetStreams();
    const horizon = this.ctx.now() - this.settings.recallWindowSec * 1000;
    const recent = [...this.ctx.posts.values()].filter((p) => p.t >= horizon);
    const entries = await this.require().posts.rewriteBodies(recent);
    return { model: 'graph', what: 'item bodies from the posts table (the recall window\'s posts); feed streams and consumer groups created again at each user\'s next read', entries, ms: performance.now() - t0 };
  }

  /** Every acknowledged post is in the graph store (the writer's queue drained). */
  async checkAcknowledged(postIds: readonly number[]): Promise<AcknowledgedCheck> {
    const posts = this.require().posts;
    await posts.flush();
    return { checked: postIds.length, lost: posts.missing(postIds).length, where: `posts written to the ${this.require().store.info.kind} graph store` };
  }

  async reset(): Promise<void> {
    await this.loaded?.posts.discard();
    this.reader.reset(new Prng(this.ctx.scenario.seed, 'graph-readers'));
    this.ties.clear();
    this.hot?.clear();
    this.counters = zeroCounters();
    await this.loaded?.store.clearEvents();
  }

  async close(): Promise<void> {
    const l = this.loaded;
    this.loaded = null;
    if (!l) return;
    await l.posts.discard();
    await l.ranker.ranker.close().catch(() => undefined);
    const keeper = this.options.keeper;
    if (keeper?.wanted && (await this.revert(l.store))) await keeper.keep(this.ctx.social, this.options.store, l.store);
    else await l.store.close();
  }

  /** The store back to the starting graph: no posts or interactions, the run's follow changes undone. False when that failed (the store is then closed, not kept). */
  private async revert(store: GraphStore): Promise<boolean> {
    try {
      await store.clearEvents();
      const { add, remove } = this.followDelta.inverse();
      await store.restoreFollows(add, remove);
      this.followDelta.clear();
      return true;
    } catch {
      return false;
    }
  }
}

/** The graph model of a run, for callers that drive its read path directly (bench/graph.ts, tests). */
export function asGraphFeed(m: FeedModel | undefined): GraphFeed | null {
  return m instanceof GraphFeed ? m : null;
}
