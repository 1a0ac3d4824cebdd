/**
 * Forming a Redis Cluster out of fresh cluster-mode servers, fast, and knowing when it is formed.
 *
 * redis-cli --cluster create (clusterManagerCommandCreate in src/redis-cli.c) assigns slots,
 * sets a distinct config epoch per node, MEETs every node from the first one, then checks the
 * nodes' config signatures once a second (`sleep(1)` in clusterManagerWaitForClusterJoin): ~3.5 s
 * for 3 nodes. We do the same steps without waiting on gossip or a 1 s poll:
 *
 *   1. CLUSTER SET-CONFIG-EPOCH i+1 on node i (it works only while a node knows no other, and
 *      spares the cluster resolving epoch collisions), CLUSTER ADDSLOTSRANGE on each master.
 *   2. One CLUSTER MEET per pair (bus port given: cluster-port is not port + 10000 here).
 *   3. When every handshake is done, each master MEETs every node once more. A handshake ends
 *      without either side reading the other's slots, so otherwise a node learns them only from
 *      the owner's next PING, node-timeout/2 or a random 1-in-5 pick a second away. A MEET carries
 *      the sender's header (slots, epoch, role) at once; to a node already known it ends as a
 *      duplicate handshake that is dropped on the PONG.
 *   4. A replica runs CLUSTER REPLICATE once it knows its master's slots (a replica's messages
 *      carry its master's slots and epoch; until step 3 reached it they would carry none), then
 *      MEETs everyone so its new role is known at once rather than at its next PING.
 *   5. Poll every POLL_MS until every node says cluster_state:ok, knows every node with no
 *      failure or handshake flag, sees all 16384 slots served, agrees on one slot map, and every
 *      replica has synced.
 *
 * What remains is Redis's own floor: a master stays cluster_state:fail for CLUSTER_WRITABLE_DELAY
 * (2000 ms, cluster.c clusterUpdateState) after its first state update, i.e. ~2 s after it started;
 * steps 1-4 run inside those 2 s. cluster-node-timeout plays no part once step 3 replaces waiting
 * for PINGs.
 */
import type { Redis } from 'ioredis';
import { FeedscopeError } from '../errors.js';
import type { ClusterGuardian } from './ClusterGuardian.js';
import { CLUSTER_SLOTS, clusterSignature, evenSlotRanges, parseClusterNodes, slotCount } from './clusterTopology.js';

const FORM_TIMEOUT_MS = 20_000;
const POLL_MS = 20;

/** A started cluster-mode redis-server: its ports, its guardian id, an admin client. */
export interface ClusterNodeProc {
  port: number;
  busPort: number;
  pid: number;
  guardianId: number;
  client: Redis;
}

/** Steps 1-4 above. The first `masters` of `procs` become the masters; replica r follows master r % masters. */
export async function formClusterWithCommands(procs: ClusterNodeProc[], masters: number): Promise<void> {
  const ranges = evenSlotRanges(masters);
  await Promise.all(procs.map(async (p, i) => {
    const pipe = p.client.pipeline().call('CLUSTER', 'SET-CONFIG-EPOCH', String(i + 1));
    if (i < masters) pipe.call('CLUSTER', 'ADDSLOTSRANGE', String(ranges[i][0]), String(ranges[i][1]));
    replies(await pipe.exec(), p);
  }));
  await Promise.all(procs.map((p, i) => meet(p, procs.slice(i + 1))));
  const deadline = Date.now() + FORM_TIMEOUT_MS;
  await Promise.all(procs.map((p) => until(deadline, `node ${p.port} never finished its handshakes`, async () => {
    const view = parseClusterNodes((await p.client.call('CLUSTER', 'NODES')) as string);
    return view.length === procs.length && !view.some((n) => n.flags.includes('handshake'));
  })));
  await Promise.all(procs.slice(0, masters).map((p) => meet(p, procs.filter((q) => q !== p))));
  const ids = await Promise.all(procs.slice(0, masters).map((p) => p.client.call('CLUSTER', 'MYID') as Promise<string>));
  await Promise.all(procs.slice(masters).map(async (p, r) => {
    const masterId = ids[r % masters];
    await until(deadline, `replica ${p.port} never learned the slots of its master`, async () => {
      const view = parseClusterNodes((await p.client.call('CLUSTER', 'NODES')) as string).find((n) => n.id === masterId);
      return view !== undefined && view.slots.length > 0;
    });
    await p.client.call('CLUSTER', 'REPLICATE', masterId);
    await meet(p, procs.filter((q) => q !== p));
  }));
}

