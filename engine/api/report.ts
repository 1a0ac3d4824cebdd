/**
 * report.json, typed: the sections each part of the engine writes (engine/report/report.ts puts
 * them together), which report.html, the CLI summary, the renderer and the tests read without
 * casts. Types only; every figure comes from the real servers of the run.
 */
import type { ClaimsView, ClusterView, FanoutView } from './views.js';
import type { GraphStoreKind, RecallPath } from './names.js';
import type { GraphModelOptions, TimelineOptions } from '../scenario/schema.js';

export interface LatencySummary {
  count: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  p999Ms: number;
  maxMs: number;
  meanMs: number;
}

/** What an edge-list import read (null for generated graphs). */
export interface ImportReport {
  file: string;
  lines: number;
  comments: number;
  edges: number;
  selfLoops: number;
  duplicates: number;
}

export interface MemorySample {
  tMs: number;
  usedMemoryBytes: number;
  byModel: Record<string, number>;
}

export interface SampledFeed {
  key: string;
  why: string;
  type: string;
  encoding: string;
  entries: number;
  memoryUsageBytes: number;
}

/** The Timeline preset's constants as resolved for this run (engine/timeline/presets.ts). */
export interface TimelineConfig {
  preset: TimelineOptions['preset'];
  mode: TimelineOptions['mode'];
  /** Feed length kept by the trim (ZREMRANGEBYRANK key 0 -(maxLength+1)). */
  maxLength: number;
  /** Probability that a ZADD is followed by a trim. */
  trimProbability: number;
  /** Followers per fan-out pipeline. */
  batchSize: number;
  /** Lossy fan-out above this many follows (Bluesky), or null. */
  lossyFollowsThreshold: number | null;
  hybridFollowerThreshold: number;
  outboxMaxLength: number;
  pullSequentialShare: number;
  fanoutConcurrency: number;
}

/** The Timeline model's own section (FeedModel.report of engine/timeline/). */
export interface TimelineSection {
  config: TimelineConfig;
  fanout: FanoutView;
}

export interface StoreInfo {
  kind: GraphStoreKind;
  location: string;
  version: string;
}

/** The Graph model's sections (engine/graphfeed/graphReport.ts). */
export interface GraphSections {
  graphStore: (StoreInfo & { loadMs: number }) | null;
  graphConfig: GraphModelOptions;
  recall: {
    calls: number;
    candidatesPerPath: Record<RecallPath, { total: number; perCall: number | null; limit: number }>;
    mergedPerCall: number | null;
    windowSec: number;
    hotLists: (Record<'interest' | 'city' | 'topic', { answered: number; fellBack: number }> & { capacityPerList: number; postsHeld: number }) | null;
  };
  writes: { posts: number; batches: number; meanBatch: number | null };
  ranker: {
    file: string;
    model: string;
    features: string[];
    auc: number;
    baselineAuc: number;
    baseline: string;
    trainingRows: number;
    scored: number;
  } | null;
  cache: {
    reads: number;
    refreshes: number;
    xadds: number;
    delivered: number;
    acked: number;
    expired: number;
    crashes: number;
    reclaimed: number;
    duplicatesAfterAck: number;
    shortPages: number;
    missingBodies: number;
    streamMaxLen: number;
    devicesPerUser: number;
  };
  quality: {
    k: number;
    users: number;
    jaccardAtK: number | null;
    meanAgeSec: { timeline: number | null; graph: number | null };
    followeeShare: { timeline: number | null; graph: number | null };
    note: string;
  };
  modelMemory: {
    users: number;
    graph: { streamBytes: number; streamBytesPerUser: number; streamEntries: number; bytesPerEntry: number | null; bodyHashBytes: number; estimatedTotalBytes: number };
    timeline: { zsetBytes: number; zsetBytesPerUser: number; zsetEntries: number; bytesPerEntry: number | null; estimatedTotalBytes: number } | null;
    note: string;
  };
}

/** What a feed model contributes to report.json, tagged by model. */
export type ModelReport = { model: 'timeline'; section: TimelineSection } | { model: 'graph'; section: GraphSections };

export interface Report extends Partial<GraphSections> {
  feedscope: { version: string; generatedAt: string };
  scenario: { name: string; seed: number; file: string; models: string[] };
  redis: { version: string; url: string; port: number };
  graph: { users: number; follows: number; followsAtEnd: number; posts: number; meanFollows: number; maxInDegree: number; maxOutDegree: number; import: ImportReport | null };
  run: { simulatedMs: number; wallMs: number; events: Record<string, number> };
  /** Timeline latency per operation (span names `timeline.<op>`). */
  timeline?: Record<string, LatencySummary>;
  fanout?: FanoutView;
  timelineConfig?: TimelineConfig;
  writeAmplification?: number;
  /** Graph-model latency per operation (span names `graph.<op>`). */
  graphModel?: Record<string, LatencySummary>;
  memory: {
    usedMemoryBytes: number;
    byModel: Record<string, number>;
    feeds: SampledFeed[];
    series: MemorySample[];
  };
  /** Folded stacks `a;b;c <self us>`. */
  spans: string[];
  claims: ClaimsView;
  /** Present when the run's Redis was a cluster. */
  cluster?: ClusterReport;
}

/** Sampled timelines checked against what one server gives for the same events (TimelineModel.auditFeeds). */
export interface FeedAuditReport {
  users: number;
  expected: number;
  found: number;
  lost: number;
  extra: number;
  examples: { key: string; lost: number[]; extra: number[] }[];
}

export interface ClusterReport extends ClusterView {
  /** Null when the Timeline did not push (pull feeds are merged at read time). */
  audit: FeedAuditReport | null;
}
