/** Figures of bench/speed.ts (issue 19): the speed each sample scenario achieves at each requested speed. */
import { z } from 'zod';
import { count } from './common.js';

const SpeedRowSchema = z.object({
  scenario: z.string(),
  users: count,
  /** Requested speed: a multiple of real time, or null for "max". */
  requested: z.number().nullable(),
  /** Simulated ms per wall ms over the window (report.json run.achievedSpeed). */
  achieved: z.number().nullable(),
  /** achieved / requested (null at max). */
  ratio: z.number().nullable(),
  /** Simulated ms per wall ms inside ticks (report.json run.capacity): the fastest this machine played it. */
  capacity: z.number().nullable(),
  maxBehindMs: z.number(),
  eventLoopP99Ms: z.number().nullable(),
  eventLoopMaxMs: z.number().nullable(),
  wallMs: z.number(),
  /** Where the limit is when the ratio is under 0.9 ("engine CPU: ticks take longer than their share", ...); null when it kept up. */
  limit: z.string().nullable(),
});
export type SpeedRow = z.infer<typeof SpeedRowSchema>;

export const SpeedFiguresSchema = z.object({
  /** Wall seconds played per (scenario, speed), or less when the scenario ends first. */
  windowSec: z.number(),
  /** The ratio under which the player is said not to keep up (0.9). */
  keepUpRatio: z.number(),
  rows: z.array(SpeedRowSchema).min(1),
});
export type SpeedFigures = z.infer<typeof SpeedFiguresSchema>;
