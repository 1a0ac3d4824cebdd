/**
 * The ranked-feed cache of the graph model (article ch.1): one Redis Stream per user,
 * `<prefix>feed_stream:<uid>`, each entry a ranked item
 *
 *   item_id <post id>  score <ranker probability>  exp <expiry, epoch ms>  paths <follow,city..>  f <features>
 *
 * appended in score order by a refresh and trimmed with `XADD ... MAXLEN ~ <n>` (Redis trims whole
 * radix-tree nodes, so a stream may hold a little more than n; see t_stream.c streamTrim).
 * Each of the user's devices is one consumer group (`device:<d>`, created at id 0 so a new
 * device reads from the oldest retained entry). A device reads with XREADGROUP `>` and XACKs what
 * it showed; a reader that dies between the two leaves its entries in the group's PEL, and the
 * next consumer of that device takes them over with XAUTOCLAIM before reading new ones: no item is
 * lost, and an acked entry is never delivered again (XREADGROUP `>` only serves new ids and
 * XAUTOCLAIM only pending ones).
 */
import type { Redis } from 'ioredis';
import { FeedscopeError } from '../errors.js';
import { respArg, RespErrorReply, type RespWriter } from '../redis/RespWriter.js';
import { tracedCommand, tracedPipeline } from '../trace/redisOps.js';
import type { Span, Tracer } from '../trace/Tracer.js';

export interface CachedItem {
  postId: number;
  score: number;
  /** Expiry, epoch ms (simulated clock). */
  expMs: number;
  paths: string[];
  /** Feature snapshot, comma separated in models/ranker.json order. */
  features: string;
}

export interface StreamEntry extends CachedItem {
  /** Stream entry id, `<ms>-<seq>`. */
  id: string;
}

export interface StreamCacheOptions {
  redis: Redis;
  prefix: string;
  tracer: Tracer;
  /** MAXLEN ~ of each stream. */
  maxLen: number;
}

export class StreamCache {
  private writer: RespWriter | null = null;

  constructor(private readonly o: StreamCacheOptions) {}

  /**
   * Appends go through this RESP connection from now on (null: through the ioredis client): a
   * refresh's XADDs as one string, without ioredis's Command object, promise and buffers per
   * command, which were most of what a graph read allocated.
   */
  useWriter(writer: RespWriter | null): void {
    this.writer = writer;
  }

  key(user: number): string {
    return `${this.o.prefix}feed_stream:${user}`;
  }

  static group(device: number): string {
    return `device:${device}`;
  }

  /** Creates the stream and one consumer group per device (at id 0); existing groups are kept. */
  async ensureGroups(user: number, devices: number, parent?: Span): Promise<void> {
    const pipe = this.o.redis.pipeline();
    for (let d = 0; d < devices; d++) pipe.xgroup('CREATE', this.key(user), StreamCache.group(d), '0', 'MKSTREAM');
    const span = this.o.tracer.start('redis.pipeline:XGROUP', parent);
    try {
      const res = (await pipe.exec()) ?? [];
      for (const [err] of res) if (err && !/BUSYGROUP/.test(err.message)) throw wrap(err, `XGROUP CREATE on ${this.key(user)}`);
    } finally {
      span.end();
    }
  }

  /** XADDs the items in the given order (best first) with MAXLEN ~. */
  async append(user: number, items: readonly CachedItem[], parent?: Span): Promise<string[]> {
    if (items.length === 0) return [];
    const fields = (it: CachedItem): string[] => ['item_id', String(it.postId), 'score', it.score.toFixed(6), 'exp', String(it.expMs), 'paths', it.paths.join(','), 'f', it.features];
    if (this.writer) {
      // XADD <key> MAXLEN ~ <n> * <fields>: the part before the fields is the same for every item.
      const head = `*16\r\n$4\r\nXADD\r\n${respArg(this.key(user))}$6\r\nMAXLEN\r\n$1\r\n~\r\n${respArg(String(this.o.maxLen))}$1\r\n*\r\n`;
      let payload = '';
      for (const it of items) {
        payload += head;
        for (const f of fields(it)) payload += respArg(f);
      }
      return this.appendResp(this.writer, payload, items.length, parent);
    }
    const pipe = this.o.redis.pipeline();
    for (const it of items) pipe.call('XADD', this.key(user), 'MAXLEN', '~', String(this.o.maxLen), '*', ...fields(it));
    return (await tracedPipeline(this.o.tracer, parent, 'XADD', pipe)) as string[];
  }

