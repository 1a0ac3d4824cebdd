/** The claims ledger: benchmark results + live figures -> rows with verdicts (see ledger.ts). */
import type { ClaimsView, ClaimVerdict } from '../api.js';
import { buildLedger } from './ledger.js';
import { measureDrift } from './live.js';
import { measureReadCache } from './liveReadCache.js';
import { readBenchResults } from './results.js';

export { buildLedger, CLAIM_COUNT, type LiveFigures } from './ledger.js';
export { readBenchResults, type BenchResults, type UnreadableBenchResult } from './results.js';
export * from './benchResults.js';

/** The ledger from the results in `resultsDir` (null: none) and the live drift and read-cache measurements. */
export async function getClaims(resultsDir: string | null): Promise<ClaimsView> {
  const results = resultsDir ? await readBenchResults(resultsDir) : {};
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
  const rows = buildLedger(results, { drift, readCache });
  const read = Object.values(results).flatMap((r) => (r === undefined || 'unreadable' in r ? [] : [r]));
  const newest = read.sort((a, b) => b.date.localeCompare(a.date))[0];
  const counts: Record<ClaimVerdict, number> = { reproduced: 0, refuted: 0, 'not measurable here': 0, 'not measured yet': 0 };
  for (const r of rows) counts[r.verdict]++;
  return {
    rows,
    machine: newest ? `${newest.machine.cpuModel}, ${newest.machine.cores} cores, ${(newest.machine.ramBytes / 2 ** 30).toFixed(1)} GiB; node ${newest.versions.node}, redis ${newest.versions.redis ?? '?'}` : null,
    resultsDir,
    counts,
  };
}
