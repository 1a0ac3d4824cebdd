import { describe, expect, it } from 'vitest';
import type { ClusterView, CommandInput, EngineEvent, FeedscopeApi, Frame, ReshardView, Status } from '../../engine/api.js';
import type { ApiConnection } from '../api/client.js';
import { ApiCallError } from '../api/errors.js';
import { Controller } from './controller.js';
import { loadArgs } from './redisChoice.js';
import { initialState, reduce } from './state.js';
import { createStore } from './store.js';

const SCENARIO: NonNullable<Status['scenario']> = { name: 'Tiny', file: '/s/tiny.json', description: '', seed: 1, models: ['timeline'], users: 3, follows: 2, durationMs: 1000, tickMs: 100 };
const CLUSTER_REDIS: Status['redis'] = { version: '7.0.15', url: 'private', port: 30001, private: true, cluster: { masters: 3, replicas: 0 } };
const ONE_REDIS: Status['redis'] = { version: '7.0.15', url: 'private', port: 6400, private: true, cluster: null };

function status(state: Status['state'], redis: Status['redis'] = CLUSTER_REDIS): Status {
  return { state, scenario: SCENARIO, tMs: 0, tick: 0, speed: 1, redis, graphStore: null, model: null, loading: null, error: null };
}

const node = (i: number, slotCount: number): ClusterView['nodes'][number] => ({
  id: `n${i}`, node: `127.0.0.1:${30001 + i}`, port: 30001 + i, slots: [[i * 100, i * 100 + slotCount - 1]], slotCount, keys: 10 * i, usedMemoryBytes: 1024,
  opsPerSec: 5, commands: 7, fanoutZadds: 3, redirects: { moved: 0, ask: 0, tryAgain: 0 }, hot: false,
});
const clusterView = (counts: number[]): ClusterView => ({ label: 'private cluster of 3 masters', hashTags: true, nodes: counts.map((c, i) => node(i, c)), reshards: [], fanoutZadds: 9, colocation: { users: 1000, split: 0, example: null } });
const frame = (cluster: ClusterView | null): Frame => ({ tMs: 100, cluster, posts: [], latency: {}, counts: {}, memory: null } as unknown as Frame);
const reshardView = (o: CommandInput<'reshard'>): ReshardView => ({
  index: 0, atSec: null, ...o, slotsDone: o.slots, state: 'done', startedAtMs: 100, durationMs: 12, keysMoved: 4, bytesMoved: 400, migrateCalls: 1, migrateMeanUs: 50,
  redirects: { moved: 1, ask: 0, tryAgain: 0 }, p99Ms: { before: {}, during: {}, after: {} }, error: null,
});

describe('cluster state', () => {
  it('takes the nodes of the latest frame that has them, and drops them when a scenario starts fresh', () => {
    const v = clusterView([5461, 5461, 5462]);
    let s = reduce(initialState, { type: 'frames', frames: [frame(v)] });
    expect(s.fetched.cluster).toMatchObject({ status: 'loaded', data: v });
    // Before the first sample a frame carries no nodes: what was shown stays.
    s = reduce(s, { type: 'frames', frames: [frame({ ...v, nodes: [] })] });
    expect(s.fetched.cluster.data).toBe(v);
    s = reduce(s, { type: 'frames', frames: [frame(null)] });
    expect(s.fetched.cluster.data).toBe(v);
    s = reduce(s, { type: 'scenario/fresh' });
    expect(s.fetched.cluster.status).toBe('idle');
  });

  it('sends the Redis choice as loadScenario\'s cluster, and nothing for "as the scenario says"', () => {
    expect(loadArgs('a.json', 'scenario')).toEqual({ file: 'a.json' });
    expect('cluster' in loadArgs('a.json', 'scenario')).toBe(false);
    expect(loadArgs('a.json', 'single')).toEqual({ file: 'a.json', cluster: null });
    expect(loadArgs('a.json', 'cluster3')).toEqual({ file: 'a.json', cluster: { nodes: 3, replicas: 0 } });
    expect(loadArgs('a.json', 'cluster6')).toEqual({ file: 'a.json', cluster: { nodes: 6, replicas: 0 } });
  });
});

