import { describe, expect, it } from 'vitest';
import type { EngineEvent, FeedscopeApi, GraphView, Status } from '../../engine/api.js';
import type { ApiConnection } from '../api/client.js';
import { Controller } from './controller.js';
import { createStore } from './store.js';

const SCENARIO: Status['scenario'] = { name: 'x', file: 'x.json', description: '', seed: 1, models: ['timeline'], users: 3, follows: 2, durationMs: 1000, tickMs: 100 };

function status(state: Status['state'], loading: Status['loading'] = null): Status {
  return { state, scenario: state === 'empty' ? null : SCENARIO, tMs: 0, tick: 0, speed: 1, redis: null, graphStore: null, model: null, loading, error: null };
}

/** The engine's side of the API, in memory (no scenario runs): records getGraph calls; every view it serves is a new object. */
function fakeEngine() {
  let listener: ((e: EngineEvent) => void) | null = null;
  let onConn: ((s: 'open') => void) | null = null;
  const graphCalls: number[] = [];
  /** While set, getGraph answers only when the test settles the call (held[i]). */
  const held: { resolve(v: GraphView): void; reject(e: Error): void }[] = [];
  const engine = { hold: false };
  const view = (): GraphView => ({ totalUsers: 3, totalFollows: 2, nodes: [], edges: [], sampled: null, cities: 1 });
  const api = {
    getStatus: () => Promise.resolve(status('empty')),
    listScenarios: () => Promise.resolve([]),
    getGraph: () => {
      graphCalls.push(graphCalls.length + 1);
      if (engine.hold) return new Promise<GraphView>((resolve, reject) => held.push({ resolve, reject }));
      return Promise.resolve(view());
    },
    getFeeds: () => Promise.resolve({ timeline: null, graph: null }),
    onEvent: (l: (e: EngineEvent) => void) => {
      listener = l;
      return () => undefined;
    },
  } as unknown as FeedscopeApi;
  const conn: ApiConnection = { mode: 'browser', api, error: null, onConnection: (l) => ((onConn = l), () => undefined) };
  return {
    conn,
    graphCalls,
    held,
    view,
    hold: (on: boolean) => void (engine.hold = on),
    open: () => onConn?.('open'),
    emit: (s: Status) => listener?.({ type: 'status', status: s }),
  };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

/** A controller started on a fake engine whose connection has opened. */
async function connected() {
  const engine = fakeEngine();
  const store = createStore();
  new Controller(engine.conn, store).start();
  engine.open();
  await settle();
  return { engine, store };
}

describe('Controller: the follow graph of a load', () => {
  it('is fetched once, as soon as the engine has built it, and kept when the load completes', async () => {
    const { engine, store } = await connected();
    engine.emit(status('loading', { stage: 'graph', done: 0, total: 1, graphReady: false }));
    await settle();
    expect(engine.graphCalls).toHaveLength(0);
    engine.emit(status('loading', { stage: 'graph', done: 1, total: 1, graphReady: true }));
    engine.emit(status('loading', { stage: 'redis reset', done: 0, total: 1, graphReady: true }));
    await settle();
    expect(engine.graphCalls).toHaveLength(1);
    const early = store.get().fetched.graph.data;
    expect(early).not.toBeNull();
    expect(store.get().status?.state).toBe('loading');
    engine.emit(status('ready'));
    await settle();
    expect(engine.graphCalls).toHaveLength(1);
    expect(store.get().fetched.graph.data).toBe(early);
  });

  it('drops the previous scenario\'s graph when a new load starts, and fetches at ready if the engine never said graphReady', async () => {
    const { engine, store } = await connected();
    engine.emit(status('loading', { stage: 'graph', done: 1, total: 1, graphReady: true }));
    engine.emit(status('ready'));
    await settle();
    expect(store.get().fetched.graph.data).not.toBeNull();
    engine.emit(status('loading', { stage: 'graph', done: 0, total: 1, graphReady: false }));
    expect(store.get().fetched.graph.data).toBeNull();
    engine.emit(status('ready'));
    await settle();
    expect(engine.graphCalls).toHaveLength(2);
    expect(store.get().fetched.graph.data).not.toBeNull();
  });

  it('does not draw a graph answered for the previous load', async () => {
    const { engine, store } = await connected();
    engine.hold(true);
    engine.emit(status('loading', { stage: 'graph', done: 1, total: 1, graphReady: true }));
    expect(engine.held).toHaveLength(1);
    engine.emit(status('error'));
    engine.emit(status('loading', { stage: 'graph', done: 1, total: 1, graphReady: true }));
    expect(engine.held).toHaveLength(2);
    const second = engine.view();
    engine.held[1].resolve(second);
    engine.held[0].resolve(engine.view());
    await settle();
    expect(store.get().fetched.graph.data).toBe(second);
  });

  it('fetches again at ready when the early fetch failed, and shows no error for it', async () => {
    const { engine, store } = await connected();
    engine.hold(true);
    engine.emit(status('loading', { stage: 'graph', done: 1, total: 1, graphReady: true }));
    engine.held[0].reject(new Error('GRAPH_NOT_READY: not yet'));
    await settle();
    expect(store.get().fetched.graph.status).toBe('idle');
    engine.hold(false);
    engine.emit(status('ready'));
    await settle();
    expect(engine.graphCalls).toHaveLength(2);
    expect(store.get().fetched.graph.status).toBe('loaded');
  });

  it('fetches at once when the early fetch fails after ready (which waited for it)', async () => {
    const { engine, store } = await connected();
    engine.hold(true);
    engine.emit(status('loading', { stage: 'graph', done: 1, total: 1, graphReady: true }));
    engine.emit(status('ready'));
    expect(engine.graphCalls).toHaveLength(1);
    engine.hold(false);
    engine.held[0].reject(new Error('GRAPH_NOT_READY: not yet'));
    await settle();
    expect(engine.graphCalls).toHaveLength(2);
    expect(store.get().fetched.graph.status).toBe('loaded');
  });
});
