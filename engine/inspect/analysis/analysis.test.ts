/** The keyspace analysis's pure parts: sums, buckets, prefix levels, top keys and recommendations. */
import { describe, expect, it } from 'vitest';
import type { ScannedKey } from '../keyBrowserApi.js';
import { aggregateKeys, flattenPrefixes, topBy, ttlBucket } from './aggregate.js';
import { analysisCsv } from './exportAnalysis.js';
import { recommend } from './recommend.js';

const k = (key: string, type: string, encoding: string, memoryBytes: number, length: number, ttlMs = -1): ScannedKey => ({ key, type, encoding, ttlMs, memoryBytes, length });
const H = 3_600_000;

describe('aggregateKeys', () => {
  const keys = [
    k('a:b:1', 'string', 'embstr', 50, 3), k('a:b:2', 'string', 'int', 40, 1, 10 * 60_000), k('a:c:1', 'hash', 'listpack', 100, 2, 2 * H),
    k('z:1', 'zset', 'skiplist', 1000, 200, 3 * 86_400_000), k('loose', 'list', 'quicklist', 10, 4, 30 * 86_400_000),
  ];
  const a = aggregateKeys(keys, { separator: ':', depth: 2, top: 2 });

  it('sums memory and counts by prefix level, type and encoding', () => {
    expect(a.totals).toEqual({ keys: 5, memoryBytes: 1200, withTtl: 4, withoutTtl: 1 });
    expect(flattenPrefixes(a.prefixes)).toEqual([
      { prefix: 'z:', level: 1, keys: 1, memoryBytes: 1000 },
      { prefix: 'a:', level: 1, keys: 3, memoryBytes: 190 },
      { prefix: 'a:c:', level: 2, keys: 1, memoryBytes: 100 },
      { prefix: 'a:b:', level: 2, keys: 2, memoryBytes: 90 },
    ]);
    expect(a.byType.map((t) => [t.name, t.keys, t.memoryBytes])).toEqual([['zset', 1, 1000], ['hash', 1, 100], ['string', 2, 90], ['list', 1, 10]]);
    expect(a.byEncoding.find((e) => e.type === 'string' && e.name === 'int')).toMatchObject({ keys: 1, memoryBytes: 40 });
  });

  it('buckets TTLs (none, < 1 h, < 1 day, < 1 week, longer) and the memory expiring per coming hour', () => {
    expect(a.ttl.map((b) => [b.name, b.keys])).toEqual([['no TTL', 1], ['< 1 h', 1], ['< 1 day', 1], ['< 1 week', 1], ['longer', 1]]);
    expect(a.expiring[0]).toEqual({ hour: 1, keys: 1, memoryBytes: 40 });
    expect(a.expiring[2]).toEqual({ hour: 3, keys: 1, memoryBytes: 100 });
    expect(ttlBucket(null)).toBe('not read');
  });

  it('lists the top keys by memory and by length', () => {
    expect(a.topByMemory.map((x) => x.key)).toEqual(['z:1', 'a:c:1']);
    expect(a.topByLength.map((x) => x.key)).toEqual(['z:1', 'loose']);
    const many = Array.from({ length: 1000 }, (_, i) => k(`k${i}`, 'string', 'raw', i, 1));
    expect(topBy(many, 3, (x) => x.memoryBytes ?? 0).map((x) => x.memoryBytes)).toEqual([999, 998, 997]);
  });

  it('exports CSV with one row per figure, quoting what needs it', () => {
    const csv = analysisCsv({ ...a, server: 's', jobId: 1, complete: true, scanned: 5, dbsize: 5, memoryMethod: '', config: {}, recommendations: [], notes: [] });
    expect(csv.split('\n')[0]).toBe('section,name,type,keys,memory_bytes,ttl_ms,length');
    expect(csv).toContain('prefix level 2,a:b:,,2,90,,');
    expect(csv).toContain('ttl,< 1 h,,1,40,,');
  });
});

describe('recommend', () => {
  const config = { 'zset-max-listpack-entries': 128, 'zset-max-listpack-value': 64, 'hash-max-listpack-entries': 128, 'hash-max-listpack-value': 64 };

  it('finds ZSETs just above the listpack limit and estimates the saving from the server\'s listpack keys', () => {
    const keys = [k('z:near', 'zset', 'skiplist', 20_000, 150), k('z:far', 'zset', 'skiplist', 90_000, 1000), k('z:small', 'zset', 'listpack', 1000, 100)];
    const r = recommend(keys, config, ':').find((x) => x.rule === 'listpack-limit')!;
    expect(r.keys).toEqual(['z:near']);
    // 10 bytes per element in this server's listpacks: 150 elements take 1,500 instead of 20,000.
    expect(r.savingBytes).toBe(18_500);
    expect(r.detail).toContain('CONFIG SET zset-max-listpack-entries 150');
  });

  it('cannot run the listpack rule without the server\'s config', () => {
    expect(recommend([k('z', 'zset', 'skiplist', 1, 150)], { ...config, 'zset-max-listpack-entries': null }, ':').filter((x) => x.rule === 'listpack-limit')).toEqual([]);
  });

  it('flags big keys, keys without TTL in an expiring namespace, and many small strings', () => {
    const keys = [
      k('blob', 'string', 'raw', 2 << 20, 2 << 20),
      ...Array.from({ length: 9 }, (_, i) => k(`s:${i}`, 'string', 'embstr', 60, 5, 1000)),
      k('s:forever', 'string', 'embstr', 60, 5),
      ...Array.from({ length: 1000 }, (_, i) => k(`n:${i}`, 'string', 'int', 50, 3)),
    ];
    const r = recommend(keys, config, ':');
    expect(r.find((x) => x.rule === 'big-key')?.keys).toEqual(['blob']);
    expect(r.find((x) => x.rule === 'no-ttl')?.keys).toEqual(['s:forever']);
    const small = r.find((x) => x.rule === 'small-strings')!;
    expect(small.keyCount).toBe(1000);
    expect(small.savingBytes).toBeGreaterThan(0);
  });
});
