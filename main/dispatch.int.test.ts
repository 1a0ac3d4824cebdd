/**
 * The dispatcher against a real Engine (its private redis-server): malformed payloads are refused
 * with an error naming the field, engine errors come back as {code, message}, commands round-trip.
 */
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { COMMAND_NAMES, COMMANDS, Engine, isCommandName, type FeedsView, type FlameView, type GraphView, type KeyScanView, type ScenarioEntry, type Status } from '../engine/index.js';
import { createDispatcher, type DispatchResult } from './dispatch.js';
import { RANKER_FILE, SAMPLE_GRAPHS } from './paths.js';

function ok<T>(r: DispatchResult): T {
  if (!r.ok) throw new Error(`expected ok, got ${r.error.code}: ${r.error.message}`);
  return r.result as T;
}

function err(r: DispatchResult): { code: string; message: string } {
  if (r.ok) throw new Error(`expected an error, got ${JSON.stringify(r.result).slice(0, 200)}`);
  return r.error;
}

describe('dispatch', () => {
  const engine = new Engine({ sampleGraphsDir: SAMPLE_GRAPHS, rankerFile: RANKER_FILE });
  const dispatch = createDispatcher(engine);
  afterAll(() => engine.close());

  it('has a handler for every command of the API and none for other names', () => {
    // The compiler checks this (engine/commands.test.ts); this is the run-time view of the same table.
    expect(COMMAND_NAMES.filter((name) => typeof COMMANDS[name] !== 'function')).toEqual([]);
    expect(Object.keys(COMMANDS).sort()).toEqual([...COMMAND_NAMES].sort());
    expect(isCommandName('dropAllKeys')).toBe(false);
  });

  it('refuses an unknown command, naming the ones that exist', async () => {
    const e = err(await dispatch('dropAllKeys', {}));
    expect(e.code).toBe('UNKNOWN_COMMAND');
    expect(e.message).toContain('"dropAllKeys"');
    expect(e.message).toContain('loadScenario');
    expect(err(await dispatch(42, {})).code).toBe('UNKNOWN_COMMAND');
    // Inherited object properties are not commands.
    expect(err(await dispatch('constructor', {})).code).toBe('UNKNOWN_COMMAND');
    expect(err(await dispatch('__proto__', {})).code).toBe('UNKNOWN_COMMAND');
  });

  it('refuses malformed payloads with the field that is wrong, without reaching the engine', async () => {
    const wrongType = err(await dispatch('getFeeds', { user: 'seven' }));
    expect(wrongType.code).toBe('BAD_PAYLOAD');
    expect(wrongType.message).toContain('args.user');
    expect(wrongType.message).toContain('"getFeeds"');

    const extra = err(await dispatch('play', { force: true }));
    expect(extra.code).toBe('BAD_PAYLOAD');
    expect(extra.message).toMatch(/force/);

    expect(err(await dispatch('setSpeed', { speed: -3 })).message).toContain('args.speed');
    expect(err(await dispatch('loadScenario', null)).code).toBe('BAD_PAYLOAD');
    expect(err(await dispatch('loadScenario', 'sample-graphs/tiny-demo.json')).code).toBe('BAD_PAYLOAD');
    expect(err(await dispatch('getGraph', { maxNodes: 1e9 })).message).toContain('args.maxNodes');
    // Nothing was loaded by any of that.
    expect(engine.status().state).toBe('empty');
  });

  it('returns engine errors as {code, message}', async () => {
    const e = err(await dispatch('play', {}));
    expect(e).toEqual({ code: 'NO_SCENARIO', message: expect.stringContaining('pick one') });
    const missing = err(await dispatch('loadScenario', { file: path.join(SAMPLE_GRAPHS, 'no-such-file.json') }));
    expect(missing.code).not.toBe('INTERNAL');
    expect(missing.message).toContain('no-such-file.json');
  });

  it('round-trips commands: list, load, step, feeds, graph, speed, reset', async () => {
    const list = ok<ScenarioEntry[]>(await dispatch('listScenarios', undefined));
    const tiny = list.find((s) => path.basename(s.file) === 'tiny-demo.json');
    expect(tiny?.name).toBe('Tiny demo');

    const loaded = ok<Status>(await dispatch('loadScenario', { file: tiny!.file }));
    expect(loaded.state).toBe('ready');
    expect(loaded.scenario?.users).toBe(50);
    expect(loaded.redis?.private).toBe(true);

    const stepped = ok<Status>(await dispatch('step', {}));
    expect(stepped.tMs).toBe(100);
    expect(ok<Status>(await dispatch('getStatus', {})).tick).toBe(1);

    const speed = ok<Status>(await dispatch('setSpeed', { speed: 'max' }));
    expect(speed.speed).toBe('max');

    const graph = ok<GraphView>(await dispatch('getGraph', {}));
    expect(graph.totalUsers).toBe(50);
    expect(graph.nodes).toHaveLength(50);
    expect(graph.sampled).toBeNull();

    const feeds = ok<FeedsView>(await dispatch('getFeeds', { user: 3, pageSize: 5 }));
    expect(feeds.user).toBe(3);
    expect(feeds.timeline?.key).toContain('3');
    expect(feeds.graph?.model).toBe('graph'); // tiny-demo runs both models
    expect(err(await dispatch('getFeeds', { user: 50 })).code).toBe('NO_SUCH_USER');

    const reset = ok<Status>(await dispatch('reset', {}));
    expect(reset.tMs).toBe(0);
    expect(reset.state).toBe('ready');
  });

  it('reaches the inspectors through the same door: results and errors', async () => {
    ok<Status>(await dispatch('loadScenario', { file: path.join(SAMPLE_GRAPHS, 'tiny-demo.json') }));
    ok<Status>(await dispatch('step', {}));
    const scan = ok<KeyScanView>(await dispatch('scanKeys', { pattern: 'fs:*' }));
    expect(scan.keys.length).toBeGreaterThan(0);
    expect(scan.keys.every((k) => k.key.startsWith('fs:'))).toBe(true);
    const flame = ok<FlameView>(await dispatch('getFlame', { model: 'timeline' }));
    expect(flame.models).toContain('timeline');
    expect(flame.root.totalUs).toBeGreaterThan(0);
    // The key browser starts read-only; its refusal comes back as {code, message}.
    expect(err(await dispatch('deleteKey', { key: scan.keys[0].key })).code).toBe('INSPECTOR_READ_ONLY');
  });

  it('caps the drawn follows of a dense graph, the focus user\'s first, and says so', async () => {
    ok<Status>(await dispatch('loadScenario', { file: path.join(SAMPLE_GRAPHS, 'deep-pagination.json') }));
    const all = ok<GraphView>(await dispatch('getGraph', { maxEdges: 1_000_000 }));
    expect(all.edges.length).toBeGreaterThan(2000);
    const focus = all.nodes.find((n) => n.followees > 0 && n.followers > 0)!.id;
    const g = ok<GraphView>(await dispatch('getGraph', { maxEdges: 1000, focus }));
    expect(g.edges).toHaveLength(1000);
    expect(g.sampled).toContain(`drawing 1,000 of their ${all.edges.length.toLocaleString('en-US')} follows`);
    const touching = all.edges.filter(([u, v]) => u === focus || v === focus).length;
    expect(g.edges.slice(0, touching).every(([u, v]) => u === focus || v === focus)).toBe(true);
  });
});
