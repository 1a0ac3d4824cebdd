import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { alternativesTable } from './alternativesTable.js';
import type { AlternativesFigures, AlternativeStoreRow } from './benchResults.js';
import { getClaims } from './index.js';

const store = (name: AlternativeStoreRow['store'], qps: number[] | null): AlternativeStoreRow => ({
  store: name, label: `label ${name}`, version: 'v1', memoryKind: 'on disk', error: qps === null ? 'Cannot find module classic-level' : null,
  rows: (qps ?? []).map((q, i) => ({ entries: [1000, 100_000][i]!, loadMs: 10, bytesPerEntry: 50, newestPageQps: q, pages: [{ offset: 0, p50Ms: 0.01, p99Ms: 0.02, samples: 100 }] })),
});
const figures = (leveldb: number[] | null): AlternativesFigures => ({
  pageSize: 20, sizes: [1000, 100_000], offsets: [0, 1000], qpsSeconds: 1, maxSamples: 100,
  stores: [store('redis-zset', [40_000, 20_000]), store('btree', [200_000, 60_000]), store('leveldb', leveldb), store('ladybug', [100, 50])],
  article: { sortedMapQps: 120_000, badgerQps: 85_000, tikvQps: 42_000 },
});

describe('the 4.3 table beside the article', () => {
  it('puts the article figure on each store\'s largest size, ratios against it and against the ZSET at the same size', () => {
    const t = alternativesTable(figures([30_000, 17_000]), '2026-12-01T00:00:00.000Z', 'test machine');
    const btree = t.rows.filter((r) => r.store === 'btree');
    expect(btree.map((r) => r.entries)).toEqual([1000, 100_000]);
    expect(btree[0]!.article).toBeNull();
    expect(btree[1]!.article).toBe('Go SortedMap ~120K');
    expect(btree[1]!.vsArticle).toBeCloseTo(60_000 / 120_000);
    expect(btree[0]!.vsZset).toBeCloseTo(200_000 / 40_000);
    expect(btree[1]!.vsZset).toBeCloseTo(60_000 / 20_000);
    expect(t.rows.find((r) => r.store === 'leveldb' && r.entries === 100_000)!.article).toBe('BadgerDB ~85K');
    expect(t.rows.filter((r) => r.store === 'redis-zset').every((r) => r.vsZset === null && r.article === null)).toBe(true);
    // The page at an offset beyond what was measured is empty, not zero.
    expect(btree[0]!.pages).toEqual([{ p50Ms: 0.01, p99Ms: 0.02 }, null]);
    expect(t.notMeasurable[0]!.article).toContain('TiKV ~42K');
  });

  it('keeps a store that failed as one row with its error', () => {
    const t = alternativesTable(figures(null), '2026-12-01T00:00:00.000Z', 'm');
    const rows = t.rows.filter((r) => r.store === 'leveldb');
    expect(rows).toHaveLength(1);
    expect(rows[0]!.error).toContain('classic-level');
    expect(rows[0]!.newestPageQps).toBeNull();
    expect(rows[0]!.article).toBe('BadgerDB ~85K');
  });

  it('is read from bench/results/alternatives.json by the ledger, and absent without it', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'feedscope-claims-'));
    try {
      expect((await getClaims(dir)).alternatives).toBeNull();
      const file = {
        name: 'alternatives', title: 't', date: '2026-12-01T00:00:00.000Z', quick: false, status: 'ok', wallMs: 1, notes: [],
        machine: { cpuModel: 'cpu', cores: 2, ramBytes: 2 ** 34, platform: 'linux', loadAverage1m: 0.5 }, versions: { node: 'v20', redis: '7.0.15', redisBenchmark: '7.0.15' },
        figures: figures([30_000, 17_000]),
      };
      writeFileSync(path.join(dir, 'alternatives.json'), JSON.stringify(file));
      const v = (await getClaims(dir)).alternatives!;
      expect(v.machine).toContain('cpu, 2 cores');
      expect(v.rows).toHaveLength(8);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
