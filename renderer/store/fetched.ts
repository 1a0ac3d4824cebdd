/**
 * Everything the renderer reads from the engine: one `Fetched<T>` per slot of one typed map, and
 * four generic actions over it (fetch/start, fetch/done, fetch/fail, fetch/reset). The compiler
 * checks that a slot's data has the slot's type (`SlotData`).
 *
 * Stale answers: every start and every reset counts up the slot's `token`; an answer carries the
 * token of the start it answers and is dropped when the slot has started again or been reset since.
 * So a graph fetched for the previous scenario, a feed page of the user selected before or the
 * skiplist of the key shown before never replaces the current one. The controllers read the token
 * back after fetch/start (fetchInto.ts), which keeps the reducer pure.
 */
import type { ApiError, Report, CapacityView, ClaimsView, ClusterView, DriftView, FeedPage, FlameView, GraphView, KeyScanView, KeyView, OffsetCostView, ReshardView, ScenarioEntry, ServerSummary, ZsetInspectView } from '../../engine/api.js';
import type { ModelName } from './state.js';

/**
 * A value read from the engine. `loading` keeps the value shown before (if any) on screen while
 * the read runs; `failed` keeps it only for the slots that say so (FAILED_KEEPS_DATA).
 */
export type Fetched<T> =
  | { status: 'idle'; data: null; error: null; token: number }
  | { status: 'loading'; data: T | null; error: null; token: number }
  | { status: 'loaded'; data: T; error: null; token: number }
  | { status: 'failed'; data: T | null; error: ApiError; token: number };

/** A page of one feed model and where it is in the feed. */
export interface FeedAt {
  page: FeedPage | null;
  /** Offset mode: the page's offset. */
  offset: number;
  /** Cursor mode: the start cursor of each page so far (null = the top), the last is this page. */
  cursors: (number | null)[];
}

/** Where a feed column is before its first page arrives. */
export const FEED_TOP: FeedAt = { page: null, offset: 0, cursors: [null] };

export type FeedSlot = `feed.${ModelName}`;
export const feedSlot = (model: ModelName): FeedSlot => `feed.${model}`;

/** What each slot holds once loaded. */
export type SlotData = {
  scenarios: ScenarioEntry[];
  graph: GraphView;
  /** The key browser's SCAN so far: `keys` holds every key of every step since cursor 0. */
  scan: KeyScanView;
  key: KeyView;
  server: ServerSummary;
  skiplist: ZsetInspectView;
  offsetCost: OffsetCostView;
  drift: DriftView;
  flame: FlameView;
  claims: ClaimsView;
  /** The cluster's nodes and reshards: read with getCluster, and replaced by each frame that carries them. */
  cluster: ClusterView;
  /** The reshard started from the app: loading while the slots move, its view once done. */
  reshard: ReshardView;
  /** The capacity planner's projection for the Capacity tab's inputs (issue 13). */
  capacity: CapacityView;
  /** The run's report (getReport): the graph model's quality beside the feeds (issue 14). */
  report: Report;
} & Record<FeedSlot, FeedAt>;

export type Slot = keyof SlotData;
export type Slots = { [K in Slot]: Fetched<SlotData[K]> };

/**
 * After a failed read, does the slot keep its last value beside the error? The inspectors do not
 * (nobody should read stale data as current); the toolbar's scenario list, the graph, the feeds'
 * pages, a SCAN's keys so far and a measured offset cost do, as they did before there was a slot.
 */
const FAILED_KEEPS_DATA: Record<Slot, boolean> = {
  scenarios: true,
  graph: true,
  'feed.timeline': true,
  'feed.graph': true,
  scan: true,
  key: false,
  server: false,
  skiplist: false,
  offsetCost: true,
  drift: false,
  flame: false,
  claims: false,
  cluster: false,
  reshard: false,
  capacity: false,
  report: true,
};

/**
 * Slots whose data describes the loaded scenario's Redis keys, feeds, spans and cluster, dropped when a new
 * scenario (or a reset) starts fresh. The graph is dropped earlier, when a load starts; the
 * scenario list, the claims ledger and the server summary outlive a scenario.
 */
export const FRESH_DROPS: readonly Slot[] = ['report', 'feed.timeline', 'feed.graph', 'scan', 'key', 'skiplist', 'offsetCost', 'drift', 'flame', 'cluster', 'reshard'];

export type FetchDone = { [K in Slot]: { type: 'fetch/done'; slot: K; token: number; data: SlotData[K] } }[Slot];

export type FetchAction =
  /** A read starts; `quiet` leaves the slot's state on screen (a periodic refresh) but still takes a new token. */
  | { type: 'fetch/start'; slot: Slot; quiet?: boolean }
  | FetchDone
  | { type: 'fetch/fail'; slot: Slot; token: number; error: ApiError }
  /** Back to idle: what was shown is gone and answers to earlier reads are dropped. */
  | { type: 'fetch/reset'; slot: Slot };

/** fetch/done for a slot known only as a type parameter (the compiler cannot distribute over K). */
export function fetchDone<K extends Slot>(slot: K, token: number, data: SlotData[K]): FetchAction {
  return { type: 'fetch/done', slot, token, data } as FetchDone;
}

const idle = (token: number): Fetched<never> => ({ status: 'idle', data: null, error: null, token });

export const initialSlots: Slots = {
  report: idle(0),
  scenarios: idle(0),
  graph: idle(0),
  'feed.timeline': idle(0),
  'feed.graph': idle(0),
  scan: idle(0),
  key: idle(0),
  server: idle(0),
  skiplist: idle(0),
  offsetCost: idle(0),
  drift: idle(0),
  flame: idle(0),
  claims: idle(0),
  cluster: idle(0),
  reshard: idle(0),
  capacity: idle(0),
};

function put<K extends Slot>(s: Slots, slot: K, f: Fetched<SlotData[K]>): Slots {
  return { ...s, [slot]: f };
}

export function reduceFetch(s: Slots, a: FetchAction): Slots {
  const cur = s[a.slot];
  switch (a.type) {
    case 'fetch/start':
      return put(s, a.slot, a.quiet ? { ...cur, token: cur.token + 1 } : { status: 'loading', data: cur.data, error: null, token: cur.token + 1 });
    case 'fetch/done':
      return a.token === cur.token ? put(s, a.slot, { status: 'loaded', data: a.data, error: null, token: cur.token }) : s;
    case 'fetch/fail':
      return a.token === cur.token ? put(s, a.slot, { status: 'failed', data: FAILED_KEEPS_DATA[a.slot] ? cur.data : null, error: a.error, token: cur.token }) : s;
    case 'fetch/reset':
      return put(s, a.slot, idle(cur.token + 1));
  }
}

/**
 * A value the engine pushed (a frame) rather than one read: shown as loaded, token unchanged, so a
 * read still running stays current (its answer is as new as this one).
 */
export function pushData<K extends Slot>(s: Slots, slot: K, data: SlotData[K]): Slots {
  return put(s, slot, { status: 'loaded', data, error: null, token: s[slot].token });
}

/** `reduceFetch` with fetch/reset for each of `slots`. */
export function resetSlots(s: Slots, slots: readonly Slot[]): Slots {
  return slots.reduce((acc, slot) => reduceFetch(acc, { type: 'fetch/reset', slot }), s);
}

/** The slot with its data changed by `fn` (state and token as they were); unchanged without data. */
export function mapData<T>(f: Fetched<T>, fn: (data: T) => T): Fetched<T> {
  return f.data === null ? f : ({ ...f, data: fn(f.data) } as Fetched<T>);
}

export const isLoading = (f: Fetched<unknown>): boolean => f.status === 'loading';
