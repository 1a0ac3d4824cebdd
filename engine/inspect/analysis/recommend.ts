/**
 * Recommendations from what a scan found, each with the rule that fired and the keys it concerns.
 * Pure: the scanned keys and the server's own CONFIG GET values in, recommendations out.
 *
 * - listpack-limit: hashes and ZSETs just past `<type>-max-listpack-entries` (at most twice the
 *   limit) are hashtable/skiplist encoded; raising the limit to their length turns them back into
 *   listpacks (Redis converts on the next write past the old limit, t_zset.c zsetTypeMaybeConvert /
 *   t_hash.c hashTypeTryConversion). The saving is estimated from the scan's own listpack keys of
 *   that type (their bytes per element), so it reflects this server's element sizes.
 * - big-key: MEMORY USAGE at least BIG_KEY_BYTES, or at least BIG_KEY_ELEMENTS elements.
 * - no-ttl: in a namespace where most keys expire (or named like a cache), the keys that never do.
 * - small-strings: many small strings under one prefix; as fields of hashes (listpack-encoded)
 *   each costs its field and value bytes plus a few, not a key's dictEntry, robj and SDS headers.
 */
import type { Recommendation, ScannedKey } from '../keyBrowserApi.js';

export const BIG_KEY_BYTES = 1 << 20;
export const BIG_KEY_ELEMENTS = 10_000;
/** A namespace where at least this share of keys has a TTL is treated as expiring. */
const EXPIRING_NAMESPACE_SHARE = 0.8;
const CACHE_NAME = /(^|[^a-z])(cache|cached|session|sessions|tmp|temp|lock|locks|otp|token|tokens)([^a-z]|$)/i;
/** Small strings: this many under one prefix, each at most SMALL_STRING_BYTES long. */
export const SMALL_STRINGS_MIN = 1000;
export const SMALL_STRING_BYTES = 64;
/** Listpack entry overhead per field/value (encoding byte + backlen), and the fields per bucket hash we suggest. */
const LISTPACK_ENTRY_OVERHEAD_BYTES = 2;
const KEYS_LISTED = 50;

export interface ListpackConfig {
  /** From CONFIG GET; null when CONFIG is disabled (then the rule cannot run). */
  'zset-max-listpack-entries': number | null;
  'zset-max-listpack-value': number | null;
  'hash-max-listpack-entries': number | null;
  'hash-max-listpack-value': number | null;
}

export function recommend(keys: readonly ScannedKey[], config: ListpackConfig, separator: string): Recommendation[] {
  const out: Recommendation[] = [];
  for (const t of ['zset', 'hash'] as const) {
    const r = listpackLimit(keys, t, config[`${t}-max-listpack-entries`], config[`${t}-max-listpack-value`]);
    if (r) out.push(r);
  }
  const big = keys.filter((k) => (k.memoryBytes ?? 0) >= BIG_KEY_BYTES || (k.type !== 'string' && (k.length ?? 0) >= BIG_KEY_ELEMENTS));
  if (big.length > 0) {
    big.sort((a, b) => (b.memoryBytes ?? 0) - (a.memoryBytes ?? 0));
    out.push({
      rule: 'big-key',
      title: `${big.length.toLocaleString('en-US')} big keys`,
      detail: `MEMORY USAGE >= ${BIG_KEY_BYTES / 1024 / 1024} MiB or >= ${BIG_KEY_ELEMENTS.toLocaleString('en-US')} elements: a DEL or a full read (HGETALL, SMEMBERS, ZRANGE 0 -1) blocks the server for the whole key; delete with UNLINK, read with *SCAN or ranges, or split the key.`,
      savingBytes: null,
      keys: big.slice(0, KEYS_LISTED).map((k) => k.key),
      keyCount: big.length,
    });
  }
  out.push(...noTtl(keys, separator), ...smallStrings(keys, separator));
  return out;
}

