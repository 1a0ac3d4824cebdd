/** The scenario's `causality` section (engine/causality/): happened-before across the drift lab's writer nodes. */
import { z } from 'zod';

export const CausalitySchema = z
  .object({
    /** Read events per simulated second whose Timeline page is read from Redis and checked for causal order. */
    feedChecksPerSec: z.number().min(0).max(1000).default(10),
    /** Events kept in the happened-before graph (the diagram, cones, the ShiViz log); counting goes on beyond it. */
    maxEvents: z.number().int().min(100).max(500_000).default(50_000),
  })
  .strict();

export type CausalityOptions = z.infer<typeof CausalitySchema>;
