import { describe, expect, it } from 'vitest';
import type { FeedPage, Status } from '../../engine/api.js';
import { initialState, reduce, type State } from './state.js';

const page: FeedPage = { model: 'timeline', key: 'fs:timeline:3', items: [{ postId: 1, author: 2, score: 5, ageMs: 10 }], nextCursor: 5, latencyMs: 1 };

describe('state reducer', () => {
  it('returns new state and leaves the old one alone', () => {
    const s1 = reduce(initialState, { type: 'select', user: 3 });
    expect(s1).not.toBe(initialState);
    expect(initialState.selected).toBeNull();
    expect(s1.selected).toBe(3);
  });

  it('a fresh scenario clears time, charts, graph and feeds but keeps the selection', () => {
    let s: State = reduce(initialState, { type: 'select', user: 3 });
    s = reduce(s, { type: 'feed/loaded', model: 'timeline', page, offset: 0, cursors: [null] });
    s = reduce(s, { type: 'status', status: { tMs: 4200 } as Status });
    s = reduce(s, { type: 'scenario/fresh' });
    expect(s.history).toEqual([]);
    expect(s.feeds.timeline.page).toBeNull();
    expect(s.graph.data).toBeNull();
    expect(s.selected).toBe(3);
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
