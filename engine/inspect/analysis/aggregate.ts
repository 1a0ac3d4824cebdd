/**
 * Keyspace analysis as pure aggregation over the keys a scan read (type, OBJECT ENCODING, PTTL,
 * MEMORY USAGE ... SAMPLES 0, length): memory and key counts by prefix level, by type, by
 * encoding, by TTL bucket, the memory expiring in each of the coming hours, and the top keys. No
 * I/O: ScanJob collects the samples, this file adds them up, recommend.ts reads the result.
 *
 * Every figure is a plain sum over the samples given, so with a complete scan the counts are
 * exact (and the memory equals the sum of MEMORY USAGE); with a partial scan they describe the
 * keys seen, which the view says.
 */
import type { AnalysisBucket, KeyspaceAnalysisView, PrefixNode, ScannedKey } from '../keyBrowserApi.js';

/** Distinct child prefixes tracked per node; past it keys count as "other" (a million user ids make one bucket, not a million nodes). */
export const MAX_PREFIX_CHILDREN_TRACKED = 5000;
/** Children listed per node in the view, heaviest first. */
export const MAX_PREFIX_CHILDREN_SHOWN = 40;
export const EXPIRING_HOURS = 24;

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const WEEK_MS = 7 * DAY_MS;

/** The TTL buckets, in display order. */
export const TTL_BUCKETS = ['no TTL', '< 1 h', '< 1 day', '< 1 week', 'longer', 'not read'] as const;

export function ttlBucket(ttlMs: number | null): (typeof TTL_BUCKETS)[number] {
  if (ttlMs === null || ttlMs === -2) return 'not read';
  if (ttlMs < 0) return 'no TTL';
  if (ttlMs < HOUR_MS) return '< 1 h';
  if (ttlMs < DAY_MS) return '< 1 day';
  if (ttlMs < WEEK_MS) return '< 1 week';
  return 'longer';
}

interface Tree {
  keys: number;
  memory: number;
  children: Map<string, Tree>;
  otherKeys: number;
  otherMemory: number;
}

const tree = (): Tree => ({ keys: 0, memory: 0, children: new Map(), otherKeys: 0, otherMemory: 0 });

export interface AggregateOptions {
  separator: string;
  /** Prefix levels (a key `a:b:c:d` with depth 2 counts under `a:` and `a:b:`). */
  depth: number;
  top: number;
}

export type Aggregate = Omit<KeyspaceAnalysisView, 'server' | 'jobId' | 'complete' | 'scanned' | 'dbsize' | 'memoryMethod' | 'config' | 'recommendations' | 'notes'>;

/** Sums over `keys` (each key once). */
export function aggregateKeys(keys: readonly ScannedKey[], o: AggregateOptions): Aggregate {
  const root = tree();
  const byType = new Map<string, AnalysisBucket>();
  const byEncoding = new Map<string, AnalysisBucket & { type: string }>();
  const ttl = new Map<string, AnalysisBucket>(TTL_BUCKETS.map((b) => [b, { name: b, keys: 0, memoryBytes: 0 }]));
  const expiring = Array.from({ length: EXPIRING_HOURS }, (_, i) => ({ hour: i + 1, keys: 0, memoryBytes: 0 }));
  let memory = 0;
  let withTtl = 0;
  let withoutTtl = 0;
  for (const k of keys) {
    const m = k.memoryBytes ?? 0;
    memory += m;
    addPrefix(root, k.key, m, o);
    add(byType, k.type, m);
    const enc = `${k.type}/${k.encoding ?? '?'}`;
    const e = byEncoding.get(enc) ?? { name: k.encoding ?? 'not read', type: k.type, keys: 0, memoryBytes: 0 };
    e.keys++;
    e.memoryBytes += m;
    byEncoding.set(enc, e);
    const b = ttl.get(ttlBucket(k.ttlMs))!;
    b.keys++;
    b.memoryBytes += m;
    if (k.ttlMs !== null && k.ttlMs >= 0) {
      withTtl++;
      const hour = Math.floor(k.ttlMs / HOUR_MS);
      if (hour < EXPIRING_HOURS) {
        expiring[hour].keys++;
        expiring[hour].memoryBytes += m;
      }
    } else if (k.ttlMs === -1) withoutTtl++;
  }
  const heavy = (a: AnalysisBucket, b: AnalysisBucket): number => b.memoryBytes - a.memoryBytes || b.keys - a.keys || a.name.localeCompare(b.name);
  return {
    totals: { keys: keys.length, memoryBytes: memory, withTtl, withoutTtl },
    separator: o.separator,
    prefixes: prefixView('', '', root, o.separator),
    byType: [...byType.values()].sort(heavy),
    byEncoding: [...byEncoding.values()].sort(heavy),
    ttl: [...ttl.values()].filter((b) => b.name !== 'not read' || b.keys > 0),
    expiring,
    topByMemory: topBy(keys, o.top, (k) => k.memoryBytes ?? -1),
    topByLength: topBy(keys, o.top, (k) => k.length ?? -1),
  };
}

