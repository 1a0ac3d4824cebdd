/**
 * The cluster fault kinds, on real things:
 *
 * - clusterNodeKill: SIGKILL of one master's redis-server. With a replica, the cluster fails over
 *   on its own (the other masters flag the node PFAIL after cluster-node-timeout, FAIL once a
 *   majority agree; the replica waits 500 ms + 0..500 ms + 1 s per rank and asks for votes, cluster
 *   spec "Replica election and promotion"); this run lowers cluster-node-timeout on a private
 *   cluster to FAULT_NODE_TIMEOUT_MS so that takes ~2-3 s. When the window ends the node is
 *   started again with its nodes.conf: it sees the higher configEpoch of its old replica and
 *   rejoins as that master's replica (empty, then resynced). We wait for the failover before the
 *   restart: a master restarted empty before its replica took over would come back owning its
 *   slots with no data, and the replica would resync that emptiness. Without a replica the node
 *   comes back empty as the master of its slots, and the models rebuild, as after a redisKill.
 *   Replication is asynchronous: what the master acknowledged and had not yet sent its replica is
 *   lost on the failover; the bytes it was behind at the kill are reported (unreplicatedBytes).
 * - partition: the engine's models reach every node through a proxy of their own (one DelayProxy
 *   per node; the transports' addressMap). A partition resets that node's sockets and refuses new
 *   ones for the window, while the cluster bus between nodes stays up: the cluster sees the node
 *   healthy (no failover), the engine cannot reach it. Admin reads (stats, reset) go direct.
 */
import { FeedscopeError } from '../errors.js';
import type { ClusterConnection } from '../redis/clusterConnect.js';
import { parseClusterNodes } from '../redis/clusterTopology.js';
import type { ClusterFaultReport, ClusterFaultView } from '../api/faults.js';
import { faultLabel, type FaultState } from './FaultSchedule.js';
import { DelayProxy, NO_DELAY } from './DelayProxy.js';

/** cluster-node-timeout while a private cluster plays a clusterNodeKill (ms; Redis's default is 15000). */
export const FAULT_NODE_TIMEOUT_MS = 1000;
/** Longest wait for a replica's promotion before the killed node is restarted anyway (wall ms). */
const FAILOVER_BUDGET_MS = 20_000;
/** Longest wait for the cluster to say ok again after a restart (wall ms). */
const REJOIN_BUDGET_MS = 15_000;
const POLL_MS = 50;

interface Kill {
  fig: ClusterFaultReport;
  masterId: string;
  port: number;
  killedAt: number;
  promoted: Promise<void>;
}

export class ClusterFaultNet {
  private readonly kills = new Map<number, Kill>();
  private readonly figures = new Map<number, ClusterFaultReport>();
  private nodeTimeoutBefore: number | null = null;

  private constructor(
    readonly conn: ClusterConnection,
    /** "host:port" of each node -> its proxy. */
    private readonly proxies: Map<string, DelayProxy>,
  ) {}

  /** A proxy per node of the cluster (masters and replicas: a replica may be promoted). */
  static async open(conn: ClusterConnection, seed: number): Promise<ClusterFaultNet> {
    const nodes = parseClusterNodes((await conn.masterClients()[0].call('CLUSTER', 'NODES')) as string);
    const proxies = new Map<string, DelayProxy>();
    try {
      for (const n of nodes) {
        proxies.set(`${n.host}:${n.port}`, await DelayProxy.start({ targetHost: n.host, targetPort: n.port, profile: NO_DELAY, seed: seed + n.port }));
      }
    } catch (err) {
      for (const p of proxies.values()) await p.close();
      throw err;
    }
    return new ClusterFaultNet(conn, proxies);
  }

  /** Every node's real address: the seeds of the models' transports. */
  get seeds(): string[] {
    return [...this.proxies.keys()];
  }

  /** Where a transport connects for a node: its proxy. */
  readonly addressMap = (addr: string): string => {
    const p = this.proxies.get(addr);
    return p ? `127.0.0.1:${p.port}` : addr;
  };

  /** Whether this cluster's processes are Feedscope's (a kill needs them). */
  get canKill(): boolean {
    return this.conn.server !== null;
  }

  get hasReplicas(): boolean {
    return (this.conn.server?.replicas.length ?? 0) > 0;
  }

