import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Cluster, type Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FeedscopeError } from '../errors.js';
import { deletePrefixCluster } from './clusterReset.js';
import { reshard } from './clusterReshard.js';
import { clusterNodeStats } from './clusterStats.js';
import { CLUSTER_SLOTS, clusterSignature, expandRanges, parseClusterNodes, slotCount } from './clusterTopology.js';
import { RedisCluster } from './RedisCluster.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitGone(pids: number[], dir: string, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end && (pids.some(alive) || existsSync(dir))) await new Promise((r) => setTimeout(r, 50));
  expect(pids.filter(alive)).toEqual([]);
  expect(existsSync(dir)).toBe(false);
}

/**
 * An ioredis Cluster client. With auto-pipelining a batch that meets -MOVED or -ASK for only some
 * of its commands hands those errors to the caller, so the writer during a reshard goes without.
 */
function clusterClient(c: RedisCluster, enableAutoPipelining: boolean): Cluster {
  const client = new Cluster(c.masters.map((m) => ({ host: m.host, port: m.port })), { enableAutoPipelining, slotsRefreshTimeout: 2000 });
  client.on('error', () => undefined);
  return client;
}

/** Every key on every node (SCAN is per node), with how many nodes hold it. */
async function keysByNode(masters: Redis[], match: string): Promise<Map<string, Redis[]>> {
  const where = new Map<string, Redis[]>();
  for (const m of masters) {
    let cursor = '0';
    do {
      const [next, keys] = await m.scan(cursor, 'MATCH', match, 'COUNT', 1000);
      cursor = next;
      for (const k of keys) where.set(k, [...(where.get(k) ?? []), m]);
    } while (cursor !== '0');
  }
  return where;
}

async function signatures(masters: Redis[]): Promise<string[]> {
  return Promise.all(masters.map(async (m) => clusterSignature(parseClusterNodes((await m.call('CLUSTER', 'NODES')) as string))));
}

