/*
 * Memory of a Redis sorted set, component by component, the way `MEMORY USAGE key SAMPLES 0`
 * counts it (src/object.c objectComputeSize + memoryCommand, Redis 7.0/7.2 on jemalloc):
 *
 *   listpack encoding:  robj + zmalloc_size(listpack)
 *   skiplist encoding:  robj + zset + zskiplist + dict + 8 bytes per dict slot
 *                       + zmalloc_size(header node of ZSKIPLIST_MAXLEVEL levels)
 *                       + per element: sds member + dictEntry + zmalloc_size(node of its level)
 *   plus the key itself: its sds + one dictEntry of the keyspace.
 *
 * Dict slots are the part that is not a function of the elements alone: a dict doubles when it
 * is full and then rehashes incrementally, one bucket per dict operation (zsetAdd does a dictFind
 * and a dictAdd, two steps per new member), so for a while after each doubling both tables are
 * counted. `simulateDictSlots` replays that for a key built one member at a time, which is how
 * ZADD builds every key (listpack first, converted at zset-max-listpack-entries + 1).
 *
 * The encoding rule (t_zset.c zsetAdd/zsetTypeMaybeConvert): listpack while the set has at most
 * zset-max-listpack-entries (128) members and every member has at most zset-max-listpack-value
 * (64) bytes; once converted, a set never goes back on its own.
 */
import { jemallocSize, sdsAllocBytes } from './jemalloc.js';
import { ZSKIPLIST_MAXLEVEL } from './SkiplistModel.js';

/** sizeof(robj): type/encoding/lru bitfields (4) + refcount (4) + ptr (8). */
export const ROBJ_BYTES = 16;
/** sizeof(zset): dict* + zskiplist*. */
export const ZSET_BYTES = 16;
/** sizeof(zskiplist): header*, tail*, unsigned long length, int level (padded). */
export const ZSKIPLIST_BYTES = 32;
/** sizeof(dict) in Redis 7.0: type*, ht_table[2], ht_used[2], rehashidx, pauserehash, ht_size_exp[2] (padded). */
export const DICT_BYTES = 56;
/** sizeof(dictEntry): key*, value union, next*. */
export const DICT_ENTRY_BYTES = 24;
/** sizeof(dictEntry*), one per hash table slot. */
export const DICT_SLOT_BYTES = 8;
/** sizeof(zskiplistNode) without levels: ele*, score (double), backward*. */
export const ZSL_NODE_BASE_BYTES = 24;
/** sizeof(struct zskiplistLevel): forward*, unsigned int span (padded). */
export const ZSL_LEVEL_BYTES = 16;
/** DICT_HT_INITIAL_SIZE. */
export const DICT_INITIAL_SLOTS = 4;
/** Listpack header (total bytes u32 + count u16) and end marker. */
export const LISTPACK_HEADER_BYTES = 6;
export const LISTPACK_EOF_BYTES = 1;

export interface ZsetConfig {
  /** zset-max-listpack-entries (alias zset-max-ziplist-entries), 128 by default. */
  maxListpackEntries: number;
  /** zset-max-listpack-value, bytes, 64 by default. */
  maxListpackValue: number;
}

export const DEFAULT_ZSET_CONFIG: ZsetConfig = { maxListpackEntries: 128, maxListpackValue: 64 };

export interface ZsetEntry {
  member: string;
  score: number;
}

export interface MemoryComponent {
  name: string;
  bytes: number;
  detail: string;
}

export interface ZsetMemoryEstimate {
  encoding: 'listpack' | 'skiplist';
  estimatedBytes: number;
  components: MemoryComponent[];
}

