/**
 * The graph-based model as a FeedModel (article ch.1 and 3): events go into the graph store
 * (LadybugDB or Neo4j) and item bodies into sharded hashes; a read recalls candidates along four
 * paths, ranks them with the ONNX model and caches the ranked feed in the user's Redis Stream,
 * which the user's devices consume through consumer groups.
 *
 * Read policy (per read event of user u, device d = a device drawn from graphModel.devicesPerUser):
 * 1. if u's stream was never filled, or its last refresh is older than refreshAfterSec (simulated),
 *    refresh: recall + rank + XADD the best feedLength items not already in the stream;
 * 2. XAUTOCLAIM what a dead consumer of d left pending, then XREADGROUP `>` one page;
 * 3. if the page is short and no refresh happened in this read, refresh once and read again;
 * 4. XACK every delivered entry (expired ones are acked unseen), unless the reader "crashes"
 *    (graphModel.readerCrashShare): then the device's next read comes from a new consumer, which
 *    reclaims the entries. Refreshes of one user are single-flight across concurrent reads.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { FeedPage } from '../api.js';
import type { GraphStore, GraphStoreOptions, InteractionRow, RecallPath } from '../backends/GraphStore.js';
import { decayedAfter, RECALL_PATHS } from '../backends/GraphStore.js';
import { LadybugStore } from '../backends/LadybugStore.js';
import { Neo4jStore } from '../backends/Neo4jStore.js';
import { FeedscopeError } from '../errors.js';
import type { FeedModel, FeedQuery, ModelContext } from '../model.js';
import type { FollowEvent, InteractEvent, PostEvent, ReadEvent } from '../scenario/events.js';
import { estimateModelBytes } from '../redis/memory.js';
import { RespWriter } from '../redis/RespWriter.js';
import { Prng } from '../scenario/prng.js';
import type { GraphModelOptions } from '../scenario/schema.js';
import { tracedPipeline } from '../trace/redisOps.js';
import type { Span, Tracer } from '../trace/Tracer.js';
import { Tracer as ScratchTracer } from '../trace/Tracer.js';
import { FEATURE_NAMES } from './features.js';
import { graphReport } from './graphReport.js';
import { OnnxRanker } from './ranker/onnxModel.js';
import type { RankerMeta } from './ranker/buildModel.js';
import { rankCandidates, recallCandidates, type RankedItem, type RecallContext } from './recall.js';
import { HotLists, type HotPath } from './HotLists.js';
import { StreamCache } from './StreamCache.js';

/**
 * models/ranker.onnx of this checkout: two levels up from engine/graphfeed/ when run from source
 * (tsx: CLI, tests), three from dist/engine/graphfeed/ when compiled.
 */
export const DEFAULT_RANKER_FILE = ((): string => {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const candidates = ['../../models/ranker.onnx', '../../../models/ranker.onnx'].map((p) => path.resolve(here, p));
  return candidates.find((f) => existsSync(f)) ?? candidates[0];
})();
/** The recovering consumer knows its predecessor died, so it claims at once (wall ms). */
const CLAIM_MIN_IDLE_MS = 0;
/** Posts a hot list keeps beyond twice the largest limit it serves. */
const HOT_LIST_SLACK = 16;

export interface GraphFeedOptions {
  store: GraphStoreOptions;
  /** The timeline model of the same run, for the quality comparison. */
  peer?: () => FeedModel | undefined;
}

interface UserState {
  lastRefreshMs: number;
  /** Post ids in the stream, oldest first (dedupe of refreshes), at most streamMaxLen. */
  pushed: Set<number>;
  refreshing: Promise<void> | null;
  /** Consumer generation per device (bumped by a crash). */
  generation: number[];
  /** Acked entry ids per device (duplicate check), bounded. */
  acked: Set<string>[];
  /** A device reads one page at a time: its reads queue here. */
  deviceBusy: Promise<void>[];
}

