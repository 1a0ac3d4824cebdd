/**
 * Feedscope's Redis Cluster, private or existing, as the engine uses it: admin connections to
 * every master (reset, INFO, stats, reshard), transports routed by slot for the models, and the
 * masters in a stable order (by their first slot when first seen, kept across reshards) so that
 * "master 0" and "master 1" of a scenario's reshard mean the same nodes on every run.
 */
import calculateSlot from 'cluster-key-slot';
import { isIP } from 'node:net';
import { Redis } from 'ioredis';
import { FeedscopeError } from '../errors.js';
import { deletePrefixCluster } from './clusterReset.js';
import { reshard, type ReshardProgress, type ReshardResult } from './clusterReshard.js';
import { clusterNodeStats, type ClusterNodeStats } from './clusterStats.js';
import { CLUSTER_SLOTS, parseClusterNodes, topologyOf, type ClusterMaster } from './clusterTopology.js';
import { RedisCluster } from './RedisCluster.js';
import { ClusterTransport } from './transport/ClusterTransport.js';

/** How to log in to every node of an existing cluster: the same user, password and TLS on each. */
export interface ClusterAuth {
  username?: string;
  password?: string;
  /** TLS to every node; `ca`: PEM text of the CA that signed the nodes' certificates (none: the system's CAs). */
  tls?: { ca?: string };
}

export type ClusterTarget = { nodes: number; replicas: 0 | 1 } | { seeds: readonly string[]; auth?: ClusterAuth };

const CONNECT_TIMEOUT_MS = 5000;

export class ClusterConnection {
  private admins = new Map<string, Redis>();
  /** Each admin connection's socket error since it was last ready (a TLS or auth failure its command reports only as "max retries"). */
  private readonly socketErrors = new Map<string, Error>();
  masters: ClusterMaster[] = [];
  /** Index of every master ever seen (stable across reshards and failovers), and its last slots. */
  private readonly indexById = new Map<string, number>();
  private readonly slotsById = new Map<string, ClusterMaster['slots']>();

  private constructor(
    /** The cluster Feedscope started (stopped on close), or null for an existing one. */
    readonly server: RedisCluster | null,
    readonly seeds: readonly string[],
    readonly version: string,
    /** The login of every admin connection (an existing cluster's; none for a private one). */
    private readonly auth: ClusterAuth = {},
  ) {}

  static async open(target: ClusterTarget, bin?: string): Promise<ClusterConnection> {
    if ('nodes' in target) {
      const server = await RedisCluster.start({ nodes: target.nodes, replicas: target.replicas, bin });
      const c = new ClusterConnection(server, server.seeds, server.version);
      try {
        await c.refresh();
      } catch (err) {
        await c.close();
        throw err;
      }
      return c;
    }
    if (target.seeds.length === 0) throw new FeedscopeError('CLUSTER_OPTIONS_INVALID', 'An existing cluster needs at least one seed node (host:port).');
    const c = new ClusterConnection(null, target.seeds, '', target.auth);
    try {
      await c.refresh();
      const info = (await c.masterClients()[0].info('server')) as string;
      (c as { version: string }).version = /redis_version:(\S+)/.exec(info)?.[1] ?? 'unknown';
    } catch (err) {
      await c.close();
      throw err;
    }
    return c;
  }

  /** Private clusters: the nodes; existing ones: the seeds given. */
  get label(): string {
    return this.server ? `private cluster of ${this.masters.length} master${this.masters.length === 1 ? '' : 's'}${this.server.replicas.length ? ` + ${this.server.replicas.length} replicas` : ''}` : `cluster ${this.seeds.join(',')}`;
  }

  /** Reads the topology again from the first node that answers; masters ordered by first slot. */
  async refresh(): Promise<void> {
    let last: unknown = null;
    for (const seed of [...this.seeds, ...this.masters.map((m) => `${m.host}:${m.port}`)]) {
      try {
        const nodes = parseClusterNodes((await this.admin(seed).call('CLUSTER', 'NODES')) as string);
        const topo = topologyOf(nodes);
        // A known master marked failed that still holds its slots (no replica promoted yet) keeps its place.
        for (const n of nodes) {
          if (n.role === 'master' && n.flags.includes('fail') && n.slots.length > 0 && this.indexById.has(n.id)) topo.masters.push({ id: n.id, host: n.host, port: n.port, slots: n.slots });
        }
        // Known masters keep their index (a reshard must not renumber them); a replica promoted by
        // a failover takes the index of the master whose slots it now serves; new ones follow by first slot.
        const live = new Set(topo.masters.map((m) => m.id));
        for (const m of topo.masters) {
          if (this.indexById.has(m.id) || m.slots.length === 0) continue;
          const first = m.slots[0][0];
          const heir = [...this.slotsById].find(([id, slots]) => !live.has(id) && slots.some(([a, b]) => first >= a && first <= b));
          if (heir) this.indexById.set(m.id, this.indexById.get(heir[0])!);
        }
        const rank = (m: ClusterMaster): number => this.indexById.get(m.id) ?? CLUSTER_SLOTS + (m.slots[0]?.[0] ?? CLUSTER_SLOTS);
        this.masters = topo.masters.filter((m) => m.slots.length > 0 || this.indexById.has(m.id)).sort((a, b) => rank(a) - rank(b));
        this.masters.forEach((m, i) => {
          if (!this.indexById.has(m.id)) this.indexById.set(m.id, Math.max(i, ...[...this.indexById.values()].map((v) => v + 1)));
          this.slotsById.set(m.id, m.slots);
        });
        return;
      } catch (err) {
        last = this.socketErrors.get(seed) ?? err;
        this.forget(seed);
      }
    }
    throw new FeedscopeError('CLUSTER_UNREACHABLE', `No node of the cluster (${this.seeds.join(', ')}) answered CLUSTER NODES (${(last as Error)?.message}). Check that it is running in cluster mode, or drop --redis-cluster.`, { cause: last });
  }

