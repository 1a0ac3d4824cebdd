/**
 * The sharded Timeline write pipeline of article 2.2, on Redis instead of a local WAL:
 *   Router    user % shards -> the shard's bounded queue (a full queue makes submit() wait:
 *             back-pressure instead of unbounded buffering);
 *   Validator per shard, timestamps strictly increasing (ts > lastTs[shard]) and bodies of at
 *             most MAX_BODY_BYTES (the article's 10 KB); a rejected event resolves as rejected;
 *   Flusher   per shard, a batch of FLUSH_BATCH events or whatever is there after
 *             FLUSH_INTERVAL_MS, written as one pipeline (ZADD timeline:{user} ts id).
 * The article's Go version runs a goroutine pool per shard; here a shard is an async loop on the
 * event loop, and the parallelism that matters is the pipelines in flight to Redis.
 * `SyncTimelineWriter` is the baseline the article compares against: one request, one round trip.
 *
 * What an event writes is its `commands` (the Timeline model sends a post's own writes: the
 * author's timeline ZADD and trim, the outbox LPUSH and LTRIM); without them, `ZADD timeline:{user}
 * ts id` (the benchmark). `enqueue` resolves once the event is queued (after any back-pressure
 * wait) with the promise of its outcome; `submit` waits for the outcome.
 */
import { FeedscopeError } from '../errors.js';
import type { WriterTotals } from '../api.js';
import type { KeySpace } from '../redis/keys.js';
import type { RedisCommand, RedisTransport } from '../redis/transport/RedisTransport.js';

/** Article 2.2: "每 50 条或 100ms 触发一次". */
export const FLUSH_BATCH = 50;
export const FLUSH_INTERVAL_MS = 100;
/** Article 2.2: content length at most 10 KB. */
export const MAX_BODY_BYTES = 10 * 1024;

export interface TimelineWrite {
  user: number;
  /** Strictly increasing per shard (e.g. publish µs or a (ms << 20) | seq score). */
  ts: number;
  id: string;
  body: string;
  /** The writes of this event, in order; default `ZADD timeline:{user} ts id`. */
  commands?: readonly RedisCommand[];
}

export type WriteOutcome = 'written' | 'rejected:timestamp' | 'rejected:size';

export interface ShardedWriterOptions {
  /** Flushes go out as bulk writes (a RESP socket of their own with RespTransport). */
  transport: RedisTransport;
  keys: KeySpace;
  shards: number;
  /** Events a shard's queue holds before submit() waits. */
  queueCapacity: number;
  flushBatch?: number;
  flushIntervalMs?: number;
}

interface Queued {
  e: TimelineWrite;
  done: (o: WriteOutcome) => void;
  fail: (err: unknown) => void;
}

interface Shard {
  queue: Queued[];
  lastTs: number;
  /** Counters of this shard (ShardStats). */
  batches: number;
  written: number;
  rejected: number;
  maxDepth: number;
  /** Most events queued since the last takePeakDepths(). */
  windowMax: number;
  /** Producers waiting for room in the queue. */
  waiting: (() => void)[];
  timer: NodeJS.Timeout | null;
  flushing: boolean;
}

export interface ShardedWriterStats {
  submitted: number;
  written: number;
  rejectedTimestamp: number;
  rejectedSize: number;
  batches: number;
  /** Most events ever queued in one shard (never above queueCapacity). */
  maxQueueDepth: number;
  /** Times a producer had to wait for room. */
  backpressureWaits: number;
}

/** One shard's counters and its queue now. */
export interface ShardStats {
  /** Events queued now (waiting for the flusher). */
  depth: number;
  maxDepth: number;
  batches: number;
  written: number;
  rejected: number;
}

/** What enqueue() resolves with: the event is queued; `outcome` settles once it is written or rejected. */
export interface Queueing {
  outcome: Promise<WriteOutcome>;
}

/** Both writers' counters, in one shape (the sync writer is one shard whose batches are single writes). */
export interface WriterCounters extends WriterTotals {
  shards: ShardStats[];
}

/** What the Timeline model needs of a writer of posts' own writes. */
export interface TimelineWriter {
  enqueue(e: TimelineWrite): Promise<Queueing>;
  counters(): WriterCounters;
  /** Per shard, the most events queued since the previous call. */
  takePeakDepths(): number[];
  close(): Promise<void>;
}

