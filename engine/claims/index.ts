/** The claims ledger: benchmark results + live figures -> rows with verdicts (see ledger.ts). */
import path from 'node:path';
import type { ClaimsView, ClaimVerdict } from '../api.js';
import { alternativesTable } from './alternativesTable.js';
import type { BenchEnvelope } from './benchResults.js';
import { buildLedger } from './ledger.js';
import { measureDrift } from './live.js';
import { measureReadCache } from './liveReadCache.js';
import { measureCausality } from '../causality/liveClaims.js';
import { measureMigrationChecker } from '../migration/liveClaims.js';
import { readBenchResults } from './results.js';
import { capacityFiguresOf } from './capacityClaims.js';

export { buildLedger, CLAIM_COUNT, type LiveFigures } from './ledger.js';
export { readBenchResults, type BenchResults, type UnreadableBenchResult } from './results.js';
export * from './benchResults.js';

/**
 * The ledger from the results in `resultsDir` (null: none) and the live drift and read-cache
 * measurements; chapter 1's fleet rows from the capacity planner's calibration (default: the
 * checkout's models/capacity-calibration.json beside bench/results).
 */
export async function getClaims(resultsDir: string | null, calibrationFile: string | null = resultsDir ? path.join(resultsDir, '..', '..', 'models', 'capacity-calibration.json') : null): Promise<ClaimsView> {
  const results = resultsDir ? await readBenchResults(resultsDir) : {};
  const capacity = calibrationFile ? await capacityFiguresOf(calibrationFile) : null;
  let drift = null;
  try {
    drift = measureDrift();
  } catch {
    // The drift claims then read "not measured yet".
  }
  let readCache = null;
  try {
    readCache = measureReadCache();
  } catch {
    // The 2.4 claims then read "not measured yet".
  }
  const rows = buildLedger(results, { drift, readCache, causality: live(measureCausality), migration: live(measureMigrationChecker), capacity });
  const read = Object.values(results).flatMap((r) => (r === undefined || 'unreadable' in r ? [] : [r]));
  const newest = read.sort((a, b) => b.date.localeCompare(a.date))[0];
  const counts: Record<ClaimVerdict, number> = { reproduced: 0, refuted: 0, 'not measurable here': 0, 'not measured yet': 0 };
  for (const r of rows) counts[r.verdict]++;
  const alt = results.alternatives;
  return {
    rows,
    machine: newest ? machineLine(newest) : null,
    resultsDir,
    counts,
    alternatives: alt && !('unreadable' in alt) && alt.status === 'ok' ? alternativesTable(alt.figures, alt.date, machineLine(alt)) : null,
  };
}

/** "AMD EPYC, 2 cores, 23.5 GiB; node v20.19.0, redis 7.0.15": where a results file was measured. */
function machineLine(r: Pick<BenchEnvelope, 'machine' | 'versions'>): string {
  return `${r.machine.cpuModel}, ${r.machine.cores} cores, ${(r.machine.ramBytes / 2 ** 30).toFixed(1)} GiB; node ${r.versions.node}, redis ${r.versions.redis ?? '?'}`;
}

/** A live measurement, or null (its claims then read "not measured yet"). */
function live<T>(measure: () => T): T | null {
  try {
    return measure();
  } catch {
    return null;
  }
}
