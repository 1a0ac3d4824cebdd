import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BENCH_NAMES, checkBenchFile, checkBenchResult, DelayResultSchema, PullReadResultSchema } from './benchResults.js';

const RESULTS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'bench', 'results');
const committed = (name: string): unknown => JSON.parse(readFileSync(path.join(RESULTS_DIR, `${name}.json`), 'utf8'));

describe('benchmark results schemas', () => {
  it.each(BENCH_NAMES)('reads the committed bench/results/%s.json, every key declared', (name) => {
    const c = checkBenchFile(name, committed(name), { strict: true });
    expect(c.ok ? 'ok' : `${c.path}: ${c.message}`).toBe('ok');
  });

  it('names the JSON path of a figure of the wrong type, inside the "ok" branch of the file', () => {
    const raw = structuredClone(committed('pullread')) as { figures: { points: { ratio: unknown }[] } };
    raw.figures.points[1].ratio = null;
    const c = checkBenchResult(PullReadResultSchema, raw);
    expect(c.ok).toBe(false);
    if (!c.ok) {
      expect(c.path).toBe('$.figures.points[1].ratio');
      expect(c.message).toContain('expected number');
    }
  });

  it('flags a figure the schema does not declare when strict (bench/ writes strict), and reads it otherwise', () => {
    const raw = structuredClone(committed('delay')) as { figures: { phases: Record<string, unknown>[] } };
    raw.figures.phases[2].p95Ms = 3;
    const strict = checkBenchResult(DelayResultSchema, raw, { strict: true });
    expect(strict.ok ? null : strict.path).toBe('$.figures.phases[2].p95Ms');
    expect(checkBenchResult(DelayResultSchema, raw).ok).toBe(true);
  });

  it('accepts a failed or skipped run without figures, and nothing else as a status', () => {
    const failed = { ...(committed('delay') as object), status: 'failed: redis-server did not start', figures: {} };
    const c = checkBenchResult(DelayResultSchema, failed, { strict: true });
    expect(c.ok && c.result.status).toBe('failed: redis-server did not start');
    expect(checkBenchResult(DelayResultSchema, { ...failed, status: 'not run: no Chromium' }).ok).toBe(true);
    const odd = checkBenchResult(DelayResultSchema, { ...failed, status: 'skipped' });
    expect(odd.ok ? null : odd.path).toBe('$.status');
    // "ok" with no figures is the figures' problem, not the status's.
    const empty = checkBenchResult(DelayResultSchema, { ...failed, status: 'ok' });
    expect(empty.ok ? null : empty.path).toMatch(/^\$\.figures\.\w+$/);
  });
});
