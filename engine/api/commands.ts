/**
 * The commands of Feedscope's API: each name, the zod schema of its arguments (validated in the
 * one dispatcher, engine/commands.ts, before the engine sees them) and the type of its result.
 * The handlers are in engine/commands.ts, typed by CommandName, so a command without a handler
 * does not compile. The data types of results are in api/views.ts and api/report.ts.
 */
import { z } from 'zod';
import { FLAME_EXPORT_FORMATS, FLAME_VIEWS, KEY_TYPES, SCORE_STRATEGIES } from './names.js';
import type { Report } from './report.js';
import type { CompareView } from '../report/compare/compareView.js';
export type { CompareView, CompareRow } from '../report/compare/compareView.js';
import { KeyBrowserSchemas, type KeyBrowserResults } from '../inspect/keyBrowserApi.js';
import { PlanArgsSchema, type CapacityView } from '../planner/api.js';
import { CorrectnessSchemas, type CorrectnessResults } from '../causality/api.js';
import type {
  ClaimsView, ClusterView, DriftView, EngineEvent, ReshardView, FeedsView, FlameView, GraphView, KeyScanView, KeyView, OffsetCostView, ScenarioEntry, ServerSummary, Status, ZsetInspectView,
} from './views.js';

// ---- commands (renderer -> engine) --------------------------------------------------------

export const ClusterChoiceSchema = z.object({ nodes: z.number().int().min(1).max(6), replicas: z.union([z.literal(0), z.literal(1)]).default(0) }).strict();

export const SpeedSchema = z.union([z.number().min(0.1).max(1000), z.literal('max')]);
export type Speed = z.infer<typeof SpeedSchema>;

