/** The effect side of fetched.ts: one API read into one slot, with the start's token on its answer. */
import type { ApiError } from '../../engine/api.js';
import { toApiError } from '../api/errors.js';
import { fetchDone, type Slot, type SlotData } from './fetched.js';
import type { Store } from './store.js';

/** How a read ended for its caller: shown, shown as an error, or dropped (the slot moved on). */
export type Answer<T> = { kind: 'loaded'; data: T } | { kind: 'failed'; error: ApiError } | { kind: 'stale' };

/** Starts a read into `slot` and returns its token (the reducer counted it up). */
export function startFetch(store: Store, slot: Slot, quiet = false): number {
  store.dispatch({ type: 'fetch/start', slot, quiet });
  return store.get().fetched[slot].token;
}

/** Is `token` still the slot's latest read (no start or reset since)? */
export function isCurrent(store: Store, slot: Slot, token: number): boolean {
  return store.get().fetched[slot].token === token;
}

/** fetch/start, the call, then fetch/done or fetch/fail; `quiet` keeps what is shown while it runs. */
export async function fetchInto<K extends Slot>(store: Store, slot: K, call: () => Promise<SlotData[K]>, quiet = false): Promise<Answer<SlotData[K]>> {
  const token = startFetch(store, slot, quiet);
  try {
    const data = await call();
    if (!isCurrent(store, slot, token)) return { kind: 'stale' };
    store.dispatch(fetchDone(slot, token, data));
    return { kind: 'loaded', data };
  } catch (err) {
    if (!isCurrent(store, slot, token)) return { kind: 'stale' };
    const error = toApiError(err);
    store.dispatch({ type: 'fetch/fail', slot, token, error });
    return { kind: 'failed', error };
  }
}
