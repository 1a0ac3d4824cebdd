/**
 * The live Redis key browser: incremental SCAN with a pattern and a type filter, a `:` tree with
 * counts, key details (type, encoding, TTL, MEMORY USAGE ... SAMPLES 0), values one page at a
 * time (never more than MAX_PAGE_ELEMENTS elements per call), SLOWLOG and an INFO summary.
 *
 * Read-only by default: the only write it can do (UNLINK of one key) needs `unlockWrites` on this
 * inspector, i.e. on this connection. It works on any Redis (Feedscope's own or a REDIS_URL).
 */
import type { Redis } from 'ioredis';
import type { KeyDetailsView, KeyScanView, KeyValues, KeyView, ServerSummary, StreamGroupView } from '../api.js';
import { FeedscopeError } from '../errors.js';
import { KeyTree } from './keyTree.js';

/** The most elements a single value fetch returns. */
export const MAX_PAGE_ELEMENTS = 1000;
/** HSCAN/SSCAN COUNT is a hint and can overshoot by one bucket chain: ask for this much less. */
const SCAN_OVERSHOOT_MARGIN = 32;
const MAX_STREAM_GROUPS = 16;
const MAX_GROUP_CONSUMERS = 50;
const PENDING_SAMPLE = 20;

export type { KeyType } from '../api/names.js';
import type { KeyType } from '../api/names.js';

export interface GetKeyArgs {
  key: string;
  offset: number;
  cursor: string;
  count: number;
  reverse: boolean;
  /** ZSET: a score range (ZRANGE BYSCORE syntax: "-inf", "(5", "10"); `offset` then counts within it. */
  scoreMin?: string | null;
  scoreMax?: string | null;
}

/** Elements skipped per HSCAN/SSCAN call when a hash or set page jumps to an index. */
const SKIP_BATCH = 1000;

export class KeyInspector {
  private writable = false;
  private readonly tree = new KeyTree();
  private scanIdentity = '';

  constructor(
    private readonly client: Redis,
    /** For messages and the summary (password redacted). */
    readonly url: string,
    /** On a cluster: every master (SCAN walks each), and the master that holds a key. */
    private readonly cluster: ClusterKeys | null = null,
    /** host:port as the header shows it: a write's confirmation must name it. */
    readonly label: string = url,
  ) {}

  /** The connection that holds `key`. */
  keyClient(key: string): Redis {
    return this.c(key);
  }

  /** Every server of the keyspace (one, or each master of a cluster). */
  masterClients(): Redis[] {
    return this.cluster?.masters() ?? [this.client];
  }

  get isCluster(): boolean {
    return this.cluster !== null;
  }

  /** The first server (INFO, CONFIG, MONITOR). */
  get mainClient(): Redis {
    return this.client;
  }

  /** The connection to the server that holds `key` (the one server, or its slot's master). */
  private c(key: string): Redis {
    return this.cluster ? this.cluster.clientFor(key) : this.client;
  }

  get readOnly(): boolean {
    return !this.writable;
  }

  unlockWrites(unlock: boolean): { writable: boolean; url: string } {
    this.writable = unlock;
    return { writable: this.writable, url: this.url };
  }

  /** One SCAN step. Cursor "0" starts a new walk (and a new tree) for this pattern and type. */
  async scan(args: { cursor: string; pattern: string; type: KeyType | null; count: number }): Promise<KeyScanView> {
    const identity = `${args.pattern}\u0000${args.type ?? ''}`;
    if (args.cursor === '0' || identity !== this.scanIdentity) {
      this.tree.clear();
      this.scanIdentity = identity;
    }
    const scanArgs: (string | number)[] = ['MATCH', args.pattern, 'COUNT', args.count];
    if (args.type) scanArgs.push('TYPE', args.type);
    // On a cluster the walk visits each master in turn; the cursor's last digit is the master's index.
    const masters = this.cluster?.masters() ?? [this.client];
    const at = this.cluster ? clusterCursor(args.cursor) : { node: 0, cursor: args.cursor };
    const server = masters[at.node];
    if (!server) throw new FeedscopeError('BAD_CURSOR', `Scan cursor ${args.cursor} names master ${at.node}, but the cluster has ${masters.length}: start the scan again from cursor 0.`);
    const [next, keys] = (await server.call('SCAN', at.cursor, ...scanArgs)) as [string, string[]];
    let types: string[];
    if (args.type) types = keys.map(() => args.type as string);
    else {
      const pipe = server.pipeline();
      for (const k of keys) pipe.type(k);
      types = ((await pipe.exec()) ?? []).map(([err, t]) => (err ? 'unknown' : String(t)));
    }
    for (const k of keys) this.tree.add(k);
    let dbsize = 0;
    for (const m of masters) dbsize += await m.dbsize();
    const lastNode = next === '0' && at.node === masters.length - 1;
    const cursor = !this.cluster ? next : lastNode ? '0' : next === '0' ? `0${at.node + 1}` : `${next}${at.node}`;
    const node = this.cluster ? `${server.options.host}:${server.options.port}` : undefined;
    return { cursor, done: cursor === '0', keys: keys.map((key, i) => ({ key, type: types[i], ...(node ? { node } : {}) })), seen: this.tree.size, dbsize, tree: this.tree.view(), readOnly: this.readOnly };
  }

