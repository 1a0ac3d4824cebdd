import { describe, expect, it } from 'vitest';
import type { GraphView, ScenarioEntry } from '../../engine/api.js';
import { fetchDone, initialSlots, reduceFetch, resetSlots, type Slots } from './fetched.js';

const entry = (file: string) => ({ file, name: file, description: '' }) as ScenarioEntry;
const error = { code: 'REDIS_DOWN', message: 'Redis at 127.0.0.1:6379 refused the connection: start redis-server or set REDIS_URL' };

/** fetch/start on `slot`, returning the new slots and the token the answer must carry. */
function start(s: Slots, slot: keyof Slots, quiet = false): [Slots, number] {
  const next = reduceFetch(s, { type: 'fetch/start', slot, quiet });
  return [next, next[slot].token];
}

describe('generic fetch actions', () => {
  it('go from idle to loading to loaded, and from failed through loading (error cleared) to loaded', () => {
    let [s, t] = start(initialSlots, 'scenarios');
    expect(s.scenarios).toMatchObject({ status: 'loading', data: null, error: null });
    s = reduceFetch(s, { type: 'fetch/fail', slot: 'scenarios', token: t, error });
    expect(s.scenarios).toMatchObject({ status: 'failed', data: null, error });
    [s, t] = start(s, 'scenarios');
    expect(s.scenarios).toMatchObject({ status: 'loading', error: null });
    const list = [entry('a.json')];
    s = reduceFetch(s, { type: 'fetch/done', slot: 'scenarios', token: t, data: list });
    expect(s.scenarios).toMatchObject({ status: 'loaded', data: list, error: null });
  });

  it('ignore the answer to a read that another read started after (the stale one arrives last)', () => {
    const [s1, first] = start(initialSlots, 'scenarios');
    const [s2, second] = start(s1, 'scenarios');
    const newer = [entry('new.json')];
    const s = reduceFetch(s2, fetchDone('scenarios', second, newer));
    const before = s;
    expect(reduceFetch(s, fetchDone('scenarios', first, [entry('old.json')]))).toBe(before);
    expect(reduceFetch(s, { type: 'fetch/fail', slot: 'scenarios', token: first, error })).toBe(before);
    expect(s.scenarios.data).toBe(newer);
  });

  it('ignore an answer after a reset, which drops what was shown', () => {
    const [started, t] = start(initialSlots, 'graph');
    const s = reduceFetch(started, { type: 'fetch/reset', slot: 'graph' });
    expect(s.graph).toMatchObject({ status: 'idle', data: null });
    expect(reduceFetch(s, fetchDone('graph', t, { totalUsers: 1 } as GraphView))).toBe(s);
    // resetSlots drops in-flight answers of every slot named, even of one that was idle.
    const [q, qt] = start(initialSlots, 'drift', true);
    expect(q.drift.status).toBe('idle');
    expect(reduceFetch(resetSlots(q, ['drift']), fetchDone('drift', qt, {} as never)).drift.status).toBe('idle');
  });

  it('keep the shown value while loading; a quiet start keeps the state too but still takes a token', () => {
    const list = [entry('a.json')];
    let [s, t] = start(initialSlots, 'scenarios');
    s = reduceFetch(s, fetchDone('scenarios', t, list));
    [s] = start(s, 'scenarios');
    expect(s.scenarios).toMatchObject({ status: 'loading', data: list });
    [s, t] = start(s, 'scenarios', true);
    expect(s.scenarios.status).toBe('loading');
    s = reduceFetch(s, fetchDone('scenarios', t, list));
    const [quiet] = start(s, 'scenarios', true);
    expect(quiet.scenarios).toMatchObject({ status: 'loaded', data: list });
    expect(quiet.scenarios.token).toBe(s.scenarios.token + 1);
  });

  it('keep the last value beside an error only in slots that show it that way', () => {
    const list = [entry('a.json')];
    let [s, t] = start(initialSlots, 'scenarios');
    s = reduceFetch(s, fetchDone('scenarios', t, list));
    [s, t] = start(s, 'scenarios');
    s = reduceFetch(s, { type: 'fetch/fail', slot: 'scenarios', token: t, error });
    expect(s.scenarios).toMatchObject({ status: 'failed', data: list, error });

    [s, t] = start(s, 'claims');
    s = reduceFetch(s, fetchDone('claims', t, { rows: [] } as never));
    [s, t] = start(s, 'claims');
    s = reduceFetch(s, { type: 'fetch/fail', slot: 'claims', token: t, error });
    expect(s.claims).toMatchObject({ status: 'failed', data: null, error });
  });

  it('are checked by the compiler: a slot takes its own type of data only', () => {
    const [s, t] = start(initialSlots, 'graph');
    // @ts-expect-error the graph slot holds a GraphView, not a scenario list
    const wrong = reduceFetch(s, { type: 'fetch/done', slot: 'graph', token: t, data: [entry('a.json')] });
    expect(wrong.graph.status).toBe('loaded');
  });
});
