import { describe, expect, it } from 'vitest';
import type { ClaimsView, KeyScanView, KeyView, OffsetCostView, ZsetInspectView } from '../../engine/api.js';
import { fetchDone, type Slot, type SlotData } from './fetched.js';
import { appendScan, freshInspectors } from './inspectors.js';
import { initialState, reduce, type Action, type State } from './state.js';

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

const reduceAll = (s: State, ...actions: Action[]): State => actions.reduce(reduce, s);

/** fetch/start on `slot`; returns the state and the token its answer carries. */
function start(s: State, slot: Slot): [State, number] {
  const next = reduce(s, { type: 'fetch/start', slot });
  return [next, next.fetched[slot].token];
}

function answered<K extends Slot>(s: State, slot: K, data: SlotData[K]): State {
  const [started, token] = start(s, slot);
  return reduce(started, fetchDone(slot, token, data));
}

/** A SCAN step as the controller does it: start, then the answer added to the steps before. */
const scanStep = (s: State, step: KeyScanView): State => answered(s, 'scan', appendScan(s.fetched.scan.data, step));
/** The key browser as the panel shows it. */
const keysOf = (s: State) => {
  const v = s.fetched.scan.data;
  return { ...s.inspectors.keys, keys: v?.keys ?? [], tree: v?.tree ?? null, cursor: v?.cursor ?? '0', done: v?.done ?? false, seen: v?.seen ?? 0, dbsize: v?.dbsize ?? 0, scanning: s.fetched.scan.status === 'loading', error: s.fetched.scan.error };
};

