/**
 * The key browser's own slice (issue 15): the inspected server, the saved connections as the
 * engine lists them (names and non-secret fields: the engine keeps the passwords, and says how it
 * keeps them), the complete scan's progress,
 * the window of the sorted key list on screen, the analysis, the profiler and a pending write's
 * confirmation. A small store with typed actions and a pure reducer; KeyBrowserController makes
 * the API calls that produce them.
 */
import { useSyncExternalStore } from 'react';
import type {
  ApiError, ClientListView, CommandInput, KeyBrowserServerView, KeySort, KeyspaceAnalysisView, KeyType, ProfileView, SavedConnectionsView, ScanJobView, ScannedKey, StreamPendingView, StringRangeView,
} from '../../engine/api.js';

export type KbView = 'keys' | 'analysis' | 'profiler';
export type Connect = CommandInput<'connectKeyBrowser'>;

export interface ListQuery {
  sort: KeySort;
  desc: boolean;
  pattern: string;
  type: KeyType | null;
}

/** A write waiting for the person's yes: what it does, to which key, on which server. */
export type PendingWrite =
  | { kind: 'delete'; key: string; server: string; foreign: boolean }
  | { kind: 'ttl'; key: string; server: string; ttlMs: number | null }
  | { kind: 'rename'; key: string; server: string; to: string }
  | { kind: 'stream'; key: string; server: string; args: CommandInput<'streamAction'> };

export interface Slot<T> {
  data: T | null;
  loading: boolean;
  error: ApiError | null;
}

const slot = <T>(): Slot<T> => ({ data: null, loading: false, error: null });

export interface KbState {
  view: KbView;
  server: Slot<KeyBrowserServerView>;
  formOpen: boolean;
  connecting: boolean;
  connectError: ApiError | null;
  /** The engine's saved connections (listSavedConnections); the error of a list, save or forget. */
  saved: Slot<SavedConnectionsView>;
  scan: ScanJobView | null;
  scanError: ApiError | null;
  /** The list's filters and order as the engine last applied them (kept in sync after reloads). */
  query: ListQuery;
  total: number;
  /** Rows fetched so far, by index (the list is windowed: only pages on screen are fetched). */
  rows: ReadonlyMap<number, ScannedKey>;
  rowsVersion: number;
  analysis: Slot<KeyspaceAnalysisView>;
  separator: string;
  string: Slot<StringRangeView>;
  pending: Slot<StreamPendingView>;
  profile: Slot<ProfileView>;
  clients: Slot<ClientListView>;
  confirm: PendingWrite | null;
  writeError: ApiError | null;
}

export const initialKb: KbState = {
  view: 'keys',
  server: slot(),
  formOpen: false,
  connecting: false,
  connectError: null,
  saved: slot(),
  scan: null,
  scanError: null,
  query: { sort: 'key', desc: false, pattern: '*', type: null },
  total: 0,
  rows: new Map(),
  rowsVersion: 0,
  analysis: slot(),
  separator: ':',
  string: slot(),
  pending: slot(),
  profile: slot(),
  clients: slot(),
  confirm: null,
  writeError: null,
};

type SlotName = 'server' | 'saved' | 'analysis' | 'string' | 'pending' | 'profile' | 'clients';
type SlotData = { [K in SlotName]: KbState[K] extends Slot<infer T> ? T : never };

export type KbAction =
  | { type: 'view'; view: KbView }
  | { type: 'form'; open: boolean }
  | { type: 'connecting'; on: boolean; error?: ApiError | null }
  | { type: 'slot/loading'; slot: SlotName }
  | { [K in SlotName]: { type: 'slot/done'; slot: K; data: SlotData[K] } }[SlotName]
  | { type: 'slot/failed'; slot: SlotName; error: ApiError }
  | { type: 'slot/reset'; slot: SlotName }
  | { type: 'scan'; scan: ScanJobView | null; error?: ApiError | null }
  /** A page of the list; a new query drops the rows of the old one. */
  | { type: 'rows'; query: ListQuery; total: number; offset: number; keys: ScannedKey[] }
  | { type: 'query'; query: ListQuery }
  | { type: 'separator'; separator: string }
  | { type: 'confirm'; write: PendingWrite | null; error?: ApiError | null }
  /** Another server: what was read from the old one goes. */
  | { type: 'switched' };

const sameQuery = (a: ListQuery, b: ListQuery): boolean => a.sort === b.sort && a.desc === b.desc && a.pattern === b.pattern && a.type === b.type;

export function reduceKb(s: KbState, a: KbAction): KbState {
  switch (a.type) {
    case 'view':
      return { ...s, view: a.view };
    case 'form':
      return { ...s, formOpen: a.open, connectError: a.open ? s.connectError : null };
    case 'connecting':
      return { ...s, connecting: a.on, connectError: a.error === undefined ? s.connectError : a.error };
    case 'slot/loading':
      return { ...s, [a.slot]: { ...s[a.slot], loading: true, error: null } };
    case 'slot/done':
      return { ...s, [a.slot]: { data: a.data, loading: false, error: null } };
    case 'slot/failed':
      return { ...s, [a.slot]: { ...s[a.slot], loading: false, error: a.error } };
    case 'slot/reset':
      return { ...s, [a.slot]: slot() };
    case 'scan':
      return { ...s, scan: a.scan, scanError: a.error === undefined ? null : a.error };
    case 'query':
      return sameQuery(s.query, a.query) ? s : { ...s, query: a.query, rows: new Map(), total: 0, rowsVersion: s.rowsVersion + 1 };
    case 'rows': {
      const rows = new Map(sameQuery(s.query, a.query) ? s.rows : []);
      a.keys.forEach((k, i) => rows.set(a.offset + i, k));
      for (const i of [...rows.keys()]) if (i >= a.total) rows.delete(i);
      return { ...s, query: a.query, total: a.total, rows, rowsVersion: s.rowsVersion + 1 };
    }
    case 'separator':
      return { ...s, separator: a.separator };
    case 'confirm':
      return { ...s, confirm: a.write, writeError: a.error ?? null };
    case 'switched':
      return { ...initialKb, view: s.view, saved: s.saved, query: { ...s.query, pattern: '*', type: null }, separator: s.separator, server: s.server };
  }
}

export interface KbStore {
  get(): KbState;
  dispatch(a: KbAction): void;
  subscribe(l: () => void): () => void;
}

export function createKbStore(state: KbState = initialKb): KbStore {
  const listeners = new Set<() => void>();
  return {
    get: () => state,
    dispatch(a) {
      const next = reduceKb(state, a);
      if (next === state) return;
      state = next;
      for (const l of listeners) l();
    },
    subscribe(l) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
  };
}

export function useKb<T>(store: KbStore, select: (s: KbState) => T): T {
  return useSyncExternalStore(store.subscribe, () => select(store.get()));
}
