/**
 * The key browser's commands (issue 15): argument schemas and result types of connecting to any
 * server and saved connections, the throttled complete scan, the keyspace analysis, byte ranges of strings, the guarded
 * writes, stream group actions and the profiler. api/commands.ts puts the schemas in the one
 * command table; engine/api.ts re-exports the types for the renderer. No I/O here.
 */
import { z } from 'zod';
import { KEY_TYPES } from '../api/names.js';

/** The sort keys of the scanned key list. */
export const KEY_SORTS = ['key', 'type', 'encoding', 'ttl', 'memory', 'length'] as const;
export type KeySort = (typeof KEY_SORTS)[number];

export const SCAN_ACTIONS = ['pause', 'resume', 'cancel'] as const;
export type ScanAction = (typeof SCAN_ACTIONS)[number];

export const STREAM_ACTIONS = ['ack', 'claim', 'autoclaim'] as const;
export type StreamAction = (typeof STREAM_ACTIONS)[number];

/** The most bytes of a string one call returns (a 5 MB string is 80 pages, never one reply). */
export const MAX_STRING_RANGE_BYTES = 65_536;

const HOST_PORT = /^[^\s:]+:\d{1,5}$|^\[[0-9a-fA-F:]+\]:\d{1,5}$/;

/**
 * A server to inspect: a URL (`redis://` or `rediss://`), or host/port/user/password/db with TLS,
 * or cluster seed nodes (`host:port`). A URL wins over the separate fields it names.
 */