  /** Lowers cluster-node-timeout for the run (private clusters with a clusterNodeKill). */
  async fastFailover(): Promise<void> {
    if (!this.conn.server || this.nodeTimeoutBefore !== null) return;
    this.nodeTimeoutBefore = await this.conn.server.setNodeTimeout(FAULT_NODE_TIMEOUT_MS);
  }

  /** What a fault did to the cluster, for report.json. */
  report(index: number): ClusterFaultReport | null {
    return this.figures.get(index) ?? null;
  }

  /** The cluster faults that have started, for the Cluster tab. */
  views(states: readonly FaultState[]): ClusterFaultView[] {
    return states.flatMap((f) => {
      const cluster = this.figures.get(f.index);
      return cluster && f.phase !== 'pending' ? [{ index: f.index, kind: f.spec.kind, label: faultLabel(f), active: f.phase === 'active', cluster: { ...cluster } }] : [];
    });
  }

  proxyStats(): { connections: number; drops: number; spikes: number; maxHoldMs: number } {
    const t = { connections: 0, drops: 0, spikes: 0, maxHoldMs: 0 };
    for (const p of this.proxies.values()) {
      t.connections += p.stats.connections;
      t.drops += p.stats.drops;
      t.spikes += p.stats.spikes;
      t.maxHoldMs = Math.max(t.maxHoldMs, p.stats.maxHoldMs);
    }
    return t;
  }

  private master(node: number): { id: string; addr: string; port: number; firstSlot: number } {
    const m = this.conn.masters[node];
    if (!m) throw new FeedscopeError('FAULT_BAD_NODE', `The cluster has masters 0 to ${this.conn.masters.length - 1}; a fault names master ${node}. Fix the fault's "node" or run with more nodes (--cluster N).`);
    return { id: m.id, addr: `${m.host}:${m.port}`, port: m.port, firstSlot: m.slots[0]?.[0] ?? 0 };
  }

  /** SIGKILL of master `node`; with a replica, watches for its promotion from now on. */
  async kill(index: number, node: number): Promise<void> {
    const server = this.conn.server!;
    await this.conn.refresh();
    const m = this.master(node);
    const fig: ClusterFaultReport = { node, target: m.addr, promoted: null, failoverMs: null, rejoinedAs: null, rejoinMs: null, unreplicatedBytes: await this.unreplicated(m.addr, m.id) };
    this.figures.set(index, fig);
    const replicas = this.hasReplicas;
    await server.killNode(m.port);
    this.proxies.get(m.addr)?.dropAll();
    const killedAt = performance.now();
    const kill: Kill = { fig, masterId: m.id, port: m.port, killedAt, promoted: replicas ? this.watchPromotion(fig, m.id, m.firstSlot, killedAt) : Promise.resolve() };
    kill.promoted.catch(() => undefined);
    this.kills.set(index, kill);
  }

  /**
   * Brings the killed node back: after the promotion (with a replica), restarted on its port;
   * resolves once it has rejoined and the cluster says ok. Returns whether it came back as the
   * (empty) master of its slots, so the models must rebuild.
   */
  async restore(index: number): Promise<boolean> {
    const kill = this.kills.get(index);
    if (!kill) return false;
    this.kills.delete(index);
    const server = this.conn.server!;
    let promotionError: unknown = null;
    await kill.promoted.catch((err: unknown) => (promotionError = err));
    const t0 = performance.now();
    await server.restartNode(kill.port);
    if (this.nodeTimeoutBefore !== null) await server.setNodeTimeout(FAULT_NODE_TIMEOUT_MS);
    const role = await this.waitRejoined(kill.port);
    kill.fig.rejoinedAs = role;
    kill.fig.rejoinMs = Math.round(performance.now() - t0);
    this.conn.forget(`127.0.0.1:${kill.port}`);
    await this.conn.refresh();
    if (promotionError) throw promotionError;
    return role === 'master';
  }

  /** partition on: master `node`'s proxy resets its sockets and refuses new ones; off: it lets them in. */
  partition(index: number, node: number, on: boolean): void {
    const m = on ? this.master(node) : null;
    const addr = m?.addr ?? this.figures.get(index)?.target;
    const proxy = addr ? this.proxies.get(addr) : undefined;
    if (!proxy) return;
    if (on) this.figures.set(index, { node, target: addr!, promoted: null, failoverMs: null, rejoinedAs: null, rejoinMs: null, unreplicatedBytes: null });
    proxy.refuse(on);
    if (on) proxy.dropAll();
  }