  /** The admin connection to any node by host:port (a replica included). */
  nodeClient(addr: string): Redis {
    return this.admin(addr);
  }

  private admin(addr: string): Redis {
    let c = this.admins.get(addr);
    if (!c) {
      const i = addr.lastIndexOf(':');
      const host = addr.slice(0, i).replace(/^\[|\]$/g, '');
      const { username, password, tls } = this.auth;
      c = new Redis({
        host, port: Number(addr.slice(i + 1)), username, password, lazyConnect: false, connectTimeout: CONNECT_TIMEOUT_MS, maxRetriesPerRequest: 2, retryStrategy: (n) => (n > 3 ? null : 100 * n), commandTimeout: 15_000,
        // SNI takes a host name only (RFC 6066): none for an IP address.
        ...(tls ? { tls: { ca: tls.ca ? [tls.ca] : undefined, ...(isIP(host) ? {} : { servername: host }) } } : {}),
      });
      c.on('error', (err: Error) => this.socketErrors.set(addr, err));
      c.on('ready', () => this.socketErrors.delete(addr));
      this.admins.set(addr, c);
    }
    return c;
  }

  /** One admin connection per master, in slot order. */
  masterClients(): Redis[] {
    return this.masters.map((m) => this.admin(`${m.host}:${m.port}`));
  }

  /** The admin connection of the master that serves `key`'s slot now. */
  clientFor(key: string): Redis {
    const slot = calculateSlot(key);
    const m = this.masters.find((x) => x.slots.some(([a, b]) => slot >= a && slot <= b)) ?? this.masters[0];
    return this.admin(`${m.host}:${m.port}`);
  }

  /**
   * A transport for one model: its own RESP socket per master. `addressMap` turns a node's
   * address into the one to connect to (a fault run's per-node proxy); `seeds` default to the masters.
   */
  openTransport(commandTimeoutMs?: number, o: { seeds?: readonly string[]; addressMap?: (addr: string) => string } = {}): Promise<ClusterTransport> {
    if (this.auth.tls) {
      return Promise.reject(new FeedscopeError('CLUSTER_TLS_UNSUPPORTED', `The cluster ${this.seeds.join(', ')} is reached over TLS, which the models' RESP transport does not speak: inspect it with the key browser, or run scenarios on a cluster without TLS.`));
    }
    return ClusterTransport.connect({ seeds: o.seeds ?? this.masters.map((m) => `${m.host}:${m.port}`), commandTimeoutMs, addressMap: o.addressMap, username: this.auth.username, password: this.auth.password });
  }

  /** Drops the admin connection to `addr` (a killed node): the next use opens a new one. */
  forget(addr: string): void {
    this.admins.get(addr)?.disconnect();
    this.admins.delete(addr);
    this.socketErrors.delete(addr);
  }

  deletePrefix(prefix: string): Promise<number> {
    return deletePrefixCluster(this.masterClients(), prefix);
  }

  /** Every master's figures; a master that does not answer (killed, mid-failover) is left out and its connection reopened next time. */
  async nodeStats(): Promise<ClusterNodeStats[]> {
    const addrs = this.masters.map((m) => `${m.host}:${m.port}`);
    const got = await Promise.allSettled(addrs.map((a) => clusterNodeStats([this.admin(a)])));
    const out: ClusterNodeStats[] = [];
    got.forEach((g, i) => {
      if (g.status === 'fulfilled') out.push(...g.value);
      else this.forget(addrs[i]);
    });
    if (out.length === 0 && addrs.length > 0) throw (got[0] as PromiseRejectedResult).reason;
    return out;
  }

  /** Moves `slots` slots from master index `from` to master index `to` (slot order), live. */
  async reshard(o: { slots: number; from: number; to: number }, onProgress?: (p: ReshardProgress) => void): Promise<ReshardResult> {
    await this.refresh();
    const from = this.masters[o.from];
    const to = this.masters[o.to];
    if (!from || !to) throw new FeedscopeError('RESHARD_BAD_NODE', `The cluster has masters 0 to ${this.masters.length - 1}; a reshard from ${o.from} to ${o.to} names one it does not have. Fix "redis.reshards" (or --reshard-at) or run with more nodes (--cluster N).`);
    const result = await reshard(this.masterClients(), { from: from.id, to: to.id, slots: o.slots, onProgress });
    await this.refresh();
    return result;
  }

  async close(): Promise<void> {
    for (const c of this.admins.values()) c.disconnect();
    this.admins.clear();
    await this.server?.stop();
  }
}