describe('inspector reducer', () => {
  it('switching to the tab already shown changes nothing', () => {
    expect(reduce(initialState, { type: 'insp/tab', tab: 'charts' })).toBe(initialState);
    expect(reduce(initialState, { type: 'insp/tab', tab: 'keys' }).inspectors.tab).toBe('keys');
  });

  it('a fresh scan replaces the keys, the next steps append and keep the latest cursor and tree', () => {
    let s = reduceAll(initialState, { type: 'keys/scan', pattern: 'fs:timeline:*', keyType: 'zset' }, { type: 'fetch/start', slot: 'scan' });
    expect(keysOf(s).scanning).toBe(true);
    s = scanStep(s, scanned('17', ['fs:timeline:1', 'fs:timeline:2']));
    s = scanStep(s, { ...scanned('0', ['fs:timeline:3'], true), tree: tree(3), seen: 3 });
    expect(keysOf(s).keys.map((k) => k.key)).toEqual(['fs:timeline:1', 'fs:timeline:2', 'fs:timeline:3']);
    expect(keysOf(s)).toMatchObject({ cursor: '0', done: true, seen: 3, dbsize: 100, scanning: false, pattern: 'fs:timeline:*', type: 'zset' });
    expect(keysOf(s).tree?.count).toBe(3);

    s = reduce(s, { type: 'keys/scan', pattern: 'fs:*', keyType: null });
    expect(keysOf(s).keys).toEqual([]);
    expect(keysOf(s).done).toBe(false);
    // DBSIZE stays on screen while the new scan runs; a late step of the scan before is dropped.
    expect(keysOf(s).dbsize).toBe(100);
    const before = s;
    expect(reduce(s, fetchDone('scan', before.fetched.scan.token - 1, scanned('5', ['old'])))).toBe(before);
  });

  it('a failed scan keeps the keys listed so far and says why', () => {
    const [started, token] = start(scanStep(initialState, scanned('5', ['a'])), 'scan');
    const s = reduce(started, { type: 'fetch/fail', slot: 'scan', token, error: { code: 'REDIS_DOWN', message: 'gone' } });
    expect(keysOf(s).keys).toHaveLength(1);
    expect(keysOf(s).scanning).toBe(false);
    expect(keysOf(s).error?.code).toBe('REDIS_DOWN');
  });

  it('unlocking writes updates the shown key, deleting it drops it from the list and the details', () => {
    let s = scanStep(initialState, scanned('0', ['a', 'b'], true));
    s = answered(s, 'key', keyView('a'));
    s = reduce(s, { type: 'keys/access', readOnly: false, url: 'private' });
    expect(s.inspectors.keys.readOnly).toBe(false);
    expect(s.fetched.key.data?.readOnly).toBe(false);
    expect(s.inspectors.keys.url).toBe('private');
    s = reduce(s, { type: 'keys/deleted', key: 'a' });
    expect(keysOf(s).keys.map((k) => k.key)).toEqual(['b']);
    expect(s.fetched.key.data).toBeNull();
  });

  it('the skiplist keeps its view and measured cost for the same key, drops them for another', () => {
    const cost = { rows: [], notes: [] } as unknown as OffsetCostView;
    let s = reduce(initialState, { type: 'skiplist/open', key: 'k1' });
    s = answered(s, 'skiplist', zview('k1'));
    s = answered(s, 'offsetCost', cost);
    const [again, k1] = start(reduce(s, { type: 'skiplist/open', key: 'k1' }), 'skiplist');
    s = again;
    expect(s.fetched.skiplist.data?.key).toBe('k1');
    expect(s.fetched.skiplist.status).toBe('loading');
    expect(s.fetched.offsetCost.data).toBe(cost);
    [s] = start(reduce(s, { type: 'skiplist/open', key: 'k2' }), 'skiplist');
    expect(s.fetched.skiplist.data).toBeNull();
    expect(s.fetched.offsetCost.data).toBeNull();
    // A late answer for the key shown before is not shown as k2's.
    expect(reduce(s, fetchDone('skiplist', k1, zview('k1')))).toBe(s);
  });

  it('a failed read replaces the view with the error (no stale data shown as current)', () => {
    const claims: ClaimsView = { rows: [], machine: null, resultsDir: null, counts: { reproduced: 0, refuted: 0, 'not measurable here': 0, 'not measured yet': 0 }, alternatives: null };
    let s = answered(initialState, 'claims', claims);
    expect(s.fetched.claims.data).not.toBeNull();
    const [started, token] = start(s, 'claims');
    expect(started.fetched.claims.data).not.toBeNull();
    s = reduce(started, { type: 'fetch/fail', slot: 'claims', token, error: { code: 'X', message: 'y' } });
    expect(s.fetched.claims).toEqual({ status: 'failed', data: null, error: { code: 'X', message: 'y' }, token });
  });

  it('a fresh scenario keeps the tab, the scan pattern and the unlock state, and drops what was read', () => {
    let s = reduce(initialState, { type: 'insp/tab', tab: 'keys' });
    s = reduce(s, { type: 'keys/scan', pattern: 'fs:timeline:*', keyType: 'zset' });
    s = scanStep(s, scanned('0', ['fs:timeline:1'], true));
    s = reduce(s, { type: 'keys/access', readOnly: false, url: 'private' });
    s = reduce(s, { type: 'skiplist/open', key: 'fs:timeline:1' });
    const f = freshInspectors(s.inspectors);
    expect(f.tab).toBe('keys');
    expect(f.keys).toMatchObject({ pattern: 'fs:timeline:*', type: 'zset', readOnly: false });
    expect(f.skiplist.key).toBeNull();

    const st = reduce(s, { type: 'scenario/fresh' });
    expect(keysOf(st)).toMatchObject({ pattern: 'fs:timeline:*', type: 'zset', readOnly: false, keys: [], done: false });
    expect(st.inspectors.tab).toBe('keys');
  });

  it('the app state delegates inspector actions and keeps its identity when nothing changes', () => {
    expect(reduce(initialState, { type: 'insp/tab', tab: 'charts' })).toBe(initialState);
    expect(reduce(initialState, { type: 'insp/tab', tab: 'drift' }).inspectors.tab).toBe('drift');
  });
});
