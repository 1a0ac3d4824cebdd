import { describe, expect, it } from 'vitest';
import type { FeedPage, Frame, GraphView, Status } from '../../engine/api.js';
import { initialState, reduce, type State } from './state.js';

const view = (users: number): GraphView => ({ totalUsers: users, totalFollows: 0, nodes: [], edges: [], sampled: null, cities: 1 });
const oldView = view(5);
const earlyView = view(7);
const page: FeedPage = { model: 'timeline', key: 'fs:timeline:3', items: [{ postId: 1, author: 2, score: 5, ageMs: 10 }], nextCursor: 5, latencyMs: 1 };

describe('state reducer', () => {
  it('returns new state and leaves the old one alone', () => {
    const s1 = reduce(initialState, { type: 'select', user: 3 });
    expect(s1).not.toBe(initialState);
    expect(initialState.selected).toBeNull();
    expect(s1.selected).toBe(3);
  });

  it('a fresh scenario clears time, charts and feeds but keeps the selection and the graph drawn while it loaded', () => {
    let s: State = reduce(initialState, { type: 'select', user: 3 });
    s = reduce(s, { type: 'feed/loaded', model: 'timeline', page, offset: 0, cursors: [null] });
    s = reduce(s, { type: 'status', status: { tMs: 4200 } as Status });
    s = reduce(s, { type: 'graph/loaded', view: oldView });
    s = reduce(s, { type: 'scenario/loading' });
    expect(s.graph.data).toBeNull();
    s = reduce(s, { type: 'graph/loaded', view: earlyView });
    s = reduce(s, { type: 'scenario/fresh' });
    expect(s.history).toEqual([]);
    expect(s.feeds.timeline.page).toBeNull();
    expect(s.graph.data).toBe(earlyView);
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

  it('changing the paging or the page size starts both feeds from the first page', () => {
    let s = reduce(initialState, { type: 'feed/loaded', model: 'timeline', page, offset: 20, cursors: [null, 9] });
    s = reduce(s, { type: 'pageSize', size: 5 });
    expect(s.pageSize).toBe(5);
    expect(s.feeds.timeline.offset).toBe(0);
    expect(s.feeds.timeline.cursors).toEqual([null]);
  });
});
