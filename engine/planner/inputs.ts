/**
 * What a projection is asked about, from a scenario file (its real graph's degrees, its rates
 * over its duration) or from plain figures (the generator's degree model, rates per user per day
 * over `days`). Node defaults come from the calibration: the machine's RAM and the measured Redis
 * CPU per command.
 */
import { buildGraph, type SocialGraph } from '../scenario/index.js';
import { GraphModelSchema, TimelineSchema, type Scenario } from '../scenario/schema.js';
import { resolveTimelineConfig } from '../timeline/presets.js';
import type { CalibrationFile } from './calibration.js';
import { generatorDegrees, graphDegrees, type Degrees, type FanoutMode } from './degrees.js';
import type { Workload } from './project.js';
import { replayScenario, type Replay } from './replay.js';

export const DAY_SEC = 86_400;

export interface FleetInputs {
  users: number;
  follows: number;
  followsExponent: number;
  postsPerDay: number;
  readsPerDay: number;
  pageSize: number;
  /** Override of the preset's feed length. */
  maxLength?: number;
  mode: FanoutMode;
  preset: 'mastodon' | 'stream-framework' | 'bluesky-lossy' | 'custom';
  /** Accounts with at least this many followers are pulled in hybrid mode (default: 1% of users, at least 2). */
  hybridFollowerThreshold?: number;
  days: number;
  models: readonly ('timeline' | 'graph')[];
  nodeMemoryBytes?: number;
  nodeOpsPerSec?: number;
  fanoutThroughput?: number;
}

/** The graph model's stream settings of a scenario that sets none (schema defaults). */
export function graphDefaults(): { refreshAfterSec: number; feedLength: number; streamMaxLen: number } {
  const g = GraphModelSchema.parse({});
  return { refreshAfterSec: g.refreshAfterSec, feedLength: g.feedLength, streamMaxLen: g.streamMaxLen };
}

function presetConfig(preset: FleetInputs['preset'], mode: FanoutMode, maxLength?: number): { maxLength: number; trimProbability: number; outboxMaxLength: number } {
  const o = TimelineSchema.parse({ preset, mode });
  const c = resolveTimelineConfig(o);
  return { maxLength: maxLength ?? c.maxLength, trimProbability: c.trimProbability, outboxMaxLength: c.outboxMaxLength };
}

export function fleetPlanInputs(f: FleetInputs, cal: CalibrationFile): { degrees: Degrees; workload: Workload } {
  const threshold = f.hybridFollowerThreshold ?? Math.max(2, Math.round(f.users / 100));
  const degrees = generatorDegrees({ users: f.users, meanFollows: f.follows, exponent: f.followsExponent, mode: f.mode, hybridFollowerThreshold: threshold });
  const c = presetConfig(f.preset, f.mode, f.maxLength);
  return {
    degrees,
    workload: {
      postsPerSec: f.postsPerDay / DAY_SEC,
      readsPerSec: f.readsPerDay / DAY_SEC,
      horizonSec: f.days * DAY_SEC,
      pageSize: f.pageSize,
      maxLength: c.maxLength,
      outboxMaxLength: c.outboxMaxLength,
      trimProbability: c.trimProbability,
      mode: f.mode,
      pagesPerRead: 1,
      models: f.models,
      nodeMemoryBytes: f.nodeMemoryBytes ?? cal.machine.ramBytes,
      nodeOpsPerSec: f.nodeOpsPerSec ?? null,
      fanoutThroughput: f.fanoutThroughput ?? null,
      ...graphDefaults(),
    },
  };
}

/** A scenario's own graph (generated or imported, exactly as a run builds it) and workload. */
export async function scenarioPlanInputs(s: Scenario, baseDir: string, cal: CalibrationFile, node: { nodeMemoryBytes?: number; nodeOpsPerSec?: number } = {}): Promise<{ degrees: Degrees; workload: Workload; replay: Replay }> {
  return graphPlanInputs(s, await buildGraph(s, baseDir), cal, node);
}

/** As scenarioPlanInputs, over the graph a run already built of `s` (report.json's capacity section). */
export function graphPlanInputs(s: Scenario, g: SocialGraph, cal: CalibrationFile, node: { nodeMemoryBytes?: number; nodeOpsPerSec?: number } = {}): { degrees: Degrees; workload: Workload; replay: Replay } {
  const c = resolveTimelineConfig(s.timeline);
  const degrees = graphDegrees(g, c.mode, c.hybridFollowerThreshold);
  const cap = c.trimProbability >= 1 ? c.maxLength : Math.round(c.maxLength + (1 - c.trimProbability) / (2 * c.trimProbability));
  const replay = replayScenario(s, g, { mode: c.mode, hybridFollowerThreshold: c.hybridFollowerThreshold, cap, outboxMaxLength: c.outboxMaxLength, pageSize: s.workload.pageSize, refreshAfterSec: s.graphModel.refreshAfterSec });
  const w = s.workload;
  const celebrityPerSec = w.celebrityPosting ? (w.celebrityPosting.topAuthors * w.celebrityPosting.postsPerMinute) / 60 : 0;
  const deepPages = Math.floor(w.deepReadOffset / w.pageSize);
  return {
    degrees,
    replay,
    workload: {
      postsPerSec: w.postsPerSec + celebrityPerSec,
      readsPerSec: w.readsPerSec,
      horizonSec: w.durationSec,
      pageSize: w.pageSize,
      maxLength: c.maxLength,
      outboxMaxLength: c.outboxMaxLength,
      trimProbability: c.trimProbability,
      mode: c.mode,
      pagesPerRead: 1 + w.deepReadShare * w.cursorReadShare * deepPages,
      models: s.models,
      nodeMemoryBytes: node.nodeMemoryBytes ?? cal.machine.ramBytes,
      nodeOpsPerSec: node.nodeOpsPerSec ?? null,
      fanoutThroughput: null,
      refreshAfterSec: s.graphModel.refreshAfterSec,
      feedLength: s.graphModel.feedLength,
      streamMaxLen: s.graphModel.streamMaxLen,
    },
  };
}
