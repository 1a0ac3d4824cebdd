/** Figures of bench/faults.ts: p99 and errors of each model's operations through each fault kind. */
import { z } from 'zod';

const PhaseSchema = z.object({ count: z.number().int().nonnegative(), errors: z.number().int().nonnegative(), p99Ms: z.number().nonnegative() });

const FaultRowSchema = z.object({
  kind: z.string(),
  label: z.string(),
  /** Wall ms to apply the fault and to undo it (a restart until it answers, a store reopened). */
  applyMs: z.number(),
  recoverMs: z.number(),
  /** `model.op` -> before / during / after. */
  phases: z.record(z.string(), z.object({ before: PhaseSchema, during: PhaseSchema, after: PhaseSchema })),
  failedByCode: z.record(z.string(), z.number().int().nonnegative()),
  retried: z.number().int().nonnegative(),
  rebuilt: z.number().int().nonnegative(),
  rebuildMs: z.number().nonnegative(),
  acknowledgedLost: z.number().int().nonnegative(),
  /** Cluster kinds (3 masters, a replica each): SIGKILL to a replica serving the slots, wall ms; null without a failover. */
  failoverMs: z.number().nonnegative().nullable().optional(),
});
export type FaultBenchRow = z.infer<typeof FaultRowSchema>;

export const FaultsFiguresSchema = z.object({
  users: z.number().int().positive(),
  durationSec: z.number().positive(),
  commandTimeoutMs: z.number().positive(),
  models: z.array(z.string()).min(1),
  rows: z.array(FaultRowSchema).min(1),
});
export type FaultsFigures = z.infer<typeof FaultsFiguresSchema>;