  async details(key: string): Promise<KeyDetailsView> {
    const c = this.c(key);
    const res = (await c.pipeline().type(key).call('OBJECT', 'ENCODING', key).pttl(key).call('MEMORY', 'USAGE', key, 'SAMPLES', '0').exec()) ?? [];
    const type = String(res[0]?.[1] ?? 'none');
    const encoding = res[1]?.[0] ? null : ((res[1]?.[1] as string | null) ?? null);
    const ttlMs = Number(res[2]?.[1] ?? -2);
    const memoryUsageBytes = res[3]?.[0] || res[3]?.[1] === null ? null : Number(res[3]?.[1]);
    const node = this.cluster ? `${c.options.host}:${c.options.port}` : undefined;
    return { key, type, encoding, ttlMs, memoryUsageBytes, length: await this.length(key, type), ...(node ? { node } : {}) };
  }

  private async length(key: string, type: string): Promise<number> {
    const c = this.c(key);
    switch (type) {
      case 'zset':
        return c.zcard(key);
      case 'list':
        return c.llen(key);
      case 'set':
        return c.scard(key);
      case 'hash':
        return c.hlen(key);
      case 'stream':
        return c.xlen(key);
      case 'string':
        return c.strlen(key);
      default:
        return 0;
    }
  }

  /** Details and one page of values. */
  async getKey(args: GetKeyArgs): Promise<KeyView> {
    const details = await this.details(args.key);
    const count = Math.min(args.count, MAX_PAGE_ELEMENTS);
    const values = await this.values(args, details.type, count);
    return { details, values, fetched: fetchedCount(values), readOnly: this.readOnly };
  }

  private async values(args: GetKeyArgs, type: string, count: number): Promise<KeyValues> {
    const { key, offset } = args;
    const c = this.c(key);
    switch (type) {
      case 'zset': {
        if (args.scoreMin != null || args.scoreMax != null) return this.zsetByScore(args, count);
        const flat = args.reverse ? await c.zrevrange(key, offset, offset + count - 1, 'WITHSCORES') : await c.zrange(key, offset, offset + count - 1, 'WITHSCORES');
        const entries: { member: string; score: number }[] = [];
        for (let i = 0; i < flat.length; i += 2) entries.push({ member: flat[i], score: parseScore(flat[i + 1]) });
        return { type: 'zset', offset, reverse: args.reverse, entries };
      }
      case 'list':
        return { type: 'list', offset, items: await c.lrange(key, offset, offset + count - 1) };
      case 'hash': {
        const from = offset > 0 && args.cursor === '0' ? await this.skip(key, 'HSCAN', offset) : args.cursor;
        const [next, flat] = from === '0' && offset > 0 && args.cursor === '0' ? ['0', [] as string[]] : await c.hscan(key, from, 'COUNT', scanCount(count));
        const fields: [string, string][] = [];
        for (let i = 0; i < flat.length; i += 2) fields.push([flat[i], flat[i + 1]]);
        return { type: 'hash', cursor: from, nextCursor: next, fields };
      }
      case 'set': {
        const from = offset > 0 && args.cursor === '0' ? await this.skip(key, 'SSCAN', offset) : args.cursor;
        const [next, members] = from === '0' && offset > 0 && args.cursor === '0' ? ['0', [] as string[]] : await c.sscan(key, from, 'COUNT', scanCount(count));
        return { type: 'set', cursor: from, nextCursor: next, members };
      }
      case 'stream':
        return this.stream(key, args.cursor, count);
      case 'string': {
        const buf = await c.getrangeBuffer(key, offset, offset + count - 1);
        const bytes = await c.strlen(key);
        return { type: 'string', offset, bytes, hex: buf.toString('hex'), text: buf.toString('utf8'), truncated: offset + buf.length < bytes };
      }
      case 'none':
        return { type: 'none', note: `The key "${key}" does not exist (it may have expired or been deleted since it was listed).` };
      default:
        return { type: 'other', note: `Values of type "${type}" (a module type) are not shown; details above come from the server.` };
    }
  }

