import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { checkBenchResult, PullReadResultSchema, ZsetResultSchema, type BenchResult, type PullReadFigures, type ZsetFigures } from './benchResults.js';
import { buildLedger, CLAIM_COUNT } from './ledger.js';
import { measureDrift } from './live.js';
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

  it('measures the 4.2 drift claims live: skewed ms scores invert, shift20 loses bits beyond 2^53', () => {
    const drift = measureDrift();
    expect(drift.inversions.raw).toBeGreaterThan(0);
    expect(drift.shift20PrecisionLost).toBeGreaterThan(0);
    const rows = buildLedger({}, { drift });
    expect(row(rows, '4.2-drift').verdict).toBe('reproduced');
    expect(row(rows, '4.2-shift20').verdict).toBe('refuted');
    expect(row(rows, '4.2-shift20').measuredAt).toBe('live');
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