/** The same cluster built by `redis-cli --cluster create`, run under the guardian: the baseline. */
export async function formClusterWithRedisCli(guardian: ClusterGuardian, redisCli: string, procs: ClusterNodeProc[], replicas: number): Promise<void> {
  // redis-cli makes the first nodes/(replicas+1) addresses the masters and pairs the rest with them.
  const args = ['--cluster', 'create', ...procs.map((p) => `127.0.0.1:${p.port}`), '--cluster-replicas', String(replicas), '--cluster-yes'];
  const cli = await guardian.start(redisCli, args).catch((err: NodeJS.ErrnoException) => {
    throw new FeedscopeError('REDIS_NOT_INSTALLED', `redis-cli could not be started (${err.code ?? err.message}): install it (it comes with redis-server) or pass redisCliBin.`, { cause: err });
  });
  const done = await guardian.exited(cli.id);
  if (done.exit !== 0) throw new FeedscopeError('CLUSTER_START_FAILED', `redis-cli --cluster create failed (exit ${done.exit}): ${done.output.trim().slice(-800)}`);
}

/** Step 5 above; fails fast when a node exits meanwhile. */
export async function waitClusterFormed(procs: ClusterNodeProc[], masters: number, guardian: ClusterGuardian): Promise<void> {
  const deadline = Date.now() + FORM_TIMEOUT_MS;
  for (;;) {
    const gone = procs.find((p) => guardian.exits.has(p.guardianId));
    if (gone) {
      const e = guardian.exits.get(gone.guardianId)!;
      throw new FeedscopeError('CLUSTER_START_FAILED', `Cluster node ${gone.port} exited while the cluster formed: ${e.output.trim().slice(-800) || `code ${e.exit}`}`);
    }
    const why = await notFormed(procs, masters).catch((err: Error) => err.message);
    if (!why) return;
    if (Date.now() > deadline) {
      throw new FeedscopeError('CLUSTER_START_FAILED', `The cluster did not form within ${FORM_TIMEOUT_MS} ms: ${why}. The machine may be overloaded; try again with fewer nodes.`);
    }
    await sleep(POLL_MS);
  }
}

/** '' once formed, else what is still missing. */
async function notFormed(procs: ClusterNodeProc[], masters: number): Promise<string> {
  const views = await Promise.all(procs.map(async (p, i) => {
    const pipe = p.client.pipeline().call('CLUSTER', 'INFO').call('CLUSTER', 'NODES');
    if (i >= masters) pipe.info('replication');
    const [info, nodes, repl] = replies(await pipe.exec(), p) as [string, string, string | undefined];
    return { p, state: /cluster_state:(\w+)/.exec(info)?.[1], nodes: parseClusterNodes(nodes), repl };
  }));
  let signature: string | null = null;
  for (const { p, state, nodes, repl } of views) {
    if (state !== 'ok') return `node ${p.port} says cluster_state:${state}`;
    if (nodes.length !== procs.length) return `node ${p.port} knows ${nodes.length} of ${procs.length} nodes`;
    const bad = nodes.find((n) => n.flags.some((f) => ['handshake', 'fail', 'fail?', 'noaddr'].includes(f)) || (!n.flags.includes('myself') && !n.linkConnected));
    if (bad) return `node ${p.port} sees ${bad.port} as ${bad.flags.join(',')}, link ${bad.linkConnected ? 'up' : 'down'}`;
    const covered = nodes.reduce((sum, n) => sum + slotCount(n.slots), 0);
    if (covered !== CLUSTER_SLOTS) return `node ${p.port} sees ${covered} of ${CLUSTER_SLOTS} slots served`;
    if (nodes.filter((n) => n.role === 'replica').length !== procs.length - masters) return `node ${p.port} does not see every replica yet`;
    const sig = clusterSignature(nodes);
    if (signature !== null && sig !== signature) return `node ${p.port} disagrees on the slot map`;
    signature = sig;
    if (repl !== undefined && !/master_link_status:up/.test(repl)) return `replica ${p.port} has not synced with its master`;
  }
  return '';
}

/** CLUSTER MEET from `p` to each of `others`, in one pipeline. */
async function meet(p: ClusterNodeProc, others: ClusterNodeProc[]): Promise<void> {
  if (others.length === 0) return;
  const pipe = p.client.pipeline();
  for (const q of others) pipe.call('CLUSTER', 'MEET', '127.0.0.1', String(q.port), String(q.busPort));
  replies(await pipe.exec(), p);
}

/** Polls `check` every POLL_MS / 2 until it holds; past `deadline`, fails naming `what`. */
async function until(deadline: number, what: string, check: () => Promise<boolean>): Promise<void> {
  while (!(await check())) {
    if (Date.now() > deadline) throw new FeedscopeError('CLUSTER_START_FAILED', `The cluster did not form: ${what}. The machine may be overloaded; try again with fewer nodes.`);
    await sleep(POLL_MS / 2);
  }
}

/** The values of a pipeline's replies; the first error, if any, thrown as a FeedscopeError. */
function replies(results: [Error | null, unknown][] | null, p: ClusterNodeProc): unknown[] {
  for (const [err] of results ?? []) {
    if (err) throw new FeedscopeError('CLUSTER_START_FAILED', `Cluster node ${p.port} refused a command while the cluster formed: ${err.message}`, { cause: err });
  }
  return (results ?? []).map(([, v]) => v);
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