describe('private Redis Cluster, 3 masters', () => {
  let cluster: RedisCluster;
  let client: Cluster;
  let bulk: Cluster;
  const expected = new Map<string, string>();

  beforeAll(async () => {
    cluster = await RedisCluster.start({ nodes: 3, replicas: 0 });
    console.log(`3-node cluster started in ${cluster.startMs} ms (redis ${cluster.version})`);
    client = clusterClient(cluster, false);
    bulk = clusterClient(cluster, true);
  });
  afterAll(async () => {
    client?.disconnect();
    bulk?.disconnect();
    await cluster?.stop();
  });

  it('starts with the slots split evenly, every node ok and agreeing on the slot map', async () => {
    expect(cluster.masters.map((m) => slotCount(m.slots))).toEqual([5461, 5462, 5461]);
    expect(cluster.seeds).toHaveLength(3);
    const masters = cluster.masterClients();
    for (const m of masters) expect(await m.call('CLUSTER', 'INFO')).toMatch(/cluster_state:ok/);
    expect(new Set(await signatures(masters)).size).toBe(1);
    expect(cluster.startMs).toBeGreaterThan(0);
  });

  it('takes writes across slots from an ioredis Cluster client', async () => {
    await Promise.all(Array.from({ length: 20_000 }, (_, i) => {
      expected.set(`fs:r:${i}`, `v${i}`);
      return bulk.set(`fs:r:${i}`, `v${i}`);
    }));
    const stats = await clusterNodeStats(cluster.masterClients());
    expect(stats.reduce((s, n) => s + n.keys, 0)).toBe(20_000);
    for (const n of stats) {
      expect(n.keys).toBeGreaterThan(5000);
      expect(n.role).toBe('master');
      expect(n.usedMemoryBytes).toBeGreaterThan(0);
      expect(n.totalCommands).toBeGreaterThan(0);
    }
    expect(stats.map((n) => n.port)).toEqual(cluster.masters.map((m) => m.port));
  });

  it('reshards 200 slots live while a writer keeps writing: every key present exactly once', async () => {
    const [from, to] = cluster.masters;
    let done = false;
    let writes = 0;
    const failures: unknown[] = [];
    // 8 writers with disjoint keys, each awaiting its write, so the last acknowledged value per key is known.
    const writers = Array.from({ length: 8 }, async (_, w) => {
      for (let n = 0; !done; n++) {
        const key = n % 2 ? `fs:w:${w}:${n}` : `fs:r:${((n * 7919) % 2500) * 8 + w}`;
        const value = `w${w}:${n}`;
        try {
          await client.set(key, value);
          expected.set(key, value);
          writes++;
        } catch (err) {
          failures.push(err);
        }
      }
    });
    await new Promise((r) => setTimeout(r, 50));
    const progress: number[] = [];
    const result = await reshard(cluster.masterClients(), { from: from.id, to: to.id, slots: 200, batchKeys: 10, onProgress: (p) => progress.push(p.slotsDone) });
    const writesDuring = writes;
    done = true;
    await Promise.all(writers);
    console.log(`reshard: ${JSON.stringify({ ...result, slots: `${result.slots[0]}..${result.slots.at(-1)}` })}, ${writesDuring} writes during it`);

    expect(failures).toEqual([]);
    expect(writesDuring).toBeGreaterThan(100);
    expect(result.slots).toEqual(Array.from({ length: 200 }, (_, i) => i));
    expect(result.slotsMoved).toBe(200);
    expect(progress).toHaveLength(200);
    expect(result.keysMoved).toBeGreaterThan(100);
    expect(result.bytesMoved).toBeGreaterThan(result.keysMoved * 10);
    expect(result.migrateCalls).toBeGreaterThanOrEqual(result.keysMoved / 10);
    expect(result.migrateMeanUs).toBeGreaterThan(0);

    const masters = cluster.masterClients();
    // Every master was told: one slot map everywhere, the slots now the target's.
    expect(new Set(await signatures(masters)).size).toBe(1);
    await cluster.refreshTopology();
    const target = cluster.masters.find((m) => m.id === to.id)!;
    expect(expandRanges(target.slots).slice(0, 200)).toEqual(result.slots);
    expect(cluster.masters.reduce((s, m) => s + slotCount(m.slots), 0)).toBe(CLUSTER_SLOTS);
    for (const s of [0, 99, 199]) expect(await masters[0].call('CLUSTER', 'COUNTKEYSINSLOT', String(s))).toBe(0);

    const where = await keysByNode(masters, 'fs:*');
    expect(where.size).toBe(expected.size);
    expect([...where.values()].filter((nodes) => nodes.length !== 1)).toEqual([]);
    // Each key is on the node serving its slot (a plain GET would answer -MOVED otherwise), with the last value written.
    for (const m of masters) {
      const keys = [...where].filter(([, nodes]) => nodes[0] === m).map(([k]) => k);
      const pipe = m.pipeline();
      for (const k of keys) pipe.get(k);
      const values = ((await pipe.exec()) ?? []).map(([err, v]) => err?.message ?? v);
      expect(values).toEqual(keys.map((k) => expected.get(k)));
    }
  });

  it('says what to do when a reshard names an unknown node or slots the source does not serve', async () => {
    const [a, b] = cluster.masters;
    const unknown = await reshard(cluster.masterClients(), { from: 'f'.repeat(40), to: b.id, slots: 1 }).catch((e: unknown) => e);
    expect((unknown as FeedscopeError).code).toBe('RESHARD_NODE_UNKNOWN');
    const foreign = await reshard(cluster.masterClients(), { from: a.id, to: b.id, slots: [expandRanges(b.slots)[0]] }).catch((e: unknown) => e);
    expect((foreign as FeedscopeError).code).toBe('RESHARD_SLOTS_INVALID');
    expect((foreign as Error).message).toMatch(/pass slots it serves/);
  });

  it('deletePrefixCluster removes every fs: key on every node and nothing else, also mid-reshard', async () => {
    await client.set('other:keep', '1');
    await client.set('fsx', '1');
    // Leave one slot half moved, as an interrupted reshard would: keys on both nodes, the target's
    // answering -MOVED to a plain UNLINK.
    const masters = cluster.masterClients();
    const slot = (await client.call('CLUSTER', 'KEYSLOT', 'fs:{mid}')) as number;
    const source = cluster.masters.findIndex((m) => m.slots.some(([a, b]) => a <= slot && slot <= b));
    const target = (source + 1) % 3;
    for (let i = 0; i < 10; i++) await client.set(`fs:{mid}:${i}`, 'x');
    await masters[target].call('CLUSTER', 'SETSLOT', String(slot), 'IMPORTING', cluster.masters[source].id);
    await masters[source].call('CLUSTER', 'SETSLOT', String(slot), 'MIGRATING', cluster.masters[target].id);
    const { port } = cluster.masters[target];
    await masters[source].call('MIGRATE', '127.0.0.1', String(port), '', '0', '5000', 'KEYS', ...[0, 1, 2, 3, 4].map((i) => `fs:{mid}:${i}`));
    expect(await masters[target].call('CLUSTER', 'COUNTKEYSINSLOT', String(slot))).toBe(5);

    const deleted = await deletePrefixCluster(masters, 'fs:');
    expect(deleted).toBe(expected.size + 10);
    // Moving the open slot again finishes it.
    const done = await reshard(masters, { from: cluster.masters[source].id, to: cluster.masters[target].id, slots: [slot] });
    expect(done.keysMoved).toBe(0);
    expect(new Set(await signatures(masters)).size).toBe(1);
    expect((await keysByNode(cluster.masterClients(), 'fs:*')).size).toBe(0);
    expect(await client.get('other:keep')).toBe('1');
    expect(await client.get('fsx')).toBe('1');
    const err = await deletePrefixCluster(cluster.masterClients(), '').catch((e: unknown) => e);
    expect((err as FeedscopeError).code).toBe('PREFIX_EMPTY');
  });

  it('stop() leaves no process and no dir, and can be called again', async () => {
    client.disconnect();
    bulk.disconnect();
    const { pids, dir } = cluster;
    expect(pids.every(alive)).toBe(true);
    expect(existsSync(dir)).toBe(true);
    await cluster.stop();
    await waitGone(pids, dir, 1000);
    await cluster.stop();
  });
});