export interface GraphCounters {
  reads: number;
  refreshes: number;
  xadds: number;
  delivered: number;
  acked: number;
  expired: number;
  crashes: number;
  reclaimed: number;
  duplicatesAfterAck: number;
  shortPages: number;
  /** Items whose body was not in its hash shard (should stay 0). */
  missingBodies: number;
  ranked: number;
  recallCalls: number;
  perPath: Record<RecallPath, number>;
  candidates: number;
  /** Posts written to the graph store, and in how many batches. */
  postsWritten: number;
  postBatches: number;
  /** Hot-list answers per path, and fall-backs to the store (a cut list that could miss a row). */
  hot: Record<HotPath, { answered: number; fellBack: number }>;
}

const zeroCounters = (): GraphCounters => ({
  reads: 0, refreshes: 0, xadds: 0, delivered: 0, acked: 0, expired: 0, crashes: 0, reclaimed: 0, duplicatesAfterAck: 0, shortPages: 0, missingBodies: 0, ranked: 0, recallCalls: 0,
  perPath: { follow: 0, interest: 0, city: 0, topic: 0 }, candidates: 0, postsWritten: 0, postBatches: 0,
  hot: { interest: { answered: 0, fellBack: 0 }, city: { answered: 0, fellBack: 0 }, topic: { answered: 0, fellBack: 0 } },
});

export class GraphFeed implements FeedModel {
  readonly name = 'graph' as const;
  readonly settings: GraphModelOptions;
  readonly cache: StreamCache;
  store: GraphStore | null = null;
  /** The stream cache's RESP connection (StreamCache.useWriter). */
  private writer: RespWriter | null = null;
  ranker: OnnxRanker | null = null;
  rankerMeta: RankerMeta | null = null;
  rankerFile = '';
  loadMs = 0;
  counters = zeroCounters();
  private users = new Map<number, UserState>();
  /**
   * user -> author -> the INTERACTED edge as written to the store: a mirror of small per-user data
   * the engine already computes, so reads take strengths from memory instead of a fifth query.
   */
  private ties = new Map<number, Map<number, InteractionRow>>();
  /** The newest posts per city and per tag (graphModel.hotLists), or null. */
  readonly hot: HotLists | null;
  /** Posts not yet written to the graph store, and the batch being written. */
  private pendingPosts: PostEvent[] = [];
  private flushing: Promise<void> | null = null;
  private rng: Prng;

  constructor(
    readonly ctx: ModelContext,
    private readonly options: GraphFeedOptions,
  ) {
    this.settings = ctx.scenario.graphModel;
    this.cache = new StreamCache({ redis: ctx.redis.client, prefix: ctx.prefix, tracer: ctx.tracer, maxLen: this.settings.streamMaxLen });
    this.rng = new Prng(ctx.scenario.seed, 'graph-readers');
    const r = this.settings.recall;
    // Room for the largest limit plus the reader's own posts (HotLists.ts: exactness).
    this.hot = this.settings.hotLists ? new HotLists(2 * Math.max(r.interest, r.city, r.topic) + HOT_LIST_SLACK) : null;
  }

  async load(): Promise<void> {
    const t0 = performance.now();
    this.rankerFile = this.settings.rankerFile ? path.resolve(this.ctx.baseDir, this.settings.rankerFile) : DEFAULT_RANKER_FILE;
    this.rankerMeta = await readMeta(this.rankerFile);
    this.ranker = await OnnxRanker.fromFile(this.rankerFile, FEATURE_NAMES.length);
    const o = this.options.store;
    this.store = o.kind === 'neo4j' ? new Neo4jStore({ ...o, tracer: this.ctx.tracer }) : new LadybugStore({ dir: o.dir, tracer: this.ctx.tracer });
    await this.store.load(this.ctx.social, this.ctx.progress);
    this.writer = await RespWriter.forClient(this.ctx.redis.client);
    this.cache.useWriter(this.writer);
    this.loadMs = performance.now() - t0;
  }

