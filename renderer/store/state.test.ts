import { describe, expect, it } from 'vitest';
import type { FeedPage, Frame, GraphView, Status } from '../../engine/api.js';
import { fetchDone, type Slot, type SlotData } from './fetched.js';
import { selectFeedAt } from './selectors.js';
import { initialState, reduce, type State } from './state.js';

const view = (users: number): GraphView => ({ totalUsers: users, totalFollows: 0, nodes: [], edges: [], sampled: null, cities: 1 });
const oldView = view(5);
const earlyView = view(7);
const page: FeedPage = { model: 'timeline', key: 'fs:timeline:3', items: [{ postId: 1, author: 2, score: 5, ageMs: 10 }], nextCursor: 5, latencyMs: 1 };

/** A read into `slot` started, then answered with `data` (with the start's token). */
function answered<K extends Slot>(s: State, slot: K, data: SlotData[K]): State {
  const started = reduce(s, { type: 'fetch/start', slot });
  return reduce(started, fetchDone(slot, started.fetched[slot].token, data));
}

describe('state reducer', () => {
  it('returns new state and leaves the old one alone', () => {
    const s1 = reduce(initialState, { type: 'select', user: 3 });
    expect(s1).not.toBe(initialState);
    expect(initialState.selected).toBeNull();
    expect(s1.selected).toBe(3);
  });

  it('a fresh scenario clears time, charts, feeds and the selection but keeps the graph drawn while it loaded', () => {
    let s: State = reduce(initialState, { type: 'select', user: 3 });
    s = answered(s, 'feed.timeline', { page, offset: 0, cursors: [null] });
    s = reduce(s, { type: 'status', status: { tMs: 4200 } as Status });
    s = answered(s, 'graph', oldView);
    s = reduce(s, { type: 'scenario/loading' });
    expect(s.fetched.graph.data).toBeNull();
    s = answered(s, 'graph', earlyView);
    s = reduce(s, { type: 'scenario/fresh' });
    expect(s.history).toEqual([]);
    expect(s.fetched['feed.timeline'].data?.page ?? null).toBeNull();
    expect(s.fetched.graph.data).toBe(earlyView);
    // Another scenario's users are not this one's (issue 14): no NO_SUCH_USER feeds after a load.
    expect(s.selected).toBeNull();
    expect(s.tMs).toBe(0);
  });

  it('a reset (a load of the same scenario) keeps the selected user', () => {
    let s: State = reduce(initialState, { type: 'select', user: 3 });
    s = reduce(s, { type: 'scenario/loading', reset: true });
    s = reduce(s, { type: 'scenario/fresh' });
    expect(s.selected).toBe(3);
  });

  it('keeps the charts\' series names as frames arrive, and starts them over with a new history', () => {
    const frame = (tMs: number, ops: string[]) => ({ tMs, eventsPerSec: 1, counts: { post: 1, read: 0, follow: 0, unfollow: 0, interact: 0 }, latency: Object.fromEntries(ops.map((op) => [op, { count: 1, p50Ms: 1, p99Ms: 2, maxMs: 2 }])), memory: null, posts: [] }) as unknown as Frame;
    let s = reduce(initialState, { type: 'frames', frames: [frame(100, ['timeline.readOffset']), frame(200, ['timeline.post'])] });
    expect(s.historyKeys.filter((k) => k.startsWith('timeline.'))).toEqual(['timeline.readOffset p50', 'timeline.readOffset p99', 'timeline.post p50', 'timeline.post p99']);
    const keys = s.historyKeys;
    s = reduce(s, { type: 'frames', frames: [frame(300, ['timeline.post'])] });
    expect(s.historyKeys).toBe(keys);
    // A step back in time (a reset): a new history, new names.
    s = reduce(s, { type: 'frames', frames: [frame(50, ['timeline.readCursor'])] });
    expect(s.history).toHaveLength(1);
    expect(s.historyKeys.filter((k) => k.startsWith('timeline.'))).toEqual(['timeline.readCursor p50', 'timeline.readCursor p99']);
  });

  it('shows one banner per distinct error, and dismisses by id', () => {
    const e = { code: 'SCENARIO_INVALID', message: 'x.json:3:4 at $.graph.users: expected number' };
    let s = reduce(initialState, { type: 'banner/add', error: e });
    s = reduce(s, { type: 'banner/add', error: e });
    expect(s.banners).toHaveLength(1);
    s = reduce(s, { type: 'banner/add', error: { code: 'CONNECTION_LOST', message: 'gone' } });
    expect(s.banners.map((b) => b.code)).toEqual(['SCENARIO_INVALID', 'CONNECTION_LOST']);
    s = reduce(s, { type: 'banner/dismiss', id: s.banners[0].id });
    expect(s.banners.map((b) => b.code)).toEqual(['CONNECTION_LOST']);
  });

  it('takes banner ids from the state: the same actions on the same state give the same ids, never one reused', () => {
    const add = (s: State, code: string) => reduce(s, { type: 'banner/add', error: { code, message: code } });
    const a = add(add(initialState, 'A'), 'B');
    const b = add(add(initialState, 'A'), 'B');
    expect(a.banners.map((x) => x.id)).toEqual(b.banners.map((x) => x.id));
    const c = add(reduce(a, { type: 'banner/dismiss', id: a.banners[1].id }), 'C');
    expect(new Set(c.banners.concat(a.banners).map((x) => x.id)).size).toBe(3);
  });

  it('drops a feed page answered for the user selected before', () => {
    let s = reduce(initialState, { type: 'select', user: 3 });
    s = reduce(s, { type: 'fetch/start', slot: 'feed.timeline' });
    const token = s.fetched['feed.timeline'].token;
    s = reduce(s, { type: 'select', user: 4 });
    expect(reduce(s, fetchDone('feed.timeline', token, { page, offset: 0, cursors: [null] }))).toBe(s);
  });

  it('changing the paging or the page size starts both feeds from the first page', () => {
    let s = answered(initialState, 'feed.timeline', { page, offset: 20, cursors: [null, 9] });
    s = reduce(s, { type: 'pageSize', size: 5 });
    expect(s.pageSize).toBe(5);
    expect(selectFeedAt(s, 'timeline').offset).toBe(0);
    expect(selectFeedAt(s, 'timeline').cursors).toEqual([null]);
  });
});