export class ShardedWriter implements TimelineWriter {
  private readonly shards: Shard[];
  private readonly batch: number;
  private readonly intervalMs: number;
  private closed = false;
  readonly stats: ShardedWriterStats = { submitted: 0, written: 0, rejectedTimestamp: 0, rejectedSize: 0, batches: 0, maxQueueDepth: 0, backpressureWaits: 0 };

  constructor(private readonly o: ShardedWriterOptions) {
    if (o.shards < 1 || o.queueCapacity < 1) throw new FeedscopeError('BAD_WRITER_CONFIG', `ShardedWriter needs at least one shard and a queue capacity of at least 1 (got shards ${o.shards}, capacity ${o.queueCapacity}).`);
    this.batch = o.flushBatch ?? FLUSH_BATCH;
    this.intervalMs = o.flushIntervalMs ?? FLUSH_INTERVAL_MS;
    this.shards = Array.from({ length: o.shards }, () => ({ queue: [], lastTs: -Infinity, batches: 0, written: 0, rejected: 0, maxDepth: 0, windowMax: 0, waiting: [], timer: null, flushing: false }));
  }

  get flushBatch(): number {
    return this.batch;
  }

  get flushIntervalMs(): number {
    return this.intervalMs;
  }

  /** Router: queues the event on its shard; resolves once it is written (or rejected). */
  async submit(e: TimelineWrite): Promise<WriteOutcome> {
    return (await this.enqueue(e)).outcome;
  }

  /**
   * Router: waits for room in the event's shard (back-pressure), queues it and resolves; the
   * returned `outcome` settles when the flusher has written it (or the validator rejected it).
   */
  async enqueue(e: TimelineWrite): Promise<Queueing> {
    if (this.closed) throw new FeedscopeError('WRITER_CLOSED', 'The sharded writer is closed: create a new one.');
    this.stats.submitted++;
    const shard = this.shards[e.user % this.shards.length];
    while (shard.queue.length >= this.o.queueCapacity) {
      this.stats.backpressureWaits++;
      await new Promise<void>((r) => shard.waiting.push(r));
    }
    let queued!: Queued;
    const outcome = new Promise<WriteOutcome>((done, fail) => {
      queued = { e, done, fail };
    });
    shard.queue.push(queued);
    if (shard.queue.length > shard.maxDepth) shard.maxDepth = shard.queue.length;
    if (shard.queue.length > shard.windowMax) shard.windowMax = shard.queue.length;
    if (shard.queue.length > this.stats.maxQueueDepth) this.stats.maxQueueDepth = shard.queue.length;
    if (shard.queue.length >= this.batch) void this.flush(shard);
    else shard.timer ??= setTimeout(() => void this.flush(shard), this.intervalMs);
    return { outcome };
  }

  /** Per shard: its queue now and its counters. */
  shardStats(): ShardStats[] {
    return this.shards.map((s) => ({ depth: s.queue.length, maxDepth: s.maxDepth, batches: s.batches, written: s.written, rejected: s.rejected }));
  }

  /** Per shard, the most events queued since the previous call (frames take one window each). */
  takePeakDepths(): number[] {
    return this.shards.map((s) => {
      const peak = s.windowMax;
      s.windowMax = s.queue.length;
      return peak;
    });
  }

  counters(): WriterCounters {
    const s = this.stats;
    return { submitted: s.submitted, written: s.written, rejectedTimestamp: s.rejectedTimestamp, rejectedSize: s.rejectedSize, batches: s.batches, backpressureWaits: s.backpressureWaits, maxQueueDepth: s.maxQueueDepth, shards: this.shardStats() };
  }

