/**
 * The scenario's `migration` section (engine/migration/): a gray migration from the Timeline
 * (control) to the Graph model (candidate) in phases on the simulated clock. Defaults are the
 * article's (4.4) where it gives a figure: a check every 5 minutes over the last hour, times
 * within 2 s, a failed async write retried until 30 s.
 */
import { z } from 'zod';

const share = z.number().min(0).max(1);

export const MigrationSchema = z
  .object({
    /** Phase lengths, simulated seconds, in order; "finish" runs from their end to the scenario's end. */
    phases: z
      .object({
        doubleWriteSec: z.number().min(0).max(7 * 86_400).default(10),
        shadowReadSec: z.number().min(0).max(7 * 86_400).default(10),
        graySec: z.number().min(0).max(7 * 86_400).default(20),
      })
      .strict()
      .default({ doubleWriteSec: 10, shadowReadSec: 10, graySec: 20 }),
    /** Share of users served by the Graph at the start and the end of the gray phase (rising linearly; by user hash). */
    grayFrom: share.default(0.05),
    grayTo: share.default(1),
    /** Reads per simulated second compared control vs candidate (and control vs control). */
    checksPerSec: z.number().min(0).max(1000).default(10),
    /** Items compared per read (the page size of both reads). */
    depth: z.number().int().min(1).max(200).default(20),
    /** A time beyond this between control and candidate for the same id is a "score" mismatch (article: updated_at within 2 s). */
    timeToleranceMs: z.number().min(0).max(3_600_000).default(2000),
    /** The scheduled check: every `everySec` over the posts of the last `windowSec` (article: 5 minutes, 1 hour), on `users` sampled readers. */
    schedule: z
      .object({
        everySec: z.number().positive().max(86_400).default(300),
        windowSec: z.number().positive().max(30 * 86_400).default(3600),
        users: z.number().int().min(1).max(1000).default(20),
      })
      .strict()
      .default({ everySec: 300, windowSec: 3600, users: 20 }),
    /** The candidate's async double write: this share fails, is retried after `retryAfterSec`, and this share of failures ends in the dead-letter queue. */
    writeFailureShare: share.default(0.02),
    retryAfterSec: z.number().min(0).max(86_400).default(30),
    deadLetterShare: share.default(0.25),
    /** Re-insert a followee's post that the candidate is missing (counted). */
    repair: z.boolean().default(true),
    /** Mismatches kept: LPUSH + LTRIM key 0 keep (Scientist's README keeps 0..1000). */
    keep: z.number().int().min(1).max(100_000).default(1000),
  })
  .strict();

export type MigrationOptions = z.infer<typeof MigrationSchema>;
