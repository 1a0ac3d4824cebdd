/**
 * Timeline presets: the constants of real systems, as data. A preset never selects a code path of
 * its own; the model reads these numbers and nothing else about the preset.
 * - mastodon: home feeds of 800 ids (FeedManager MAX_ITEMS), trimmed with ZREMRANGEBYRANK after
 *   every insert, fan-out in batches of 1,000 followers (ActiveRecord find_in_batches), cursor
 *   pages `ZREVRANGEBYSCORE key (max_id -inf LIMIT 0 n`.
 * - stream-framework (Thierry Schellenbach's Stream Framework, Redis backend): feeds of 100
 *   (max_length), trimmed with probability 0.01 per write (trim_chance), fan-out in chunks of 100
 *   (fanout_chunk_size).
 * - bluesky-lossy: a follower who follows more than 2,000 accounts receives each fan-out with
 *   probability 2000/follows (Bluesky's lossy timelines for heavy followers).
 */
import type { TimelineConfig } from '../api/report.js';
import type { TimelineOptions } from '../scenario/schema.js';

export interface TimelinePreset {
  maxLength: number;
  /** Probability that a write is followed by a trim; 1 trims on every write. */
  trimProbability: number;
  /** Followers per fan-out pipeline. */
  batchSize: number;
  /** Followers who follow more than this many accounts receive fan-out with probability threshold/follows; null: lossless. */
  lossyFollowsThreshold: number | null;
}

export const TIMELINE_PRESETS: Record<Exclude<TimelineOptions['preset'], 'custom'>, TimelinePreset> = {
  mastodon: { maxLength: 800, trimProbability: 1, batchSize: 1000, lossyFollowsThreshold: null },
  'stream-framework': { maxLength: 100, trimProbability: 0.01, batchSize: 100, lossyFollowsThreshold: null },
  'bluesky-lossy': { maxLength: 800, trimProbability: 1, batchSize: 1000, lossyFollowsThreshold: 2000 },
};

export type { TimelineConfig };

/** The preset's constants with the scenario's explicit overrides on top. */
export function resolveTimelineConfig(o: TimelineOptions): TimelineConfig {
  const base = o.preset === 'custom' ? TIMELINE_PRESETS.mastodon : TIMELINE_PRESETS[o.preset];
  return {
    preset: o.preset,
    mode: o.mode,
    maxLength: o.maxLength ?? base.maxLength,
    trimProbability: o.trimProbability ?? base.trimProbability,
    batchSize: o.batchSize ?? base.batchSize,
    lossyFollowsThreshold: o.lossyFollowsThreshold === undefined ? base.lossyFollowsThreshold : o.lossyFollowsThreshold,
    hybridFollowerThreshold: o.hybridFollowerThreshold,
    outboxMaxLength: o.outboxMaxLength,
    pullSequentialShare: o.pullSequentialShare,
    fanoutConcurrency: o.fanoutConcurrency,
  };
}
