/**
 * The Timeline feed model (article chapters 1, 2 and 4) on a real Redis:
 * - push: a post's id is ZADDed (score = publish time in ms) into `timeline:{uid}` of every
 *   follower and of the author, in pipelines of `batchSize`, each ZADD followed by a trim
 *   (ZREMRANGEBYRANK) with the preset's probability;
 * - pull (article 2.3): every post goes to the author's `outbox:{uid}` list; a read pipelines
 *   LRANGE over the reader's followees (or sends them one at a time, for comparison) and merges;
 * - hybrid: push for authors under a follower threshold, pull for the rest, merged at read time.
 * Every author's outbox is written in all modes, so pull reads can be compared in any scenario.
 * Fan-out runs in the background through a bounded queue of pipelines; `drain()` waits for it.
 *
 * A post's own writes (the author's timeline ZADD and trim when pushed, the outbox LPUSH and
 * LTRIM) go, by default, the outbox first (the post waits for it) and the author's timeline in
 * the first fan-out chunk. With `config.writer` (article 2.2) they go together as one event
 * through a writer (ShardedWriter.ts): `sync` validates and writes one event at a time and the post
 * waits for it; `pipeline` routes by author % shards to bounded queues (the post waits only for
 * room), validates per shard (timestamps strictly increasing, body <= 10 KB) and flushes 50
 * events or every 100 ms as one pipeline. The fan-out to followers starts once the own writes are
 * written; a rejected post is neither written nor fanned out.
 */
import type { FanoutView } from '../api.js';
import type { PostEvent } from '../scenario/events.js';
import type { FollowGraph } from '../social/FollowGraph.js';
import { tracedBatch, tracedCommand } from '../trace/redisOps.js';
import type { Span, Tracer } from '../trace/Tracer.js';
import type { TimelineConfig } from './presets.js';
import { call, pipelineValues, type RedisTransport } from '../redis/transport/RedisTransport.js';
import type { KeySpace } from '../redis/keys.js';
import type { RedisCommand } from '../redis/transport/RedisTransport.js';
import type { WriterReport } from '../api/report.js';
import type { WriterView } from '../api.js';
import { Prng } from '../scenario/prng.js';
import { compareFeedItems, type FeedItem } from './FeedItem.js';
import { MAX_BODY_BYTES, ShardedWriter, SyncTimelineWriter, type Queueing, type TimelineWriter } from './ShardedWriter.js';
import { WRITER_QUEUE_CAPACITY, WRITER_SHARDS } from './presets.js';

export { compareFeedItems, type FeedItem };

export type FanoutMonitor = FanoutView;

interface Chunk {
  post: PendingPost;
  targets: number[];
}

interface PendingPost {
  member: string;
  score: number;
  /** Publish time, simulated ms since t=0. */
  t: number;
  span: Span;
  startedAt: number;
  chunksLeft: number;
}

export interface TimelineDeps {
  /** The model's only way to Redis (engine/redis/transport/). */
  transport: RedisTransport;
  /** Key names (prefix, hash tags). */
  keys: KeySpace;
  tracer: Tracer;
  graph: FollowGraph;
  config: TimelineConfig;
  rng: Prng;
  /** Epoch ms of simulated t=0. */
  epochMs: number;
  /** Called when a background fan-out fails (the player reports it). */
  onError: (err: unknown) => void;
  /** Draws of the writer path (body sizes, the author's trims); default a stream of its own. */
  writerRng?: Prng;
}

/** Told when a post (published at simulated `t`) has reached the feeds of `users`: the read cache's staleness. */
export type DeliveryListener = (users: readonly number[], item: FeedItem, t: number) => void;

/** Bodies the validator checks (posts carry no text): a tweet's 280 bytes, or more than the 10 KB limit. */
const POST_BODY = 'x'.repeat(280);
const OVERSIZE_BODY = 'x'.repeat(MAX_BODY_BYTES + 1024);

/** Span of a write through the writer, from the post to written or rejected. */
const WRITER_SPANS = { sync: 'timeline.syncWrite', pipeline: 'timeline.pipelineWrite' } as const;

