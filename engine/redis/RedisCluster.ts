/**
 * A private Redis Cluster for Feedscope: 1..6 masters, optionally one replica each, on free
 * loopback ports, no persistence, one temp dir holding a dir (and nodes.conf) per node. As with
 * RedisServer, the servers run under a guardian process that holds a pipe to us and kills them and
 * removes the dir when the pipe closes, so not even a SIGKILL of Feedscope leaves an orphan: here
 * one guardian for every node (ClusterGuardian, guardian.cjs --many), not one per node, since on a
 * 2-core machine a Node process per node would cost more start-up time than the servers do.
 *
 * Start-up is ~2.1 s whatever the size, against ~3.5 s for redis-cli --cluster create; why, and
 * why that is the floor, is in clusterForm.ts. `via: 'redis-cli'` builds it with redis-cli instead,
 * to measure the difference. Each node gets its own bus port (cluster-port, Redis 7.0) because
 * port + 10000 may be taken or past 65535. Owns one admin connection per node; application
 * traffic belongs on a cluster client of its own.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Redis } from 'ioredis';
import { FeedscopeError } from '../errors.js';
import { ClusterGuardian } from './ClusterGuardian.js';
import { formClusterWithCommands, formClusterWithRedisCli, waitClusterFormed, type ClusterNodeProc } from './clusterForm.js';
import { parseClusterNodes, topologyOf, type ClusterMaster, type ClusterReplica, type ClusterTopology } from './clusterTopology.js';

const START_TIMEOUT_MS = 10_000;
/** cluster-node-timeout: how long a silent node goes before it is flagged; start-up does not wait on it. */
const NODE_TIMEOUT_MS = 5000;
/** Above MIGRATE's default timeout in clusterReshard.ts, so a slow MIGRATE fails there first. */
const COMMAND_TIMEOUT_MS = 15_000;
const PORT_ATTEMPTS = 3;

export interface RedisClusterOptions {
  /** Masters, 1..6. */
  nodes: number;
  /** Replicas per master, 0 or 1. */
  replicas: 0 | 1;
  /** redis-server binary (7.0 or newer); found on PATH by default. */
  bin?: string;
  /** redis-cli binary, used only with `via: 'redis-cli'`. */
  redisCliBin?: string;
  /** How the cluster is formed: our commands (default) or `redis-cli --cluster create`. */
  via?: 'commands' | 'redis-cli';
  /** cluster-node-timeout in ms (default NODE_TIMEOUT_MS). */
  nodeTimeoutMs?: number;
}

/** Plain data about a running cluster, for frames and report.json. */
export interface RedisClusterInfo {
  version: string;
  masters: ClusterMaster[];
  replicas: ClusterReplica[];
  seeds: string[];
  startMs: number;
}

const live = new Set<RedisCluster>();
let exitHookInstalled = false;

export class RedisCluster {
  masters: ClusterMaster[] = [];
  replicas: ClusterReplica[] = [];
  /** From start() called to every node agreeing on the slot map, in ms. */
  startMs = 0;
  version = '';
  private stopped = false;
  /** How each node was started (by port), to restart it the same way (same dir, same nodes.conf). */
  private readonly launches = new Map<number, { bin: string; args: string[] }>();
  /** Nodes restarted after a SIGKILL (clusterNodeKill faults). */
  restarts = 0;

  private constructor(
    private readonly guardian: ClusterGuardian,
    /** The temp dir holding every node's dir. */
    readonly dir: string,
    private readonly procs: ClusterNodeProc[],
  ) {}

  /** host:port of every master: what a cluster client needs to find the rest. */
  get seeds(): string[] {
    return this.masters.map((m) => `${m.host}:${m.port}`);
  }

  /** pids of every redis-server, masters and replicas. */
  get pids(): number[] {
    return this.procs.map((p) => p.pid);
  }

  /** pid of the guardian the servers run under. */
  get guardianPid(): number {
    return this.guardian.pid;
  }

