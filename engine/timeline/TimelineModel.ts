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
 */
import type { FanoutView } from '../api.js';
import type { PostEvent } from '../scenario/events.js';
import type { Prng } from '../scenario/prng.js';
import type { FollowGraph } from '../social/FollowGraph.js';
import { tracedBatch, tracedCommand } from '../trace/redisOps.js';
import type { Span, Tracer } from '../trace/Tracer.js';
import type { TimelineConfig } from './presets.js';
import { call, pipelineValues, type RedisTransport } from '../redis/transport/RedisTransport.js';
import type { KeySpace } from '../redis/keys.js';

export interface FeedItem {
  postId: number;
  /** Score in Redis: publish time, epoch ms. */
  score: number;
}

export type FanoutMonitor = FanoutView;

interface Chunk {
  post: PendingPost;
  targets: number[];
}

interface PendingPost {
  member: string;
  score: number;
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
}

export class TimelineModel {
  private readonly queue: Chunk[] = [];
  private inFlight = 0;
  private pendingPosts = 0;
  private idleWaiters: (() => void)[] = [];
  private stats = { posts: 0, zadds: 0, trims: 0, dropped: 0, lastLagMs: 0, maxLagMs: 0 };

  constructor(private readonly d: TimelineDeps) {}

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

  /** Writes the author's outbox and queues the fan-out; resolves when the outbox write is done. */
  async post(post: PostEvent): Promise<void> {
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
    if (!this.isPushed(post.author)) return;
    const targets = [post.author, ...this.d.graph.followers(post.author)];
    const pending: PendingPost = { member: String(post.id), score, span: tracer.start('timeline.fanoutWrite'), startedAt: performance.now(), chunksLeft: 0 };
    const chunks: number[][] = [];
    for (let i = 0; i < targets.length; i += config.batchSize) chunks.push(targets.slice(i, i + config.batchSize));
    pending.chunksLeft = chunks.length;
    this.pendingPosts++;
    for (const c of chunks) this.queue.push({ post: pending, targets: c });
    this.pump();
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
          if (this.inFlight === 0 && this.queue.length === 0) {
            const waiters = this.idleWaiters;
            this.idleWaiters = [];
            for (const w of waiters) w();
          }
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
  }

  /** Resolves once every queued fan-out has reached Redis. */
  drain(): Promise<void> {
    if (this.inFlight === 0 && this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** A page of `n` items starting `offset` items from the newest. */
  async readOffset(user: number, offset: number, n: number): Promise<FeedItem[]> {
    const { mode } = this.d.config;
    if (mode === 'push') {
      return this.d.tracer.span('timeline.readOffset', undefined, async (span) =>
        parseWithScores(await tracedCommand(this.d.tracer, span, 'ZREVRANGE', () => this.zrange(['ZREVRANGE', this.timelineKey(user), offset, offset + n - 1, 'WITHSCORES']))),
      );
    }
    return this.mergedRead(user, offset + n, null).then((items) => items.slice(offset, offset + n));
  }

  /**
   * The page after `cursor` (exclusive score; null for the first page). `seen` is how many items
   * the client has already read, which pull reads need to know how deep to fetch.
   */
  async readCursor(user: number, cursor: number | null, n: number, seen = 0): Promise<FeedItem[]> {
    const { mode } = this.d.config;
    if (mode === 'push') {
      const max = cursor === null ? '+inf' : `(${cursor}`;
      return this.d.tracer.span('timeline.readCursor', undefined, async (span) =>
        parseWithScores(await tracedCommand(this.d.tracer, span, 'ZREVRANGEBYSCORE', () => this.zrange(['ZREVRANGEBYSCORE', this.timelineKey(user), max, '-inf', 'WITHSCORES', 'LIMIT', 0, n]))),
      );
    }
    const items = await this.mergedRead(user, seen + n, cursor);
    return items.slice(0, n);
  }

  /** Pull and hybrid reads: the newest `need` items below `below`, merged across sources. */
  private async mergedRead(user: number, need: number, below: number | null): Promise<FeedItem[]> {
    const { tracer, transport, config, graph, rng } = this.d;
    const sequential = config.pullSequentialShare > 0 && rng.next() < config.pullSequentialShare;
    const name = config.mode === 'hybrid' ? 'timeline.hybridRead' : sequential ? 'timeline.pullReadSequential' : 'timeline.pullRead';
    return tracer.span(name, undefined, async (span) => {
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

  /** Forgets counters and restarts the random stream (after the engine deleted the keys); call only when drained. */
  reset(rng: Prng): void {
    this.d.rng = rng;
    this.stats = { posts: 0, zadds: 0, trims: 0, dropped: 0, lastLagMs: 0, maxLagMs: 0 };
    for (const list of this.audited.values()) list.length = 0;
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

/** Newest first; equal scores in Redis's reverse order (member bytes descending). */
export function compareFeedItems(a: FeedItem, b: FeedItem): number {
  if (a.score !== b.score) return b.score - a.score;
  const ma = String(a.postId);
  const mb = String(b.postId);
  return ma < mb ? 1 : ma > mb ? -1 : 0;
}

function parseWithScores(flat: string[]): FeedItem[] {
  const out: FeedItem[] = new Array(flat.length / 2);
  for (let i = 0; i < flat.length; i += 2) out[i / 2] = { postId: Number(flat[i]), score: Number(flat[i + 1]) };
  return out;
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
