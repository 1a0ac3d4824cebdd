/**
 * Timeline presets: the constants of real systems, as data. A preset never selects a code path of
 * its own; the model reads these numbers and nothing else about the preset. Each constant names
 * its source (read with the search tool on 2026-12-01):
 * - mastodon (mastodon/mastodon, main):
 *   - maxLength 400: app/lib/feed_manager.rb:10 `MAX_ITEMS = 400`; the trim is FeedManager#trim's
 *     `redis.zremrangebyrank(timeline_key, 0, -(FeedManager::MAX_ITEMS + 1))` after every
 *     push_to_home (trimProbability 1).
 *   - batchSize 1000: app/services/fan_out_on_write_service.rb deliver_to_all_followers!
 *     `followers_for_local_distribution ... find_in_batches` (ActiveRecord's default batch of 1,000).
 *   - Fan-out reaches only followers active within User::ACTIVE_DURATION
 *     (app/models/concerns/user/activity.rb: `ACTIVE_DURATION = ENV.fetch('USER_ACTIVE_DAYS', 7).to_i.days`;
 *     FanOutOnWriteService#deliver_to_all_followers! iterates `@account.followers_for_local_distribution`,
 *     the followers signed in recently); an inactive user's feed is regenerated when they come back
 *     (User#prepare_returning_user! -> regenerate_feed! -> RegenerationWorker -> FeedManager#populate_home:
 *     the newest MAX_ITEMS / 2 = 200 statuses of the user and of each followee, with a trim).
 *     Feedscope has no sign-in times, so the preset keeps everyone active (activeShare 1); a
 *     scenario's `timeline.activeShare` sets the share active at t=0, and a first read is the sign-in
 *     (TimelineModel.ts).
 *   - Cursor pages `ZREVRANGEBYSCORE key (max_id -inf LIMIT 0 n`.
 * - stream-framework (tschellenbach/Stream-Framework, 8b18655):
 *   - maxLength 100: stream_framework/feeds/base.py:91 `max_length = 100`;
 *   - trimProbability 0.01: stream_framework/feeds/base.py:108 `trim_chance = 0.01`;
 *   - batchSize 100: stream_framework/feed_managers/base.py:103 `fanout_chunk_size = 100`.
 * - bluesky-lossy: a follower who follows more than 2,000 accounts receives each fan-out with
 *   probability 2000/follows: Bluesky's lossy timelines as described by its engineer Jaz,
 *   jazco.dev/2025/02/19/imperfection ("When Imperfect Systems are Good, Actually"); the stored
 *   sources here do not include that code, so the figure is the post's, not a file's. Its feed
 *   length and batches are Mastodon's (no source gives Bluesky's).
 */
import type { TimelineConfig, WriterConfig } from '../api/report.js';
import type { TimelineOptions } from '../scenario/schema.js';
import { FLUSH_BATCH, FLUSH_INTERVAL_MS, MAX_BODY_BYTES } from './ShardedWriter.js';

/** Article 2.2: "性能对比(单节点 8 分片)", eight shards on one node. */
export const WRITER_SHARDS = 8;
/** The article gives no queue bound; bench/writer.ts uses 1,024 events per shard, and so do scenarios by default. */
export const WRITER_QUEUE_CAPACITY = 1024;

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
  mastodon: { maxLength: 400, trimProbability: 1, batchSize: 1000, lossyFollowsThreshold: null },
  'stream-framework': { maxLength: 100, trimProbability: 0.01, batchSize: 100, lossyFollowsThreshold: null },
  'bluesky-lossy': { maxLength: 400, trimProbability: 1, batchSize: 1000, lossyFollowsThreshold: 2000 },
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
    ...(o.activeShare !== undefined ? { activeShare: o.activeShare } : {}),
    ...(o.writer ? { writer: resolveWriterConfig(o) } : {}),
    ...(o.cache ? { readCache: { maxEntries: o.cache.maxEntries, ttlMs: o.cache.ttlMs } } : {}),
  };
}

/** The writer's settings: the article's constants (ShardedWriter.ts) unless the scenario overrides them. */
function resolveWriterConfig(o: TimelineOptions): WriterConfig {
  const kind = o.writer ?? 'sync';
  const p = o.writerPipeline;
  const pipeline = kind === 'pipeline';
  return {
    kind,
    shards: pipeline ? p?.shards ?? WRITER_SHARDS : null,
    queueCapacity: pipeline ? p?.queueCapacity ?? WRITER_QUEUE_CAPACITY : null,
    flushBatch: pipeline ? p?.flushBatch ?? FLUSH_BATCH : null,
    flushIntervalMs: pipeline ? p?.flushIntervalMs ?? FLUSH_INTERVAL_MS : null,
    maxBodyBytes: MAX_BODY_BYTES,
    oversizeBodyShare: o.oversizeBodyShare ?? 0,
  };
}