  /**
   * Replication bytes the master's replica was behind just before the kill: the master's
   * master_repl_offset, then the replica's own slave_repl_offset (read after it, so a lower
   * bound); null without a replica or when either did not answer.
   */
  private async unreplicated(addr: string, masterId: string): Promise<number | null> {
    try {
      const nodes = parseClusterNodes((await this.conn.nodeClient(addr).call('CLUSTER', 'NODES')) as string);
      const replica = nodes.find((n) => n.role === 'replica' && n.masterId === masterId && !n.flags.includes('fail'));
      if (!replica) return null;
      const m = Number(/master_repl_offset:(\d+)/.exec((await this.conn.nodeClient(addr).info('replication')) as string)?.[1] ?? NaN);
      const r = Number(/slave_repl_offset:(\d+)/.exec((await this.conn.nodeClient(`${replica.host}:${replica.port}`).info('replication')) as string)?.[1] ?? NaN);
      return Number.isFinite(m) && Number.isFinite(r) ? Math.max(0, m - r) : null;
    } catch {
      return null;
    }
  }

  /** Polls a live node until another master serves the killed master's first slot. */
  private async watchPromotion(fig: ClusterFaultReport, masterId: string, firstSlot: number, killedAt: number): Promise<void> {
    const deadline = killedAt + FAILOVER_BUDGET_MS;
    for (;;) {
      for (const c of this.conn.masterClients()) {
        try {
          const nodes = parseClusterNodes((await c.call('CLUSTER', 'NODES')) as string);
          const heir = nodes.find((n) => n.id !== masterId && n.role === 'master' && !n.flags.includes('fail') && n.slots.some(([lo, hi]) => firstSlot >= lo && firstSlot <= hi));
          if (heir) {
            fig.promoted = `${heir.host}:${heir.port}`;
            fig.failoverMs = Math.round(performance.now() - killedAt);
            return;
          }
          break;
        } catch {
          // a dead or unanswering node: ask the next one
        }
      }
      if (performance.now() > deadline) {
        throw new FeedscopeError('FAILOVER_TIMEOUT', `No replica took over the killed master's slots within ${FAILOVER_BUDGET_MS} ms: the node was restarted as it was. Check the replicas (redis-cli -p <port> CLUSTER NODES) and cluster-node-timeout.`);
      }
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
  }

  /** Waits until the restarted node on `port` has a role in everyone's view and the cluster says ok. */
  private async waitRejoined(port: number): Promise<'master' | 'replica'> {
    const deadline = performance.now() + REJOIN_BUDGET_MS;
    let why = 'no node answered';
    for (;;) {
      try {
        const clients = this.conn.masterClients();
        const views = await Promise.all(clients.map(async (c) => ({ info: (await c.call('CLUSTER', 'INFO')) as string, nodes: parseClusterNodes((await c.call('CLUSTER', 'NODES')) as string) })));
        const me = views.map((v) => v.nodes.find((n) => n.port === port));
        const bad = views.findIndex((v, i) => !/cluster_state:ok/.test(v.info) || !me[i] || me[i]!.flags.some((f) => f === 'fail' || f === 'fail?'));
        if (bad < 0 && me[0]) return me[0].role;
        why = bad >= 0 ? `master ${bad} does not see node ${port} healthy or the cluster ok yet` : why;
      } catch (err) {
        why = (err as Error).message;
        await this.conn.refresh().catch(() => undefined);
      }
      if (performance.now() > deadline) throw new FeedscopeError('CLUSTER_REJOIN_TIMEOUT', `Cluster node ${port} was restarted but the cluster was not ok again within ${REJOIN_BUDGET_MS} ms: ${why}.`);
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
  }

  /** Lets every proxy through, puts cluster-node-timeout back, closes the proxies. */
  async close(): Promise<void> {
    for (const p of this.proxies.values()) p.refuse(false);
    if (this.nodeTimeoutBefore !== null && this.conn.server) await this.conn.server.setNodeTimeout(this.nodeTimeoutBefore).catch(() => undefined);
    this.nodeTimeoutBefore = null;
    for (const p of this.proxies.values()) await p.close();
    this.proxies.clear();
  }
}