/** Which writes go through `config.writer` (report.json writer.writes). */
export const WRITER_WRITES = "each post's own writes, as one event: ZADD (and trim) of the author's timeline when the author is pushed, LPUSH + LTRIM of the author's outbox; fan-out to followers stays on the fan-out path and starts once the event is written";

export class TimelineModel {
  private readonly queue: Chunk[] = [];
  private inFlight = 0;
  private pendingPosts = 0;
  private idleWaiters: (() => void)[] = [];
  private stats = { posts: 0, zadds: 0, trims: 0, dropped: 0, lastLagMs: 0, maxLagMs: 0 };
  /** Posts' own writes handed to the writer and not settled yet. */
  private pendingWrites = 0;
  private writer: TimelineWriter | null;
  private writerRng: Prng;
  private deliveryListener: DeliveryListener | null = null;

  constructor(private readonly d: TimelineDeps) {
    this.writer = this.newWriter();
    this.writerRng = d.writerRng ?? new Prng(0, 'timeline.writer');
  }

  private newWriter(): TimelineWriter | null {
    const w = this.d.config.writer;
    if (!w) return null;
    if (w.kind === 'sync') return new SyncTimelineWriter(this.d.transport, this.d.keys);
    return new ShardedWriter({
      transport: this.d.transport,
      keys: this.d.keys,
      shards: w.shards ?? WRITER_SHARDS,
      queueCapacity: w.queueCapacity ?? WRITER_QUEUE_CAPACITY,
      flushBatch: w.flushBatch ?? undefined,
      flushIntervalMs: w.flushIntervalMs ?? undefined,
    });
  }

  /** Tells `listener` of every delivery from now on (one listener; null removes it). */
  onDelivery(listener: DeliveryListener | null): void {
    this.deliveryListener = listener;
  }

  get config(): TimelineConfig {
    return this.d.config;
  }

  timelineKey(user: number): string {
    return this.d.keys.timeline(user);
  }

  outboxKey(user: number): string {
    return this.d.keys.outbox(user);
  }

  /**
   * The post's score: its publish time in epoch ms, or, when the drift lab's clocks are set
   * (engine/drift/), what the selected strategy stamped on it.
   */
  score(post: Pick<PostEvent, 't'> & Partial<Pick<PostEvent, 'id'>>): number {
    const s = this.scorer && post.id !== undefined ? this.scorer(post.id) : undefined;
    return s ?? this.d.epochMs + post.t;
  }

  private scorer: ((postId: number) => number | undefined) | null = null;

  /** Scores from a score strategy (the drift lab) instead of publish ms; null restores publish ms. */
  setScorer(scorer: ((postId: number) => number | undefined) | null): void {
    this.scorer = scorer;
  }

  /** True when the author's posts are pushed into followers' timelines (not pulled at read time). */
  isPushed(author: number): boolean {
    const { mode, hybridFollowerThreshold } = this.d.config;
    return mode === 'push' || (mode === 'hybrid' && this.d.graph.followerCount(author) < hybridFollowerThreshold);
  }

  /**
   * Writes the author's outbox and queues the fan-out; resolves when the outbox write is done.
   * With a writer: hands the post's own writes to it and resolves when the writer has queued them
   * (sync: written); the fan-out follows the write.
   */
  async post(post: PostEvent): Promise<void> {
    if (this.writer) return this.postThroughWriter(post, this.writer);
    const { tracer, transport, config } = this.d;
    const score = this.score(post);
    this.stats.posts++;
    const outbox = tracer.start('timeline.outboxWrite');
    const key = this.outboxKey(post.author);
    try {
      await tracedBatch(tracer, outbox, 'LPUSH+LTRIM', () => transport.send([['LPUSH', key, `${score}:${post.id}`], ['LTRIM', key, 0, config.outboxMaxLength - 1]], 'LPUSH+LTRIM', 'interactive'));
    } finally {
      outbox.end();
    }
    if (!this.isPushed(post.author)) {
      this.deliverPulled(post, score);
      return;
    }
    this.queueFanout(post, score, [post.author, ...this.d.graph.followers(post.author)]);
  }