  /** Validator + Flusher of one shard: takes up to a batch, validates in order, writes one pipeline. */
  private async flush(shard: Shard): Promise<void> {
    if (shard.timer) {
      clearTimeout(shard.timer);
      shard.timer = null;
    }
    if (shard.flushing || shard.queue.length === 0) return;
    shard.flushing = true;
    const taken = shard.queue.splice(0, this.batch);
    for (const w of shard.waiting.splice(0, taken.length)) w();
    const accepted: Queued[] = [];
    const cmds: RedisCommand[] = [];
    for (const q of taken) {
      const verdict = this.validate(shard, q.e);
      if (verdict) {
        q.done(verdict);
        continue;
      }
      accepted.push(q);
      if (q.e.commands) cmds.push(...q.e.commands);
      else cmds.push(['ZADD', this.o.keys.timeline(q.e.user), q.e.ts, q.e.id]);
    }
    shard.rejected += taken.length - accepted.length;
    try {
      if (accepted.length > 0) {
        this.stats.batches++;
        shard.batches++;
        await this.o.transport.send(cmds, `flush of ${accepted.length} timeline writes`, 'bulk');
        this.stats.written += accepted.length;
        shard.written += accepted.length;
        for (const q of accepted) q.done('written');
      }
    } catch (err) {
      for (const q of accepted) q.fail(err);
    } finally {
      shard.flushing = false;
      if (shard.queue.length >= this.batch) void this.flush(shard);
      else if (shard.queue.length > 0) shard.timer ??= setTimeout(() => void this.flush(shard), this.intervalMs);
    }
  }

  private validate(shard: Shard, e: TimelineWrite): WriteOutcome | null {
    if (!(e.ts > shard.lastTs)) {
      this.stats.rejectedTimestamp++;
      return 'rejected:timestamp';
    }
    if (Buffer.byteLength(e.body) > MAX_BODY_BYTES) {
      this.stats.rejectedSize++;
      return 'rejected:size';
    }
    shard.lastTs = e.ts;
    return null;
  }

  /** Flushes everything queued, then refuses new events. */
  async close(): Promise<void> {
    this.closed = true;
    while (this.shards.some((s) => s.queue.length > 0 || s.flushing)) {
      await Promise.all(this.shards.map((s) => this.flush(s)));
      await new Promise((r) => setImmediate(r));
    }
  }
}

/**
 * The article's baseline ("同步写入"): one writer that validates and writes an event, waits for
 * Redis's reply, and only then takes the next, whoever submitted it.
 */
export class SyncTimelineWriter implements TimelineWriter {
  private tail: Promise<unknown> = Promise.resolve();
  private lastTs = -Infinity;
  written = 0;
  rejectedTimestamp = 0;
  rejectedSize = 0;
  submitted = 0;
  /** Submitted and not settled yet (waiting for the events before them, or for Redis). */
  pending = 0;
  maxPending = 0;
  private windowMax = 0;

  constructor(private readonly transport: RedisTransport, private readonly keys: KeySpace) {}

  submit(e: TimelineWrite): Promise<WriteOutcome> {
    const run = async (): Promise<WriteOutcome> => {
      if (!(e.ts > this.lastTs)) {
        this.rejectedTimestamp++;
        return 'rejected:timestamp';
      }
      if (Buffer.byteLength(e.body) > MAX_BODY_BYTES) {
        this.rejectedSize++;
        return 'rejected:size';
      }
      this.lastTs = e.ts;
      await this.transport.send(e.commands ?? [['ZADD', this.keys.timeline(e.user), e.ts, e.id]], 'timeline write', 'bulk');
      this.written++;
      return 'written';
    };
    this.submitted++;
    this.pending++;
    this.maxPending = Math.max(this.maxPending, this.pending);
    this.windowMax = Math.max(this.windowMax, this.pending);
    const p = this.tail.then(run, run).finally(() => this.pending--);
    this.tail = p.catch(() => undefined);
    return p;
  }

  /** The same door as ShardedWriter.enqueue: nothing to wait for before the event is queued. */
  async enqueue(e: TimelineWrite): Promise<Queueing> {
    return { outcome: this.submit(e) };
  }

  counters(): WriterCounters {
    const rejected = this.rejectedTimestamp + this.rejectedSize;
    return {
      submitted: this.submitted,
      written: this.written,
      rejectedTimestamp: this.rejectedTimestamp,
      rejectedSize: this.rejectedSize,
      batches: this.written,
      backpressureWaits: 0,
      maxQueueDepth: this.maxPending,
      shards: [{ depth: this.pending, maxDepth: this.maxPending, batches: this.written, written: this.written, rejected }],
    };
  }

  takePeakDepths(): number[] {
    const peak = this.windowMax;
    this.windowMax = this.pending;
    return [peak];
  }

  /** Waits for every submitted event. */
  async close(): Promise<void> {
    await this.tail;
  }
}
