/**
 * Figures of bench/scan.ts (issue 15): the key browser's complete throttled scan on a 1M-key
 * server, and the server's latency (redis-benchmark GET in parallel) without and with it.
 * Declared here, next to the scan; engine/claims/benchResults.ts puts it in the results table.
 */
import { z } from 'zod';

const LatencySchema = z.object({
  rps: z.number(),
  p50Ms: z.number().nullable(),
  p99Ms: z.number().nullable(),
});

export const ScanFiguresSchema = z.object({
  keys: z.number().int().nonnegative(),
  /** redis-benchmark's arguments (GET on random existing keys). */
  benchmarkArgs: z.array(z.string()),
  baseline: LatencySchema,
  /** redis-benchmark while a scan runs (details on) with each budget. */
  withScan: z.array(
    LatencySchema.extend({
      budgetPct: z.number(),
      /** The scan's own measure of its share (round trips over wall time), percent. */
      measuredPct: z.number(),
      keysPerSec: z.number(),
      /** redis-benchmark's p99 just before this scan started (the machine's noise shows between rows). */
      baselineP99Ms: z.number().nullable(),
      /** p99 with the scan minus the p99 just before it, ms. */
      p99IncreaseMs: z.number().nullable(),
    }),
  ),
  /** One complete scan at 100% (details on): keys found of DBSIZE and its wall time. */
  complete: z.object({ seen: z.number().int(), dbsize: z.number().int(), wallMs: z.number(), batches: z.number().int() }),
});
export type ScanFigures = z.infer<typeof ScanFiguresSchema>;
