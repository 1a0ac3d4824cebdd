/**
 * The article 2.2 and 2.4 samples as a person runs them: `feedscope run FILE --report DIR` writes
 * report.json with its `writer` / `readCache` section and prints a summary line for it.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Report } from '../api/report.js';
import { ROOT } from '../test/helpers.js';

const CLI = path.join(ROOT, 'bin/feedscope.mjs');
const dir = mkdtempSync(path.join(os.tmpdir(), 'feedscope-samples-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(sample: string): { stdout: string; report: Report } {
  const out = path.join(dir, sample);
  const env = { ...process.env };
  delete env.REDIS_URL;
  const r = spawnSync(process.execPath, [CLI, 'run', path.join('sample-graphs', `${sample}.json`), '--report', out], { cwd: ROOT, env, encoding: 'utf8', timeout: 120_000 });
  expect(r.status, r.stderr).toBe(0);
  return { stdout: r.stdout, report: JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8')) as Report };
}

describe('feedscope run on the Timeline mechanics samples', () => {
  it('write-pipeline.json: report.json writer, and the Writer line', () => {
    const { stdout, report } = run('write-pipeline');
    const w = report.writer!;
    expect(w).toMatchObject({ kind: 'pipeline', shards: 8, flushBatch: 50, flushIntervalMs: 100, queueCapacity: 64 });
    expect(w.rejectedSize).toBeGreaterThan(0);
    expect(w.rejectedTimestamp).toBeGreaterThan(0);
    expect(w.maxQueueDepth).toBe(64);
    expect(w.backpressureWaits).toBeGreaterThan(0);
    expect(report.readCache).toBeUndefined();
    expect(stdout).toMatch(/^Writer {5}pipeline \(8 shards by author, flush at 50 events or 100 ms, queues of 64\): [\d,]+ posts, [\d,]+ written/m);
    expect(readFileSync(path.join(dir, 'write-pipeline', 'report.html'), 'utf8')).toContain('Timeline writer (article 2.2)');
  }, 150_000);

  it('read-cache.json: report.json readCache, and the Read cache line', () => {
    const { stdout, report } = run('read-cache');
    const c = report.readCache!;
    expect(c).toMatchObject({ maxEntries: 600, ttlMs: 3000 });
    expect(c.hitRatio).toBeGreaterThan(0.2);
    expect(c.evicted).toBeGreaterThan(0);
    expect(c.staleReads).toBeGreaterThan(0);
    expect(c.staleAgeMs!.max).toBeLessThanOrEqual(3000 + 100);
    expect(report.writer).toBeUndefined();
    expect(stdout).toMatch(/^Read cache LRU 600 pages \+ TTL 3,000 ms: [\d,]+ page reads, hit ratio 0\.\d{3}/m);
    expect(report.claims.rows.find((r) => r.id === '2.4-freshness')?.verdict).toBe('reproduced');
  }, 150_000);
});
