/**
 * The correctness commands (issue 20): argument schemas and result types of the Causality and
 * Migration panels. api/commands.ts spreads the schemas into the one command table; the
 * handlers are in engine/commands.ts (CorrectnessViews). No I/O here.
 */
import { z } from 'zod';
import type { MigrationView } from '../migration/types.js';
import type { CausalityView } from './types.js';

export const CorrectnessSchemas = {
  /** The time-space diagram's events up to `toMs` (null: now) over `spanMs`, and the causal cone of event `cone`. */
  getCausality: z
    .object({
      toMs: z.number().min(0).nullable().default(null),
      spanMs: z.number().min(1).max(3_600_000).default(1500),
      limit: z.number().int().min(1).max(5000).default(600),
      cone: z.number().int().min(0).nullable().default(null),
    })
    .strict(),
  /** The causality lab's events as a ShiViz log (text for a download). */
  exportShiviz: z.object({}).strict(),
  /** The gray migration's phase, share, mismatches and repairs now. */
  getMigration: z.object({}).strict(),
} as const;

export interface CorrectnessResults {
  getCausality: CausalityView;
  exportShiviz: { filename: string; mime: string; text: string };
  getMigration: MigrationView;
}