  private requireStore(): GraphStore {
    if (!this.store || !this.ranker) throw new FeedscopeError('GRAPH_MODEL_NOT_LOADED', 'The graph model is not loaded: load the scenario first.');
    return this.store;
  }

  bodyKey(postId: number): string {
    return `${this.ctx.prefix}post_body:${postId % this.settings.bodyShards}`;
  }

  /**
   * Queues the post for the graph store (written in batches: flushPosts) and adds it to the hot
   * lists. Everything that reads or writes the store flushes the queue first, so a read sees
   * every post before it, as if each had been written on arrival.
   */
  async onPost(e: PostEvent): Promise<void> {
    this.requireStore();
    this.pendingPosts.push(e);
    this.hot?.add({ id: e.id, ts: e.t, author: e.author, city: this.ctx.social.city[e.author], tags: e.tags });
  }

  /** Writes the queued posts, one batch in flight at a time; resolves once the queue is empty. */
  async flushPosts(): Promise<void> {
    while (this.flushing || this.pendingPosts.length > 0) {
      if (!this.flushing) {
        const batch = this.pendingPosts;
        this.pendingPosts = [];
        this.flushing = this.writePosts(batch).finally(() => {
          this.flushing = null;
        });
      }
      await this.flushing;
    }
  }

  /** One batch: the posts into the graph store, their bodies into the hash shards (one pipeline). */
  private async writePosts(batch: PostEvent[]): Promise<void> {
    const store = this.requireStore();
    await this.ctx.tracer.span('graph.posts', undefined, async (span) => {
      await store.addPosts(batch, span);
      const pipe = this.ctx.redis.client.pipeline();
      for (const e of batch) pipe.hset(this.bodyKey(e.id), String(e.id), JSON.stringify({ author: e.author, ts: this.ctx.epochMs + e.t, tags: e.tags }));
      await tracedPipeline(this.ctx.tracer, span, 'HSET', pipe);
    });
    this.counters.postsWritten += batch.length;
    this.counters.postBatches++;
  }

  async onFollow(e: FollowEvent, changed: boolean): Promise<void> {
    if (!changed) return;
    const store = this.requireStore();
    await this.flushPosts();
    await this.ctx.tracer.span(`graph.${e.kind}`, undefined, (span) => (e.kind === 'follow' ? store.follow(e.user, e.target, span) : store.unfollow(e.user, e.target, span)));
  }

  async onInteract(e: InteractEvent): Promise<void> {
    const store = this.requireStore();
    // Updated before the await, in event order, like the store's own read-modify-write.
    let mine = this.ties.get(e.user);
    if (!mine) this.ties.set(e.user, (mine = new Map()));
    const prev = mine.get(e.author) ?? null;
    mine.set(e.author, { author: e.author, cnt: (prev?.cnt ?? 0) + 1, lastTs: e.t, decayed: decayedAfter(prev, e.t, this.settings.strengthDecayPerDay) });
    await this.flushPosts();
    await this.ctx.tracer.span('graph.interact', undefined, (span) => store.interact(e.user, e.author, e.t, this.settings.strengthDecayPerDay, span));
  }

  recallContext(tracer: Tracer = this.ctx.tracer): RecallContext {
    return {
      store: this.requireStore(),
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
    };
  }

  /**
   * Recall + rank at the current simulated time. `count`: toward the report (reads only);
   * `hotLists: false`: every path queries the store even when hot lists are kept (bench/graph.ts).
   */
  async rankFor(user: number, o: { parent?: Span; tracer?: Tracer; count?: boolean; hotLists?: boolean } = {}): Promise<RankedItem[]> {
    const { parent, count = false } = o;
    await this.flushPosts();
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
    return rankCandidates(c, this.ranker!, r, now, parent);
  }

