/** The key browser's reducer: list windows per query, a server switch, saved connections, confirmations. */
import { describe, expect, it } from 'vitest';
import type { SavedConnectionsView, ScannedKey } from '../../engine/api.js';
import { initialKb, reduceKb, type KbState } from './keyBrowserStore.js';

const key = (k: string): ScannedKey => ({ key: k, type: 'string', encoding: 'raw', ttlMs: -1, memoryBytes: 10, length: 1 });
const byKey = { sort: 'key' as const, desc: false, pattern: '*', type: null };
const byMem = { ...byKey, sort: 'memory' as const, desc: true };

describe('reduceKb', () => {
  it('keeps the rows of the current query by index and drops them when the query changes', () => {
    let s: KbState = reduceKb(initialKb, { type: 'rows', query: byKey, total: 3, offset: 0, keys: [key('a'), key('b')] });
    s = reduceKb(s, { type: 'rows', query: byKey, total: 3, offset: 2, keys: [key('c')] });
    expect([...s.rows.values()].map((k) => k.key)).toEqual(['a', 'b', 'c']);
    s = reduceKb(s, { type: 'query', query: byMem });
    expect(s.rows.size).toBe(0);
    expect(s.query).toEqual(byMem);
    // A shrunk list loses the rows past its end.
    s = reduceKb(s, { type: 'rows', query: byMem, total: 1, offset: 0, keys: [key('z')] });
    expect(s.total).toBe(1);
    expect([...s.rows.keys()]).toEqual([0]);
  });

  it('forgets what was read from the old server on a switch, but keeps the engine\'s list of saved connections', () => {
    const saved: SavedConnectionsView = {
      persistence: 'memory-only', note: 'memory only', file: null, problem: null,
      connections: [{ name: 'prod', label: 'h2:2', connect: { host: 'h2', port: 2, db: 0, tls: false }, hasPassword: true, hasCaPem: false, savedAt: '2026-01-01T00:00:00.000Z' }],
    };
    let s = reduceKb(initialKb, { type: 'slot/loading', slot: 'saved' });
    expect(s.saved.loading).toBe(true);
    s = reduceKb(s, { type: 'slot/done', slot: 'saved', data: saved });
    s = reduceKb(s, { type: 'scan', scan: { id: 1 } as never });
    s = reduceKb(s, { type: 'rows', query: byKey, total: 1, offset: 0, keys: [key('a')] });
    s = reduceKb(s, { type: 'switched' });
    expect(s.scan).toBeNull();
    expect(s.rows.size).toBe(0);
    expect(s.saved).toEqual({ data: saved, loading: false, error: null });
    // A failed save keeps the list it had and shows why.
    s = reduceKb(s, { type: 'slot/failed', slot: 'saved', error: { code: 'SAVED_CONNECTIONS_UNWRITABLE', message: 'disk full' } });
    expect(s.saved.data).toBe(saved);
    expect(s.saved.error?.code).toBe('SAVED_CONNECTIONS_UNWRITABLE');
  });

  it('holds a write until it is confirmed or cancelled, with the engine\'s refusal shown', () => {
    const w = { kind: 'delete' as const, key: 'k', server: 'h:1', foreign: true };
    let s = reduceKb(initialKb, { type: 'confirm', write: w });
    expect(s.confirm).toEqual(w);
    s = reduceKb(s, { type: 'confirm', write: w, error: { code: 'INSPECTOR_READ_ONLY', message: 'locked' } });
    expect(s.writeError?.code).toBe('INSPECTOR_READ_ONLY');
    expect(reduceKb(s, { type: 'confirm', write: null }).confirm).toBeNull();
  });
});
