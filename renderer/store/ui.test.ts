import { describe, expect, it } from 'vitest';
import type { EngineEvent, FeedscopeApi, ScenarioEntry, Status } from '../../engine/api.js';
import type { ApiConnection } from '../api/client.js';
import { Controller } from './controller.js';
import { launchScenario, notAScenario } from './launch.js';
import { createStore } from './store.js';
import { achievedSpeed, addClockSample, SPEED_WINDOW_MS, speedShortfall } from './ui.js';

describe('achieved speed', () => {
  it('is simulated ms per wall ms over the window, and null with less than a second of samples', () => {
    let clock = addClockSample([], { wallMs: 0, tMs: 0 });
    clock = addClockSample(clock, { wallMs: 500, tMs: 2000 });
    expect(achievedSpeed(clock)).toBeNull();
    clock = addClockSample(clock, { wallMs: 2000, tMs: 8600 });
    expect(achievedSpeed(clock)).toBeCloseTo(4.3, 5);
  });

  it('forgets samples older than the window, and starts again when time goes back (a reset)', () => {
    let clock = addClockSample([], { wallMs: 0, tMs: 0 });
    clock = addClockSample(clock, { wallMs: SPEED_WINDOW_MS + 1, tMs: 10_000 });
    expect(clock).toHaveLength(1);
    clock = addClockSample(clock, { wallMs: SPEED_WINDOW_MS + 2, tMs: 0 });
    expect(clock).toEqual([{ wallMs: SPEED_WINDOW_MS + 2, tMs: 0 }]);
  });

  it('says the engine is the limit only under 90% of the requested speed', () => {
    expect(speedShortfall(10, 4.3)).toBe('running at 4.3x of 10x: the engine is the limit');
    expect(speedShortfall(10, 9.5)).toBeNull();
    expect(speedShortfall('max', 3)).toBeNull();
    expect(speedShortfall(100, 48.2)).toBe('running at 48x of 100x: the engine is the limit');
  });
});

describe('first launch', () => {
  const entries: ScenarioEntry[] = [
    { file: '/x/sample-graphs/tiny-demo.json', name: 'Tiny demo', description: '', models: ['timeline'] },
    { file: '/x/sample-graphs/timeline-vs-graph.json', name: 'Timeline vs Graph', description: '', models: ['timeline', 'graph'] },
    { file: '/x/sample-graphs/broken.json', name: 'broken.json', description: '', models: [], error: 'bad' },
  ];
  it('loads the last scenario used if it is still listed and valid, else the flagship', () => {
    expect(launchScenario(entries, null)?.name).toBe('Timeline vs Graph');
    expect(launchScenario(entries, '/x/sample-graphs/tiny-demo.json')?.name).toBe('Tiny demo');
    expect(launchScenario(entries, '/x/sample-graphs/gone.json')?.name).toBe('Timeline vs Graph');
    expect(launchScenario(entries, '/x/sample-graphs/broken.json')?.name).toBe('Timeline vs Graph');
    expect(launchScenario([], null)).toBeNull();
  });
});

describe('opened files', () => {
  const enc = (s: string) => new TextEncoder().encode(s);
  it('tells a binary file "not a JSON file" without quoting its bytes', () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
    const e = notAScenario('shot.png', png);
    expect(e?.code).toBe('NOT_JSON');
    expect(e?.message).toContain('shot.png is not a JSON file (it is binary: a PNG image)');
    expect(e?.message).not.toMatch(/PNG\r|\u001a/);
  });
  it('tells a text file how it starts, and lets anything that starts with "{" through to the engine', () => {
    expect(notAScenario('notes.txt', enc('hello world\nmore'))?.message).toContain('starts with "hello world"');
    expect(notAScenario('empty.json', enc(''))?.message).toContain('is empty');
    expect(notAScenario('ok.json', enc('\uFEFF  {"name": "x"'))).toBeNull();
    expect(notAScenario('bad.json', enc('{"name": "x",, }'))).toBeNull();
  });
});

describe('reset from the keyboard', () => {
  function setup(users: number) {
    const calls: string[] = [];
    const scenario: Status['scenario'] = { name: 'Big', file: 'big.json', description: '', seed: 1, models: ['timeline'], users, follows: 1, durationMs: 1000, tickMs: 100 };
    const status: Status = { state: 'paused', scenario, tMs: 500, tick: 5, speed: 1, redis: null, graphStore: null, model: null, loading: null, error: null };
    const api = {
      getStatus: () => Promise.resolve(status),
      listScenarios: () => Promise.resolve([]),
      getGraph: () => Promise.resolve({ totalUsers: users, totalFollows: 1, nodes: [], edges: [], sampled: null, cities: 1 }),
      getFeeds: () => Promise.resolve({ timeline: null, graph: null }),
      reset: () => {
        calls.push('reset');
        return Promise.resolve({ ...status, state: 'ready', tMs: 0 });
      },
      onEvent: (_l: (e: EngineEvent) => void) => () => undefined,
    } as unknown as FeedscopeApi;
    const conn: ApiConnection = { mode: 'browser', api, error: null, onConnection: () => () => undefined };
    const store = createStore();
    store.dispatch({ type: 'status', status });
    return { c: new Controller(conn, store), store, calls };
  }

  it('asks before resetting a big scenario, and resets on yes', async () => {
    const { c, store, calls } = setup(100_000);
    c.resetFromKey();
    expect(store.get().ui.confirmReset).toBe(true);
    expect(calls).toEqual([]);
    await c.reset();
    expect(calls).toEqual(['reset']);
    expect(store.get().ui.confirmReset).toBe(false);
  });

  it('resets a small scenario at once', async () => {
    const { c, store, calls } = setup(50);
    c.resetFromKey();
    await new Promise((r) => setTimeout(r, 0));
    expect(store.get().ui.confirmReset).toBe(false);
    expect(calls).toEqual(['reset']);
  });
});