  private async appendResp(writer: RespWriter, payload: string, n: number, parent?: Span): Promise<string[]> {
    const span = this.o.tracer.start('redis.pipeline:XADD', parent);
    try {
      const values = await writer.query(payload, n);
      const failed = values.findIndex((v) => v instanceof RespErrorReply);
      if (failed >= 0) throw new FeedscopeError('REDIS_COMMAND_FAILED', `Redis pipeline (XADD) command ${failed + 1} of ${n} failed: ${(values[failed] as Error).message}`);
      return values as string[];
    } finally {
      span.end();
    }
  }

  /**
   * One device read: first takes over entries left pending by a dead consumer of the same group
   * (XAUTOCLAIM, idle >= `minIdleMs` wall ms; null skips it), then new entries (XREADGROUP `>`),
   * in one pipeline. Returns the reclaimed entries first. Nothing is acked here.
   */
  async read(user: number, device: number, consumer: string, count: number, minIdleMs: number | null, parent?: Span): Promise<{ reclaimed: StreamEntry[]; fresh: StreamEntry[] }> {
    const key = this.key(user);
    const group = StreamCache.group(device);
    const pipe = this.o.redis.pipeline();
    if (minIdleMs !== null) pipe.call('XAUTOCLAIM', key, group, consumer, String(minIdleMs), '0-0', 'COUNT', String(count));
    pipe.call('XREADGROUP', 'GROUP', group, consumer, 'COUNT', String(count), 'STREAMS', key, '>');
    const res = await tracedPipeline(this.o.tracer, parent, minIdleMs !== null ? 'XAUTOCLAIM+XREADGROUP' : 'XREADGROUP', pipe);
    const [claim, read] = minIdleMs !== null ? res : [null, res[0]];
    const reclaimed = parseEntries((claim as [string, RawEntry[]] | null)?.[1] ?? []);
    const streams = read as [string, RawEntry[]][] | null;
    const fresh = parseEntries(streams?.[0]?.[1] ?? []);
    return { reclaimed, fresh };
  }

  async ack(user: number, device: number, ids: readonly string[], parent?: Span): Promise<number> {
    if (ids.length === 0) return 0;
    return tracedCommand(this.o.tracer, parent, 'XACK', () => this.o.redis.xack(this.key(user), StreamCache.group(device), ...ids));
  }

  /** Entries delivered to the device's group and not acked yet. */
  async pending(user: number, device: number): Promise<number> {
    const res = (await this.o.redis.xpending(this.key(user), StreamCache.group(device))) as [number, ...unknown[]];
    return Number(res[0]);
  }

  async length(user: number): Promise<number> {
    return this.o.redis.xlen(this.key(user));
  }

  /** The newest `count` entries, newest first (for views; no group involved). */
  async latest(user: number, count: number): Promise<StreamEntry[]> {
    return parseEntries((await this.o.redis.xrevrange(this.key(user), '+', '-', 'COUNT', count)) as RawEntry[]);
  }
}

type RawEntry = [string, string[] | null];

function parseEntries(raw: RawEntry[]): StreamEntry[] {
  const out: StreamEntry[] = [];
  for (const [id, fields] of raw) {
    if (!fields) continue;
    const m = new Map<string, string>();
    for (let i = 0; i + 1 < fields.length; i += 2) m.set(fields[i], fields[i + 1]);
    out.push({
      id,
      postId: Number(m.get('item_id')),
      score: Number(m.get('score')),
      expMs: Number(m.get('exp')),
      paths: (m.get('paths') ?? '').split(',').filter(Boolean),
      features: m.get('f') ?? '',
    });
  }
  return out;
}

function wrap(err: Error, what: string): FeedscopeError {
  return new FeedscopeError('REDIS_COMMAND_FAILED', `${what} failed: ${err.message}`, { cause: err });
}
