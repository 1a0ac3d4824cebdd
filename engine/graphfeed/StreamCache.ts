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
import { call, pipelineValues, throwFirstFailure, type RedisCommand, type RedisTransport } from '../redis/transport/RedisTransport.js';
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
  /** Appends, reads and acks all ride the interactive lane: each is on a read's path (a refresh's XADDs go in one batch). */
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
    const cmds = this.groupCmds(user, devices);
    const res = await tracedBatch(this.o.tracer, parent, 'XGROUP', () => this.o.transport.pipeline(cmds));
    this.checkGroups(user, res.map(([err]) => err));
  }

  /** XADDs the items in the given order (best first) with MAXLEN ~; resolves with their ids. */
  async append(user: number, items: readonly CachedItem[], parent?: Span): Promise<string[]> {
    if (items.length === 0) return [];
    const cmds = this.appendCmds(user, items);
    return (await tracedBatch(this.o.tracer, parent, 'XADD', () => pipelineValues(this.o.transport, cmds, 'XADD'))) as string[];
  }

  /**
   * One device read: first takes over entries left pending by a dead consumer of the same group
   * (XAUTOCLAIM, idle >= `minIdleMs` wall ms; null skips it), then new entries (XREADGROUP `>`),
   * in one pipeline. Returns the reclaimed entries first. Nothing is acked here.
   */
  async read(user: number, device: number, consumer: string, count: number, minIdleMs: number | null, parent?: Span): Promise<DeviceRead> {
    const cmds = this.readCmds(user, { device, consumer, count, minIdleMs });
    const label = readLabel(minIdleMs);
    const res = await tracedBatch(this.o.tracer, parent, label, () => pipelineValues(this.o.transport, cmds, label));
    return parseRead(res, minIdleMs);
  }

  /**
   * A refresh and the read that asked for it in one round trip: the consumer groups when
   * `groups` (a first refresh), the XADDs, then `read` (as read() does), in one pipeline, so
   * the read sees the entries just added. Resolves with the read.
   */
  async appendAndRead(user: number, items: readonly CachedItem[], groups: number | null, read: ReadRequest, parent?: Span): Promise<DeviceRead> {
    const group = groups === null ? [] : this.groupCmds(user, groups);
    const adds = this.appendCmds(user, items);
    const reads = this.readCmds(user, read);
    const label = `${groups === null ? '' : 'XGROUP+'}XADD+${readLabel(read.minIdleMs)}`;
    const res = await tracedBatch(this.o.tracer, parent, label, () => this.o.transport.pipeline([...group, ...adds, ...reads]));
    this.checkGroups(user, res.slice(0, group.length).map(([err]) => err));
    const rest = res.slice(group.length);
    throwFirstFailure(rest, label, group.length, res.length);
    return parseRead(rest.slice(adds.length).map(([, v]) => v), read.minIdleMs);
  }

  private groupCmds(user: number, devices: number): RedisCommand[] {
    const cmds: RedisCommand[] = [];
    for (let d = 0; d < devices; d++) cmds.push(['XGROUP', 'CREATE', this.key(user), StreamCache.group(d), '0', 'MKSTREAM']);
    return cmds;
  }

  private checkGroups(user: number, errors: readonly (Error | null)[]): void {
    for (const err of errors) if (err && !/BUSYGROUP/.test(err.message)) throw wrap(err, `XGROUP CREATE on ${this.key(user)}`);
  }

  private appendCmds(user: number, items: readonly CachedItem[]): RedisCommand[] {
    const key = this.key(user);
    const maxLen = String(this.o.maxLen);
    return items.map((it): RedisCommand => ['XADD', key, 'MAXLEN', '~', maxLen, '*', 'item_id', it.postId, 'score', it.score.toFixed(6), 'exp', it.expMs, 'paths', it.paths.join(','), 'f', it.features]);
  }

  private readCmds(user: number, r: ReadRequest): RedisCommand[] {
    const key = this.key(user);
    const group = StreamCache.group(r.device);
    const cmds: RedisCommand[] = [];
    if (r.minIdleMs !== null) cmds.push(['XAUTOCLAIM', key, group, r.consumer, r.minIdleMs, '0-0', 'COUNT', r.count]);
    cmds.push(['XREADGROUP', 'GROUP', group, r.consumer, 'COUNT', r.count, 'STREAMS', key, '>']);
    return cmds;
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

export interface ReadRequest {
  device: number;
  consumer: string;
  count: number;
  /** XAUTOCLAIM first, of entries idle at least this long (wall ms); null: no claim. */
  minIdleMs: number | null;
}

export interface DeviceRead {
  reclaimed: StreamEntry[];
  fresh: StreamEntry[];
}

type RawEntry = [string, string[] | null];

function readLabel(minIdleMs: number | null): string {
  return minIdleMs !== null ? 'XAUTOCLAIM+XREADGROUP' : 'XREADGROUP';
}

/** The replies of readCmds (XAUTOCLAIM's first when it was sent). */
function parseRead(res: readonly unknown[], minIdleMs: number | null): DeviceRead {
  const [claim, read] = minIdleMs !== null ? res : [null, res[0]];
  const reclaimed = parseEntries((claim as [string, RawEntry[]] | null)?.[1] ?? []);
  const streams = read as [string, RawEntry[]][] | null;
  return { reclaimed, fresh: parseEntries(streams?.[0]?.[1] ?? []) };
}

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
