import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import {
  AlternativesResultSchema, checkBenchResult, ClusterResultSchema, GraphResultSchema, PullReadResultSchema, ZsetResultSchema,
  type AlternativesFigures, type AlternativeStoreRow, type BenchResult, type ClusterFigures, type GraphFigures, type GraphReadPathRow, type MixedVariantRow, type PullReadFigures, type ZsetFigures,
} from './benchResults.js';
import { buildLedger, CLAIM_COUNT } from './ledger.js';
import { measureDrift } from './live.js';
import { measureReadCache, type ReadCacheFigures } from './liveReadCache.js';
import { readBenchResults } from './results.js';

const ENVELOPE = {
  title: 'test', date: '2026-11-24T08:00:00.000Z', quick: false, status: 'ok', wallMs: 1000, notes: [],
  machine: { cpuModel: 'test', cores: 2, ramBytes: 2 ** 34, platform: 'linux', loadAverage1m: 0.5 }, versions: { node: 'v20', redis: '7.0.15', redisBenchmark: '7.0.15' },
};
const PULLREAD: PullReadFigures = {
  readers: 500, authors: 2000, followees: 200, itemsPerOutbox: 5, secondsPerPoint: 1.5, points: [], medianRatio: 0, article: { pipelinedQps: 8630, sequentialQps: 1240, ratio: 7 },
};
const ZSET: ZsetFigures = {
  sizes: [100, 1e6], memory: [], pages: [], pageSize: 20, repeats: 100, worstTailP99Ms: 0, skiplistBytesPerMember: 0, skiplistBytesPerMemberArticleIds: 0, slowlogSample: [],
  article: { bytesPerMember: 64, bytesPerNode: 72, tailPageMs: 800 },
};
/** A results file as the benchmark writes it, parsed with its schema (a fixture that does not match fails here). */
function parsed<T>(schema: z.ZodType<T>, raw: unknown): T {
  const c = checkBenchResult(schema, raw, { strict: true });
  if (!c.ok) throw new Error(`fixture at ${c.path}: ${c.message}`);
  return c.result;
}
function result(name: 'pullread', figures: Partial<PullReadFigures>): BenchResult<'pullread'>;
function result(name: 'zset', figures: Partial<ZsetFigures>): BenchResult<'zset'>;
function result(name: 'pullread' | 'zset', figures: Partial<PullReadFigures> | Partial<ZsetFigures>): BenchResult<'pullread'> | BenchResult<'zset'> {
  return name === 'pullread'
    ? parsed(PullReadResultSchema, { ...ENVELOPE, name, figures: { ...PULLREAD, ...figures } })
    : parsed(ZsetResultSchema, { ...ENVELOPE, name, figures: { ...ZSET, ...figures } });
}
const row = (rows: ReturnType<typeof buildLedger>, id: string) => rows.find((r) => r.id === id)!;

/** An alternatives results file: the newest page at 1M entries at `qps` per store (null: the store failed with an error). */
function alternativesResult(qps: { btree: number | null; leveldb: number | null }): BenchResult<'alternatives'> {
  const store = (name: AlternativeStoreRow['store'], q: number | null): AlternativeStoreRow => ({
    store: name, label: name, version: 'test', memoryKind: 'on disk', error: q === null ? 'Cannot find module classic-level' : null,
    rows: q === null ? [] : [{ entries: 1e6, loadMs: 100, bytesPerEntry: 50, newestPageQps: q, pages: [{ offset: 0, p50Ms: 0.01, p99Ms: 0.02, samples: 300 }] }],
  });
  const figures: AlternativesFigures = {
    pageSize: 20, sizes: [1000, 1e6], offsets: [0, 1000], qpsSeconds: 1, maxSamples: 300,
    stores: [store('redis-zset', 40_000), store('btree', qps.btree), store('leveldb', qps.leveldb), store('ladybug', 100)],
    article: { sortedMapQps: 120_000, badgerQps: 85_000, tikvQps: 42_000 },
  };
  return parsed(AlternativesResultSchema, { ...ENVELOPE, name: 'alternatives', figures });
}