export const KeyBrowserConnectSchema = z
  .object({
    url: z.string().regex(/^rediss?:\/\//, 'a URL starts with redis:// or rediss://').max(4096).optional(),
    host: z.string().min(1).max(255).default('127.0.0.1'),
    port: z.number().int().min(1).max(65_535).default(6379),
    username: z.string().max(256).optional(),
    password: z.string().max(4096).optional(),
    db: z.number().int().min(0).max(65_535).default(0),
    tls: z.boolean().default(false),
    /** PEM text of the CA that signed the server's certificate (browser mode reads the chosen file). */
    caPem: z.string().max(1_000_000).optional(),
    /** A CA file on the engine's machine. */
    caFile: z.string().max(4096).optional(),
    /**
     * Cluster: seed nodes as host:port; every master is found from them (CLUSTER NODES). `username`,
     * `password`, `tls` and the CA then apply to every node (`url`, `host`, `port` and `db` do not).
     */
    clusterSeeds: z.array(z.string().regex(HOST_PORT, 'a seed node is host:port')).min(1).max(16).optional(),
  })
  .strict();
export type KeyBrowserConnectArgs = z.infer<typeof KeyBrowserConnectSchema>;

/** How saved connections are kept: the passwords encrypted in a file, or the engine's memory only. */
export const PERSISTENCE_KINDS = ['encrypted-on-disk', 'memory-only'] as const;
export type Persistence = (typeof PERSISTENCE_KINDS)[number];

/** A saved connection's name, as the form lists it. */
export const SavedConnectionNameSchema = z.string().trim().min(1, 'a saved connection needs a name').max(200);

const keyName = z.string().min(1).max(65_536);
/** The confirmation of a write: the server's label exactly as the header shows it. */
const confirm = z.string().max(1024).optional();

export const KeyBrowserSchemas = {
  /** Connects the key browser to another server (the scenario's Redis stays what it was). */
  connectKeyBrowser: KeyBrowserConnectSchema,
  /** Back to the scenario's Redis (the foreign connection is closed). */
  disconnectKeyBrowser: z.object({}).strict(),
  getKeyBrowserServer: z.object({}).strict(),
  /** Saved connections: names and non-secret fields only (a password never comes back), and how they are kept. */
  listSavedConnections: z.object({}).strict(),
  /** Saves (or replaces) `name`; its password is encrypted by the engine's vault, or held in the engine's memory only. */
  saveConnection: z.object({ name: SavedConnectionNameSchema, connect: KeyBrowserConnectSchema }).strict(),
  forgetSavedConnection: z.object({ name: SavedConnectionNameSchema }).strict(),
  /** Connects the key browser to a saved connection: the engine decrypts its password itself. */
  connectSavedConnection: z.object({ name: SavedConnectionNameSchema }).strict(),
  /** A complete SCAN of the keyspace in the background, at most `budgetPct` of the server's time. */
  startKeyScan: z
    .object({
      pattern: z.string().min(1).max(1024).default('*'),
      type: z.enum(KEY_TYPES).nullable().default(null),
      /** SCAN's COUNT hint per batch. */
      count: z.number().int().min(10).max(10_000).default(1000),
      /** Share of the server's time the scan may take (its round trips over wall time), percent. */
      budgetPct: z.number().min(1).max(100).default(10),
      /** Also read OBJECT ENCODING, PTTL, MEMORY USAGE and the length of every key (the analysis needs them). */
      details: z.boolean().default(true),
    })
    .strict(),
  controlKeyScan: z.object({ action: z.enum(SCAN_ACTIONS) }).strict(),
  getKeyScan: z.object({}).strict(),
  /** A page of the scanned keys, filtered and sorted (the whole list stays in the engine). */
  listScannedKeys: z
    .object({
      sort: z.enum(KEY_SORTS).default('key'),
      desc: z.boolean().default(false),
      offset: z.number().int().min(0).default(0),
      limit: z.number().int().min(1).max(2000).default(500),
      /** A glob on the scanned keys (the scan's own pattern already applies). */
      pattern: z.string().min(1).max(1024).default('*'),
      type: z.enum(KEY_TYPES).nullable().default(null),
    })
    .strict(),
  /** The analysis of the current (or last) scan. */
  getKeyspaceAnalysis: z
    .object({
      separator: z.string().min(1).max(8).default(':'),
      depth: z.number().int().min(1).max(8).default(3),
      top: z.number().int().min(1).max(500).default(20),
    })
    .strict(),
  exportKeyspaceAnalysis: z.object({ format: z.enum(['json', 'csv']), separator: z.string().min(1).max(8).default(':'), depth: z.number().int().min(1).max(8).default(3) }).strict(),
  /** Bytes [offset, offset + length) of a string (GETRANGE; at most MAX_STRING_RANGE_BYTES). */
  getStringRange: z.object({ key: keyName, offset: z.number().int().min(0), length: z.number().int().min(1).max(MAX_STRING_RANGE_BYTES).default(4096) }).strict(),
  /** TTL in ms, or null to remove it (PERSIST). Writes need unlock and `confirm`. */
  setKeyTtl: z.object({ key: keyName, ttlMs: z.number().int().min(1).max(10 * 365 * 86_400_000).nullable(), confirm }).strict(),
  renameKey: z.object({ key: keyName, to: keyName, confirm }).strict(),
  /** DUMP of a key, base64 (the "copy the value first" of a delete); reading, so no unlock needed. */
  dumpKey: z.object({ key: keyName }).strict(),
  streamAction: z
    .object({
      key: keyName,
      group: z.string().min(1).max(1024),
      action: z.enum(STREAM_ACTIONS),
      ids: z.array(z.string().regex(/^\d+-\d+$/)).max(1000).default([]),
      /** claim/autoclaim: the consumer that takes the entries. */
      consumer: z.string().min(1).max(1024).optional(),
      minIdleMs: z.number().int().min(0).default(0),
      count: z.number().int().min(1).max(1000).default(100),
      confirm,
    })
    .strict(),
  /** Pending entries of one consumer (XPENDING with IDLE data and delivery counts). */
  getStreamPending: z.object({ key: keyName, group: z.string().min(1).max(1024), consumer: z.string().min(1).max(1024).nullable().default(null), count: z.number().int().min(1).max(1000).default(50) }).strict(),
  /** MONITOR for at most `seconds` and `maxCommands`: every command the server runs is copied to us. */
  profileServer: z.object({ seconds: z.number().min(0.2).max(60).default(5), maxCommands: z.number().int().min(1).max(200_000).default(10_000), separator: z.string().min(1).max(8).default(':') }).strict(),
  getClientList: z.object({}).strict(),
} as const;

// ---- results ---------------------------------------------------------------------------------

/** The server the key browser inspects, as its header names it. */
export interface KeyBrowserServerView {
  /** 'engine': the scenario's Redis (Feedscope's own or REDIS_URL); 'foreign': a server connected from the app; 'none': nothing yet. */
  target: 'engine' | 'foreign' | 'none';
  /** host:port (db N), or "cluster host:port +2 masters". */
  label: string;
  /** The URL without its password (for messages). */
  url: string;
  tls: boolean;
  cluster: boolean;
  version: string;
  role: string;
  usedMemoryBytes: number;
  /** DBSIZE (summed over the masters on a cluster). */
  keys: number;
  writable: boolean;
  note: string;
}

/** A saved connection as the form lists it: everything but the password (and the CA's PEM text). */
export interface SavedConnectionView {
  name: string;
  /** host:port (db N), the URL without its password, or "cluster a:1,b:2". */
  label: string;
  connect: Omit<KeyBrowserConnectArgs, 'password' | 'caPem'>;
  hasPassword: boolean;
  /** A CA was saved as PEM text (from a chosen file). */
  hasCaPem: boolean;
  /** ISO 8601. */
  savedAt: string;
}

export interface SavedConnectionsView {
  persistence: Persistence;
  /** The sentence the form shows under the list: where they are kept and why. */
  note: string;
  /** The file they are kept in (encrypted-on-disk), or null. */
  file: string | null;
  /** A file that could not be used this session (set aside as corrupt): what happened and what to do. */
  problem: string | null;
  connections: SavedConnectionView[];
}

export interface ScanJobView {
  id: number;
  state: 'running' | 'paused' | 'done' | 'cancelled' | 'failed';
  pattern: string;
  type: string | null;
  details: boolean;
  budgetPct: number;
  /** Keys found so far (distinct), of DBSIZE at the start. */
  seen: number;
  dbsize: number;
  batches: number;
  /** The server's share of time taken so far, measured from the batches' round trips, percent. */
  measuredPct: number;
  busyMs: number;
  /** The longest batch: the share can pass the budget by one batch between a batch and its wait. */
  maxBatchMs: number;
  elapsedMs: number;
  /** SCAN returned to cursor 0 on every master: every key that existed for the whole scan was seen. */
  complete: boolean;
  error: { code: string; message: string } | null;
  server: string;
}

/** A key as the list shows it (the details are null when the scan did not read them or the key went). */
export interface ScannedKey {
  key: string;
  type: string;
  encoding: string | null;
  /** ms; -1 without expiry; null when not read. */
  ttlMs: number | null;
  memoryBytes: number | null;
  /** Elements (bytes for a string). */
  length: number | null;
}

export interface ScannedKeysPage {
  jobId: number | null;
  total: number;
  offset: number;
  sort: KeySort;
  desc: boolean;
  pattern: string;
  type: string | null;
  keys: ScannedKey[];
}

export interface AnalysisBucket {
  name: string;
  keys: number;
  memoryBytes: number;
}

export interface PrefixNode extends AnalysisBucket {
  /** The prefix including its trailing separator ("" at the root). */
  prefix: string;
  children: PrefixNode[];
  /** Child prefixes folded into "other" past the per-level cap. */
  otherKeys: number;
  otherMemoryBytes: number;
}

export interface Recommendation {
  rule: 'listpack-limit' | 'big-key' | 'no-ttl' | 'small-strings';
  title: string;
  detail: string;
  /** Bytes the change would save, when it can be estimated. */
  savingBytes: number | null;
  keys: string[];
  keyCount: number;
}

export interface KeyspaceAnalysisView {
  server: string;
  jobId: number | null;
  /** True when the scan is complete: counts are exact; false: from the keys seen so far. */
  complete: boolean;
  scanned: number;
  dbsize: number;
  /** How memory was measured (MEMORY USAGE key SAMPLES 0: every element counted). */
  memoryMethod: string;
  totals: { keys: number; memoryBytes: number; withTtl: number; withoutTtl: number };
  separator: string;
  prefixes: PrefixNode;
  byType: AnalysisBucket[];
  byEncoding: (AnalysisBucket & { type: string })[];
  ttl: AnalysisBucket[];
  /** Memory that expires in each coming hour (hour 1 = within the next hour). */
  expiring: { hour: number; keys: number; memoryBytes: number }[];
  topByMemory: ScannedKey[];
  topByLength: ScannedKey[];
  config: Record<string, number | null>;
  recommendations: Recommendation[];
  notes: string[];
}

export interface StringRangeView {
  key: string;
  offset: number;
  /** STRLEN. */
  bytes: number;
  hex: string;
  /** The bytes as UTF-8 (a cut multi-byte character at either end shows as U+FFFD). */
  text: string;
  /** Pretty JSON when the whole value fits in this range and parses; null otherwise. */
  json: string | null;
  jsonNote: string;
}

export interface StreamPendingView {
  key: string;
  group: string;
  consumer: string | null;
  entries: { id: string; consumer: string; idleMs: number; deliveries: number }[];
}

export interface ProfileView {
  server: string;
  seconds: number;
  commands: number;
  /** Stopped at maxCommands before the time was up. */
  capped: boolean;
  byCommand: { name: string; count: number; sharePct: number }[];
  byPattern: { pattern: string; count: number; sharePct: number }[];
  byClient: { client: string; count: number }[];
  warning: string;
}

export interface ClientListView {
  server: string;
  total: number;
  byName: { name: string; count: number }[];
  byCommand: { cmd: string; count: number }[];
  byAddr: { addr: string; count: number }[];
  /** Longest idle and oldest connections. */
  clients: { id: string; addr: string; name: string; ageSec: number; idleSec: number; cmd: string; db: number }[];
}

export interface KeyBrowserResults {
  connectKeyBrowser: KeyBrowserServerView;
  disconnectKeyBrowser: KeyBrowserServerView;
  getKeyBrowserServer: KeyBrowserServerView;
  listSavedConnections: SavedConnectionsView;
  saveConnection: SavedConnectionsView;
  forgetSavedConnection: SavedConnectionsView;
  connectSavedConnection: KeyBrowserServerView;
  startKeyScan: ScanJobView;
  controlKeyScan: ScanJobView;
  getKeyScan: ScanJobView | null;
  listScannedKeys: ScannedKeysPage;
  getKeyspaceAnalysis: KeyspaceAnalysisView;
  exportKeyspaceAnalysis: { filename: string; mime: string; text: string };
  getStringRange: StringRangeView;
  setKeyTtl: { key: string; ttlMs: number };
  renameKey: { key: string; to: string };
  dumpKey: { key: string; filename: string; base64: string; bytes: number };
  streamAction: { action: StreamAction; affected: number; ids: string[] };
  getStreamPending: StreamPendingView;
  profileServer: ProfileView;
  getClientList: ClientListView;
}
