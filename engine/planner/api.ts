/**
 * The planner's part of the API: the `plan` command's arguments (validated by the one
 * dispatcher) and its result, the Capacity panel's data. Per-day figures are for all users.
 */
import { z } from 'zod';
import { FeedscopeError } from '../errors.js';
import { readCalibration } from './calibrate.js';
import { planCapacity, type CapacityView } from './plan.js';

export type { CapacityView, CapacityPoint, MeasuredPoint } from './plan.js';
export type { Projection, TimelineProjection, GraphProjection, Figure, Workload as PlanWorkload, NodesFigure } from './project.js';
export type { FleetInputs } from './inputs.js';

export const PLAN_MODES = ['push', 'pull', 'hybrid'] as const;
export const PLAN_PRESETS = ['mastodon', 'stream-framework', 'bluesky-lossy', 'custom'] as const;
export const PLAN_MODELS = ['timeline', 'graph'] as const;

export const PlanArgsSchema = z
  .object({
    users: z.number().min(100).max(1e10).default(1_000_000),
    follows: z.number().min(1).max(10_000).default(200),
    followsExponent: z.number().gt(1).max(5).default(2.2),
    /** All users' posts per day (default: 5 per user). */
    postsPerDay: z.number().min(0).max(1e13).nullable().default(null),
    /** All users' timeline reads per day (default: 60 per post, Twitter's 300k reads/s vs ~5k tweets/s). */
    readsPerDay: z.number().min(0).max(1e14).nullable().default(null),
    pageSize: z.number().int().min(1).max(1000).default(20),
    maxLength: z.number().int().min(1).max(100_000).nullable().default(null),
    mode: z.enum(PLAN_MODES).default('push'),
    preset: z.enum(PLAN_PRESETS).default('mastodon'),
    hybridFollowerThreshold: z.number().min(2).max(1e10).nullable().default(null),
    days: z.number().min(1 / 24).max(365).default(1),
    models: z.array(z.enum(PLAN_MODELS)).min(1).max(2).default(['timeline', 'graph']),
    nodeMemoryBytes: z.number().min(2 ** 20).max(2 ** 50).nullable().default(null),
    nodeOpsPerSec: z.number().min(1).max(1e9).nullable().default(null),
  })
  .strict();
export type PlanArgs = z.infer<typeof PlanArgsSchema>;

/** Reads per post when none are given: Twitter's published 300k timeline reads/s against ~5k tweets/s. */
export const TWITTER_READS_PER_POST = 300_000 / 5_000;

/** The `plan` command: `file` is the calibration the entry point chose (EngineOptions.capacityCalibrationFile). */
export async function planFromFile(a: PlanArgs, file: string | null): Promise<CapacityView> {
  if (!file) throw new FeedscopeError('CALIBRATION_NOT_CONFIGURED', 'The capacity planner has no calibration file: the entry point must pass capacityCalibrationFile (models/capacity-calibration.json of the checkout), or run `feedscope plan --calibrate`.');
  const cal = await readCalibration(file);
  const posts = a.postsPerDay ?? a.users * 5;
  return planCapacity({
    users: a.users,
    follows: a.follows,
    followsExponent: a.followsExponent,
    postsPerDay: posts,
    readsPerDay: a.readsPerDay ?? posts * TWITTER_READS_PER_POST,
    pageSize: a.pageSize,
    maxLength: a.maxLength ?? undefined,
    mode: a.mode,
    preset: a.preset,
    hybridFollowerThreshold: a.hybridFollowerThreshold ?? undefined,
    days: a.days,
    models: a.models,
    nodeMemoryBytes: a.nodeMemoryBytes ?? undefined,
    nodeOpsPerSec: a.nodeOpsPerSec ?? undefined,
  }, cal);
}
