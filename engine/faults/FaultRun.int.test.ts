/**
 * Each fault kind played by the engine against the real private redis-server (and LadybugDB for
 * graphStoreStop): the run reaches its end, every event is accounted for, nothing acknowledged is
 * lost, and what each kind does is visible in the figures (a restart and a rebuild after a kill,
 * timeouts under a pause, resets under a drop, GRAPH_STORE_CLOSED while the store is stopped).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Engine } from '../Engine.js';
import type { FaultsReport } from '../api/faults.js';
import { RANKER_FILE, scenario } from '../test/helpers.js';
import type { FaultSpec } from '../scenario/schema.js';

let engine: Engine | null = null;
afterEach(async () => {
  await engine?.close();
  engine = null;
});

async function play(fault: FaultSpec, models: ('timeline' | 'graph')[] = ['timeline'], speed: number | 'max' = 'max'): Promise<FaultsReport & { seen: Set<string> }> {
  engine = new Engine({ rankerFile: RANKER_FILE });
  const sc = scenario({
    models,
    graph: { kind: 'generator', users: 200, avgFollows: 8 },
    workload: { durationSec: 6, postsPerSec: 20, readsPerSec: 30, pageSize: 10 },
    faults: [fault],
  });
  await engine.load(sc, 'faults.json', '.');
  await engine.setSpeed(speed);
  const seen = new Set<string>();
  engine.on((e) => {
    if (e.type === 'frame') for (const f of e.frame.faults ?? []) seen.add(f.kind);
  });
  await engine.runToEnd();
  const report = (await engine.report()).faults!;
  expect(report).toBeDefined();
  const events = (sc.workload.postsPerSec + sc.workload.readsPerSec) * sc.workload.durationSec;
  // One operation per model and event, each with one outcome.
  expect(report.events.total).toBeGreaterThan(events * models.length * 0.8);
  expect(report.events.applied + report.events.retried + report.events.rebuilt + report.events.failedTotal).toBe(report.events.total);
  expect(report.acknowledged.checked).toBeGreaterThan(0);
  expect(report.acknowledgedLost).toBe(0);
  expect(report.schedule[0].error).toBeNull();
  expect(report.schedule[0].endedAtMs).toBe(fault.atSec * 1000 + (fault.durationSec ?? 0) * 1000);
  return { ...report, seen };
}

describe('faults on a schedule, real Redis', () => {
  it('redisKill: the server is SIGKILLed, restarts empty, the Timeline rebuilds its outboxes; posts in between are retried or rebuilt, none lost', async () => {
    // At 10x the 2 s window lasts about 200 ms of wall time: frames show it while it lasts.
    const r = await play({ kind: 'redisKill', atSec: 2, durationSec: 2 }, ['timeline'], 10);
    expect([...r.seen]).toEqual(['redisKill']);
    expect(r.redisRestarts).toBe(1);
    expect(r.schedule[0].rebuilt[0]).toMatchObject({ model: 'timeline' });
    expect(r.schedule[0].rebuilt[0].entries).toBeGreaterThan(0);
    expect(r.byOperation['timeline.read'].failed.REDIS_UNAVAILABLE ?? 0).toBeGreaterThan(0);
    expect(r.byOperation['timeline.post'].rebuilt + r.byOperation['timeline.post'].retried).toBeGreaterThan(0);
    const during = r.schedule[0].phases['timeline.read'].during;
    expect(during.errors).toBeGreaterThan(0);
    expect(r.schedule[0].phases['timeline.read'].after.errors).toBeLessThan(during.errors);
  }, 60_000);

  it('redisPause: SIGSTOP makes commands time out (bounded by the command timeout), SIGCONT and the writes are replayed', async () => {
    const r = await play({ kind: 'redisPause', atSec: 2, durationSec: 1 });
    expect(r.redisRestarts).toBe(0);
    expect(r.connections.connectionFailures).toBeGreaterThan(0);
    expect(r.byOperation['timeline.post'].retried).toBeGreaterThan(0);
    expect(Object.keys(r.byOperation['timeline.post'].failed)).toEqual([]);
    // The command timeout bounds every call: no read waited for the whole pause and more.
    expect(r.schedule[0].phases['timeline.read'].during.p99Ms).toBeLessThan(r.commandTimeoutMs * 3);
  }, 60_000);

  it('connectionDrop: the proxy resets every socket (and new ones for the window); the clients reconnect', async () => {
    const r = await play({ kind: 'connectionDrop', atSec: 2, durationSec: 1 });
    expect(r.proxy!.drops).toBeGreaterThan(0);
    expect(r.connections.reconnects).toBeGreaterThan(0);
    expect(r.schedule[0].phases['timeline.read'].after.count).toBeGreaterThan(0);
  }, 60_000);

  it('graphStoreStop: LadybugDB closed and reopened with its data; graph reads fail typed while it is, posts wait and none is lost', async () => {
    const r = await play({ kind: 'graphStoreStop', atSec: 2, durationSec: 1 }, ['timeline', 'graph']);
    expect(r.byOperation['graph.read'].failed.GRAPH_STORE_CLOSED).toBeGreaterThan(0);
    expect(Object.keys(r.byOperation['timeline.read'].failed)).toEqual([]);
    expect(r.acknowledged.where.some((w) => w.startsWith('graph:'))).toBe(true);
  }, 90_000);

  it('a reset while faults are active undoes them (the server continued, the store reopened) and the run plays again', async () => {
    engine = new Engine({ rankerFile: RANKER_FILE });
    const sc = scenario({
      models: ['timeline', 'graph'],
      graph: { kind: 'generator', users: 100, avgFollows: 5 },
      workload: { durationSec: 4, postsPerSec: 10, readsPerSec: 10, pageSize: 10 },
      faults: [{ kind: 'redisPause', atSec: 0.5, durationSec: 3 }, { kind: 'graphStoreStop', atSec: 0.5, durationSec: 3 }],
    });
    await engine.load(sc, 'faults.json', '.');
    for (let i = 0; i < 8; i++) await engine.step();
    await engine.reset();
    // The new run starts healthy: its first ticks (before the faults start again) fail nothing.
    for (let i = 0; i < 4; i++) await engine.step();
    const r = (await engine.report()).faults!;
    expect(r.events.failedTotal).toBe(0);
    expect(r.events.applied).toBeGreaterThan(0);
  }, 90_000);
});
