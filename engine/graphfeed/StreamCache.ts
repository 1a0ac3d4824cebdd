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
import { FeedscopeError } from '../errors.js';
import type { KeySpace } from '../redis/keys.js';
import { call, pipelineValues, type RedisCommand, type RedisTransport } from '../redis/transport/RedisTransport.js';
import { tracedBatch, tracedCommand } from '../trace/redisOps.js';
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
  /** Appends are bulk traffic (a refresh's XADDs in one batch); reads and acks interactive. */
  transport: RedisTransport;
  keys: KeySpace;
  tracer: Tracer;
  /** MAXLEN ~ of each stream. */
  maxLen: number;
}

export class StreamCache {
  constructor(private readonly o: StreamCacheOptions) {}

  key(user: number): string {
    return this.o.keys.feedStream(user);
  }

  static group(device: number): string {
    return `device:${device}`;
  }

  /** Creates the stream and one consumer group per device (at id 0); existing groups are kept. */
  async ensureGroups(user: number, devices: number, parent?: Span): Promise<void> {
    const cmds: RedisCommand[] = [];
    for (let d = 0; d < devices; d++) cmds.push(['XGROUP', 'CREATE', this.key(user), StreamCache.group(d), '0', 'MKSTREAM']);
    const res = await tracedBatch(this.o.tracer, parent, 'XGROUP', () => this.o.transport.pipeline(cmds));
    for (const [err] of res) if (err && !/BUSYGROUP/.test(err.message)) throw wrap(err, `XGROUP CREATE on ${this.key(user)}`);
  }

  /** XADDs the items in the given order (best first) with MAXLEN ~; resolves with their ids. */
  async append(user: number, items: readonly CachedItem[], parent?: Span): Promise<string[]> {
    if (items.length === 0) return [];
    const key = this.key(user);
    const maxLen = String(this.o.maxLen);
    const cmds = items.map((it): RedisCommand => ['XADD', key, 'MAXLEN', '~', maxLen, '*', 'item_id', it.postId, 'score', it.score.toFixed(6), 'exp', it.expMs, 'paths', it.paths.join(','), 'f', it.features]);
    return (await tracedBatch(this.o.tracer, parent, 'XADD', () => pipelineValues(this.o.transport, cmds, 'XADD', 'bulk'))) as string[];
  }

  /**
   * One device read: first takes over entries left pending by a dead consumer of the same group
   * (XAUTOCLAIM, idle >= `minIdleMs` wall ms; null skips it), then new entries (XREADGROUP `>`),
   * in one pipeline. Returns the reclaimed entries first. Nothing is acked here.
   */
  async read(user: number, device: number, consumer: string, count: number, minIdleMs: number | null, parent?: Span): Promise<{ reclaimed: StreamEntry[]; fresh: StreamEntry[] }> {
    const key = this.key(user);
    const group = StreamCache.group(device);
    const cmds: RedisCommand[] = [];
    if (minIdleMs !== null) cmds.push(['XAUTOCLAIM', key, group, consumer, minIdleMs, '0-0', 'COUNT', count]);
    cmds.push(['XREADGROUP', 'GROUP', group, consumer, 'COUNT', count, 'STREAMS', key, '>']);
    const label = minIdleMs !== null ? 'XAUTOCLAIM+XREADGROUP' : 'XREADGROUP';
    const res = await tracedBatch(this.o.tracer, parent, label, () => pipelineValues(this.o.transport, cmds, label));
    const [claim, read] = minIdleMs !== null ? res : [null, res[0]];
    const reclaimed = parseEntries((claim as [string, RawEntry[]] | null)?.[1] ?? []);
    const streams = read as [string, RawEntry[]][] | null;
    const fresh = parseEntries(streams?.[0]?.[1] ?? []);
    return { reclaimed, fresh };
  }

  async ack(user: number, device: number, ids: readonly string[], parent?: Span): Promise<number> {
    if (ids.length === 0) return 0;
    return tracedCommand(this.o.tracer, parent, 'XACK', async () => Number(await call(this.o.transport, ['XACK', this.key(user), StreamCache.group(device), ...ids])));
  }

  /** Entries delivered to the device's group and not acked yet. */
  async pending(user: number, device: number): Promise<number> {
    const res = (await call(this.o.transport, ['XPENDING', this.key(user), StreamCache.group(device)])) as [number, ...unknown[]];
    return Number(res[0]);
  }

  async length(user: number): Promise<number> {
    return Number(await call(this.o.transport, ['XLEN', this.key(user)]));
  }

  /** The newest `count` entries, newest first (for views; no group involved). */
  async latest(user: number, count: number): Promise<StreamEntry[]> {
    return parseEntries((await call(this.o.transport, ['XREVRANGE', this.key(user), '+', '-', 'COUNT', count])) as RawEntry[]);
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