const mixedRow = (setting: MixedVariantRow['setting'], variant: MixedVariantRow['variant'], p50Ms: number | null, p99Ms: number | null, refused = 0): MixedVariantRow => ({
  setting, variant, tags: variant === 'colocated' ? 'one' : 'per-user', attempts: 2000, refused, p50Ms, p99Ms,
});
/** A cluster results file: one-server ZUNIONSTORE 0.2 / 2.5 ms; the cluster's client-side merge at `clientP50` / `clientP99`. */
function clusterResult(clientP50: number, clientP99: number, writer: { lost: number } | null = { lost: 0 }): BenchResult<'cluster'> {
  const fanoutRow = {
    masters: 3, zaddPerSec: 3.6e5, redisBenchmarkZaddPerSec: 2.8e5, redisBenchmarkKeysZaddPerSec: 4.9e5, ratio: 1.29, ratioKeys: 0.74, perNodeZadds: [1, 1, 1], zaddBalance: 1,
    redisBusyShare: [0.2, 0.2, 0.2], redisBusyShareRedisBenchmark: [0.4, 0.4, 0.4], clientCpuShare: 0.7, machineBusyShare: 0.9, machineBusyShareRedisBenchmark: 0.99,
    redisUsecPerZadd: 1.3, redisUsecPerZaddRedisBenchmark: null, runs: { zadd: [3.6e5], redisBenchmark: [2.8e5], redisBenchmarkKeys: [4.9e5] },
  };
  const reshardRow = { slots: 4000, fromMaster: 0, toMaster: 1, durationMs: 3880, keysMoved: 24_419, bytesMoved: 7_654_604, migrateCalls: 3959, migrateMeanUs: 142, msPerSlot: 0.97, msPerMiB: 534, writer: null };
  const figures: ClusterFigures = {
    cores: 2,
    fanout: { followers: 1e5, posts: 8, batchSize: 1000, fanoutConcurrency: 4, repeats: 3, rows: [fanoutRow], scaling: [{ masters: 3, engine: 1, redisBenchmark: 1 }], redisBenchmarkArgs: { zadd: [], zaddKeys: [] } },
    mixed: {
      masters: 3, users: 3000, cities: 20, entriesPerSource: 150, pageSize: 20,
      variants: [mixedRow('one server', 'zunionstore', 0.2, 2.5), mixedRow('one server', 'client', 0.1, 1.2), mixedRow('cluster', 'zunionstore', null, null, 2000), mixedRow('cluster', 'client', clientP50, clientP99), mixedRow('cluster', 'colocated', 0.24, 0.74)],
      crossSlotMessage: 'ZUNIONSTORE on a Redis Cluster failed with CROSSSLOT', memory: [{ tags: 'one', perNodeBytes: [0, 1e8, 0], perNodeKeys: [0, 6020, 0], busiestShare: 1 }],
      oneServerZunionstoreUsec: 143, clientVsOneServerP50: clientP50 / 0.2, clientVsOneServerP99: clientP99 / 2.5,
    },
    reshard: {
      masters: 3, timelines: 1e5, entriesPerTimeline: 16,
      rows: [reshardRow, ...(writer ? [{ ...reshardRow, slots: 1000, writer: { posts: 18, zadds: 1.8e6, pauseMs: 100, moved: 6256, ask: 9, tryAgain: 0, errors: 0, auditedUsers: 500, lost: writer.lost, extra: 0 } }] : [])],
    },
    hotspot: { masters: 3, followers: 1e5, celebrityKeys: [], rows: [{ mode: 'pull', reads: 1, readsPerSec: 1, p50Ms: 1, p99Ms: 1, perNodeCommands: [2, 1, 1], perNodeCommandShare: [0.5, 0.25, 0.25], imbalance: 1.5, hotMaster: 0, hotMasterShare: 0.5, redisBusyShare: [null, 0.1, 0.1] }] },
  };
  return parsed(ClusterResultSchema, { ...ENVELOPE, name: 'cluster', figures });
}

const graphRow = (users: number, p99Ms: number, loadMs: number): GraphReadPathRow => ({
  users, follows: users * 20, loadMs, storeLoadMs: loadMs / 2, cypher: { p50Ms: p99Ms / 2, p99Ms }, hot: { p50Ms: 4, p99Ms: 8 }, p99Ratio: p99Ms / 8,
  recall: { follow: { p50Ms: 6, p99Ms: 12 }, interest: { p50Ms: 8, p99Ms: 16 }, city: { p50Ms: 7, p99Ms: 15 }, topic: { p50Ms: 9, p99Ms: 18 } }, rank: { p50Ms: 0.4, p99Ms: 0.7 },
  meanCandidates: 190, samples: 300,
});
/** A graph results file: LadybugDB p99 18 ms at 100k users, and Neo4j as given (absent: a file from before the comparison). */
function graphResult(neo4j: GraphFigures['neo4j']): BenchResult<'graph'> {
  const figures: GraphFigures = {
    rows: [graphRow(100_000, 18, 6000)], p99TargetMs: 10, p99Ms100k: { cypher: 18, hot: 8 }, targetMet100k: { cypher: false, hot: true }, onnx: [], rankerFile: 'models/ranker.onnx',
    ...(neo4j ? { neo4j } : {}),
  };
  return parsed(GraphResultSchema, { ...ENVELOPE, name: 'graph', figures });
}
const neo4jRan = (p99Ms: number): GraphFigures['neo4j'] => ({ status: 'ran', version: '5.26.30', startMs: 14_000, rows: [graphRow(100_000, p99Ms, 90_000)], ratios: [] });

