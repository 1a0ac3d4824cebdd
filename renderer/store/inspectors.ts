/**
 * The inspectors' slice of the state (issue 5 and the claims ledger of issue 6): which tab of the
 * lower area is shown, and what each inspector last read from the engine. Small typed actions, a
 * pure reducer; the API calls that produce them live in inspectorController.ts.
 */
import type { ApiError, ClaimsView, DriftView, FlameView, KeyScanView, KeyTreeNode, KeyView, OffsetCostView, ServerSummary, ZsetInspectView } from '../../engine/api.js';

export type LowerTab = 'charts' | 'flame' | 'skiplist' | 'drift' | 'keys' | 'claims';
export const LOWER_TABS: { tab: LowerTab; label: string }[] = [
  { tab: 'charts', label: 'Charts' },
  { tab: 'flame', label: 'Flame graph' },
  { tab: 'skiplist', label: 'Skiplist' },
  { tab: 'drift', label: 'Drift lab' },
  { tab: 'keys', label: 'Keys' },
  { tab: 'claims', label: 'Claims' },
];

export type KeyType = 'string' | 'list' | 'set' | 'zset' | 'hash' | 'stream';

/** A value read from the engine, with its loading and error state. */
export interface Fetched<T> {
  data: T | null;
  loading: boolean;
  error: ApiError | null;
}

export interface KeyBrowserState {
  /** Every key listed since the scan started (SCAN steps append). */
  keys: { key: string; type: string }[];
  tree: KeyTreeNode | null;
  pattern: string;
  type: KeyType | null;
  /** The cursor to continue from ("0" with done = false: not started). */
  cursor: string;
  done: boolean;
  seen: number;
  dbsize: number;
  scanning: boolean;
  error: ApiError | null;
  readOnly: boolean;
  /** The server as the engine names it (redacted URL or "private"), once known. */
  url: string | null;
  selected: Fetched<KeyView>;
  server: Fetched<ServerSummary>;
}

export interface InspectorState {
  tab: LowerTab;
  skiplist: { key: string | null; view: Fetched<ZsetInspectView>; cost: OffsetCostView | null; measuring: boolean };
  drift: Fetched<DriftView>;
  flame: Fetched<FlameView>;
  keys: KeyBrowserState;
  claims: Fetched<ClaimsView>;
}

const none = <T>(): Fetched<T> => ({ data: null, loading: false, error: null });

export const KEY_PATTERN_DEFAULT = '*';

export const initialInspectors: InspectorState = {
  tab: 'charts',
  skiplist: { key: null, view: none(), cost: null, measuring: false },
  drift: none(),
  flame: none(),
  keys: {
    keys: [],
    tree: null,
    pattern: KEY_PATTERN_DEFAULT,
    type: null,
    cursor: '0',
    done: false,
    seen: 0,
    dbsize: 0,
    scanning: false,
    error: null,
    readOnly: true,
    url: null,
    selected: none(),
    server: none(),
  },
  claims: none(),
};

/** The inspectors whose data is a plain Fetched value, loaded and failed the same way. */
export type FetchedSlot = 'drift' | 'flame' | 'claims';
export type SlotData = { drift: DriftView; flame: FlameView; claims: ClaimsView };

export type InspectorAction =
  | { type: 'insp/tab'; tab: LowerTab }
  | { type: 'insp/loading'; slot: FetchedSlot }
  | { type: 'insp/failed'; slot: FetchedSlot; error: ApiError }
  | { [K in FetchedSlot]: { type: 'insp/loaded'; slot: K; data: SlotData[K] } }[FetchedSlot]
  | { type: 'skiplist/open'; key: string }
  | { type: 'skiplist/loaded'; view: ZsetInspectView }
  | { type: 'skiplist/failed'; error: ApiError }
  | { type: 'skiplist/measuring' }
  | { type: 'skiplist/measured'; cost: OffsetCostView | null }
  /** A new SCAN from cursor 0 (fresh) or the next step of the current one. */
  | { type: 'keys/scanning'; pattern: string; keyType: KeyType | null; fresh: boolean }
  | { type: 'keys/scanned'; view: KeyScanView; fresh: boolean }
  | { type: 'keys/scanFailed'; error: ApiError }
  | { type: 'keys/selecting' }
  | { type: 'keys/selected'; view: KeyView }
  | { type: 'keys/selectFailed'; error: ApiError }
  | { type: 'keys/access'; readOnly: boolean; url: string }
  | { type: 'keys/deleted'; key: string }
  | { type: 'keys/serverLoading' }
  | { type: 'keys/server'; summary: ServerSummary }
  | { type: 'keys/serverFailed'; error: ApiError };

