/**
 * report.json, typed: the sections each part of the engine writes (engine/report/report.ts puts
 * them together), which report.html, the CLI summary, the renderer and the tests read without
 * casts. Types only; every figure comes from the real servers of the run.
 */
import type { ClaimsView, ClusterView, FanoutView, WriterTotals } from './views.js';
import type { GraphStoreKind, RecallPath } from './names.js';
import type { GraphModelOptions, TimelineOptions } from '../scenario/schema.js';
import type { DriftView } from './inspectors.js';
import type { CausalityReport } from '../causality/types.js';
import type { MigrationReport } from '../migration/types.js';
import type { FaultsReport } from './faults.js';
import type { CapacityPoint, MeasuredPoint } from '../planner/plan.js';
import type { Projection } from '../planner/project.js';

export type { ActiveFault, ClusterFaultReport, ClusterFaultView, FaultsReport, FaultWindowReport, PhaseFigures, RebuildReport, EventOutcomes } from './faults.js';

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
  /** The Timeline's fan-out monitor at that moment (absent: no timeline model): ZADDs so far (cumulative), queue, lag. */
  fanout?: { zadds: number; queueDepth: number; chunksInFlight: number; lastLagMs: number; maxLagMs: number };
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
  /** Share of users active at t=0, when the scenario sets `timeline.activeShare` (absent: 1, everyone). */
  activeShare?: number;
  /** The writer of posts' own writes (absent: the fan-out path). */
  writer?: WriterConfig;
  /** The read cache in front of page reads (absent: none). */
  readCache?: ReadCacheConfig;
}

export interface WriterConfig {
  kind: NonNullable<TimelineOptions['writer']>;
  /** Pipeline only (sync: one queue, no batching): router shards, queue bound, flush triggers. */
  shards: number | null;
  queueCapacity: number | null;
  flushBatch: number | null;
  flushIntervalMs: number | null;
  /** The validator's limit (article: 10 KB). */
  maxBodyBytes: number;
  oversizeBodyShare: number;
}

export interface ReadCacheConfig {
  maxEntries: number;
  /** Simulated ms from caching to expiry; 0: never (pure LRU). */
  ttlMs: number;
}

/** report.json `writer`: the write path of posts' own writes (article 2.2), when the scenario sets one. */
export interface WriterReport extends WriterConfig, WriterTotals {
  /** Which writes go through the writer, in words. */
  writes: string;
  /** Events per pipeline sent. */
  meanBatch: number | null;
  /** Per shard (sync: one). */
  perShard: { shard: number; written: number; rejected: number; batches: number; maxQueueDepth: number }[];
  /** Submit to written or rejected (span timeline.pipelineWrite or timeline.syncWrite). */
  latency: LatencySummary | null;
}

/** report.json `readCache`: the LRU+TTL cache in front of Timeline page reads (article 2.4), when the scenario sets one. */
export interface ReadCacheReport extends ReadCacheConfig {
  /** Page reads through the cache (a cursor read of three pages is three). */
  reads: number;
  hits: number;
  misses: number;
  hitRatio: number | null;
  evicted: number;
  expiredOnRead: number;
  expiredOnWrite: number;
  entriesAtEnd: number;
  peakEntries: number;
  staleReads: number;
  /** staleReads / hits. */
  staleShare: number | null;
  /** Posts missing from stale pages, summed over stale reads. */
  missingPosts: number;
  /** Simulated ms from the publication of the oldest post a stale page lacked to the read. */
  staleAgeMs: { p50: number; p99: number; max: number } | null;
  /** Wall-clock latency of a page read through the cache (timeline.readPage), of hits (timeline.cacheHit) and of misses (timeline.cacheMiss: the Redis read and the fill). */
  latency: { page: LatencySummary | null; hit: LatencySummary | null; miss: LatencySummary | null };
  /** How lru-cache's options map onto the article's design, and what stale means. */
  notes: string[];
}

/** The Timeline model's own section (FeedModel.report of engine/timeline/). */
export interface TimelineSection {
  config: TimelineConfig;
  fanout: FanoutView;
  writer?: WriterReport;
  readCache?: ReadCacheReport;
}

export interface StoreInfo {
  kind: GraphStoreKind;
  location: string;
  version: string;
}