  /**
   * "Jump to index" in a hash or set: they have no order but their SCAN's, so the cursor after
   * about `offset` elements of it (SCAN's COUNT is a hint: the page may start a few elements off).
   */
  private async skip(key: string, cmd: 'HSCAN' | 'SSCAN', offset: number): Promise<string> {
    let cursor = '0';
    let passed = 0;
    do {
      const [next, flat] = (await this.c(key).call(cmd, key, cursor, 'COUNT', Math.min(SKIP_BATCH, offset - passed))) as [string, string[]];
      passed += cmd === 'HSCAN' ? flat.length / 2 : flat.length;
      cursor = next;
    } while (cursor !== '0' && passed < offset);
    return cursor;
  }

  private async zsetByScore(args: GetKeyArgs, count: number): Promise<KeyValues> {
    const c = this.c(args.key);
    const lo = args.scoreMin ?? '-inf';
    const hi = args.scoreMax ?? '+inf';
    const flat = args.reverse
      ? await c.zrevrangebyscore(args.key, hi, lo, 'WITHSCORES', 'LIMIT', args.offset, count)
      : await c.zrangebyscore(args.key, lo, hi, 'WITHSCORES', 'LIMIT', args.offset, count);
    const entries: { member: string; score: number }[] = [];
    for (let i = 0; i < flat.length; i += 2) entries.push({ member: flat[i], score: parseScore(flat[i + 1]) });
    const inRange = await c.zcount(args.key, lo, hi);
    return { type: 'zset', offset: args.offset, reverse: args.reverse, entries, scoreRange: { min: lo, max: hi, count: inRange } };
  }

  private async stream(key: string, after: string, count: number): Promise<KeyValues> {
    const start = after === '0' || after === '' ? '-' : `(${after}`;
    const raw = (await this.c(key).xrange(key, start, '+', 'COUNT', count)) as [string, string[]][];
    const entries = raw.map(([id, flat]) => {
      const fields: [string, string][] = [];
      for (let i = 0; i < flat.length; i += 2) fields.push([flat[i], flat[i + 1]]);
      return { id, fields };
    });
    const groups: StreamGroupView[] = [];
    const info = (await this.c(key).call('XINFO', 'GROUPS', key)) as unknown[][];
    for (const g of info.slice(0, MAX_STREAM_GROUPS)) {
      const o = pairs(g);
      const name = String(o.name);
      const consumers = ((await this.c(key).call('XINFO', 'CONSUMERS', key, name)) as unknown[][]).slice(0, MAX_GROUP_CONSUMERS).map((x) => {
        const c = pairs(x);
        return { name: String(c.name), pending: Number(c.pending), idleMs: Number(c.idle) };
      });
      const pending = (await this.c(key).call('XPENDING', key, name, '-', '+', PENDING_SAMPLE)) as [string, string, number, number][];
      groups.push({
        name,
        consumers,
        pending: Number(o.pending),
        lastDeliveredId: String(o['last-delivered-id']),
        entriesRead: o['entries-read'] === undefined || o['entries-read'] === null ? null : Number(o['entries-read']),
        lag: o.lag === undefined || o.lag === null ? null : Number(o.lag),
        pendingSample: pending.map(([id, consumer, idle, deliveries]) => ({ id, consumer, idleMs: Number(idle), deliveries: Number(deliveries) })),
      });
    }
    return { type: 'stream', after, nextAfter: entries.length === count ? entries[entries.length - 1].id : null, entries, groups };
  }