describe('private Redis Cluster, other shapes', () => {
  it('3 masters + 3 replicas: each master has one replica, synced', async () => {
    const c = await RedisCluster.start({ nodes: 3, replicas: 1 });
    try {
      console.log(`3+3 cluster started in ${c.startMs} ms`);
      expect(c.masters).toHaveLength(3);
      expect(c.replicas).toHaveLength(3);
      expect(new Set(c.replicas.map((r) => r.masterId))).toEqual(new Set(c.masters.map((m) => m.id)));
      const stats = await clusterNodeStats(c.masterClients());
      expect(stats.map((s) => s.role)).toEqual(['master', 'master', 'master']);
      const { Redis } = await import('ioredis');
      for (const r of c.replicas) {
        const conn = new Redis({ host: r.host, port: r.port, lazyConnect: true });
        await conn.connect();
        const info = await conn.info('replication');
        conn.disconnect();
        expect(info).toMatch(/role:slave/);
        expect(info).toMatch(/master_link_status:up/);
        expect(info).toContain(`master_port:${c.masters.find((m) => m.id === r.masterId)!.port}`);
      }
    } finally {
      await c.stop();
    }
    await waitGone(c.pids, c.dir, 1000);
  });

  it('refuses shapes it does not build', async () => {
    for (const bad of [{ nodes: 0, replicas: 0 }, { nodes: 7, replicas: 0 }, { nodes: 3, replicas: 2 }]) {
      const err = await RedisCluster.start(bad as never).catch((e: unknown) => e);
      expect((err as FeedscopeError).code).toBe('CLUSTER_OPTIONS_INVALID');
    }
  });

  it('says how to install redis-server when it is missing', async () => {
    const err = await RedisCluster.start({ nodes: 3, replicas: 0, bin: 'redis-server-that-does-not-exist' }).catch((e: unknown) => e);
    expect((err as FeedscopeError).code).toBe('REDIS_NOT_INSTALLED');
    expect((err as Error).message).toMatch(/apt-get install redis-server/);
  });

  it('leaves no orphan node or dir when its parent is killed with SIGKILL', async () => {
    const script = `import { RedisCluster } from '${path.join(ROOT, 'engine/redis/RedisCluster.ts')}';
const c = await RedisCluster.start({ nodes: 3, replicas: 0 }); console.log(JSON.stringify({ pids: [...c.pids, c.guardianPid], dir: c.dir })); setInterval(() => {}, 1000);`;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    const { pids, dir } = await new Promise<{ pids: number[]; dir: string }>((resolve) => child.stdout.once('data', (d: Buffer) => resolve(JSON.parse(d.toString()))));
    expect(pids).toHaveLength(4);
    expect(pids.every(alive)).toBe(true);
    expect(existsSync(dir)).toBe(true);
    child.kill('SIGKILL');
    await waitGone(pids, dir);
  });
});