/** Byte length of a string as Redis stores it (UTF-8). */
export function utf8Bytes(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/** The encoding Redis would give a set built by ZADDs of these members (no conversions back). */
export function expectedEncoding(count: number, maxMemberBytes: number, cfg: ZsetConfig = DEFAULT_ZSET_CONFIG): 'listpack' | 'skiplist' {
  return count <= cfg.maxListpackEntries && maxMemberBytes <= cfg.maxListpackValue ? 'listpack' : 'skiplist';
}

/**
 * Dict slots (both tables while rehashing) after `n` members were added one at a time:
 * `listpackUntil` members went in while listpack-encoded (converted with one dictAdd each), the
 * rest through zsetAdd (dictFind + dictAdd). A rehash needs about as many steps as the old table
 * has non-empty buckets: S(1 - (1 - 1/S)^S) for S entries in S buckets.
 */
export function simulateDictSlots(n: number, listpackUntil: number): number {
  let size = 0;
  let used = 0;
  let oldSize = 0;
  let stepsLeft = 0;
  const add = (steps: number): void => {
    if (stepsLeft > 0) stepsLeft = Math.max(0, stepsLeft - steps);
    if (stepsLeft === 0) oldSize = 0;
    if (size === 0) size = DICT_INITIAL_SLOTS;
    else if (oldSize === 0 && used >= size) {
      oldSize = size;
      size = nextPow2(used + 1);
      stepsLeft = Math.ceil(oldSize * (1 - (1 - 1 / oldSize) ** oldSize));
    }
    used++;
  };
  const converted = n > listpackUntil ? listpackUntil : 0;
  for (let i = 0; i < converted; i++) add(1);
  // zsetAdd: dictFind (one step, applied before the add's own step) then dictAdd.
  for (let i = converted; i < n; i++) {
    if (stepsLeft > 0) stepsLeft = Math.max(0, stepsLeft - 1);
    add(1);
  }
  return size + oldSize;
}

function nextPow2(x: number): number {
  let p = DICT_INITIAL_SLOTS;
  while (p < x) p *= 2;
  return p;
}

/** zskiplistNode with `level` levels, as jemalloc rounds it. */
export function zslNodeBytes(level: number): number {
  return jemallocSize(ZSL_NODE_BASE_BYTES + level * ZSL_LEVEL_BYTES);
}

/**
 * Skiplist-encoded estimate. `levels` are the model's tower heights (one per member, any order);
 * `dictSlots` defaults to `simulateDictSlots`.
 */
export function estimateSkiplistZset(key: string, members: readonly string[], levels: Iterable<number>, options: { dictSlots?: number; listpackUntil?: number } = {}): ZsetMemoryEstimate {
  const n = members.length;
  let sds = 0;
  for (const m of members) sds += sdsAllocBytes(utf8Bytes(m));
  let nodes = 0;
  let levelSum = 0;
  for (const l of levels) {
    nodes += zslNodeBytes(l);
    levelSum += l;
  }
  const slots = options.dictSlots ?? simulateDictSlots(n, options.listpackUntil ?? DEFAULT_ZSET_CONFIG.maxListpackEntries);
  const components: MemoryComponent[] = [
    { name: 'objects', bytes: ROBJ_BYTES + ZSET_BYTES + ZSKIPLIST_BYTES + DICT_BYTES, detail: 'robj 16 + zset 16 + zskiplist 32 + dict 56' },
    { name: 'dict slots', bytes: slots * DICT_SLOT_BYTES, detail: `${slots} slots x 8 B${slots & (slots - 1) ? ' (two tables: rehashing)' : ''}` },
    { name: 'dict entries', bytes: n * DICT_ENTRY_BYTES, detail: `${n} x 24 B` },
    { name: 'skiplist header', bytes: zslNodeBytes(ZSKIPLIST_MAXLEVEL), detail: `24 + 32 levels x 16 B = 536 -> jemalloc ${zslNodeBytes(ZSKIPLIST_MAXLEVEL)}` },
    { name: 'skiplist nodes', bytes: nodes, detail: `${n} nodes, ${n ? (levelSum / n).toFixed(3) : 0} levels on average (24 + 16 x level, jemalloc classes)` },
    { name: 'sds members', bytes: sds, detail: `${n} strings (header + bytes + NUL, jemalloc classes)` },
    keyComponent(key),
  ];
  return { encoding: 'skiplist', estimatedBytes: sum(components), components };
}

function keyComponent(key: string): MemoryComponent {
  return { name: 'key', bytes: sdsAllocBytes(utf8Bytes(key)) + DICT_ENTRY_BYTES, detail: 'key sds + keyspace dictEntry' };
}

function sum(c: MemoryComponent[]): number {
  return c.reduce((s, x) => s + x.bytes, 0);
}

// ---- listpack (src/listpack.c) --------------------------------------------------------------

const INT64_RE = /^(0|-?[1-9][0-9]{0,19})$/;

/** lpStringToInt64: the string is stored as an integer when it is a canonical int64. */
export function listpackInt(s: string): bigint | null {
  if (!INT64_RE.test(s)) return null;
  const v = BigInt(s);
  return v >= -(2n ** 63n) && v < 2n ** 63n ? v : null;
}

/** Encoded bytes of one listpack element (encoding + data), without the backlen. */
export function listpackEntryBytes(s: string): number {
  const v = listpackInt(s);
  if (v !== null) {
    if (v >= 0n && v <= 127n) return 1;
    if (v >= -4096n && v <= 4095n) return 2;
    if (v >= -32768n && v <= 32767n) return 3;
    if (v >= -8388608n && v <= 8388607n) return 4;
    if (v >= -2147483648n && v <= 2147483647n) return 5;
    return 9;
  }
  const len = utf8Bytes(s);
  if (len < 64) return 1 + len;
  if (len < 4096) return 2 + len;
  return 5 + len;
}

/** lpEncodeBacklen: bytes needed to store an entry length backwards. */
export function listpackBacklenBytes(l: number): number {
  if (l <= 127) return 1;
  if (l < 16383) return 2;
  if (l < 2097151) return 3;
  if (l < 268435455) return 4;
  return 5;
}

/** d2string (src/util.c, Redis 7.0): how a score is written into a listpack. */
export function d2string(v: number): string {
  if (Number.isNaN(v)) return 'nan';
  if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
  if (v === 0) return Object.is(v, -0) ? '-0' : '0';
  if (v > -4503599627370495 && v < 4503599627370496 && Number.isInteger(v)) return String(v);
  // printf("%.17g")
  const [mant, expStr] = v.toExponential(16).split('e');
  const exp = Number(expStr);
  const strip = (s: string): string => (s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s);
  if (exp < -4 || exp >= 17) return `${strip(mant)}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  return strip(v.toFixed(Math.max(0, 16 - exp)));
}

/** Listpack-encoded estimate: members and scores interleaved, ordered by score. */
export function estimateListpackZset(key: string, entries: readonly ZsetEntry[]): ZsetMemoryEstimate {
  let body = 0;
  for (const e of entries) {
    for (const s of [e.member, d2string(e.score)]) {
      const l = listpackEntryBytes(s);
      body += l + listpackBacklenBytes(l);
    }
  }
  const raw = LISTPACK_HEADER_BYTES + body + LISTPACK_EOF_BYTES;
  const components: MemoryComponent[] = [
    { name: 'robj', bytes: ROBJ_BYTES, detail: 'redisObject' },
    { name: 'listpack', bytes: jemallocSize(raw), detail: `${entries.length} members + scores in ${raw} B -> jemalloc ${jemallocSize(raw)}` },
    keyComponent(key),
  ];
  return { encoding: 'listpack', estimatedBytes: sum(components), components };
}