  /**
   * One admin connection per master, in `masters` order, owned by the cluster (stop() closes them):
   * for reshard(), deletePrefixCluster() and clusterNodeStats().
   */
  masterClients(): Redis[] {
    return this.masters.map((m) => this.procs.find((p) => p.port === m.port)!.client);
  }

  info(): RedisClusterInfo {
    return { version: this.version, masters: this.masters, replicas: this.replicas, seeds: this.seeds, startMs: this.startMs };
  }

  /** Reads the slot map again (after a reshard or a failover) from the first node that answers. */
  async refreshTopology(): Promise<ClusterTopology> {
    let lastError: unknown;
    for (const p of this.procs) {
      try {
        const topo = topologyOf(parseClusterNodes((await p.client.call('CLUSTER', 'NODES')) as string));
        this.masters = topo.masters;
        this.replicas = topo.replicas;
        return topo;
      } catch (err) {
        lastError = err;
      }
    }
    throw new FeedscopeError('CLUSTER_UNREACHABLE', `No node of the cluster in ${this.dir} answered CLUSTER NODES: was it stopped?`, { cause: lastError });
  }

  /** Starts the servers, forms the cluster and waits until every node agrees on it. */
  static async start(options: RedisClusterOptions): Promise<RedisCluster> {
    const t0 = performance.now();
    const { nodes, replicas } = options;
    if (!Number.isInteger(nodes) || nodes < 1 || nodes > 6 || (replicas !== 0 && replicas !== 1)) {
      throw new FeedscopeError('CLUSTER_OPTIONS_INVALID', `A private cluster has 1 to 6 masters and 0 or 1 replica each (got nodes=${nodes}, replicas=${replicas}).`);
    }
    installExitHook();
    const dir = mkdtempSync(path.join(os.tmpdir(), 'feedscope-cluster-'));
    const guardian = ClusterGuardian.spawn(dir);
    const procs: ClusterNodeProc[] = [];
    const cluster = new RedisCluster(guardian, dir, procs);
    live.add(cluster);
    try {
      const used = new Set<number>();
      const started = await Promise.allSettled(Array.from({ length: nodes * (1 + replicas) }, (_, i) => startNode(guardian, options, dir, i, used)));
      for (const r of started) {
        if (r.status !== 'fulfilled') continue;
        procs.push(r.value.proc);
        cluster.launches.set(r.value.proc.port, r.value.launch);
      }
      const failed = started.find((r) => r.status === 'rejected');
      if (failed) throw failed.reason;
      cluster.version = (started[0] as PromiseFulfilledResult<{ version: string }>).value.version;
      if (Number(cluster.version.split('.')[0]) < 7) {
        throw new FeedscopeError('REDIS_TOO_OLD', `A private Redis Cluster needs redis-server 7.0 or newer (cluster-port, CLUSTER ADDSLOTSRANGE); found ${cluster.version}. Upgrade redis-server or pass bin: the path of a 7.x binary.`);
      }
      if (options.via === 'redis-cli') await formClusterWithRedisCli(guardian, options.redisCliBin ?? 'redis-cli', procs, replicas);
      else await formClusterWithCommands(procs, nodes);
      await waitClusterFormed(procs, nodes, guardian);
      await cluster.refreshTopology();
      cluster.startMs = Math.round(performance.now() - t0);
      return cluster;
    } catch (err) {
      await cluster.stop();
      throw err;
    }
  }

  /** Every node's port, masters and replicas (what a per-node fault proxy fronts). */
  get ports(): number[] {
    return this.procs.map((p) => p.port);
  }

  /** SIGKILLs the node on `port` (a clusterNodeKill fault); resolves once it has exited. */
  async killNode(port: number): Promise<void> {
    const p = this.proc(port);
    const exited = this.guardian.exited(p.guardianId);
    p.client.disconnect();
    signal(p.pid, 'SIGKILL');
    await exited;
  }

