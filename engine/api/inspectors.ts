/**
 * The inspectors' data (key browser, skiplist, drift lab, claims, flame graph): results of the
 * inspector commands. Types only; renderer/ reads them with `import type` through engine/api.ts.
 */
import type { ClaimVerdict, FlameViewName, KeyType, ScoreStrategyName } from './names.js';
import type { GapsView } from '../drift/gaps.js';

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
  | { type: 'zset'; offset: number; reverse: boolean; entries: { member: string; score: number }[]; scoreRange?: { min: string; max: string; count: number } }
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
  /** `client`: address; `clientName`: CLIENT SETNAME's name ("" when none). */
  slowlog: { id: number; atMs: number; durationUs: number; command: string[]; client: string; clientName: string }[];
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
  /** What cursor readers skipped for good, per strategy and writer node (engine/drift/gaps.ts). */
  gaps: GapsView;
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
  /** Article 4.3's table as measured by `npm run bench -- alternatives`; null when that bench never ran here (or its file is unreadable). */
  alternatives: AlternativesTableView | null;
}

/** One store at one size in the 4.3 table (bench/results/alternatives.json). */
export interface AlternativesTableRow {
  store: string;
  label: string;
  version: string;
  /** How bytes per entry were measured ("MEMORY USAGE", "heap delta", "on disk"). */
  memoryKind: string;
  /** The error that kept the store from running; the figures below are then null. */
  error: string | null;
  entries: number | null;
  loadMs: number | null;
  bytesPerEntry: number | null;
  newestPageQps: number | null;
  /** p50/p99 of one page at each of the table's offsets (null: the feed is shorter than the offset). */
  pages: ({ p50Ms: number; p99Ms: number } | null)[];
  /** The article's figure this row stands beside (only on a store's largest size): "Go SortedMap ~120K". */
  article: string | null;
  /** ours / article's QPS, ours / the Redis ZSET's at the same size. */
  vsArticle: number | null;
  vsZset: number | null;
}

/** Article 4.3's alternatives to the ZSET, ours beside the article's range-scan QPS. */
export interface AlternativesTableView {
  measuredAt: string;
  machine: string;
  pageSize: number;
  offsets: number[];
  rows: AlternativesTableRow[];
  /** The article's rows no store here can stand for (TiKV across 3 nodes), with why. */
  notMeasurable: { article: string; why: string }[];
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
  /** Time-ordered view: the wall-clock window those spans cover, for a time axis (null: no spans). */
  window?: FlameWindow | null;
}

export interface FlameWindow {
  /** First root span's start and last one's end, ms since the tracer started (wall clock). */
  startMs: number;
  endMs: number;
  /** Root spans in the window. */
  spans: number;
  /** Width of one bin of `busyUs`, microseconds. */
  binUs: number;
  /** Per operation kind: span time (us) falling in each equal slice of the window. */
  lanes: { name: string; busyUs: number[] }[];
}