describe('claims ledger', () => {
  it('says "not measured yet" and how to measure when a benchmark has not run', () => {
    const rows = buildLedger({}, { drift: null });
    expect(rows).toHaveLength(CLAIM_COUNT);
    const r = row(rows, '2.3-pipeline');
    expect(r.verdict).toBe('not measured yet');
    expect(r.why).toContain('npm run bench -- pullread');
    expect(row(rows, '3.2-groot').verdict).toBe('not measurable here');
  });

  it('reproduces or refutes the 2.3 pipeline claim from the measured ratio', () => {
    const pts = (ratio: number) => [{ concurrency: 1, pipelinedQps: 700 * ratio, sequentialQps: 700, ratio, pipelinedP99Ms: 1, sequentialP99Ms: 5, pipelinedIoredisQps: 300 * ratio }];
    expect(row(buildLedger({ pullread: result('pullread', { points: pts(7.3) }) }, { drift: null }), '2.3-pipeline').verdict).toBe('reproduced');
    const refuted = row(buildLedger({ pullread: result('pullread', { points: pts(1.5) }) }, { drift: null }), '2.3-pipeline');
    expect(refuted.verdict).toBe('refuted');
    expect(refuted.measured).toContain('1.5x');
    expect(refuted.measuredAt).toBe('2026-11-24T08:00:00.000Z');
  });

  it('judges the 64-byte claim against the measured bytes per member', () => {
    const zset = (b: number) => ({ zset: result('zset', { skiplistBytesPerMember: b, worstTailP99Ms: 2, pages: [{ members: 1e6, offset: 999_980, p50Ms: 1, p99Ms: 2 }] }) });
    expect(row(buildLedger(zset(70), { drift: null }), 'ch1-bytes-per-member').verdict).toBe('reproduced');
    expect(row(buildLedger(zset(104), { drift: null }), 'ch1-bytes-per-member').verdict).toBe('refuted');
    expect(row(buildLedger(zset(104), { drift: null }), 'ch1-tail-page').verdict).toBe('refuted');
  });

  it('judges the 4.3 alternatives from the alternatives bench: order and magnitude, TiKV never measured', () => {
    const id = '4.3-alternatives';
    const missing = row(buildLedger({}, { drift: null }), id);
    expect(missing.verdict).toBe('not measured yet');
    expect(missing.why).toContain('npm run bench -- alternatives');
    const near = row(buildLedger({ alternatives: alternativesResult({ btree: 130_000, leveldb: 80_000 }) }, { drift: null }), id);
    expect(near.verdict).toBe('reproduced');
    expect(near.measured).toContain('B+tree 130,000 QPS, LevelDB 80,000 QPS');
    expect(near.measured).toContain('TiKV not measurable here');
    const far = row(buildLedger({ alternatives: alternativesResult({ btree: 1_100_000, leveldb: 20_000 }) }, { drift: null }), id);
    expect(far.verdict).toBe('refuted');
    expect(far.why).toContain('the order holds');
    expect(far.why).toContain('9.2x and 0.24x');
    const reversed = row(buildLedger({ alternatives: alternativesResult({ btree: 50_000, leveldb: 90_000 }) }, { drift: null }), id);
    expect(reversed.verdict).toBe('refuted');
    expect(reversed.why).toContain('outpaced');
    const noLsm = row(buildLedger({ alternatives: alternativesResult({ btree: 130_000, leveldb: null }) }, { drift: null }), id);
    expect(noLsm.verdict).toBe('not measurable here');
    expect(noLsm.why).toContain('Cannot find module classic-level');
    expect(noLsm.measured).toContain('LevelDB not measurable');
  });

  it('judges the cross-shard ZUNIONSTORE claim from the cluster bench: refused, and a client-side merge at one-server cost refutes it', () => {
    const missing = buildLedger({}, { drift: null });
    for (const id of ['ch1-zunionstore-shards', 'ch1-resharding']) {
      expect(row(missing, id).verdict).toBe('not measured yet');
      expect(row(missing, id).why).toContain('npm run bench -- cluster');
    }
    const cheap = row(buildLedger({ cluster: clusterResult(0.11, 1.29) }, { drift: null }), 'ch1-zunionstore-shards');
    expect(cheap.verdict).toBe('refuted');
    expect(cheap.measured).toContain('refused 2,000 of 2,000 (CROSSSLOT)');
    expect(cheap.measured).toContain('100% of its memory on one of 3 masters');
    expect(cheap.why).toContain('not slow but refused');
    const dear = row(buildLedger({ cluster: clusterResult(0.9, 9) }, { drift: null }), 'ch1-zunionstore-shards');
    expect(dear.verdict).toBe('reproduced');
    expect(dear.measured).toContain('(4.5x / 3.6x)');
  });

  it('prices resharding from the cluster bench, and says when writes were lost during it', () => {
    const ok = row(buildLedger({ cluster: clusterResult(0.11, 1.29) }, { drift: null }), 'ch1-resharding');
    expect(ok.verdict).toBe('reproduced');
    expect(ok.measured).toContain('4,000 slots (24,419 timelines, 7.3 MiB)');
    expect(ok.measured).toContain('0.97 ms per slot, 534 ms per MiB, 142 µs per MIGRATE');
    expect(ok.measured).toContain('6,256 MOVED');
    expect(ok.why).toContain('no write was lost');
    expect(row(buildLedger({ cluster: clusterResult(0.11, 1.29, { lost: 3 }) }, { drift: null }), 'ch1-resharding').why).toContain('lost or doubled during it');
    expect(row(buildLedger({ cluster: clusterResult(0.11, 1.29, null) }, { drift: null }), 'ch1-resharding').measured).not.toContain('MOVED');
  });

  it('compares LadybugDB with Neo4j on the graph read path when the graph bench ran both', () => {
    const id = '3.2-embedded-vs-service';
    expect(row(buildLedger({}, { drift: null }), id).verdict).toBe('not measured yet');
    const close = row(buildLedger({ graph: graphResult(neo4jRan(20)) }, { drift: null }), id);
    expect(close.verdict).toBe('refuted');
    expect(close.measured).toContain('Neo4j 20 ms vs LadybugDB 18 ms (1.1x)');
    expect(close.measured).toContain('load 90 s vs 6 s (15x)');
    const slow = row(buildLedger({ graph: graphResult(neo4jRan(45)) }, { drift: null }), id);
    expect(slow.verdict).toBe('reproduced');
    expect(slow.why).toContain('2.5x slower');
    const skipped = row(buildLedger({ graph: graphResult({ status: 'skipped', reason: 'java was not found on PATH' }) }, { drift: null }), id);
    expect(skipped.verdict).toBe('not measured yet');
    expect(skipped.why).toContain('java was not found on PATH');
    const old = row(buildLedger({ graph: graphResult(undefined) }, { drift: null }), id);
    expect(old.verdict).toBe('not measured yet');
    expect(old.why).toContain('predates the Neo4j comparison');
    // The Groot row reads the same file as before.
    expect(row(buildLedger({ graph: graphResult(undefined) }, { drift: null }), '3.2-groot').measured).toContain('18 ms all-Cypher');
  });

  it('measures the 4.2 drift claims live: skewed ms scores invert, shift20 loses bits beyond 2^53', () => {
    const drift = measureDrift();
    expect(drift.inversions.raw).toBeGreaterThan(0);
    expect(drift.shift20PrecisionLost).toBeGreaterThan(0);
    const rows = buildLedger({}, { drift });
    expect(row(rows, '4.2-drift').verdict).toBe('reproduced');
    expect(row(rows, '4.2-shift20').verdict).toBe('refuted');
    expect(row(rows, '4.2-shift20').measuredAt).toBe('live');
  });
  it('measures the 2.4 table live: LRU+TTL bounds staleness and size, but expires hot pages as pure TTL does', () => {
    const c = measureReadCache();
    // Pure LRU serves pages older than the TTL; the two TTL caches never do.
    expect(c.lru.maxStaleAgeMs).toBeGreaterThan(c.ttlMs);
    expect(c.hybrid.maxStaleAgeMs).toBeLessThanOrEqual(c.ttlMs);
    expect(c.hybrid.peakEntries).toBe(c.maxEntries);
    expect(c.ttl.expiredHeldAtEnd).toBeGreaterThan(0);
    const rows = buildLedger({}, { drift: null, readCache: c });
    expect(row(rows, '2.4-freshness').verdict).toBe('reproduced');
    expect(row(rows, '2.4-memory').verdict).toBe('reproduced');
    expect(row(rows, '2.4-hot').verdict).toBe('refuted');
    expect(row(rows, '2.4-hot').measured).toContain(`LRU ${c.lru.hotMissesPer1k}`);
    expect(row(rows, '2.4-hot').measuredAt).toBe('live');
  });

  it('judges the 2.4 rows from the figures: a hybrid that kept hot pages would reproduce the claim', () => {
    const policy = { hitRatio: 0.6, hotMissesPer1k: 10, staleShare: 0.2, maxStaleAgeMs: 1900, peakEntries: 200, expiredHeldAtEnd: 0 };
    const c: ReadCacheFigures = { users: 2000, hotUsers: 20, readsPerSec: 500, postsPerSec: 40, durationSec: 30, maxEntries: 200, ttlMs: 2000, lru: { ...policy, maxStaleAgeMs: 29_000 }, ttl: { ...policy, hotMissesPer1k: 40, peakEntries: 1600, expiredHeldAtEnd: 1300 }, hybrid: policy };
    expect(row(buildLedger({}, { drift: null, readCache: c }), '2.4-hot').verdict).toBe('reproduced');
    expect(row(buildLedger({}, { drift: null, readCache: { ...c, hybrid: { ...policy, maxStaleAgeMs: 5000 } } }), '2.4-freshness').verdict).toBe('refuted');
    expect(row(buildLedger({}, { drift: null }), '2.4-memory').verdict).toBe('not measured yet');
  });

  it('says "not measured yet" with the file and the JSON path when a results file is old or malformed, and the status when a run failed', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'feedscope-claims-'));
    try {
      const zset = { ...ENVELOPE, name: 'zset', figures: { ...ZSET, skiplistBytesPerMember: 104, worstTailP99Ms: 2, pages: [{ members: 1e6, offset: 'deep', p50Ms: 1, p99Ms: 2 }] } };
      writeFileSync(path.join(dir, 'zset.json'), JSON.stringify(zset));
      writeFileSync(path.join(dir, 'pullread.json'), '{"name": "pullread", "figu');
      writeFileSync(path.join(dir, 'delay.json'), JSON.stringify({ ...ENVELOPE, name: 'delay', status: 'failed: redis-server did not start', figures: {} }));
      // An older layout: the points of a writer run before qpsRatio existed.
      writeFileSync(path.join(dir, 'writer.json'), JSON.stringify({ ...ENVELOPE, name: 'writer', figures: { points: [{ clients: 64 }] } }));
      const results = await readBenchResults(dir);
      const rows = buildLedger(results, { drift: null });
      expect(rows).toHaveLength(CLAIM_COUNT);

      const bytes = row(rows, 'ch1-bytes-per-member');
      expect(bytes.verdict).toBe('not measured yet');
      expect(bytes.why).toContain(path.join(dir, 'zset.json'));
      expect(bytes.why).toContain('$.figures.pages[0].offset');
      expect(bytes.why).toContain('ZsetResultSchema');
      expect(bytes.why).toContain('npm run bench -- zset');
      expect(bytes.measuredAt).toBeNull();

      const pipeline = row(rows, '2.3-pipeline');
      expect(pipeline.verdict).toBe('not measured yet');
      expect(pipeline.why).toContain(path.join(dir, 'pullread.json'));
      expect(pipeline.why).toContain('is not JSON');

      const timeout = row(rows, '2.5-timeout');
      expect(timeout.verdict).toBe('not measured yet');
      expect(timeout.why).toContain('failed: redis-server did not start');

      const qps = row(rows, '2.2-qps');
      expect(qps.verdict).toBe('not measured yet');
      expect(qps.why).toMatch(/writer\.json at \$\.figures\.(shards|points\[0\]\.\w+) does not match WriterResultSchema/);
      // Claims whose files are fine, or absent, read as before.
      expect(row(rows, '3.3-memory').why).toContain('npm run bench -- adjacency');
      expect(row(rows, '3.2-groot').verdict).toBe('not measurable here');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
