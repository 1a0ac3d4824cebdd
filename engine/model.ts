/**
 * What a feed model plugs into the engine. The engine owns the clock, the event stream, the live
 * follow graph and Redis; a model turns events into its own Redis (or graph DB) state and answers
 * reads. Both models see the same events in the same order.
 *
 * The engine knows models only through this interface: what it needs of one model and not of
 * another is an optional capability here (`pushes`, `setScorer`), never an `instanceof`.
 */
import type { FanoutView, FeedPage, ModelName, Status } from './api.js';
import type { FeedAuditReport, ModelReport, SampledFeed } from './api/report.js';
import type { KeySpace } from './redis/keys.js';
import type { RedisTransport } from './redis/transport/RedisTransport.js';
import type { FollowEvent, InteractEvent, PostEvent, ReadEvent } from './scenario/events.js';
import type { SocialGraph } from './scenario/graph.js';
import type { Scenario } from './scenario/schema.js';
import type { FollowGraph } from './social/FollowGraph.js';
import type { Tracer } from './trace/Tracer.js';
import type { GraphStoreOptions } from './backends/GraphStore.js';

export interface ModelContext {
  /** The models' only way to Redis (engine/redis/transport/). */
  transport: RedisTransport;
  keys: KeySpace;
  tracer: Tracer;
  scenario: Scenario;
  /** Directory of the scenario file (relative paths resolve against it). */
  baseDir: string;
  /** The starting graph (immutable) and the live one. */
  social: SocialGraph;
  graph: FollowGraph;
  /** Posts by id, for authors and ages in feed views. */
  posts: ReadonlyMap<number, PostEvent>;
  /** Epoch ms of simulated t=0. */
  epochMs: number;
  /** Current simulated time, ms since t=0. */
  now(): number;
  /** Background failures (e.g. a fan-out pipeline) are reported here. */
  onError(err: unknown): void;
  /** Loading progress for the UI and the CLI. */
  progress(stage: string, done: number, total: number): void;
}

/** Settings the entry points choose (CLI, main/, tests), passed to the model factories. */
export interface ModelSettings {
  graphStore: GraphStoreOptions;
  /** The ranker used when a scenario names none (models/ranker.onnx of the checkout). */
  defaultRankerFile: string;
  /** Where relative paths in report.json are relative to (the entry point's working directory). */
  reportBaseDir: string;
}

export interface FeedQuery {
  pageSize: number;
  offset: number;
  /** Exclusive score to continue below; null pages by offset. */
  cursor: number | null;
}

/** What the status bar shows of a model's own stores; null fields when the model has none. */
export interface ModelDescription {
  graphStore: Status['graphStore'];
  ranker: Status['model'];
}

export interface FeedModel {
  readonly name: ModelName;
  /** Bulk work before t=0 (graph DB load, model file). */
  load(): Promise<void>;
  onPost(e: PostEvent): Promise<void>;
  /** After the engine applied the follow/unfollow to the live graph; `changed` false for a no-op. */
  onFollow(e: FollowEvent, changed: boolean): Promise<void>;
  onInteract(e: InteractEvent): Promise<void>;
  onRead(e: ReadEvent): Promise<void>;
  /** Waits for background work (fan-out) to reach the store. */
  drain(): Promise<void>;
  feedPage(user: number, q: FeedQuery): Promise<FeedPage>;
  /** Redis bytes held by this model, measured on a sample of its keys and scaled up. */
  memoryBytes(): Promise<number>;
  fanout(): FanoutView | null;
  describe(): ModelDescription;
  /** The model's section of report.json. */
  report(): Promise<ModelReport>;
  /** Back to t=0 after the engine deleted Feedscope's keys. */
  reset(): Promise<void>;
  close(): Promise<void>;
  /** Whether a post by `author` is pushed into followers' feeds now (frames draw its fan-out). Absent: never. */
  pushes?(author: number): boolean;
  /** Scores later posts with `scorer` (the drift lab's clocks); null restores publish time. Absent: scores do not come from clocks. */
  setScorer?(scorer: ((postId: number) => number | undefined) | null): void;
  /** A few of its feeds as Redis holds them (report.json memory.feeds). Absent: none. */
  sampleFeeds?(): Promise<SampledFeed[]>;
  /** The key of a user's feed in this model, for other models' comparisons (graph report's ZSET memory). */
  feedKey?(user: number): string;
  /** Redis came back empty (a restarted server without persistence): rebuild from the system of record. Absent: nothing to rebuild. */
  rebuild?(): Promise<RebuildFigures>;
  /** Closes the model's own store (fault graphStoreStop); its calls fail with GRAPH_STORE_CLOSED until startStore. */
  stopStore?(): Promise<void>;
  startStore?(): Promise<void>;
  /** Checks that the acknowledged posts (ids whose onPost resolved) are still in the model's store. Call when drained. */
  checkAcknowledged?(postIds: readonly number[]): Promise<AcknowledgedCheck>;
  /** Checks sampled feeds in Redis against what one server gives for the same events (after a reshard). Null: nothing to check. */
  auditFeeds?(): Promise<FeedAuditReport | null>;
  /** The user's followees' posts newest first (id, publish time in simulated ms) from the model's own store: the migration checker's candidate read. Absent: none. */
  followTimeline?(user: number, limit: number): Promise<{ postId: number; tMs: number }[]>;
}

/** What a model rebuilt after Redis came back empty (report.json faults). */
export interface RebuildFigures {
  model: ModelName;
  /** What was rebuilt, from where ("outboxes from the posts table; feeds regenerate on first read"). */
  what: string;
  /** Entries written back. */
  entries: number;
  /** Wall-clock time the rebuild took, ms. */
  ms: number;
}

/** The check of acknowledged writes at the end of a fault run: each must still be where it was written. */
export interface AcknowledgedCheck {
  /** Acknowledged writes checked (an author's newest ones that the store keeps). */
  checked: number;
  /** Of those, not found. */
  lost: number;
  /** Where they were looked for. */
  where: string;
}

export type FeedModelFactory = (ctx: ModelContext) => FeedModel;
