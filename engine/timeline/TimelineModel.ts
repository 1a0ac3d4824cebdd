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
 *
 * Active users (`config.activeShare`, Mastodon's User::ACTIVE_DURATION): a seeded share of users
 * is active at t=0 and fan-out skips the others (skippedInactive), as Mastodon's
 * followers_for_local_distribution does; the author's own timeline is always written (its
 * deliver_to_self!). Feedscope has no sign-ins: a user's first read (signIn) makes them active and
 * first regenerates their feed from the outboxes, as FeedManager#populate_home does: the newest
 * maxLength/2 entries of the user's and each pushed followee's outbox (LRANGE, one pipeline),
 * merged; the newest maxLength/2 of the merge are ZADDed to the timeline, then one trim. Unlike
 * populate_home it does not skip followees older than a full feed's oldest item: all outboxes are
 * read in one pipeline, so skipping would save nothing and would make the result depend on the
 * order followees are visited.
 */
import type { FanoutView } from '../api.js';
import type { PostEvent } from '../scenario/events.js';
import type { FollowGraph } from '../social/FollowGraph.js';
import { tracedBatch } from '../trace/redisOps.js';
import type { Span, Tracer } from '../trace/Tracer.js';
import type { TimelineConfig } from './presets.js';
import type { RedisTransport } from '../redis/transport/RedisTransport.js';
import type { KeySpace } from '../redis/keys.js';
import type { RedisCommand } from '../redis/transport/RedisTransport.js';
import type { WriterReport } from '../api/report.js';
import type { WriterView } from '../api.js';
import { Prng } from '../scenario/prng.js';
import { compareFeedItems, type FeedItem } from './FeedItem.js';
import { applyToReplica } from './feedAudit.js';
import { ActiveUsers } from './ActiveUsers.js';
import { parseWithScores, TimelineReads } from './timelineReads.js';
import { FeedAuditor, type FeedAudit } from './feedAudit.js';
import { WRITER_SPANS, writerReport, writerView } from './writerViews.js';
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
  /** Who is active at t=0 (config.activeShare < 1); default a stream of its own. */
  activityRng?: Prng;
}

/** Told when a post (published at simulated `t`) has reached the feeds of `users`: the read cache's staleness. */
export type DeliveryListener = (users: readonly number[], item: FeedItem, t: number) => void;

/** Bodies the validator checks (posts carry no text): a tweet's 280 bytes, or more than the 10 KB limit. */
const POST_BODY = 'x'.repeat(280);
const OVERSIZE_BODY = 'x'.repeat(MAX_BODY_BYTES + 1024);

/** Span of a write through the writer, from the post to written or rejected. */



export class TimelineModel {
  private readonly queue: Chunk[] = [];
  private inFlight = 0;
  private pendingPosts = 0;
  private idleWaiters: (() => void)[] = [];
  private stats = newStats();
  /** Posts' own writes handed to the writer and not settled yet. */
  private pendingWrites = 0;
  private writer: TimelineWriter | null;
  private writerRng: Prng;
  private deliveryListener: DeliveryListener | null = null;
  /** Who fan-out reaches, and the regeneration of a returning user's feed (ActiveUsers.ts). */
  private readonly active: ActiveUsers;
  private readonly reads: TimelineReads;

  constructor(private readonly d: TimelineDeps) {
    this.writer = this.newWriter();
    this.writerRng = d.writerRng ?? new Prng(0, 'timeline.writer');
    this.reads = new TimelineReads({
      transport: d.transport,
      tracer: d.tracer,
      graph: d.graph,
      config: d.config,
      rng: () => this.d.rng,
      timelineKey: (u) => this.timelineKey(u),
      outboxKey: (u) => this.outboxKey(u),
      isPushed: (a) => this.isPushed(a),
    });
    this.active = new ActiveUsers({
      config: d.config,
      graph: d.graph,
      tracer: d.tracer,
      transport: d.transport,
      timelineKey: (u) => this.timelineKey(u),
      outboxKey: (u) => this.outboxKey(u),
      isPushed: (a) => this.isPushed(a),
      replicaOf: (u) => this.audit.replicaOf(u),
    }, d.activityRng);
  }

  /** The share of users active at t=0 (1: everyone, no filter). */
  get activeShare(): number {
    return this.active.share;
  }

  /** True when fan-out reaches the user: active at t=0, or read since. */
  isActive(user: number): boolean {
    return this.active.isActive(user);
  }

  /** Every home feed is gone (Redis came back empty): each is regenerated at its user's next read. */
  forgetFeeds(): void {
    this.active.forgetAll();
  }

  /** The user signs in (their read): an inactive user's feed is regenerated first (ActiveUsers.ts). */
  signIn(user: number): Promise<void> {
    return this.active.signIn(user);
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
    this.queueFanout(post, score, [post.author, ...this.active.followers(post.author)]);
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
    const replica = this.audit.replicaOf(post.author);
    if (replica) applyToReplica(replica, item, trimmed ? this.d.config.maxLength : Infinity);
    this.deliveryListener?.([post.author], item, post.t);
    this.queueFanout(post, score, this.active.followers(post.author));
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
      const replica = this.audit.replicaOf(f);
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

  /** A page of `n` items starting `offset` items from the newest (timelineReads.ts). `parent`: the span it is part of. */
  readOffset(user: number, offset: number, n: number, parent?: Span): Promise<FeedItem[]> {
    return this.reads.readOffset(user, offset, n, parent);
  }

  /** The page after `cursor` (exclusive score; null for the first); `seen`: items read so far (pull reads fetch that deep). */
  readCursor(user: number, cursor: number | null, n: number, seen = 0, parent?: Span): Promise<FeedItem[]> {
    return this.reads.readCursor(user, cursor, n, seen, parent);
  }

  private zrange(cmd: readonly (string | number)[]): Promise<string[]> {
    return this.reads.zrange(cmd);
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
      ...this.active.monitor(),
    };
  }

  /** The writer's queues and counters for a frame (once per frame: peaks restart), or null without a writer. */
  takeWriterView(): WriterView | null {
    return this.writer && this.d.config.writer ? writerView(this.writer, this.d.config.writer, this.d.tracer) : null;
  }

  /** report.json `writer`, or null without a writer. */
  writerReport(): WriterReport | null {
    return this.writer && this.d.config.writer ? writerReport(this.writer, this.d.config.writer, this.d.tracer) : null;
  }

  /**
   * Forgets counters and restarts the random streams (after the engine deleted the keys), with a
   * fresh writer (its validator's last timestamps start over); call only when drained.
   */
  reset(rng: Prng, writerRng?: Prng, activityRng?: Prng): void {
    this.d.rng = rng;
    this.stats = newStats();
    this.active.reset(activityRng);
    this.audit.clear();
    void this.writer?.close();
    this.writer = this.newWriter();
    this.writerRng = writerRng ?? new Prng(0, 'timeline.writer');
  }

  /** Watched users' timelines replayed in memory (feedAudit.ts), checked against Redis by auditFeeds. */
  private readonly audit = new FeedAuditor();

  watch(users: Iterable<number>): void {
    this.audit.watch(users);
  }

  /** Each watched user's timeline in Redis against its replay on one node (feedAudit.ts). Call when drained (push mode). */
  auditFeeds(): Promise<FeedAudit> {
    return this.audit.check((u) => this.timelineKey(u), async (key) => parseWithScores(await this.zrange(['ZREVRANGE', key, 0, -1, 'WITHSCORES'])));
  }
}

function newStats() {
  return { posts: 0, zadds: 0, trims: 0, dropped: 0, lastLagMs: 0, maxLagMs: 0 };
}



function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
