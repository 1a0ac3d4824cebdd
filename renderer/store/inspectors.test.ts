import { describe, expect, it } from 'vitest';
import type { KeyScanView, KeyView, OffsetCostView, ZsetInspectView } from '../../engine/api.js';
import { freshInspectors, initialInspectors, reduceInspectors as reduce, type InspectorState } from './inspectors.js';
import { initialState, reduce as reduceState } from './state.js';

const tree = (count: number) => ({ name: '', prefix: '', count, children: [], hiddenChildren: 0 });
const scanned = (cursor: string, keys: string[], done = false): KeyScanView => ({
  cursor,
  done,
  keys: keys.map((key) => ({ key, type: 'zset' })),
  seen: keys.length,
  dbsize: 100,
  tree: tree(keys.length),
  readOnly: true,
});
const keyView = (key: string, readOnly = true): KeyView => ({
  details: { key, type: 'zset', encoding: 'listpack', ttlMs: -1, memoryUsageBytes: 128, length: 2 },
  values: { type: 'zset', offset: 0, reverse: true, entries: [] },
  fetched: 0,
  readOnly,
});
const zview = (key: string) => ({ key }) as ZsetInspectView;

describe('inspector reducer', () => {
  it('switching to the tab already shown changes nothing', () => {
    expect(reduce(initialInspectors, { type: 'insp/tab', tab: 'charts' })).toBe(initialInspectors);
    expect(reduce(initialInspectors, { type: 'insp/tab', tab: 'keys' }).tab).toBe('keys');
  });

  it('a fresh scan replaces the keys, the next steps append and keep the latest cursor and tree', () => {
    let s = reduce(initialInspectors, { type: 'keys/scanning', pattern: 'fs:timeline:*', keyType: 'zset', fresh: true });
    expect(s.keys.scanning).toBe(true);
    s = reduce(s, { type: 'keys/scanned', view: scanned('17', ['fs:timeline:1', 'fs:timeline:2']), fresh: true });
    s = reduce(s, { type: 'keys/scanning', pattern: 'fs:timeline:*', keyType: 'zset', fresh: false });
    s = reduce(s, { type: 'keys/scanned', view: { ...scanned('0', ['fs:timeline:3'], true), tree: tree(3), seen: 3 }, fresh: false });
    expect(s.keys.keys.map((k) => k.key)).toEqual(['fs:timeline:1', 'fs:timeline:2', 'fs:timeline:3']);
    expect(s.keys).toMatchObject({ cursor: '0', done: true, seen: 3, dbsize: 100, scanning: false, pattern: 'fs:timeline:*', type: 'zset' });
    expect(s.keys.tree?.count).toBe(3);

    s = reduce(s, { type: 'keys/scanning', pattern: 'fs:*', keyType: null, fresh: true });
    expect(s.keys.keys).toEqual([]);
    expect(s.keys.done).toBe(false);
  });

  it('a failed scan keeps the keys listed so far and says why', () => {
    let s = reduce(initialInspectors, { type: 'keys/scanned', view: scanned('5', ['a']), fresh: true });
    s = reduce(s, { type: 'keys/scanning', pattern: '*', keyType: null, fresh: false });
    s = reduce(s, { type: 'keys/scanFailed', error: { code: 'REDIS_DOWN', message: 'gone' } });
    expect(s.keys.keys).toHaveLength(1);
    expect(s.keys.scanning).toBe(false);
    expect(s.keys.error?.code).toBe('REDIS_DOWN');
  });

  it('unlocking writes updates the shown key, deleting it drops it from the list and the details', () => {
    let s = reduce(initialInspectors, { type: 'keys/scanned', view: scanned('0', ['a', 'b'], true), fresh: true });
    s = reduce(s, { type: 'keys/selected', view: keyView('a') });
    s = reduce(s, { type: 'keys/access', readOnly: false, url: 'private' });
    expect(s.keys.readOnly).toBe(false);
    expect(s.keys.selected.data?.readOnly).toBe(false);
    expect(s.keys.url).toBe('private');
    s = reduce(s, { type: 'keys/deleted', key: 'a' });
    expect(s.keys.keys.map((k) => k.key)).toEqual(['b']);
    expect(s.keys.selected.data).toBeNull();
  });

  it('the skiplist keeps its view and measured cost for the same key, drops them for another', () => {
    const cost = { rows: [], notes: [] } as unknown as OffsetCostView;
    let s = reduce(initialInspectors, { type: 'skiplist/open', key: 'k1' });
    s = reduce(s, { type: 'skiplist/loaded', view: zview('k1') });
    s = reduce(s, { type: 'skiplist/measuring' });
    s = reduce(s, { type: 'skiplist/measured', cost });
    s = reduce(s, { type: 'skiplist/open', key: 'k1' });
    expect(s.skiplist.view.data?.key).toBe('k1');
    expect(s.skiplist.view.loading).toBe(true);
    expect(s.skiplist.cost).toBe(cost);
    s = reduce(s, { type: 'skiplist/open', key: 'k2' });
    expect(s.skiplist.view.data).toBeNull();
    expect(s.skiplist.cost).toBeNull();
    // A late answer for the key shown before is not shown as k2's.
    expect(reduce(s, { type: 'skiplist/loaded', view: zview('k1') })).toBe(s);
  });

  it('a failed read replaces the view with the error (no stale data shown as current)', () => {
    let s: InspectorState = reduce(initialInspectors, { type: 'insp/loaded', slot: 'claims', data: { rows: [], machine: null, resultsDir: null, counts: { reproduced: 0, refuted: 0, 'not measurable here': 0, 'not measured yet': 0 } } });
    expect(s.claims.data).not.toBeNull();
    s = reduce(s, { type: 'insp/loading', slot: 'claims' });
    expect(s.claims.data).not.toBeNull();
    s = reduce(s, { type: 'insp/failed', slot: 'claims', error: { code: 'X', message: 'y' } });
    expect(s.claims).toEqual({ data: null, loading: false, error: { code: 'X', message: 'y' } });
  });

  it('a fresh scenario keeps the tab, the scan pattern and the unlock state, and drops what was read', () => {
    let s = reduce(initialInspectors, { type: 'insp/tab', tab: 'keys' });
    s = reduce(s, { type: 'keys/scanning', pattern: 'fs:timeline:*', keyType: 'zset', fresh: true });
    s = reduce(s, { type: 'keys/scanned', view: scanned('0', ['fs:timeline:1'], true), fresh: true });
    s = reduce(s, { type: 'keys/access', readOnly: false, url: 'private' });
    s = reduce(s, { type: 'skiplist/open', key: 'fs:timeline:1' });
    const f = freshInspectors(s);
    expect(f.tab).toBe('keys');
    expect(f.keys).toMatchObject({ pattern: 'fs:timeline:*', type: 'zset', readOnly: false, keys: [], done: false });
    expect(f.skiplist.key).toBeNull();

    const st = reduceState({ ...initialState, inspectors: s }, { type: 'scenario/fresh' });
    expect(st.inspectors.keys.keys).toEqual([]);
    expect(st.inspectors.tab).toBe('keys');
  });

  it('the app state delegates inspector actions and keeps its identity when nothing changes', () => {
    expect(reduceState(initialState, { type: 'insp/tab', tab: 'charts' })).toBe(initialState);
    expect(reduceState(initialState, { type: 'insp/tab', tab: 'drift' }).inspectors.tab).toBe('drift');
  });
});
