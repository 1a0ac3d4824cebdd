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
 * `syncWrite` is the baseline the article compares against: one request, one round trip.
 */
import { FeedscopeError } from '../errors.js';
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

export class ShardedWriter {
  private readonly shards: Shard[];
  private readonly batch: number;
  private readonly intervalMs: number;
  private closed = false;
  readonly stats: ShardedWriterStats = { submitted: 0, written: 0, rejectedTimestamp: 0, rejectedSize: 0, batches: 0, maxQueueDepth: 0, backpressureWaits: 0 };

  constructor(private readonly o: ShardedWriterOptions) {
    if (o.shards < 1 || o.queueCapacity < 1) throw new FeedscopeError('BAD_WRITER_CONFIG', `ShardedWriter needs at least one shard and a queue capacity of at least 1 (got shards ${o.shards}, capacity ${o.queueCapacity}).`);
    this.batch = o.flushBatch ?? FLUSH_BATCH;
    this.intervalMs = o.flushIntervalMs ?? FLUSH_INTERVAL_MS;
    this.shards = Array.from({ length: o.shards }, () => ({ queue: [], lastTs: -Infinity, waiting: [], timer: null, flushing: false }));
  }

  /** Router: queues the event on its shard; resolves once it is written (or rejected). */
  async submit(e: TimelineWrite): Promise<WriteOutcome> {
    if (this.closed) throw new FeedscopeError('WRITER_CLOSED', 'The sharded writer is closed: create a new one.');
    this.stats.submitted++;
    const shard = this.shards[e.user % this.shards.length];
    while (shard.queue.length >= this.o.queueCapacity) {
      this.stats.backpressureWaits++;
      await new Promise<void>((r) => shard.waiting.push(r));
    }
    return new Promise<WriteOutcome>((done, fail) => {
      shard.queue.push({ e, done, fail });
      if (shard.queue.length > this.stats.maxQueueDepth) this.stats.maxQueueDepth = shard.queue.length;
      if (shard.queue.length >= this.batch) void this.flush(shard);
      else shard.timer ??= setTimeout(() => void this.flush(shard), this.intervalMs);
    });
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
      cmds.push(['ZADD', this.o.keys.timeline(q.e.user), q.e.ts, q.e.id]);
    }
    try {
      if (accepted.length > 0) {
        this.stats.batches++;
        await this.o.transport.send(cmds, `flush of ${accepted.length} timeline writes`, 'bulk');
        this.stats.written += accepted.length;
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
export class SyncTimelineWriter {
  private tail: Promise<unknown> = Promise.resolve();
  private lastTs = -Infinity;
  written = 0;

  constructor(private readonly transport: RedisTransport, private readonly keys: KeySpace) {}

  submit(e: TimelineWrite): Promise<WriteOutcome> {
    const run = async (): Promise<WriteOutcome> => {
      if (!(e.ts > this.lastTs)) return 'rejected:timestamp';
      if (Buffer.byteLength(e.body) > MAX_BODY_BYTES) return 'rejected:size';
      this.lastTs = e.ts;
      await this.transport.send([['ZADD', this.keys.timeline(e.user), e.ts, e.id]], 'timeline write', 'bulk');
      this.written++;
      return 'written';
    };
    const p = this.tail.then(run, run);
    this.tail = p.catch(() => undefined);
    return p;
  }
}