/** The graph model's stream-cache counters (engine/graphfeed/counters.ts keeps them while it runs). */
export interface StreamCacheCounters {
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
  /** Items whose body was not in its hash shard (should stay 0). */
  missingBodies: number;
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
    /** Answers per path from the lists and fall-backs to the store; `follow` only with author lists (graphModel.followLists). */
    hotLists: (Record<'interest' | 'city' | 'topic', { answered: number; fellBack: number }> & { follow?: { answered: number; fellBack: number }; capacityPerList: number; authorCapacity: number | null; postsHeld: number }) | null;
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
  cache: StreamCacheCounters & { streamMaxLen: number; devicesPerUser: number };
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

/** report.json `run.eventLoop`: node:perf_hooks monitorEventLoopDelay while playing (engine/trace/EventLoopDelay.ts). */
export interface EventLoopSummary {
  resolutionMs: number;
  /** Delays recorded (one per resolution period while playing). */
  samples: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
  meanMs: number;
  /** The histogram's distribution as Node reports it (IntervalHistogram.percentiles): delay at each percentile, ascending. */
  distribution: { percentile: number; ms: number }[];
}

/** What a feed model contributes to report.json, tagged by model. */
export type ModelReport = { model: 'timeline'; section: TimelineSection } | { model: 'graph'; section: GraphSections };

export interface Report extends Partial<GraphSections> {
  feedscope: { version: string; generatedAt: string };
  scenario: { name: string; seed: number; file: string; models: string[] };
  redis: { version: string; url: string; port: number };
  graph: { users: number; follows: number; followsAtEnd: number; posts: number; meanFollows: number; maxInDegree: number; maxOutDegree: number; import: ImportReport | null };
  run: {
    simulatedMs: number;
    /** Wall ms inside ticks (sleeps between them excluded). */
    wallMs: number;
    /** simulatedMs / wallMs: the fastest this run could have played on this machine (null: nothing played). */
    capacity: number | null;
    /** Simulated ms per wall ms over all playing, sleeps included: what the user got (null at none). */
    achievedSpeed: number | null;
    /** The engine's event-loop delay while playing (null: never played). */
    eventLoop: EventLoopSummary | null;
    events: Record<string, number>;
  };
  /** Timeline latency per operation (span names `timeline.<op>`). */
  timeline?: Record<string, LatencySummary>;
  fanout?: FanoutView;
  timelineConfig?: TimelineConfig;
  writeAmplification?: number;
  /** The Timeline's writer of posts' own writes, when the scenario sets `timeline.writer`. */
  writer?: WriterReport;
  /**
   * The Timeline's LRU+TTL read cache, when the scenario sets `timeline.cache`. Not `cache`: that
   * is the graph model's stream cache (GraphSections.cache), and a run may have both.
   */
  readCache?: ReadCacheReport;
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
  /** Present when the scenario has faults: each fault's window and what happened to every event. */
  faults?: FaultsReport;
  /** The drift lab (article 4.2) when the scenario sets `clocks`: inversions per strategy and what cursor readers skipped (`gaps`). */
  drift?: Omit<DriftView, 'enabled'>;
  /** Happened-before across the writer nodes (article 2.1) when the scenario sets `causality`. */
  causality?: CausalityReport;
  /** The gray migration Timeline -> Graph (article 4.4) when the scenario sets `migration`. */
  migration?: MigrationReport;
  /** The capacity planner on this run's own scenario, beside what the run measured (engine/report/capacity.ts). */
  capacity?: CapacityReport;
}

/**
 * report.json `capacity`: what `feedscope plan --scenario` predicts for this run (its graph and
 * its seeded events replayed, costs from the calibration file) beside what the run measured, and
 * the planner's curves of memory and commands/s against users at this scenario's per-user rates.
 * `projected: false` when the planner cannot project the run, with the reason.
 */
export type CapacityReport = CapacityProjection | { projected: false; reason: string };

export interface CapacityProjection {
  projected: true;
  calibration: { file: string; measuredAt: string; machine: string; redis: string; runs: { label: string; users: number; follows: number }[] };
  /** Simulated seconds predicted and compared: what the run played (the scenario's duration once it ran to the end). */
  horizonSec: number;
  scenarioDurationSec: number;
  rows: CapacityRow[];
  /** This run on the plots: its users, used_memory at the report, workload commands per simulated second (null: not measured). */
  run: { users: number; usedMemoryBytes: number; commandsPerSec: number | null };
  /** The prediction (`plan --scenario --json`'s projection) over `horizonSec`. */
  projection: Projection;
  /** The plots' lines: the planner's fleet model (generator degrees, expected draws) at this scenario's per-user rates (CapacityView.curve). */
  curve: CapacityPoint[];
  /** The calibration runs: measured, and what the model says for each. */
  measured: MeasuredPoint[];
  /** Users of the calibration runs the costs are fitted on; the curve is extrapolated above. */
  measuredRange: [number, number];
  /** Calls per command Redis ran from the end of the load to the report (INFO commandstats difference; null: not measured). */
  commands: Record<string, number> | null;
  /** What the planner does not model of this run, and where the measurements come from. */
  notes: string[];
}

/** One predicted figure beside the run's measurement. */
export interface CapacityRow {
  metric: string;
  unit: 'bytes' | 'commands' | 'commands/s';
  predicted: number;
  /** The prediction's measurement or formula (Figure.from), and whether it extrapolates past the calibration (Figure.extrapolated). */
  plannedFrom: string;
  extrapolated: boolean;
  /** null: the run did not measure it (`notes` says why). */
  measured: number | null;
  /** (predicted - measured) / measured in percent (validate.ts errorPct); null without a measurement. */
  errorPct: number | null;
  /** Where the measurement comes from. */
  measuredFrom: string;
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
