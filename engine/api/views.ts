/**
 * The data the engine shows: command results (api/commands.ts) and the events it pushes (frames,
 * status, errors). Types only: renderer/ reads them with `import type`.
 */
import type { ClaimVerdict, FlameViewName, KeyType, ModelName, PlayerState, ScoreStrategyName, GraphStoreKind } from './names.js';
import type { Speed } from './commands.js';

// ---- scenarios, status, frames ---------------------------------------------------------------------------------

export interface ScenarioEntry {
  file: string;
  name: string;
  description: string;
  models: ModelName[];
  /** Set when the file does not validate: the message says where and why. */
  error?: string;
}

export interface Status {
  state: PlayerState;
  scenario: { name: string; file: string; description: string; seed: number; models: string[]; users: number; follows: number; durationMs: number; tickMs: number } | null;
  tMs: number;
  tick: number;
  speed: Speed;
  redis: { version: string; url: string; port: number; private: boolean; cluster: { masters: number; replicas: number } | null } | null;
  graphStore: { kind: GraphStoreKind; location: string } | null;
  model: { file: string; auc: number } | null;
  /**
   * While a scenario loads: the stage and its progress; `graphReady` once its follow graph is built
   * (getGraph answers from then on, before Redis and the graph store are filled).
   */
  loading: { stage: string; done: number; total: number; graphReady: boolean } | null;
  error: ApiError | null;
}

export interface ApiError {
  code: string;
  message: string;
}

