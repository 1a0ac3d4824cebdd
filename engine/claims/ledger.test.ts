import { describe, expect, it } from 'vitest';
import { buildLedger, CLAIM_COUNT } from './ledger.js';
import { measureDrift } from './live.js';
import type { StoredBenchResult } from './results.js';

const result = (name: string, figures: Record<string, unknown>): StoredBenchResult => ({
  name, date: '2026-11-24T08:00:00.000Z', quick: false, status: 'ok',
  machine: { cpuModel: 'test', cores: 2, ramBytes: 2 ** 34 }, versions: { node: 'v20', redis: '7.0.15' }, figures,
});
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
    const pts = (ratio: number) => [{ concurrency: 1, pipelinedQps: 700 * ratio, sequentialQps: 700, ratio }];
    expect(row(buildLedger({ pullread: result('pullread', { points: pts(7.3) }) }, { drift: null }), '2.3-pipeline').verdict).toBe('reproduced');
    const refuted = row(buildLedger({ pullread: result('pullread', { points: pts(1.5) }) }, { drift: null }), '2.3-pipeline');
    expect(refuted.verdict).toBe('refuted');
    expect(refuted.measured).toContain('1.5x');
    expect(refuted.measuredAt).toBe('2026-11-24T08:00:00.000Z');
  });

  it('judges the 64-byte claim against the measured bytes per member', () => {
    const zset = (b: number) => ({ zset: result('zset', { skiplistBytesPerMember: b, worstTailP99Ms: 2, pages: [{ members: 1e6, offset: 999_980 }] }) });
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
});
