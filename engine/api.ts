/**
 * The renderer-facing API of Feedscope, defined once. Electron's preload exposes it as
 * `window.feedscope`; browser mode carries the same calls over a WebSocket. Every request payload
 * is validated with these zod schemas in main/ (or the browser host) before it reaches the engine.
 * renderer/ imports only the types of this file (`import type`).
 */
import { z } from 'zod';

// ---- commands (renderer -> engine) --------------------------------------------------------

export const SpeedSchema = z.union([z.number().min(0.1).max(1000), z.literal('max')]);
export type Speed = z.infer<typeof SpeedSchema>;

export const CommandSchemas = {
  listScenarios: z.object({}).strict(),
  /** A scenario file on the engine's machine (sample-graphs/ or a path from a file dialog). */
  loadScenario: z.object({ file: z.string().min(1).max(4096) }).strict(),
  /** A scenario given as text (browser mode's "Open file..."); edge lists resolve against sample-graphs/. */
  loadScenarioText: z.object({ name: z.string().min(1).max(512), text: z.string().max(10_000_000) }).strict(),
  play: z.object({}).strict(),
  pause: z.object({}).strict(),
  step: z.object({}).strict(),
  setSpeed: z.object({ speed: SpeedSchema }).strict(),
  reset: z.object({}).strict(),
  getStatus: z.object({}).strict(),
  /** The follow graph to draw: top users by followers plus the neighbourhood of `focus`. */
  getGraph: z.object({ maxNodes: z.number().int().min(10).max(100_000).default(2000), focus: z.number().int().min(0).nullable().default(null) }).strict(),
  /** Both feeds of a user at this moment, paged by offset or by cursor (exclusive score). */
  getFeeds: z
    .object({
      user: z.number().int().min(0),
      pageSize: z.number().int().min(1).max(200).default(20),
      offset: z.number().int().min(0).max(1_000_000).default(0),
      cursor: z.number().nullable().default(null),
    })
    .strict(),
  getReport: z.object({}).strict(),
} as const;

export type CommandName = keyof typeof CommandSchemas;
export type CommandInput<K extends CommandName> = z.input<(typeof CommandSchemas)[K]>;
export type CommandArgs<K extends CommandName> = z.infer<(typeof CommandSchemas)[K]>;

export interface CommandResults {
  listScenarios: ScenarioEntry[];
  loadScenario: Status;
  loadScenarioText: Status;
  play: Status;
  pause: Status;
  step: Status;
  setSpeed: Status;
  reset: Status;
  getStatus: Status;
  getGraph: GraphView;
  getFeeds: FeedsView;
  getReport: unknown;
}

// ---- data ---------------------------------------------------------------------------------

export interface ScenarioEntry {
  file: string;
  name: string;
  description: string;
  models: ('timeline' | 'graph')[];
  /** Set when the file does not validate: the message says where and why. */
  error?: string;
}

export type PlayerState = 'empty' | 'loading' | 'ready' | 'playing' | 'paused' | 'finished' | 'error';

export interface Status {
  state: PlayerState;
  scenario: { name: string; file: string; description: string; seed: number; models: string[]; users: number; follows: number; durationMs: number; tickMs: number } | null;
  tMs: number;
  tick: number;
  speed: Speed;
  redis: { version: string; url: string; port: number; private: boolean } | null;
  graphStore: { kind: 'ladybug' | 'neo4j'; location: string } | null;
  model: { file: string; auc: number } | null;
  loading: { stage: string; done: number; total: number } | null;
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

export interface FanoutView {
  queueDepth: number;
  chunksQueued: number;
  chunksInFlight: number;
  lastLagMs: number;
  maxLagMs: number;
  posts: number;
  zadds: number;
  droppedLossy: number;
  writeAmplification: number;
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
  caption: string | null;
}

export interface GraphView {
  totalUsers: number;
  totalFollows: number;
  nodes: { id: number; label: string; followers: number; followees: number; city: number }[];
  edges: [number, number][];
  /** Why not everything is shown, e.g. "showing 2,000 of 100,000 users (top by followers + neighbourhood of 17)". */
  sampled: string | null;
  cities: number;
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
  model: 'timeline' | 'graph';
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

// ---- events (engine -> renderer) ----------------------------------------------------------

export type EngineEvent = { type: 'frame'; frame: Frame } | { type: 'status'; status: Status } | { type: 'error'; error: ApiError };

/**
 * The object the renderer talks to: `window.feedscope` in Electron (one named method per command,
 * each on its own `feedscope:<name>` IPC channel), a WebSocket client with the same shape in
 * browser mode. Errors reject with an Error whose message is the engine's `{code, message}` text.
 */
export type FeedscopeApi = {
  [K in CommandName]: (args: CommandInput<K>) => Promise<CommandResults[K]>;
} & {
  /** Frames, status changes and errors; returns an unsubscribe function. */
  onEvent(listener: (event: EngineEvent) => void): () => void;
};

export const COMMAND_NAMES = Object.keys(CommandSchemas) as CommandName[];