  /** INFO (default sections) and the slowlog, summarised. */
  async serverSummary(slowlogEntries: number): Promise<ServerSummary> {
    const info = parseInfo(await this.client.info());
    const num = (k: string): number => Number(info.get(k) ?? 0);
    const slow = (await this.client.call('SLOWLOG', 'GET', slowlogEntries)) as unknown[][];
    const slowlogLength = Number(await this.client.call('SLOWLOG', 'LEN'));
    let threshold = -1;
    try {
      threshold = Number(((await this.client.call('CONFIG', 'GET', 'slowlog-log-slower-than')) as string[])[1]);
    } catch {
      // CONFIG is often disabled on managed servers; the threshold is then unknown.
    }
    const keyspace: ServerSummary['keyspace'] = [];
    for (const [k, v] of info) {
      const m = /^db(\d+)$/.exec(k);
      if (m) keyspace.push({ db: k, keys: Number(/keys=(\d+)/.exec(v)?.[1] ?? 0), expires: Number(/expires=(\d+)/.exec(v)?.[1] ?? 0) });
    }
    return {
      url: this.url,
      version: info.get('redis_version') ?? 'unknown',
      mode: info.get('redis_mode') ?? 'standalone',
      uptimeSec: num('uptime_in_seconds'),
      connectedClients: num('connected_clients'),
      usedMemoryBytes: num('used_memory'),
      maxmemoryBytes: num('maxmemory'),
      fragmentationRatio: num('mem_fragmentation_ratio'),
      allocator: info.get('mem_allocator') ?? 'unknown',
      opsPerSec: num('instantaneous_ops_per_sec'),
      totalCommands: num('total_commands_processed'),
      keyspaceHits: num('keyspace_hits'),
      keyspaceMisses: num('keyspace_misses'),
      expiredKeys: num('expired_keys'),
      evictedKeys: num('evicted_keys'),
      keyspace,
      slowlog: slow.map((e) => ({ id: Number(e[0]), atMs: Number(e[1]) * 1000, durationUs: Number(e[2]), command: (e[3] as unknown[]).map(String), client: String(e[4] ?? ''), clientName: String(e[5] ?? '') })),
      slowlogLength,
      slowlogThresholdUs: threshold,
    };
  }

  /**
   * Refuses a write unless writes are unlocked and `confirm` names this server exactly as its
   * header does (the app asks the person first and sends what they confirmed).
   */
  checkWrite(what: string, key: string, confirm: string | undefined): void {
    if (!this.writable) {
      throw new FeedscopeError('INSPECTOR_READ_ONLY', `The key browser is read-only on ${this.label}: unlock writes for this connection first (the lock icon), then ${what} "${key}" again.`);
    }
    if (confirm !== this.label) {
      throw new FeedscopeError('CONFIRMATION_REQUIRED', `To ${what} "${key}" on ${this.label}, confirm it: the request must carry confirm="${this.label}" (the app asks you first and sends it).`);
    }
  }

  async deleteKey(key: string, confirm?: string): Promise<{ deleted: number }> {
    this.checkWrite('delete', key, confirm);
    return { deleted: await this.c(key).unlink(key) };
  }
}

/** What the key browser needs of a cluster: its masters in a stable order, and the master of a key. */
export interface ClusterKeys {
  masters(): Redis[];
  clientFor(key: string): Redis;
}

/** A cluster scan cursor: Redis's cursor with the master's index as its last digit ("0" starts at master 0). */
function clusterCursor(cursor: string): { node: number; cursor: string } {
  if (cursor === '0') return { node: 0, cursor: '0' };
  return { node: Number(cursor.slice(-1)), cursor: cursor.slice(0, -1) || '0' };
}

function scanCount(count: number): number {
  return Math.max(1, Math.min(count, MAX_PAGE_ELEMENTS - SCAN_OVERSHOOT_MARGIN));
}

/** Redis scores as text: "inf", "-inf" and decimal numbers. */
export function parseScore(s: string): number {
  if (s === 'inf' || s === '+inf') return Infinity;
  if (s === '-inf') return -Infinity;
  return Number(s);
}

function pairs(flat: unknown[]): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  for (let i = 0; i + 1 < flat.length; i += 2) o[String(flat[i])] = flat[i + 1];
  return o;
}

export function parseInfo(text: string): Map<string, string> {
  const m = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    if (!line || line.startsWith('#')) continue;
    const i = line.indexOf(':');
    if (i > 0) m.set(line.slice(0, i), line.slice(i + 1));
  }
  return m;
}

function fetchedCount(v: KeyValues): number {
  switch (v.type) {
    case 'zset':
      return v.entries.length;
    case 'list':
      return v.items.length;
    case 'hash':
      return v.fields.length;
    case 'set':
      return v.members.length;
    case 'stream':
      return v.entries.length;
    case 'string':
      return v.hex.length / 2;
    default:
      return 0;
  }
}
