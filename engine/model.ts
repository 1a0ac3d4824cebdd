/**
 * What a feed model plugs into the engine. The engine owns the clock, the event stream, the live
 * follow graph and Redis; a model turns events into its own Redis (or graph DB) state and answers
 * reads. Both models see the same events in the same order.
 */
import type { FanoutView, FeedPage } from './api.js';
import type { RedisHandle } from './redis/connect.js';
import type { FollowEvent, InteractEvent, PostEvent, ReadEvent } from './scenario/events.js';
import type { SocialGraph } from './scenario/graph.js';
import type { Scenario } from './scenario/schema.js';
import type { FollowGraph } from './social/FollowGraph.js';
import type { Tracer } from './trace/Tracer.js';

export interface ModelContext {
  redis: RedisHandle;
  prefix: string;
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

export interface FeedQuery {
  pageSize: number;
  offset: number;
  /** Exclusive score to continue below; null pages by offset. */
  cursor: number | null;
}

export interface FeedModel {
  readonly name: 'timeline' | 'graph';
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
  /** The model's section of report.json. */
  report(): Promise<Record<string, unknown>>;
  /** Back to t=0 after the engine deleted Feedscope's keys. */
  reset(): Promise<void>;
  close(): Promise<void>;
}

export type FeedModelFactory = (ctx: ModelContext) => FeedModel;