  private async postThroughWriter(post: PostEvent, writer: TimelineWriter): Promise<void> {
    const { config, tracer } = this.d;
    const w = config.writer!;
    const score = this.score(post);
    const pushed = this.isPushed(post.author);
    const member = String(post.id);
    const oversize = w.oversizeBodyShare > 0 && this.writerRng.next() < w.oversizeBodyShare;
    const trim = pushed && (config.trimProbability >= 1 || this.writerRng.next() < config.trimProbability);
    const commands: RedisCommand[] = [];
    if (pushed) {
      const timeline = this.timelineKey(post.author);
      commands.push(['ZADD', timeline, score, member]);
      if (trim) commands.push(['ZREMRANGEBYRANK', timeline, 0, -(config.maxLength + 1)]);
    }
    const outbox = this.outboxKey(post.author);
    commands.push(['LPUSH', outbox, `${score}:${post.id}`], ['LTRIM', outbox, 0, config.outboxMaxLength - 1]);
    const span = tracer.start(WRITER_SPANS[w.kind]);
    this.pendingWrites++;
    let queued: Queueing;
    try {
      queued = await writer.enqueue({ user: post.author, ts: score, id: member, body: oversize ? OVERSIZE_BODY : POST_BODY, commands });
    } catch (err) {
      span.end();
      this.pendingWrites--;
      this.notifyIfIdle();
      throw err;
    }
    const settled = queued.outcome
      .then((outcome) => {
        span.end();
        if (outcome === 'written') this.ownWritesDone(post, score, pushed, trim);
      })
      .catch((err: unknown) => this.d.onError(err))
      .finally(() => {
        span.end();
        this.pendingWrites--;
        this.notifyIfIdle();
      });
    if (w.kind === 'sync') await settled;
  }

  /** A post's own writes are in Redis (writer path): count them, then deliver or fan out. */
  private ownWritesDone(post: PostEvent, score: number, pushed: boolean, trimmed: boolean): void {
    this.stats.posts++;
    if (!pushed) {
      this.deliverPulled(post, score);
      return;
    }
    this.stats.zadds++;
    if (trimmed) this.stats.trims++;
    const item: FeedItem = { postId: post.id, score };
    const replica = this.audited.get(post.author);
    if (replica) applyToReplica(replica, item, trimmed ? this.d.config.maxLength : Infinity);
    this.deliveryListener?.([post.author], item, post.t);
    this.queueFanout(post, score, this.d.graph.followers(post.author));
  }

  /** A pulled author's post is in its outbox: every follower's next merged read has it. */
  private deliverPulled(post: PostEvent, score: number): void {
    const l = this.deliveryListener;
    if (!l) return;
    const item: FeedItem = { postId: post.id, score };
    l([post.author], item, post.t);
    l(this.d.graph.followers(post.author), item, post.t);
  }

  private queueFanout(post: PostEvent, score: number, targets: readonly number[]): void {
    if (targets.length === 0) return;
    const { tracer, config } = this.d;
    const pending: PendingPost = { member: String(post.id), score, t: post.t, span: tracer.start('timeline.fanoutWrite'), startedAt: performance.now(), chunksLeft: 0 };
    const chunks: number[][] = [];
    for (let i = 0; i < targets.length; i += config.batchSize) chunks.push(targets.slice(i, i + config.batchSize));
    pending.chunksLeft = chunks.length;
    this.pendingPosts++;
    for (const c of chunks) this.queue.push({ post: pending, targets: c });
    this.pump();
  }

  private notifyIfIdle(): void {
    if (this.inFlight !== 0 || this.queue.length !== 0 || this.pendingWrites !== 0) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }

  private pump(): void {
    while (this.inFlight < this.d.config.fanoutConcurrency && this.queue.length > 0) {
      const chunk = this.queue.shift()!;
      this.inFlight++;
      this.runChunk(chunk)
        .catch((err) => this.d.onError(err))
        .finally(() => {
          this.inFlight--;
          const p = chunk.post;
          if (--p.chunksLeft === 0) {
            p.span.end();
            const lag = performance.now() - p.startedAt;
            this.stats.lastLagMs = lag;
            this.stats.maxLagMs = Math.max(this.stats.maxLagMs, lag);
            this.pendingPosts--;
          }
          this.pump();
          this.notifyIfIdle();
        });
    }
  }