export interface LatencyWindow {
  count: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

/** The Timeline model's fan-out monitor. */
export interface FanoutView {
  /** Posts whose fan-out has not finished. */
  queueDepth: number;
  /** Chunks waiting for a pipeline slot. */
  chunksQueued: number;
  chunksInFlight: number;
  /** Time from post to the last follower's feed, of the most recent finished fan-out (ms). */
  lastLagMs: number;
  maxLagMs: number;
  posts: number;
  zadds: number;
  trims: number;
  droppedLossy: number;
  /** ZADDs per post. */
  writeAmplification: number;
  /** The write path of posts' own writes, when the scenario sets `timeline.writer` (frames only). */
  writer?: WriterView;
  /** The LRU+TTL read cache, when the scenario sets `timeline.cache` (frames only). */
  readCache?: ReadCacheView;
}

/** The Timeline's writer of posts' own writes (article 2.2): counters since t=0, queues now. */
export interface WriterView {
  kind: 'sync' | 'pipeline';
  /** Events queued per shard now (sync: one queue, the submits waiting for the one before). */
  queueDepths: number[];
  /**
   * Per shard, the most events queued since the previous frame. Frames come between ticks, when
   * a tick's posts are flushed and queues are empty again: this is what the bursts did.
   */
  peakQueueDepths: number[];
  /** Most events ever queued in one shard. */
  maxQueueDepth: number;
  queueCapacity: number | null;
  submitted: number;
  written: number;
  rejectedTimestamp: number;
  rejectedSize: number;
  /** Pipelines sent (sync: one per written event). */
  batches: number;
  backpressureWaits: number;
  /** Submit to written (or rejected), cumulative, ms; null before the first write. */
  p50Ms: number | null;
  p99Ms: number | null;
}

/** The Timeline's read cache (article 2.4): counters since t=0. */
export interface ReadCacheView {
  maxEntries: number;
  ttlMs: number;
  /** Pages held now (expired ones not yet removed included), and the most ever held. */
  entries: number;
  peakEntries: number;
  hits: number;
  misses: number;
  /** hits / (hits + misses), null before the first read. */
  hitRatio: number | null;
  /** Least recently used entries removed to make room. */
  evicted: number;
  /** Entries removed because their TTL passed: found expired by a read, or purged before a write. */
  expiredOnRead: number;
  expiredOnWrite: number;
  /** Hits whose page lacks a post delivered to the reader after the page was cached. */
  staleReads: number;
  /** staleReads / hits, null before the first hit. */
  staleShare: number | null;
}

export interface Frame {
  seq: number;
  state: PlayerState;
  tMs: number;
  tick: number;
  durationMs: number;
  /** Events processed per wall-clock second over this frame. */
  eventsPerSec: number;
  /** How far the simulation is behind the requested speed, simulated ms (0 at "max"). */
  behindMs: number;
  counts: { post: number; read: number; follow: number; unfollow: number; interact: number };
  totals: { post: number; read: number; follow: number; unfollow: number; interact: number };
  /** Posts of this frame (at most 50): author pulses and fan-out edges in the graph view. */
  posts: { id: number; author: number; tMs: number; followers: number; pushed: boolean }[];
  graphDelta: { follows: [number, number][]; unfollows: [number, number][] };
  /** Latency per operation (span name) over this frame. */
  latency: Record<string, LatencyWindow>;
  fanout: FanoutView | null;
  memory: { usedMemoryBytes: number; byModel: Record<string, number> } | null;
  /** Per-node figures when the run's Redis is a cluster (sampled about once a second). */
  cluster: ClusterView | null;
  caption: string | null;
}

/** Redirects a client met, by kind (cluster spec: MOVED, ASK; TRYAGAIN/CLUSTERDOWN retried). */
export interface RedirectCounts {
  moved: number;
  ask: number;
  tryAgain: number;
}

export interface ClusterNodeView {
  id: string;
  /** host:port. */
  node: string;
  port: number;
  /** Inclusive slot ranges this master serves. */
  slots: [number, number][];
  slotCount: number;
  keys: number;
  usedMemoryBytes: number;
  /** Redis's instantaneous_ops_per_sec. */
  opsPerSec: number;
  /** Commands the engine's transports sent this node, and the fan-out ZADDs it executed. */
  commands: number;
  fanoutZadds: number;
  /** Redirects this node answered. */
  redirects: RedirectCounts;
  /** The node with the most ops/s when it carries more than 1.5x the mean. */
  hot: boolean;
}

export interface ReshardView {
  index: number;
  /** Scheduled time (scenario or --reshard-at), null for one started from the app. */
  atSec: number | null;
  /** Master indexes (slot order at the time of the reshard). */
  from: number;
  to: number;
  slots: number;
  /** Slots moved so far (progress while running). */
  slotsDone: number;
  state: 'pending' | 'running' | 'done' | 'failed';
  startedAtMs: number | null;
  durationMs: number | null;
  keysMoved: number;
  bytesMoved: number;
  migrateCalls: number;
  migrateMeanUs: number | null;
  /** Redirects the engine met from the start of this reshard to the next one (or the end). */
  redirects: RedirectCounts;
  /** p99 (ms) per operation before, during and after the move. */
  p99Ms: { before: Record<string, number>; during: Record<string, number>; after: Record<string, number> };
  error: string | null;
}

export interface ClusterView {
  /** "private cluster of 3 masters" or the seeds of an existing one. */
  label: string;
  hashTags: boolean;
  nodes: ClusterNodeView[];
  reshards: ReshardView[];
  /** Sum of the nodes' fan-out ZADDs (equals the run's fanout.zadds). */
  fanoutZadds: number;
}

export interface GraphView {
  totalUsers: number;
  totalFollows: number;
  nodes: { id: number; label: string; followers: number; followees: number; city: number; shard?: number }[];
  edges: [number, number][];
  /** Why not everything is shown, e.g. "showing 2,000 of 100,000 users (top by followers + neighbourhood of 17)". */
  sampled: string | null;
  cities: number;
  /** On a cluster: masters, and each node's `shard` is the master holding its timeline. */
  shards?: number;
}

export interface FeedItemView {
  postId: number;
  author: number;
  score: number;
  ageMs: number;
  /** Graph model: the recall paths that found the item. */
  paths?: string[];
  /** Marked when the item is out of order against true publish order. */
  outOfOrder?: boolean;
}

export interface FeedPage {
  model: ModelName;
  key: string;
  items: FeedItemView[];
  /** Cursor for the next page (the last item's score), null at the end. */
  nextCursor: number | null;
  latencyMs: number;
}

export interface FeedsView {
  user: number;
  tMs: number;
  timeline: FeedPage | null;
  graph: FeedPage | null;
}

// ---- inspectors (issue 5) -----------------------------------------------------------------

export interface KeyTreeNode {
  /** One `:`-separated segment (`timeline`), the root is "". */
  name: string;
  /** The full prefix including the trailing `:` (`fs:timeline:`). */
  prefix: string;
  /** Keys seen so far under this prefix. */
  count: number;
  children: KeyTreeNode[];
  /** Distinct child prefixes not listed (past the per-node cap). */
  hiddenChildren: number;
}

export interface KeyScanView {
  cursor: string;
  /** True when SCAN came back to cursor 0 (every key visited once). */
  done: boolean;
  /** `node`: on a cluster, the master the key was found on. */
  keys: { key: string; type: string; node?: string }[];
  /** Keys seen since cursor "0" for this pattern/type; DBSIZE for scale. */
  seen: number;
  dbsize: number;
  tree: KeyTreeNode;
  readOnly: boolean;
}

export interface KeyDetailsView {
  key: string;
  /** TYPE's reply: one of KEY_TYPES, 'none', or a module type. */
  type: KeyType | 'none' | (string & {});
  encoding: string | null;
  /** ms; -1 without expiry, -2 when the key does not exist. */
  ttlMs: number;
  /** MEMORY USAGE key SAMPLES 0 (every element counted). */
  memoryUsageBytes: number | null;
  /** Elements (or bytes for a STRING). */
  length: number;
  /** On a cluster: host:port of the master that holds the key. */
  node?: string;
}

export interface StreamGroupView {
  name: string;
  consumers: { name: string; pending: number; idleMs: number }[];
  pending: number;
  lastDeliveredId: string;
  entriesRead: number | null;
  lag: number | null;
  /** The oldest pending entries (XPENDING, at most 20). */
  pendingSample: { id: string; consumer: string; idleMs: number; deliveries: number }[];
}

export type KeyValues =
  | { type: 'zset'; offset: number; reverse: boolean; entries: { member: string; score: number }[] }
  | { type: 'list'; offset: number; items: string[] }
  | { type: 'hash'; cursor: string; nextCursor: string; fields: [string, string][] }
  | { type: 'set'; cursor: string; nextCursor: string; members: string[] }
  | { type: 'stream'; after: string; nextAfter: string | null; entries: { id: string; fields: [string, string][] }[]; groups: StreamGroupView[] }
  | { type: 'string'; offset: number; bytes: number; hex: string; text: string; truncated: boolean }
  | { type: 'none' | 'other'; note: string };

export interface KeyView {
  details: KeyDetailsView;
  values: KeyValues;
  /** Elements fetched by this call (at most 1,000). */
  fetched: number;
  readOnly: boolean;
}

export interface ServerSummary {
  url: string;
  version: string;
  mode: string;
  uptimeSec: number;
  connectedClients: number;
  usedMemoryBytes: number;
  maxmemoryBytes: number;
  fragmentationRatio: number;
  allocator: string;
  opsPerSec: number;
  totalCommands: number;
  keyspaceHits: number;
  keyspaceMisses: number;
  expiredKeys: number;
  evictedKeys: number;
  keyspace: { db: string; keys: number; expires: number }[];
  slowlog: { id: number; atMs: number; durationUs: number; command: string[]; client: string }[];
  slowlogLength: number;
  slowlogThresholdUs: number;
}

export interface MemoryComponentView {
  name: string;
  bytes: number;
  detail: string;
}

export interface ZsetInspectView {
  key: string;
  encoding: string;
  /** What the listpack thresholds (read from CONFIG) predict for this key. */
  expectedEncoding: 'listpack' | 'skiplist';
  length: number;
  config: { maxListpackEntries: number; maxListpackValue: number };
  maxMemberBytes: number;
  memoryUsageBytes: number;
  /** Replayed from the key's members in order (towers are a statistical replica). */
  model: {
    estimatedBytes: number;
    errorPct: number;
    components: MemoryComponentView[];
    /** Skiplist encoding only (empty for a listpack). */
    levelHistogram: { level: number; nodes: number; expected: number; articleExpected: number }[];
    maxLevel: number;
    towers: { first: ZsetTowerView[]; last: ZsetTowerView[] };
    search: { offset: number; pageSize: number; rank: number | null; comparisons: number; backwardSteps: number; levelsVisited: number; steps: { level: number; fromRank: number; toRank: number; span: number }[] } | null;
    replayedMembers: number;
    seed: number;
  };
  notes: string[];
}

export interface ZsetTowerView {
  rank: number;
  member: string;
  score: number;
  level: number;
  spans: number[];
}

export interface OffsetCostView {
  key: string;
  length: number;
  encoding: string;
  pageSize: number;
  repeats: number;
  rows: {
    offset: number;
    /** Server-side time per ZRANGE ... REV call, from INFO commandstats (usec / calls). */
    serverUsPerCall: number | null;
    /** Round trip seen by the client, median and p99, microseconds. */
    clientP50Us: number | null;
    clientP99Us: number | null;
    modelComparisons: number | null;
    modelLevelsVisited: number | null;
    backwardSteps: number | null;
    skipped: string | null;
  }[];
  notes: string[];
}

export interface DriftView {
  /** Clocks set (scenario or live): the Timeline model's scores come from `strategy`. */
  enabled: boolean;
  strategy: ScoreStrategyName;
  gossipMs: number;
  nodes: { name: string; skewMs: number; driftPpm: number; offsetNowMs: number }[];
  tMs: number;
  posts: number;
  windowMs: number;
  doubleExactLimit: number;
  strategies: {
    name: ScoreStrategyName;
    /** Pairs of posts shown in the wrong order against true publish order. */
    inversions: number;
    ties: number;
    /** Scores that are not the integer the strategy meant (beyond 2^53). */
    precisionLost: number;
    stamped: number;
    /** pairs[i][j]: inversions of an older post from node i under a newer one from node j. */
    pairs: number[][];
    example: { exact: string; stored: string } | null;
  }[];
  series: { tSec: number; inversions: Record<ScoreStrategyName, number> }[];
}

/** One numerical claim of the article, our figure for it on this machine, and the verdict. */
export interface ClaimRow {
  id: string;
  /** Article section ("1", "2.2", ...). */
  section: string;
  /** The claim in English. */
  claim: string;
  /** The article's own words (Chinese). */
  quote: string;
  /** The article's figure. */
  article: string;
  measured: string | null;
  verdict: ClaimVerdict;
  /** One line of why. */
  why: string;
  /** Benchmark that measured it (bench/results/<source>.json), "live", or null. */
  source: string | null;
  /** When it was measured (ISO date), "live", or null. */
  measuredAt: string | null;
}

export interface ClaimsView {
  rows: ClaimRow[];
  /** The machine of the newest benchmark result, e.g. "AMD EPYC, 2 cores, 23.5 GiB". */
  machine: string | null;
  resultsDir: string | null;
  counts: Record<ClaimVerdict, number>;
}

export interface FlameNode {
  name: string;
  selfUs: number;
  totalUs: number;
  children: FlameNode[];
}

export interface FlameView {
  view: FlameViewName;
  model: string | null;
  operation: string | null;
  models: string[];
  operations: string[];
  root: FlameNode;
  /** The same tree as folded stacks (`a;b;c <self us>` per line). */
  folded: string[];
  /** What the view covers ("cumulative since t=0" or "the last N spans"). */
  coverage: string;
}

// ---- events (engine -> renderer) ----------------------------------------------------------

export type EngineEvent = { type: 'frame'; frame: Frame } | { type: 'status'; status: Status } | { type: 'error'; error: ApiError };

