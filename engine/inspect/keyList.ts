/**
 * The scanned key list: filters (a glob as Redis's MATCH reads it, a type) and sorts by each
 * column. Pure; ScanJob keeps the keys, this file orders a page of them.
 */
import type { KeySort, ScannedKey } from './keyBrowserApi.js';

/**
 * A Redis glob (util.c stringmatchlen: `*`, `?`, `[abc]`, `[^a]`, `[a-z]`, `\x`) as a RegExp over
 * the whole key.
 */
export function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*') re += '[\\s\\S]*';
    else if (c === '?') re += '[\\s\\S]';
    else if (c === '\\' && i + 1 < glob.length) re += escape(glob[++i]);
    else if (c === '[') {
      const end = glob.indexOf(']', i + 2);
      if (end < 0) {
        re += '\\[';
        continue;
      }
      let body = glob.slice(i + 1, end);
      const negate = body.startsWith('^');
      if (negate) body = body.slice(1);
      re += `[${negate ? '^' : ''}${body.replace(/[\\\]]/g, '\\$&')}]`;
      i = end;
    } else re += escape(c);
  }
  return new RegExp(`^${re}$`);
}

function escape(c: string): string {
  return c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** Unread figures (null) sort after every read one, in either direction. */
function compare(sort: KeySort): (a: ScannedKey, b: ScannedKey) => number {
  const num = (f: (k: ScannedKey) => number | null) => (a: ScannedKey, b: ScannedKey): number => {
    const x = f(a);
    const y = f(b);
    if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
    return x - y;
  };
  switch (sort) {
    case 'key':
      return (a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
    case 'type':
      return (a, b) => a.type.localeCompare(b.type) || (a.key < b.key ? -1 : 1);
    case 'encoding':
      return (a, b) => (a.encoding ?? '~').localeCompare(b.encoding ?? '~') || (a.key < b.key ? -1 : 1);
    // Keys without expiry live longest: -1 sorts as +infinity.
    case 'ttl':
      return num((k) => (k.ttlMs === null ? null : k.ttlMs < 0 ? Number.MAX_SAFE_INTEGER : k.ttlMs));
    case 'memory':
      return num((k) => k.memoryBytes);
    case 'length':
      return num((k) => k.length);
  }
}

export interface ListQuery {
  sort: KeySort;
  desc: boolean;
  pattern: string;
  type: string | null;
}

/** The keys matching `q`, in its order (nulls last either way). */
export function filterAndSort(keys: readonly ScannedKey[], q: ListQuery): ScannedKey[] {
  const match = q.pattern === '*' ? null : globToRegExp(q.pattern);
  const out = keys.filter((k) => (q.type === null || k.type === q.type) && (match === null || match.test(k.key)));
  const cmp = compare(q.sort);
  const isNull = (k: ScannedKey): boolean => (q.sort === 'memory' ? k.memoryBytes === null : q.sort === 'length' ? k.length === null : q.sort === 'ttl' ? k.ttlMs === null : false);
  out.sort(q.desc ? (a, b) => (isNull(a) !== isNull(b) ? (isNull(a) ? 1 : -1) : cmp(b, a)) : cmp);
  return out;
}
