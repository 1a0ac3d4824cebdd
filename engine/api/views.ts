/**
 * The data the engine shows: command results (api/commands.ts) and the events it pushes (frames,
 * status, errors). Types only: renderer/ reads them with `import type`.
 */
import type { ActiveFault, ClusterFaultView } from './faults.js';
import type { CorrectnessFrame } from '../causality/types.js';
import type { GraphStoreKind, ModelName, PlayerState } from './names.js';
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
  scenario: {
    name: string; file: string; description: string; seed: number; models: string[]; users: number; follows: number; durationMs: number; tickMs: number;
    /** The scenario's captions, in time order: the app shows them as chapters (absent: none). */
    captions?: { atMs: number; text: string }[];
  } | null;
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
  /** Share of users active at t=0; this and the three below only when it is under 1 (`timeline.activeShare`). */
  activeShare?: number;
  /** Fan-out ZADDs not sent because the follower was inactive (Mastodon: not signed in within ACTIVE_DURATION). */
  skippedInactive?: number;
  /** Inactive users' feeds rebuilt from the outboxes at their first read (span timeline.regenerate). */
  regenerations?: number;
  /** Entries those regenerations ZADDed. */
  regeneratedEntries?: number;
  /** The write path of posts' own writes, when the scenario sets `timeline.writer` (frames only). */
  writer?: WriterView;
  /** The LRU+TTL read cache, when the scenario sets `timeline.cache` (frames only). */
  readCache?: ReadCacheView;
}

/** The Timeline's writer of posts' own writes (article 2.2): counters since t=0, queues now. */
/** A writer's totals since t=0 (article 2.2): the frame's view, report.json `writer` and ShardedWriter's counters share them. */
export interface WriterTotals {
  submitted: number;
  written: number;
  rejectedTimestamp: number;
  rejectedSize: number;
  /** Pipelines sent (sync: one per written event). */
  batches: number;
  backpressureWaits: number;
  /** Most events ever queued in one shard. */
  maxQueueDepth: number;
}

export interface WriterView extends WriterTotals {
  kind: 'sync' | 'pipeline';
  /** Events queued per shard now (sync: one queue, the submits waiting for the one before). */
  queueDepths: number[];
  /**
   * Per shard, the most events queued since the previous frame. Frames come between ticks, when
   * a tick's posts are flushed and queues are empty again: this is what the bursts did.
   */
  peakQueueDepths: number[];
  queueCapacity: number | null;
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
  /** Simulated ms per wall ms over the last 2 s of playing (null: not playing): at 10x a player that keeps up reads ~10. */
  achievedSpeed: number | null;
  /** The engine's event-loop delay over this frame, ms (null: no sample): queueing inside the engine, not server time. */
  eventLoop: { p99Ms: number; maxMs: number } | null;
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
  /** Faults of the scenario's schedule active now (engine/faults/); absent or empty: none. */
  faults?: ActiveFault[];
  /** The causality lab's and the migration's totals (issue 20); absent or null: the scenario has neither. */
  correctness?: CorrectnessFrame | null;
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
  /** CLUSTERDOWN replies this node gave (retried): a master had failed and no replica had taken over yet. */
  clusterDown?: number;
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
  /**
   * Of a sample of users, how many have their timeline, outbox and feed stream on more than one
   * master: 0 with hash tags; without them most users, and a per-user multi-key command (say
   * ZUNIONSTORE of a user's timeline and outbox) would fail with CROSSSLOT for them.
   */
  colocation: { users: number; split: number; example: string | null };
  /** A fault run's clusterNodeKill / partition faults so far: the failover, the node cut off. */
  faults?: ClusterFaultView[];
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
  /**
   * Timeline pull/hybrid pages: the keys the page was really read from (the `key` above is a
   * label then, not a key). `timelineKey`: the user's timeline ZSET when it exists (hybrid: the
   * pushed authors' posts), else null; `outboxes`: the outbox LISTs of the page's pulled authors
   * (at most 5); `pulledOutboxes`: how many outboxes every read of this feed merges.
   */
  sources?: { timelineKey: string | null; outboxes: string[]; pulledOutboxes: number };
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

// ---- inspectors: api/inspectors.ts ---------------------------------------------------------

export type * from './inspectors.js';

// ---- events (engine -> renderer) ----------------------------------------------------------

export type EngineEvent = { type: 'frame'; frame: Frame } | { type: 'status'; status: Status } | { type: 'error'; error: ApiError };

