/** The key browser's reducer: list windows per query, a server switch, saved connections, confirmations. */
import { describe, expect, it } from 'vitest';
import type { ScannedKey } from '../../engine/api.js';
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

  it('forgets what was read from the old server on a switch, but keeps the saved connections', () => {
    let s = reduceKb(initialKb, { type: 'save', conn: { name: 'prod', args: { host: 'h', port: 1 } } });
    s = reduceKb(s, { type: 'save', conn: { name: 'prod', args: { host: 'h2', port: 2 } } });
    expect(s.saved).toEqual([{ name: 'prod', args: { host: 'h2', port: 2 } }]);
    s = reduceKb(s, { type: 'scan', scan: { id: 1 } as never });
    s = reduceKb(s, { type: 'rows', query: byKey, total: 1, offset: 0, keys: [key('a')] });
    s = reduceKb(s, { type: 'switched' });
    expect(s.scan).toBeNull();
    expect(s.rows.size).toBe(0);
    expect(s.saved).toHaveLength(1);
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