  private state(user: number): UserState {
    let s = this.users.get(user);
    if (!s) {
      const d = this.settings.devicesPerUser;
      s = {
        lastRefreshMs: -Infinity,
        pushed: new Set(),
        refreshing: null,
        generation: new Array<number>(d).fill(0),
        acked: Array.from({ length: d }, () => new Set<string>()),
        deviceBusy: new Array<Promise<void>>(d).fill(Promise.resolve()),
      };
      this.users.set(user, s);
    }
    return s;
  }

  /** Recall, rank and XADD the best items not yet in the user's stream (single-flight per user). */
  private refresh(user: number, parent: Span): Promise<void> {
    const s = this.state(user);
    if (s.refreshing) return s.refreshing;
    s.refreshing = (async () => {
      const first = s.lastRefreshMs === -Infinity;
      const ranked = await this.rankFor(user, { parent, count: true });
      const fresh = ranked.filter((it) => !s.pushed.has(it.postId)).slice(0, this.settings.feedLength);
      await this.ctx.tracer.span('graph.cache.xadd', parent, async (span) => {
        if (first) await this.cache.ensureGroups(user, this.settings.devicesPerUser, span);
        const expMs = this.ctx.epochMs + this.ctx.now() + this.settings.itemTtlSec * 1000;
        await this.cache.append(user, fresh.map((it) => ({ postId: it.postId, score: it.score, expMs, paths: it.paths, features: [...it.features].map((v) => +v.toFixed(4)).join(',') })), span);
      });
      for (const it of fresh) s.pushed.add(it.postId);
      for (const id of s.pushed) {
        if (s.pushed.size <= this.settings.streamMaxLen) break;
        s.pushed.delete(id);
      }
      s.lastRefreshMs = this.ctx.now();
      this.counters.refreshes++;
      this.counters.xadds += fresh.length;
    })().finally(() => {
      s.refreshing = null;
    });
    return s.refreshing;
  }

  async onRead(e: ReadEvent): Promise<void> {
    this.requireStore();
    const device = this.rng.int(this.settings.devicesPerUser);
    const crash = this.rng.chance(this.settings.readerCrashShare);
    const s = this.state(e.user);
    const turn = s.deviceBusy[device].then(() => this.readOnDevice(e, s, device, crash));
    s.deviceBusy[device] = turn.catch(() => undefined);
    await turn;
  }

  private async readOnDevice(e: ReadEvent, s: UserState, device: number, crash: boolean): Promise<void> {
    const n = this.ctx.scenario.workload.pageSize;
    await this.ctx.tracer.span('graph.read', undefined, async (span) => {
      this.counters.reads++;
      let refreshed = false;
      if (this.ctx.now() - s.lastRefreshMs >= this.settings.refreshAfterSec * 1000 || s.lastRefreshMs === -Infinity) {
        await this.refresh(e.user, span);
        refreshed = true;
      }
      const consumer = `device-${device}.${s.generation[device]}`;
      let got = await this.readPage(e.user, device, consumer, n, true, span);
      if (got.length < n && !refreshed) {
        this.counters.shortPages++;
        await this.refresh(e.user, span);
        // No XAUTOCLAIM this time: it would hand this consumer its own unacked first page again.
        got = got.concat(await this.readPage(e.user, device, consumer, n - got.length, false, span));
      }
      const nowEpoch = this.ctx.epochMs + this.ctx.now();
      const acked = s.acked[device];
      for (const it of got) {
        if (acked.has(it.id)) this.counters.duplicatesAfterAck++;
        if (it.expMs < nowEpoch) this.counters.expired++;
        else this.counters.delivered++;
      }
      await this.fetchBodies(got.filter((it) => it.expMs >= nowEpoch).map((it) => it.postId), span);
      if (crash && got.length > 0) {
        this.counters.crashes++;
        s.generation[device]++;
        return;
      }
      // Not `counters.acked += await ...`: that reads the counter before the await and loses concurrent updates.
      const ackedNow = await this.ctx.tracer.span('graph.cache.ack', span, () => this.cache.ack(e.user, device, got.map((it) => it.id), span));
      this.counters.acked += ackedNow;
      for (const it of got) acked.add(it.id);
      for (const id of acked) {
        if (acked.size <= 4 * this.settings.streamMaxLen) break;
        acked.delete(id);
      }
    });
  }