export function reduceInspectors(s: InspectorState, a: InspectorAction): InspectorState {
  switch (a.type) {
    case 'insp/tab':
      return s.tab === a.tab ? s : { ...s, tab: a.tab };
    case 'insp/loading':
      return { ...s, [a.slot]: { ...s[a.slot], loading: true, error: null } };
    case 'insp/failed':
      // The last good view stays out: an error replaces it so nobody reads stale data as current.
      return { ...s, [a.slot]: { data: null, loading: false, error: a.error } };
    case 'insp/loaded':
      return { ...s, [a.slot]: { data: a.data, loading: false, error: null } };
    case 'skiplist/open': {
      const same = s.skiplist.key === a.key;
      return { ...s, skiplist: { key: a.key, view: { data: same ? s.skiplist.view.data : null, loading: true, error: null }, cost: same ? s.skiplist.cost : null, measuring: same && s.skiplist.measuring } };
    }
    case 'skiplist/loaded':
      if (a.view.key !== s.skiplist.key) return s;
      return { ...s, skiplist: { ...s.skiplist, view: { data: a.view, loading: false, error: null } } };
    case 'skiplist/failed':
      return { ...s, skiplist: { ...s.skiplist, view: { data: null, loading: false, error: a.error }, cost: null } };
    case 'skiplist/measuring':
      return { ...s, skiplist: { ...s.skiplist, measuring: true } };
    case 'skiplist/measured':
      return { ...s, skiplist: { ...s.skiplist, measuring: false, cost: a.cost ?? s.skiplist.cost } };
    case 'keys/scanning': {
      const k = s.keys;
      const restart = a.fresh ? { keys: [], tree: null, cursor: '0', done: false, seen: 0 } : {};
      return { ...s, keys: { ...k, ...restart, pattern: a.pattern, type: a.keyType, scanning: true, error: null } };
    }
    case 'keys/scanned': {
      const v = a.view;
      const keys = a.fresh ? v.keys : s.keys.keys.concat(v.keys);
      return { ...s, keys: { ...s.keys, keys, tree: v.tree, cursor: v.cursor, done: v.done, seen: v.seen, dbsize: v.dbsize, readOnly: v.readOnly, scanning: false, error: null } };
    }
    case 'keys/scanFailed':
      return { ...s, keys: { ...s.keys, scanning: false, error: a.error } };
    case 'keys/selecting':
      return { ...s, keys: { ...s.keys, selected: { ...s.keys.selected, loading: true, error: null } } };
    case 'keys/selected':
      return { ...s, keys: { ...s.keys, readOnly: a.view.readOnly, selected: { data: a.view, loading: false, error: null } } };
    case 'keys/selectFailed':
      return { ...s, keys: { ...s.keys, selected: { data: null, loading: false, error: a.error } } };
    case 'keys/access':
      return { ...s, keys: { ...s.keys, readOnly: a.readOnly, url: a.url, selected: mapData(s.keys.selected, (v) => ({ ...v, readOnly: a.readOnly })) } };
    case 'keys/deleted': {
      const selected = s.keys.selected.data?.details.key === a.key ? none<KeyView>() : s.keys.selected;
      return { ...s, keys: { ...s.keys, keys: s.keys.keys.filter((k) => k.key !== a.key), selected } };
    }
    case 'keys/serverLoading':
      return { ...s, keys: { ...s.keys, server: { ...s.keys.server, loading: true, error: null } } };
    case 'keys/server':
      return { ...s, keys: { ...s.keys, url: a.summary.url, server: { data: a.summary, loading: false, error: null } } };
    case 'keys/serverFailed':
      return { ...s, keys: { ...s.keys, server: { data: null, loading: false, error: a.error } } };
  }
}

function mapData<T>(f: Fetched<T>, fn: (v: T) => T): Fetched<T> {
  return f.data ? { ...f, data: fn(f.data) } : f;
}

/**
 * A new scenario (or a reset) rewrote Redis and the tracer: views read before it describe data
 * that is gone. Keep the tab, the scan's pattern and the unlock state; drop the rest.
 */
export function freshInspectors(s: InspectorState): InspectorState {
  const k = initialInspectors.keys;
  return {
    ...initialInspectors,
    tab: s.tab,
    claims: s.claims,
    keys: { ...k, pattern: s.keys.pattern, type: s.keys.type, readOnly: s.keys.readOnly, url: s.keys.url, server: s.keys.server },
  };
}