  /**
   * Starts the killed node on `port` again, with its dir and nodes.conf: it rejoins the cluster
   * under its node id and, if a replica was promoted meanwhile, turns into a replica of the new
   * master (the higher configEpoch wins, cluster spec "UPDATE messages"). Its data is gone (no
   * persistence): a replica resyncs from its master. Resolves when it answers PING.
   */
  async restartNode(port: number): Promise<void> {
    const p = this.proc(port);
    const launch = this.launches.get(port)!;
    if (!this.guardian.exits.has(p.guardianId)) throw new FeedscopeError('CLUSTER_NODE_RUNNING', `Cluster node ${port} is still running: only a killed node is restarted.`);
    const started = await this.guardian.start(launch.bin, launch.args);
    const gone = () => this.guardian.exits.has(started.id);
    const answered = await Promise.race([waitPing(port, gone), this.guardian.exited(started.id).then(() => false)]);
    if (!answered) throw new FeedscopeError('REDIS_START_FAILED', `Cluster node ${port} did not come back after its kill: ${this.guardian.exits.get(started.id)?.output.trim() || 'no output'}`);
    const client = adminClient(port);
    await client.connect();
    Object.assign(p, { pid: started.pid, guardianId: started.id, client });
    this.restarts++;
  }

  /**
   * cluster-node-timeout on every node, live (CONFIG SET); returns the value it had. A failover
   * takes about node-timeout (PFAIL, then FAIL once a majority of masters agree) plus the
   * replica's election delay of 500 ms + 0..500 ms (+ 1 s per rank), cluster spec "Replica rank".
   */
  async setNodeTimeout(ms: number): Promise<number> {
    const before = Number(((await this.procs[0].client.call('CONFIG', 'GET', 'cluster-node-timeout')) as string[])[1]);
    await Promise.all(this.procs.map((p) => p.client.call('CONFIG', 'SET', 'cluster-node-timeout', String(ms))));
    return before;
  }

  private proc(port: number): ClusterNodeProc {
    const p = this.procs.find((x) => x.port === port);
    if (!p) throw new FeedscopeError('CLUSTER_BAD_NODE', `The private cluster has no node on port ${port} (its nodes: ${this.ports.join(', ')}).`);
    return p;
  }

  /** Stops every node (SIGTERM through the guardian, SIGKILL after 2 s) and removes the dir. Idempotent. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    live.delete(this);
    for (const p of this.procs) p.client.disconnect();
    await this.guardian.close();
    for (const pid of this.pids) signal(pid, 'SIGKILL');
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** Synchronous best effort for process exit: signal the servers, drop the pipe, remove the dir. */
  killNow(): void {
    if (this.stopped) return;
    this.stopped = true;
    for (const pid of this.pids) signal(pid, 'SIGTERM');
    this.guardian.closeNow();
    try {
      rmSync(this.dir, { recursive: true, force: true });
    } catch {
      // best effort at exit
    }
  }
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // No signal handlers on purpose: a signal that ends the process closes the guardian's pipe like
  // any other exit, and a handler here would keep RedisServer's from exiting (they exit only when
  // they are the sole listener). The exit hook just makes a normal exit tidy at once.
  process.on('exit', () => {
    for (const c of live) c.killNow();
  });
}