  /** What the client renders: the page's item bodies, one HMGET per hash shard in one pipeline. */
  private async fetchBodies(postIds: number[], parent: Span): Promise<void> {
    if (postIds.length === 0) return;
    const byShard = new Map<string, string[]>();
    for (const id of postIds) {
      const key = this.bodyKey(id);
      byShard.set(key, [...(byShard.get(key) ?? []), String(id)]);
    }
    const pipe = this.ctx.redis.client.pipeline();
    for (const [key, ids] of byShard) pipe.hmget(key, ...ids);
    const res = await this.ctx.tracer.span('graph.cache.bodies', parent, (span) => tracedPipeline(this.ctx.tracer, span, 'HMGET', pipe));
    for (const values of res as (string | null)[][]) for (const v of values) if (v === null) this.counters.missingBodies++;
  }

  private async readPage(user: number, device: number, consumer: string, n: number, claim: boolean, parent: Span) {
    return this.ctx.tracer.span('graph.cache.read', parent, async (span) => {
      const r = await this.cache.read(user, device, consumer, n, claim ? CLAIM_MIN_IDLE_MS : null, span);
      this.counters.reclaimed += r.reclaimed.length;
      return [...r.reclaimed, ...r.fresh];
    });
  }

  async drain(): Promise<void> {
    await this.flushPosts();
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
    const shards = Array.from({ length: this.settings.bodyShards }, (_, s) => this.bodyKey(s));
    return estimateModelBytes(this.ctx.redis.client, this.ctx.graph.users, (u) => [this.cache.key(u)], shards);
  }

  fanout() {
    return null;
  }

  storeInfo(): { kind: 'ladybug' | 'neo4j'; location: string } | null {
    return this.store ? { kind: this.store.info.kind, location: this.store.info.location } : null;
  }

  modelInfo(): { file: string; auc: number } | null {
    return this.rankerMeta ? { file: this.rankerFile, auc: this.rankerMeta.training.auc } : null;
  }

  report(): Promise<Record<string, unknown>> {
    return graphReport(this, this.options.peer?.());
  }

  async reset(): Promise<void> {
    this.pendingPosts = [];
    await this.flushing?.catch(() => undefined);
    this.users.clear();
    this.ties.clear();
    this.hot?.clear();
    this.counters = zeroCounters();
    this.rng = new Prng(this.ctx.scenario.seed, 'graph-readers');
    await this.store?.clearEvents();
  }

  async close(): Promise<void> {
    this.pendingPosts = [];
    await this.flushing?.catch(() => undefined);
    this.cache.useWriter(null);
    this.writer?.close();
    this.writer = null;
    await this.ranker?.close().catch(() => undefined);
    await this.store?.close();
    this.ranker = null;
    this.store = null;
  }
}

async function readMeta(onnxFile: string): Promise<RankerMeta> {
  const file = onnxFile.replace(/\.onnx$/, '.json');
  let meta: RankerMeta;
  try {
    meta = JSON.parse(await readFile(file, 'utf8')) as RankerMeta;
  } catch (err) {
    throw new FeedscopeError('RANKER_MISSING', `The ranker's description ${file} cannot be read (${(err as Error).message}). Build it with \`npm run model:build\`.`, { cause: err });
  }
  if (JSON.stringify(meta.features) !== JSON.stringify(FEATURE_NAMES)) {
    throw new FeedscopeError('RANKER_MISMATCH', `${file} lists features [${meta.features?.join(', ')}] but this Feedscope computes [${FEATURE_NAMES.join(', ')}]: rebuild the model with \`npm run model:build\`.`);
  }
  return meta;
}