export const CommandSchemas = {
  listScenarios: z.object({}).strict(),
  /**
   * A scenario file on the engine's machine (sample-graphs/ or a path from a file dialog).
   * `cluster`: run it on a private Redis Cluster of this shape; null: on one server; absent: as
   * the scenario (or the engine's settings) say.
   */
  loadScenario: z.object({ file: z.string().min(1).max(4096), cluster: ClusterChoiceSchema.nullable().optional() }).strict(),
  /** A scenario given as text (browser mode's "Open file..."); edge lists resolve against sample-graphs/. */
  loadScenarioText: z.object({ name: z.string().min(1).max(512), text: z.string().max(10_000_000), cluster: ClusterChoiceSchema.nullable().optional() }).strict(),
  play: z.object({}).strict(),
  pause: z.object({}).strict(),
  step: z.object({}).strict(),
  setSpeed: z.object({ speed: SpeedSchema }).strict(),
  reset: z.object({}).strict(),
  getStatus: z.object({}).strict(),
  /** The follow graph to draw: top users by followers plus the neighbourhood of `focus`. */
  getGraph: z
    .object({
      maxNodes: z.number().int().min(10).max(100_000).default(2000),
      /** Follows drawn at most (the focus user's first); dense graphs have far more than a canvas can draw. */
      maxEdges: z.number().int().min(0).max(1_000_000).default(20_000),
      focus: z.number().int().min(0).nullable().default(null),
    })
    .strict(),
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
  /** The current run's report as a file to download: report.json, or report.html (self-contained). */
  exportReport: z.object({ format: z.enum(['json', 'html']) }).strict(),
  /** Two runs side by side: report.json texts, or null for the run loaded now (engine/report/compare/). */
  compareReports: z.object({ a: z.string().max(50_000_000).nullable(), b: z.string().max(50_000_000).nullable(), labels: z.tuple([z.string().min(1).max(200), z.string().min(1).max(200)]) }).strict(),
  // ---- inspectors (issue 5): key browser, skiplist, drift lab, flame graph ----
  /** One SCAN step (cursor "0" starts over and resets the key tree); `count` is SCAN's COUNT hint. */
  scanKeys: z
    .object({
      cursor: z.string().regex(/^\d+$/).default('0'),
      pattern: z.string().min(1).max(1024).default('*'),
      type: z.enum(KEY_TYPES).nullable().default(null),
      count: z.number().int().min(1).max(10_000).default(1000),
    })
    .strict(),
  /** A key's details and one page of its values (never more than 1,000 elements). */
  getKey: z
    .object({
      key: z.string().min(1).max(65_536),
      /** ZSET, LIST: index of the first element; STRING: byte offset. */
      offset: z.number().int().min(0).default(0),
      /** HASH, SET: HSCAN/SSCAN cursor; STREAM: the last id seen (exclusive), "0" for the start. */
      cursor: z.string().max(64).default('0'),
      count: z.number().int().min(1).max(1000).default(100),
      /** ZSET: highest score first (ZREVRANGE). */
      reverse: z.boolean().default(true),
      /** ZSET: a score range ("-inf", "(5", "10"); `offset` then counts within it. */
      scoreMin: z.string().regex(/^\(?(-?inf|\+inf|-?\d+(\.\d+)?(e[+-]?\d+)?)$/i).max(64).nullable().optional(),
      scoreMax: z.string().regex(/^\(?(-?inf|\+inf|-?\d+(\.\d+)?(e[+-]?\d+)?)$/i).max(64).nullable().optional(),
    })
    .strict(),
  getServerSummary: z.object({ slowlogEntries: z.number().int().min(0).max(128).default(32) }).strict(),
  inspectZset: z
    .object({
      key: z.string().min(1).max(65_536),
      /** The ZREVRANGE offset whose search path is shown. */
      offset: z.number().int().min(0).default(0),
      pageSize: z.number().int().min(1).max(1000).default(20),
      towers: z.number().int().min(1).max(64).default(8),
      seed: z.number().int().min(0).max(2 ** 32 - 1).default(1),
    })
    .strict(),
  measureOffsetCost: z
    .object({
      key: z.string().min(1).max(65_536),
      offsets: z.array(z.number().int().min(0)).min(1).max(12).default([0, 1000, 10_000, 100_000]),
      pageSize: z.number().int().min(1).max(1000).default(20),
      repeats: z.number().int().min(1).max(2000).default(200),
    })
    .strict(),
  getDrift: z.object({}).strict(),
  /** The article's numerical claims with our measured figures and verdicts (issue 6). */
  getClaims: z.object({}).strict(),
  setClocks: z
    .object({
      nodes: z.array(z.object({ name: z.string().min(1).max(64), skewMs: z.number().min(-3_600_000).max(3_600_000), driftPpm: z.number().min(-100_000).max(100_000) }).strict()).min(1).max(32),
      strategy: z.enum(SCORE_STRATEGIES),
      gossipMs: z.number().min(0).max(60_000).default(20),
    })
    .strict(),
  getFlame: z
    .object({
      model: z.string().max(64).nullable().default(null),
      operation: z.string().max(256).nullable().default(null),
      view: z.enum(FLAME_VIEWS).default('left-heavy'),
    })
    .strict(),
  /** Text for a download: folded stacks or speedscope JSON. */
  exportFlame: z
    .object({
      model: z.string().max(64).nullable().default(null),
      operation: z.string().max(256).nullable().default(null),
      format: z.enum(FLAME_EXPORT_FORMATS),
    })
    .strict(),
  /** The key browser is read-only until writes are unlocked for its connection. */
  unlockWrites: z.object({ unlock: z.boolean() }).strict(),
  /** The cluster's nodes, slots and reshards now (cluster runs only). */
  getCluster: z.object({}).strict(),
  /** Moves `slots` slots from master `from` to master `to` (indexes in slot order) while the scenario plays. */
  reshard: z.object({ slots: z.number().int().min(1).max(16384), from: z.number().int().min(0).max(5), to: z.number().int().min(0).max(5) }).strict(),
  /** UNLINK one key (only with writes unlocked, and `confirm` naming the server as the key browser's header does). */
  deleteKey: z.object({ key: z.string().min(1).max(65_536), confirm: z.string().max(1024).optional() }).strict(),
  // ---- the key browser (issue 15): engine/inspect/keyBrowserApi.ts ----
  ...KeyBrowserSchemas,
  /** The capacity planner (issue 13): a fleet projected from the calibration of real runs (engine/planner/). */
  plan: PlanArgsSchema,
  // ---- correctness (issue 20): the causality lab and the gray migration ----
  ...CorrectnessSchemas,
} as const;

export type CommandName = keyof typeof CommandSchemas;
export type CommandInput<K extends CommandName> = z.input<(typeof CommandSchemas)[K]>;
export type CommandArgs<K extends CommandName> = z.infer<(typeof CommandSchemas)[K]>;

export interface CommandResults extends KeyBrowserResults, CorrectnessResults {
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
  getReport: Report;
  exportReport: { filename: string; mime: string; text: string };
  compareReports: CompareView;
  scanKeys: KeyScanView;
  getKey: KeyView;
  getServerSummary: ServerSummary;
  inspectZset: ZsetInspectView;
  measureOffsetCost: OffsetCostView;
  getDrift: DriftView;
  setClocks: DriftView;
  getFlame: FlameView;
  getClaims: ClaimsView;
  exportFlame: { filename: string; mime: string; text: string };
  unlockWrites: { writable: boolean; url: string };
  deleteKey: { deleted: number };
  getCluster: ClusterView;
  reshard: ReshardView;
  plan: CapacityView;
}

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