/** Starts node `index` on free ports (other ports if a port was taken meanwhile) and connects to it. */
async function startNode(guardian: ClusterGuardian, options: RedisClusterOptions, dir: string, index: number, used: Set<number>): Promise<{ proc: ClusterNodeProc; version: string; launch: { bin: string; args: string[] } }> {
  const bin = options.bin ?? 'redis-server';
  let lastOutput = '';
  for (let attempt = 0; attempt < PORT_ATTEMPTS; attempt++) {
    const port = await freePort(used);
    const busPort = await freePort(used);
    const nodeDir = path.join(dir, `node-${index}-${attempt}`);
    mkdirSync(nodeDir);
    const args = [
      '--port', String(port), '--bind', '127.0.0.1', '--protected-mode', 'yes', '--save', '', '--appendonly', 'no',
      '--dir', nodeDir, '--daemonize', 'no', '--loglevel', 'warning',
      '--cluster-enabled', 'yes', '--cluster-config-file', 'nodes.conf', '--cluster-port', String(busPort),
      '--cluster-node-timeout', String(options.nodeTimeoutMs ?? NODE_TIMEOUT_MS), '--cluster-announce-ip', '127.0.0.1',
      // Replicas sync at once (the default waits 5 s for more replicas); a master told to shut
      // down does not wait for its replicas (default 10 s).
      '--repl-diskless-sync', 'yes', '--repl-diskless-sync-delay', '0', '--shutdown-timeout', '0',
    ];
    let started: { id: number; pid: number };
    try {
      started = await guardian.start(bin, args);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
        throw new FeedscopeError('REDIS_NOT_INSTALLED', `redis-server was not found on PATH (looked for "${bin}"). Install it (Debian/Ubuntu: sudo apt-get install redis-server; macOS: brew install redis) or pass bin: the path of a redis-server 7.x.`, { cause: err });
      }
      throw new FeedscopeError('REDIS_START_FAILED', `redis-server could not be started: ${(err as Error).message}`, { cause: err });
    }
    const exited = guardian.exited(started.id);
    const gone = () => guardian.exits.has(started.id);
    const answered = await Promise.race([waitPing(port, gone), exited.then(() => false)]);
    if (answered) {
      const client = adminClient(port);
      await client.connect();
      const info = await client.info('server');
      // The PONG could come from a process that took the port first (redis-server then exits).
      if (new RegExp(`^process_id:${started.pid}\\b`, 'm').test(info)) {
        return { proc: { port, busPort, pid: started.pid, guardianId: started.id, client }, version: /redis_version:(\S+)/.exec(info)?.[1] ?? 'unknown', launch: { bin, args } };
      }
      client.disconnect();
      lastOutput = (await exited).output.trim();
    } else {
      lastOutput = (await exited).output.trim();
      if (!/in use/i.test(lastOutput)) break;
    }
    rmSync(nodeDir, { recursive: true, force: true });
  }
  throw new FeedscopeError('REDIS_START_FAILED', `Cluster node ${index} (redis-server) exited at start: ${lastOutput || 'no output'}`);
}

function adminClient(port: number): Redis {
  const client = new Redis({ host: '127.0.0.1', port, lazyConnect: true, connectTimeout: 2000, commandTimeout: COMMAND_TIMEOUT_MS, maxRetriesPerRequest: 1, retryStrategy: () => null, enableReadyCheck: false });
  client.on('error', () => undefined);
  return client;
}

/** true once redis-server on `port` answers PING; false if `gone()` first; throws after START_TIMEOUT_MS. */
async function waitPing(port: number, gone: () => boolean): Promise<boolean> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    if (gone()) return false;
    if (await ping(port)) return true;
    if (Date.now() > deadline) throw new FeedscopeError('REDIS_START_FAILED', `Cluster node on port ${port} did not answer within ${START_TIMEOUT_MS} ms.`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** PING over a fresh socket: true on +PONG (a server still loading answers -LOADING). */
function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = net.connect(port, '127.0.0.1');
    sock.setTimeout(1000, () => sock.destroy());
    sock.on('error', () => resolve(false));
    sock.on('close', () => resolve(false));
    sock.on('connect', () => sock.write('PING\r\n'));
    sock.on('data', (d) => {
      resolve(d.toString().startsWith('+PONG'));
      sock.destroy();
    });
  });
}

/** A loopback port free a moment ago and not handed out by this start before. */
async function freePort(used: Set<number>): Promise<number> {
  for (;;) {
    const port = await new Promise<number>((resolve, reject) => {
      const srv = net.createServer();
      srv.unref();
      srv.on('error', reject);
      srv.listen(0, '127.0.0.1', () => {
        const { port: p } = srv.address() as net.AddressInfo;
        srv.close(() => resolve(p));
      });
    });
    if (!used.has(port)) {
      used.add(port);
      return port;
    }
  }
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // already gone
  }
}
