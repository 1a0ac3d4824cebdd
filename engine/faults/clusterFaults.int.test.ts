/**
 * The cluster fault kinds played by the engine against a real private Redis Cluster (3 masters, a
 * replica each, started by the test): a SIGKILLed master is replaced by its replica through the
 * cluster's own failover and comes back as the new master's replica; a partitioned master is cut
 * off from the engine's models only (no failover: the cluster still sees it). The run reaches its
 * end, every event is accounted for, and nothing acknowledged is lost where the replica had it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Engine } from '../Engine.js';
import type { FaultsReport } from '../api/faults.js';
import type { FaultSpec } from '../scenario/schema.js';
import { parseClusterNodes } from '../redis/clusterTopology.js';
import { RANKER_FILE, scenario } from '../test/helpers.js';

let engine: Engine | null = null;
afterEach(async () => {
  await engine?.close();
  engine = null;
});

async function play(faults: FaultSpec[], replicas: 0 | 1): Promise<{ report: FaultsReport; roles: Map<number, string> }> {
  engine = new Engine({ rankerFile: RANKER_FILE, cluster: { nodes: 3, replicas } });
  const sc = scenario({
    models: ['timeline'],
    graph: { kind: 'generator', users: 200, avgFollows: 8 },
    workload: { durationSec: 8, postsPerSec: 20, readsPerSec: 30, pageSize: 10 },
    faults,
  });
  await engine.load(sc, 'cluster-faults.json', '.');
  await engine.setSpeed(10);
  await engine.runToEnd();
  const report = (await engine.report()).faults!;
  expect(report).toBeDefined();
  if (process.env.FEEDSCOPE_DEBUG) console.log(JSON.stringify({ events: report.events, byOperation: report.byOperation, schedule: report.schedule.map((w) => ({ label: w.label, recoverMs: w.recoverMs, cluster: w.cluster, reads: w.phases['timeline.read'] })), lost: report.acknowledgedLost, connections: report.connections }, null, 1));
  const events = (sc.workload.postsPerSec + sc.workload.readsPerSec) * sc.workload.durationSec;
  expect(report.events.total).toBeGreaterThan(events * 0.8);
  expect(report.events.applied + report.events.retried + report.events.rebuilt + report.events.failedTotal).toBe(report.events.total);
  expect(report.acknowledged.checked).toBeGreaterThan(0);
  for (const w of report.schedule) {
    expect(w.error).toBeNull();
    expect(w.endedAtMs).toBe(w.endMs);
  }
  // Every node's role as the cluster itself sees it at the end, by port.
  const conn = (await engine.redis()).cluster!;
  const nodes = parseClusterNodes((await conn.masterClients()[0].call('CLUSTER', 'NODES')) as string);
  return { report, roles: new Map(nodes.map((n) => [n.port, n.flags.includes('fail') ? 'fail' : n.role])) };
}

describe('cluster faults, real Redis Cluster', () => {
  it('clusterNodeKill with a replica: failover, the killed master rejoins as a replica; partition: calls to one node fail typed, no failover', async () => {
    const { report: r, roles } = await play([
      { kind: 'clusterNodeKill', atSec: 1, durationSec: 2, node: 1 },
      { kind: 'partition', atSec: 5, durationSec: 1.5, node: 2 },
    ], 1);
    const kill = r.schedule[0];
    const killed = kill.cluster!;
    expect(killed.promoted).not.toBeNull();
    expect(killed.promoted).not.toBe(killed.target);
    expect(killed.failoverMs).toBeGreaterThan(0);
    // cluster-node-timeout 1 s + the election delay: a few seconds, not Redis's default 15 s.
    expect(killed.failoverMs).toBeLessThan(10_000);
    expect(killed.rejoinedAs).toBe('replica');
    expect(roles.get(Number(killed.target.split(':')[1]))).toBe('replica');
    expect(roles.get(Number(killed.promoted!.split(':')[1]))).toBe('master');
    expect(r.redisRestarts).toBe(1);
    expect(kill.phases['timeline.read'].during.errors + kill.phases['timeline.post'].during.errors).toBeGreaterThan(0);
    expect(r.connections.connectionFailures).toBeGreaterThan(0);
    // Asynchronous replication: only what the master had not yet sent its replica can be lost.
    if (killed.unreplicatedBytes === 0) expect(r.acknowledgedLost).toBe(0);

    const part = r.schedule[1];
    expect(part.cluster!.promoted).toBeNull();
    expect(roles.get(Number(part.cluster!.target.split(':')[1]))).toBe('master');
    const reads = part.phases['timeline.read'];
    expect(reads.during.errors).toBeGreaterThan(0);
    // Only one master of three is cut off: most reads still succeed.
    expect(reads.during.errors).toBeLessThan(reads.during.count);
    // After it the node is reached again: reads succeed (some may still fail while the transport
    // backs off from that node, up to 2 s of wall time, which at 10x is most of the phase).
    expect(reads.after.errors).toBeLessThan(reads.after.count);
    expect(r.proxy!.drops).toBeGreaterThan(0);
    const failedCodes = Object.keys(r.byOperation['timeline.read'].failed);
    expect(failedCodes.every((c) => /^REDIS_(UNREACHABLE|UNAVAILABLE|WRITE_FAILED|TIMEOUT|CLUSTER_DOWN)$/.test(c))).toBe(true);
    // Writes that failed on a node were replayed, not lost.
    expect(Object.keys(r.byOperation['timeline.post'].failed)).toEqual([]);
  }, 120_000);

  it('clusterNodeKill without a replica: the master comes back empty with its slots, the Timeline rebuilds; nothing acknowledged is lost', async () => {
    const { report: r, roles } = await play([{ kind: 'clusterNodeKill', atSec: 2, durationSec: 2, node: 0 }], 0);
    const killed = r.schedule[0].cluster!;
    expect(killed.promoted).toBeNull();
    expect(killed.unreplicatedBytes).toBeNull();
    expect(killed.rejoinedAs).toBe('master');
    expect(roles.get(Number(killed.target.split(':')[1]))).toBe('master');
    expect(r.schedule[0].rebuilt[0]).toMatchObject({ model: 'timeline' });
    expect(r.schedule[0].rebuilt[0].entries).toBeGreaterThan(0);
    expect(r.acknowledgedLost).toBe(0);
  }, 120_000);

  it('a cluster fault on one server stops at load with FAULT_CANNOT_RUN naming the fault and the fix', async () => {
    engine = new Engine({ rankerFile: RANKER_FILE });
    const sc = scenario({ models: ['timeline'], graph: { kind: 'generator', users: 50, avgFollows: 4 }, workload: { durationSec: 4, postsPerSec: 5, readsPerSec: 5, pageSize: 10 }, faults: [{ kind: 'partition', atSec: 1, durationSec: 1, node: 0 }] });
    await expect(engine.load(sc, 'one-server.json', '.')).rejects.toMatchObject({ code: 'FAULT_CANNOT_RUN', message: expect.stringMatching(/faults\[0\] \(partition at 1 s\) needs a Redis Cluster.*--cluster 3/) });
  }, 60_000);
});