/** An engine in memory that records the cluster calls; `fail` makes the next reshard fail. */
function fakeEngine(redis: Status['redis']) {
  let listener: ((e: EngineEvent) => void) | null = null;
  let onConn: ((s: 'open') => void) | null = null;
  const calls: { name: string; args: unknown }[] = [];
  const engine = { counts: [5461, 5461, 5462], fail: null as ApiCallError | null, reshardDone: null as (() => void) | null };
  const record = (name: string, args: unknown) => void calls.push({ name, args });
  const api = {
    getStatus: () => Promise.resolve(status('ready', redis)),
    listScenarios: () => Promise.resolve([{ file: SCENARIO.file, name: SCENARIO.name, description: '', error: null }]),
    loadScenario: (args: unknown) => (record('loadScenario', args), Promise.resolve(status('ready', redis))),
    getGraph: (args: unknown) => (record('getGraph', args), Promise.resolve({ totalUsers: 3, totalFollows: 2, nodes: [], edges: [], sampled: null, cities: 1 })),
    getFeeds: () => Promise.resolve({ timeline: null, graph: null }),
    getCluster: () => (record('getCluster', {}), Promise.resolve(clusterView(engine.counts))),
    reshard: (args: CommandInput<'reshard'>) => {
      record('reshard', args);
      return new Promise<ReshardView>((resolve, reject) => {
        engine.reshardDone = () => {
          if (engine.fail) return reject(engine.fail);
          engine.counts = [engine.counts[0] - args.slots, engine.counts[1] + args.slots, engine.counts[2]];
          resolve(reshardView(args));
        };
      });
    },
    onEvent: (l: (e: EngineEvent) => void) => ((listener = l), () => undefined),
  } as unknown as FeedscopeApi;
  const conn: ApiConnection = { mode: 'browser', api, error: null, onConnection: (l) => ((onConn = l), () => undefined) };
  return { conn, calls, engine, open: () => onConn?.('open'), emit: (s: Status) => listener?.({ type: 'status', status: s }) };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

async function connected(redis: Status['redis'] = CLUSTER_REDIS) {
  const fake = fakeEngine(redis);
  const store = createStore();
  const c = new Controller(fake.conn, store);
  c.start();
  fake.open();
  await settle();
  return { ...fake, store, c, names: () => fake.calls.map((x) => x.name) };
}

describe('Controller: cluster', () => {
  it('loads a scenario from the list on the chosen Redis, and loads it again when the choice changes', async () => {
    const { c, calls, store } = await connected();
    await c.loadScenario(SCENARIO.file);
    expect(calls.filter((x) => x.name === 'loadScenario').map((x) => x.args)).toEqual([{ file: SCENARIO.file }]);
    await c.setRedis('cluster3');
    expect(store.get().redis).toBe('cluster3');
    expect(calls.filter((x) => x.name === 'loadScenario').map((x) => x.args)).toEqual([{ file: SCENARIO.file }, { file: SCENARIO.file, cluster: { nodes: 3, replicas: 0 } }]);
  });

  it('reads the nodes when the tab opens on a cluster run, and makes no call on one server', async () => {
    const one = await connected(ONE_REDIS);
    one.c.insp.setTab('cluster');
    await settle();
    expect(one.names()).not.toContain('getCluster');
    expect(one.store.get().fetched.cluster.status).toBe('idle');

    const { c, store, names } = await connected();
    c.insp.setTab('cluster');
    await settle();
    expect(names()).toContain('getCluster');
    expect(store.get().fetched.cluster.data?.nodes.map((n) => n.slotCount)).toEqual([5461, 5461, 5462]);
  });

  it('a reshard loads until the slots moved, then the nodes and the graph (shard colours) are read again', async () => {
    const { c, store, names, engine } = await connected();
    c.insp.setTab('cluster');
    await settle();
    const graphCalls = names().filter((n) => n === 'getGraph').length;
    const done = c.insp.reshard({ slots: 500, from: 0, to: 1 });
    expect(store.get().fetched.reshard.status).toBe('loading');
    engine.reshardDone?.();
    await done;
    await settle();
    expect(store.get().fetched.reshard).toMatchObject({ status: 'loaded', data: { slots: 500, state: 'done' } });
    expect(store.get().fetched.cluster.data?.nodes.map((n) => n.slotCount)).toEqual([4961, 5961, 5462]);
    expect(names().filter((n) => n === 'getGraph').length).toBe(graphCalls + 1);
  });

  it('a failed reshard leaves its error in the panel, not in a banner', async () => {
    const { c, store, engine } = await connected();
    engine.fail = new ApiCallError('RESHARD_BAD_NODE', 'the cluster has masters 0 to 2');
    const done = c.insp.reshard({ slots: 10, from: 0, to: 5 });
    engine.reshardDone?.();
    await done;
    expect(store.get().fetched.reshard).toMatchObject({ status: 'failed', error: { code: 'RESHARD_BAD_NODE' } });
    expect(store.get().banners).toEqual([]);
  });
});