function listpackLimit(keys: readonly ScannedKey[], type: 'zset' | 'hash', limit: number | null, valueLimit: number | null): Recommendation | null {
  if (limit === null) return null;
  const big = type === 'zset' ? 'skiplist' : 'hashtable';
  const above = keys.filter((k) => k.type === type && k.encoding === big && k.length !== null && k.length > limit && k.length <= 2 * limit);
  if (above.length === 0) return null;
  // Bytes per element of this server's listpack keys of the type (the larger ones: fixed overhead matters less).
  const packed = keys.filter((k) => k.type === type && k.encoding === 'listpack' && (k.length ?? 0) >= Math.max(1, limit / 4) && k.memoryBytes !== null);
  let perElement: number | null = null;
  if (packed.length > 0) {
    const bytes = packed.reduce((s, k) => s + (k.memoryBytes ?? 0), 0);
    const elements = packed.reduce((s, k) => s + (k.length ?? 0), 0);
    perElement = bytes / elements;
  }
  const now = above.reduce((s, k) => s + (k.memoryBytes ?? 0), 0);
  const saving = perElement === null ? null : Math.max(0, Math.round(now - above.reduce((s, k) => s + perElement * (k.length ?? 0), 0)));
  const newLimit = Math.max(...above.map((k) => k.length ?? 0));
  const name = `${type}-max-listpack-entries`;
  return {
    rule: 'listpack-limit',
    title: `${above.length.toLocaleString('en-US')} ${type === 'zset' ? 'ZSETs' : 'hashes'} just above ${name} ${limit}`,
    detail:
      `These are ${big}-encoded with ${limit + 1}..${2 * limit} elements. CONFIG SET ${name} ${newLimit} would let them be listpacks (if every element is at most ${type}-max-listpack-value ${valueLimit ?? '?'} bytes), ` +
      (saving === null
        ? 'saving an amount this scan cannot estimate (no listpack key of this type to measure bytes per element).'
        : `saving about ${saving.toLocaleString('en-US')} bytes (${now.toLocaleString('en-US')} now; listpacks of this server take ${perElement!.toFixed(1)} bytes per element). Reads of a listpack are O(n): keep the limit in the hundreds.`),
    savingBytes: saving,
    keys: above.slice(0, KEYS_LISTED).map((k) => k.key),
    keyCount: above.length,
  };
}

function topPrefix(key: string, sep: string): string | null {
  const i = key.indexOf(sep);
  return i < 0 ? null : key.slice(0, i + sep.length);
}

function noTtl(keys: readonly ScannedKey[], sep: string): Recommendation[] {
  const ns = new Map<string, { total: number; expiring: number; never: ScannedKey[] }>();
  for (const k of keys) {
    if (k.ttlMs === null) continue;
    const p = topPrefix(k.key, sep);
    if (p === null) continue;
    const n = ns.get(p) ?? { total: 0, expiring: 0, never: [] };
    n.total++;
    if (k.ttlMs >= 0) n.expiring++;
    else n.never.push(k);
    ns.set(p, n);
  }
  const out: Recommendation[] = [];
  for (const [p, n] of ns) {
    if (n.never.length === 0) continue;
    const share = n.expiring / n.total;
    const cacheName = CACHE_NAME.test(p);
    if (share < EXPIRING_NAMESPACE_SHARE && !cacheName) continue;
    const bytes = n.never.reduce((s, k) => s + (k.memoryBytes ?? 0), 0);
    out.push({
      rule: 'no-ttl',
      title: `${n.never.length.toLocaleString('en-US')} keys without TTL in ${p}*`,
      detail: `${cacheName ? `"${p}" is named like a cache` : `${Math.round(share * 100)}% of ${p}* keys expire`}, but these never do (${bytes.toLocaleString('en-US')} bytes): they stay until deleted or evicted. Set a TTL when writing them (SET ... EX, EXPIRE).`,
      savingBytes: null,
      keys: n.never.slice(0, KEYS_LISTED).map((k) => k.key),
      keyCount: n.never.length,
    });
  }
  return out;
}

function smallStrings(keys: readonly ScannedKey[], sep: string): Recommendation[] {
  const groups = new Map<string, ScannedKey[]>();
  for (const k of keys) {
    if (k.type !== 'string' || k.length === null || k.length > SMALL_STRING_BYTES) continue;
    const i = k.key.lastIndexOf(sep);
    if (i < 0) continue;
    const p = k.key.slice(0, i + sep.length);
    const g = groups.get(p);
    if (g) g.push(k);
    else groups.set(p, [k]);
  }
  const out: Recommendation[] = [];
  for (const [p, g] of groups) {
    if (g.length < SMALL_STRINGS_MIN) continue;
    const now = g.reduce((s, k) => s + (k.memoryBytes ?? 0), 0);
    const asFields = g.reduce((s, k) => s + (k.key.length - p.length) + (k.length ?? 0) + 2 * LISTPACK_ENTRY_OVERHEAD_BYTES, 0);
    out.push({
      rule: 'small-strings',
      title: `${g.length.toLocaleString('en-US')} small strings under ${p}*`,
      detail: `Each is at most ${SMALL_STRING_BYTES} bytes but costs ${Math.round(now / g.length)} bytes as a key (MEMORY USAGE). As fields of hashes of up to hash-max-listpack-entries fields each (HSET ${p}{bucket} {id} value), they would take about ${asFields.toLocaleString('en-US')} bytes plus one key per bucket; a field cannot have its own TTL.`,
      savingBytes: Math.max(0, now - asFields),
      keys: g.slice(0, KEYS_LISTED).map((k) => k.key),
      keyCount: g.length,
    });
  }
  return out;
}