function add(m: Map<string, AnalysisBucket>, name: string, bytes: number): void {
  const b = m.get(name) ?? { name, keys: 0, memoryBytes: 0 };
  b.keys++;
  b.memoryBytes += bytes;
  m.set(name, b);
}

function addPrefix(root: Tree, key: string, bytes: number, o: AggregateOptions): void {
  root.keys++;
  root.memory += bytes;
  let at = root;
  let from = 0;
  for (let level = 0; level < o.depth; level++) {
    const i = key.indexOf(o.separator, from);
    // The last segment is the key's own name, not a prefix.
    if (i < 0) return;
    const seg = key.slice(from, i);
    from = i + o.separator.length;
    let next = at.children.get(seg);
    if (!next) {
      if (at.children.size >= MAX_PREFIX_CHILDREN_TRACKED) {
        at.otherKeys++;
        at.otherMemory += bytes;
        return;
      }
      next = tree();
      at.children.set(seg, next);
    }
    next.keys++;
    next.memory += bytes;
    at = next;
  }
}

function prefixView(name: string, prefix: string, t: Tree, sep: string): PrefixNode {
  const kids = [...t.children].sort((a, b) => b[1].memory - a[1].memory || b[1].keys - a[1].keys || a[0].localeCompare(b[0]));
  const shown = kids.slice(0, MAX_PREFIX_CHILDREN_SHOWN);
  let otherKeys = t.otherKeys;
  let otherMemoryBytes = t.otherMemory;
  for (const [, c] of kids.slice(MAX_PREFIX_CHILDREN_SHOWN)) {
    otherKeys += c.keys;
    otherMemoryBytes += c.memory;
  }
  return {
    name,
    prefix,
    keys: t.keys,
    memoryBytes: t.memory,
    children: shown.map(([k, c]) => prefixView(k, `${prefix}${k}${sep}`, c, sep)),
    otherKeys,
    otherMemoryBytes,
  };
}

/** The `n` keys with the largest `score` (ties by name), without sorting the whole list. */
export function topBy(keys: readonly ScannedKey[], n: number, score: (k: ScannedKey) => number): ScannedKey[] {
  const best: ScannedKey[] = [];
  let floor = -Infinity;
  for (const k of keys) {
    const s = score(k);
    if (s < 0 || (best.length >= n && s <= floor)) continue;
    best.push(k);
    if (best.length > n * 4) {
      best.sort((a, b) => score(b) - score(a) || a.key.localeCompare(b.key));
      best.length = n;
      floor = score(best[n - 1]);
    }
  }
  best.sort((a, b) => score(b) - score(a) || a.key.localeCompare(b.key));
  return best.slice(0, n);
}

/** Keys and memory under each prefix at `depth`, flattened (for CSV and the treemap). */
export function flattenPrefixes(root: PrefixNode): { prefix: string; level: number; keys: number; memoryBytes: number }[] {
  const out: { prefix: string; level: number; keys: number; memoryBytes: number }[] = [];
  const walk = (n: PrefixNode, level: number): void => {
    for (const c of n.children) {
      out.push({ prefix: c.prefix, level, keys: c.keys, memoryBytes: c.memoryBytes });
      walk(c, level + 1);
    }
  };
  walk(root, 1);
  return out;
}
