/**
 * The inspectors' slice of the state (issue 5 and the claims ledger of issue 6): which tab of the
 * lower area is shown, which ZSET the skiplist view shows, and what the key browser scans for.
 * What the inspectors read from the engine lives in the fetched slots (fetched.ts: drift, flame,
 * claims, skiplist, offsetCost, scan, key, server). Small typed actions, a pure reducer; the API
 * calls that produce them live in inspectorController.ts.
 */
import type { KeyScanView, KeyType } from '../../engine/api.js';
import { mapData, reduceFetch, resetSlots } from './fetched.js';
import type { State } from './state.js';

export type LowerTab = 'charts' | 'flame' | 'skiplist' | 'drift' | 'keys' | 'claims' | 'cluster' | 'capacity' | 'causality' | 'migration' | 'compare';
export const LOWER_TABS: { tab: LowerTab; label: string }[] = [
  { tab: 'charts', label: 'Charts' },
  { tab: 'flame', label: 'Flame graph' },
  { tab: 'skiplist', label: 'Skiplist' },
  { tab: 'drift', label: 'Drift lab' },
  { tab: 'keys', label: 'Keys' },
  { tab: 'claims', label: 'Claims' },
  { tab: 'cluster', label: 'Cluster' },
  { tab: 'capacity', label: 'Capacity' },
  { tab: 'causality', label: 'Causality' },
  { tab: 'migration', label: 'Migration' },
  { tab: 'compare', label: 'Compare' },
];

export type { KeyType };

export interface KeyBrowserState {
  /** The current SCAN's pattern and type (its keys are in the `scan` slot). */
  pattern: string;
  type: KeyType | null;
  readOnly: boolean;
  /** The server as the engine names it (redacted URL or "private"), once known. */
  url: string | null;
}

export interface InspectorState {
  tab: LowerTab;
  /** The ZSET the skiplist view shows (its view and measured cost are the skiplist and offsetCost slots). */
  skiplist: { key: string | null };
  keys: KeyBrowserState;
}

export const KEY_PATTERN_DEFAULT = '*';

export const initialInspectors: InspectorState = {
  tab: 'charts',
  skiplist: { key: null },
  keys: { pattern: KEY_PATTERN_DEFAULT, type: null, readOnly: true, url: null },
};

export type InspectorAction =
  | { type: 'insp/tab'; tab: LowerTab }
  /** The skiplist view shows `key`: another key's view and cost go. */
  | { type: 'skiplist/open'; key: string }
  /** A new SCAN from cursor 0: the keys listed so far go. */
  | { type: 'keys/scan'; pattern: string; keyType: KeyType | null }
  /** What the engine said about this connection: writable or not, and the server's name. */
  | { type: 'keys/access'; readOnly?: boolean; url?: string }
  | { type: 'keys/deleted'; key: string };

/** The inspector actions; they reach into the fetched slots where a view they name goes away. */
export function reduceInspectors(s: State, a: InspectorAction): State {
  const insp = s.inspectors;
  switch (a.type) {
    case 'insp/tab':
      return insp.tab === a.tab ? s : { ...s, inspectors: { ...insp, tab: a.tab } };
    case 'skiplist/open': {
      if (insp.skiplist.key === a.key) return s;
      return { ...s, inspectors: { ...insp, skiplist: { key: a.key } }, fetched: resetSlots(s.fetched, ['skiplist', 'offsetCost']) };
    }
    case 'keys/scan': {
      // A new token drops the steps of the scan before; DBSIZE stays on screen until the first step.
      const cur = s.fetched.scan;
      const scan = mapData({ ...cur, token: cur.token + 1 }, restartScan);
      return { ...s, inspectors: { ...insp, keys: { ...insp.keys, pattern: a.pattern, type: a.keyType } }, fetched: { ...s.fetched, scan } };
    }
    case 'keys/access': {
      const readOnly = a.readOnly ?? insp.keys.readOnly;
      const keys = { ...insp.keys, readOnly, url: a.url ?? insp.keys.url };
      const key = a.readOnly === undefined ? s.fetched.key : mapData(s.fetched.key, (v) => (v.readOnly === readOnly ? v : { ...v, readOnly }));
      return { ...s, inspectors: { ...insp, keys }, fetched: { ...s.fetched, key } };
    }
    case 'keys/deleted': {
      const f = s.fetched;
      const scan = mapData(f.scan, (v) => ({ ...v, keys: v.keys.filter((k) => k.key !== a.key) }));
      const key = f.key.data?.details.key === a.key ? reduceFetch(f, { type: 'fetch/reset', slot: 'key' }).key : f.key;
      return { ...s, fetched: { ...f, scan, key } };
    }
  }
}

/** A SCAN starting again from cursor 0: no key listed yet. */
function restartScan(v: KeyScanView): KeyScanView {
  return { ...v, cursor: '0', done: false, keys: [], seen: 0, tree: { ...v.tree, count: 0, children: [], hiddenChildren: 0 } };
}

/** One SCAN step's answer added to the steps before it (null: nothing scanned yet). */
export function appendScan(before: KeyScanView | null, step: KeyScanView): KeyScanView {
  return before ? { ...step, keys: before.keys.concat(step.keys) } : step;
}

/**
 * A new scenario (or a reset) rewrote Redis and the tracer: views read before it describe data
 * that is gone (their slots are FRESH_DROPS). Keep the tab, the scan's pattern and the unlock
 * state; drop the skiplist's key.
 */
export function freshInspectors(s: InspectorState): InspectorState {
  return { ...initialInspectors, tab: s.tab, keys: s.keys };
}