  /**
   * One chunk's deliveries: for each follower that receives the post (lossy fan-out may skip it),
   * its key and whether a trim follows. Draws the random numbers and counts the stats here, so
   * every transport sends the same commands in the same order from the same draws.
   */
  private async runChunk(chunk: Chunk): Promise<void> {
    const { graph, config, rng, tracer } = this.d;
    const keys: string[] = [];
    const users: number[] = [];
    const trims: boolean[] = [];
    for (const f of chunk.targets) {
      if (config.lossyFollowsThreshold !== null) {
        const follows = graph.followeeCount(f);
        if (follows > config.lossyFollowsThreshold && rng.next() >= config.lossyFollowsThreshold / follows) {
          this.stats.dropped++;
          continue;
        }
      }
      const trim = config.trimProbability >= 1 || rng.next() < config.trimProbability;
      this.stats.zadds++;
      if (trim) this.stats.trims++;
      keys.push(this.timelineKey(f));
      users.push(f);
      const replica = this.audited.get(f);
      if (replica) applyToReplica(replica, { postId: Number(chunk.post.member), score: chunk.post.score }, trim ? config.maxLength : Infinity);
      trims.push(trim);
    }
    if (keys.length === 0) return;
    const { member, score } = chunk.post;
    const span = tracer.start('timeline.fanoutChunk', chunk.post.span);
    try {
      await tracedBatch(tracer, span, 'ZADD+ZREMRANGEBYRANK', () => this.d.transport.fanout({ keys, trims, score, member, maxLength: config.maxLength }));
    } finally {
      span.end();
    }
    this.deliveryListener?.(users, { postId: Number(member), score }, chunk.post.t);
  }

  /** Resolves once every post handed to the writer is settled and every queued fan-out has reached Redis. */
  drain(): Promise<void> {
    if (this.inFlight === 0 && this.queue.length === 0 && this.pendingWrites === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Flushes and stops the writer (the model takes no posts afterwards). */
  async close(): Promise<void> {
    await this.writer?.close();
  }

  /** A page of `n` items starting `offset` items from the newest. `parent`: the span it is part of (the read cache's miss). */
  async readOffset(user: number, offset: number, n: number, parent?: Span): Promise<FeedItem[]> {
    const { mode } = this.d.config;
    if (mode === 'push') {
      return this.d.tracer.span('timeline.readOffset', parent, async (span) =>
        parseWithScores(await tracedCommand(this.d.tracer, span, 'ZREVRANGE', () => this.zrange(['ZREVRANGE', this.timelineKey(user), offset, offset + n - 1, 'WITHSCORES']))),
      );
    }
    return this.mergedRead(user, offset + n, null, parent).then((items) => items.slice(offset, offset + n));
  }

  /**
   * The page after `cursor` (exclusive score; null for the first page). `seen` is how many items
   * the client has already read, which pull reads need to know how deep to fetch.
   */
  async readCursor(user: number, cursor: number | null, n: number, seen = 0, parent?: Span): Promise<FeedItem[]> {
    const { mode } = this.d.config;
    if (mode === 'push') {
      const max = cursor === null ? '+inf' : `(${cursor}`;
      return this.d.tracer.span('timeline.readCursor', parent, async (span) =>
        parseWithScores(await tracedCommand(this.d.tracer, span, 'ZREVRANGEBYSCORE', () => this.zrange(['ZREVRANGEBYSCORE', this.timelineKey(user), max, '-inf', 'WITHSCORES', 'LIMIT', 0, n]))),
      );
    }
    const items = await this.mergedRead(user, seen + n, cursor, parent);
    return items.slice(0, n);
  }

  /** Pull and hybrid reads: the newest `need` items below `below`, merged across sources. */
  private async mergedRead(user: number, need: number, below: number | null, parent?: Span): Promise<FeedItem[]> {
    const { tracer, transport, config, graph, rng } = this.d;
    const sequential = config.pullSequentialShare > 0 && rng.next() < config.pullSequentialShare;
    const name = config.mode === 'hybrid' ? 'timeline.hybridRead' : sequential ? 'timeline.pullReadSequential' : 'timeline.pullRead';
    return tracer.span(name, parent, async (span) => {
      const pulled = [user, ...graph.followees(user)].filter((a) => !this.isPushed(a));
      const lrange = (a: number) => ['LRANGE', this.outboxKey(a), 0, need - 1] as const;
      const lists: string[][] = [];
      // Outbox reads are bulk traffic: pipelined (or one at a time, for comparison) on the fan-out's lane.
      if (sequential) {
        for (const a of pulled) lists.push((await tracedCommand(tracer, span, 'LRANGE', () => call(transport, lrange(a), 'bulk'))) as string[]);
      } else if (pulled.length > 0) {
        lists.push(...((await tracedBatch(tracer, span, 'LRANGE', () => pipelineValues(transport, pulled.map(lrange), 'LRANGE', 'bulk'))) as string[][]));
      }
      const items: FeedItem[] = [];
      for (const list of lists) {
        for (const entry of list) {
          const sep = entry.indexOf(':');
          items.push({ score: Number(entry.slice(0, sep)), postId: Number(entry.slice(sep + 1)) });
        }
      }
      if (config.mode === 'hybrid') {
        const max = below === null ? '+inf' : `(${below}`;
        const pushed = await tracedCommand(tracer, span, 'ZREVRANGEBYSCORE', () => this.zrange(['ZREVRANGEBYSCORE', this.timelineKey(user), max, '-inf', 'WITHSCORES', 'LIMIT', 0, need]));
        items.push(...parseWithScores(pushed));
      }
      const filtered = below === null ? items : items.filter((i) => i.score < below);
      filtered.sort(compareFeedItems);
      return filtered.slice(0, need);
    });
  }

  private async zrange(cmd: readonly (string | number)[]): Promise<string[]> {
    return (await call(this.d.transport, cmd)) as string[];
  }

  monitor(): FanoutMonitor {
    const s = this.stats;
    return {
      queueDepth: this.pendingPosts,
      chunksQueued: this.queue.length,
      chunksInFlight: this.inFlight,
      lastLagMs: round3(s.lastLagMs),
      maxLagMs: round3(s.maxLagMs),
      posts: s.posts,
      zadds: s.zadds,
      trims: s.trims,
      droppedLossy: s.dropped,
      writeAmplification: s.posts ? round3(s.zadds / s.posts) : 0,
    };
  }

  /**
   * The writer's queues and counters for a frame, or null without a writer: call once per frame
   * (the peak depths since the previous call restart, like the tracer's latency window).
   */
  takeWriterView(): WriterView | null {
    const w = this.d.config.writer;
    if (!this.writer || !w) return null;
    const c = this.writer.counters();
    const lat = this.d.tracer.get(WRITER_SPANS[w.kind]);
    return {
      kind: w.kind,
      queueDepths: c.shards.map((s) => s.depth),
      peakQueueDepths: this.writer.takePeakDepths(),
      maxQueueDepth: c.maxQueueDepth,
      queueCapacity: w.queueCapacity,
      submitted: c.submitted,
      written: c.written,
      rejectedTimestamp: c.rejectedTimestamp,
      rejectedSize: c.rejectedSize,
      batches: c.batches,
      backpressureWaits: c.backpressureWaits,
      p50Ms: lat ? lat.p50Ms : null,
      p99Ms: lat ? lat.p99Ms : null,
    };
  }

  /** report.json `writer`, or null without a writer. */
  writerReport(): WriterReport | null {
    const w = this.d.config.writer;
    if (!this.writer || !w) return null;
    const c = this.writer.counters();
    return {
      ...w,
      writes: WRITER_WRITES,
      submitted: c.submitted,
      written: c.written,
      rejectedTimestamp: c.rejectedTimestamp,
      rejectedSize: c.rejectedSize,
      batches: c.batches,
      meanBatch: c.batches ? round3(c.written / c.batches) : null,
      maxQueueDepth: c.maxQueueDepth,
      backpressureWaits: c.backpressureWaits,
      perShard: c.shards.map((s, shard) => ({ shard, written: s.written, rejected: s.rejected, batches: s.batches, maxQueueDepth: s.maxDepth })),
      latency: this.d.tracer.get(WRITER_SPANS[w.kind]) ?? null,
    };
  }

  /**
   * Forgets counters and restarts the random streams (after the engine deleted the keys), with a
   * fresh writer (its validator's last timestamps start over); call only when drained.
   */
  reset(rng: Prng, writerRng?: Prng): void {
    this.d.rng = rng;
    this.stats = { posts: 0, zadds: 0, trims: 0, dropped: 0, lastLagMs: 0, maxLagMs: 0 };
    for (const list of this.audited.values()) list.length = 0;
    void this.writer?.close();
    this.writer = this.newWriter();
    this.writerRng = writerRng ?? new Prng(0, 'timeline.writer');
  }

  /** Users whose deliveries are recorded, to check their feeds against Redis later (auditFeeds). */
  private readonly audited = new Map<number, FeedItem[]>();

  watch(users: Iterable<number>): void {
    for (const u of users) if (!this.audited.has(u)) this.audited.set(u, []);
  }

  /**
   * Compares each watched user's timeline in Redis with a replica of it kept in memory: every ZADD
   * and trim the fan-out planned for that key, applied in planning order, which is what one server
   * gives for the same events. Nothing lost (in the replica, not in Redis), nothing extra (in Redis,
   * not in the replica). Call when drained (push mode).
   */
  async auditFeeds(): Promise<FeedAudit> {
    const out: FeedAudit = { users: 0, expected: 0, found: 0, lost: 0, extra: 0, examples: [] };
    for (const [user, replica] of this.audited) {
      const actual = parseWithScores(await this.zrange(['ZREVRANGE', this.timelineKey(user), 0, -1, 'WITHSCORES']));
      const expected = replica;
      const have = new Set(actual.map((i) => `${i.postId}@${i.score}`));
      const wanted = new Set(expected.map((i) => `${i.postId}@${i.score}`));
      const lost = expected.filter((i) => !have.has(`${i.postId}@${i.score}`));
      const extra = actual.filter((i) => !wanted.has(`${i.postId}@${i.score}`));
      out.users++;
      out.expected += expected.length;
      out.found += actual.length;
      out.lost += lost.length;
      out.extra += extra.length;
      if ((lost.length > 0 || extra.length > 0) && out.examples.length < 5) {
        out.examples.push({ key: this.timelineKey(user), lost: lost.slice(0, 5).map((i) => i.postId), extra: extra.slice(0, 5).map((i) => i.postId) });
      }
    }
    return out;
  }
}

/**
 * ZADD + optional ZREMRANGEBYRANK 0 -(keep+1) on an in-memory replica, kept in Redis's ascending
 * order (score, then member bytes): the trim drops the lowest ranks, as Redis does.
 */
function applyToReplica(replica: FeedItem[], item: FeedItem, keep: number): void {
  const at = replica.findIndex((r) => r.postId === item.postId);
  if (at >= 0) replica.splice(at, 1);
  let i = replica.length;
  while (i > 0 && compareFeedItems(replica[i - 1], item) < 0) i--;
  replica.splice(i, 0, item);
  if (replica.length > keep) replica.splice(0, replica.length - keep);
}

/** A check of sampled timelines against the deliveries that should have produced them. */
export interface FeedAudit {
  users: number;
  /** Entries the sampled feeds should hold, and hold. */
  expected: number;
  found: number;
  /** Delivered above the trim line but missing from Redis. */
  lost: number;
  /** In Redis but not delivered (or delivered with another score), e.g. a write applied twice to a moved key with another score. */
  extra: number;
  examples: { key: string; lost: number[]; extra: number[] }[];
}

function parseWithScores(flat: string[]): FeedItem[] {
  const out: FeedItem[] = new Array(flat.length / 2);
  for (let i = 0; i < flat.length; i += 2) out[i / 2] = { postId: Number(flat[i]), score: Number(flat[i + 1]) };
  return out;
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
