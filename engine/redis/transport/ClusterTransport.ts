/**
 * The transport on a Redis Cluster: every command routed by the hash slot of its key (CRC16 mod
 * 16384, hash tags honoured: the `cluster-key-slot` package ioredis itself uses), commands grouped
 * per master and sent as one RESP pipeline per node (RespWriter: the fan-out keeps its speed per
 * node), replies put back in the order the caller sent them.
 *
 * Redirects, as the cluster spec says a client must handle them:
 * - `-MOVED slot host:port`: the slot has a new owner for good; the slot map is updated and the
 *   command resent there (the rest of the slot's commands follow on the next batch).
 * - `-ASK slot host:port`: the slot is migrating and this key already left; the command is sent
 *   to the target once, prefixed by ASKING on the same connection, and the map is not changed.
 * - `-TRYAGAIN` (a multi-key command during a migration) and `-CLUSTERDOWN`: retried after a pause.
 * A command is resent only after its error reply came back, so a redirect never doubles a write;
 * and since Redis answers a connection's commands in order, a ZADD and its trim stay in order.
 *
 * Node failures (a killed master, a partition, a timeout): the node's socket is dropped, the node
 * is refused at once for a backoff (50 ms doubling to 2 s, as ResilientTransport) and the slot map
 * is read again (CLUSTER SLOTS from any node that answers, at most once per backoff step), so once
 * the cluster promotes a replica the next call goes there. The failed call is not resent here: it
 * fails with its typed code (REDIS_UNREACHABLE, REDIS_TIMEOUT, REDIS_WRITE_FAILED,
 * REDIS_UNAVAILABLE, REDIS_CLUSTER_DOWN after the CLUSTERDOWN retries) for the caller to count or replay.
 */
import calculateSlot from 'cluster-key-slot';
import { FeedscopeError } from '../../errors.js';
import { respCommand, RespErrorReply, RespWriter } from '../RespWriter.js';
import { BACKOFF_FIRST_MS, BACKOFF_MAX_MS, isConnectionError } from './backoff.js';
import { encodeCommandsBuffer } from '../respEncode.js';
import { sendChecked, commandKey, fanoutCommands, fanoutFailed, type BatchResult, type FanoutWrite, type RedisCommand, type RedisTransport } from './RedisTransport.js';

const CLUSTER_SLOTS = 16384;
/** Redirects one command may follow before the transport gives up (a slot map in flux). */
const MAX_REDIRECTS = 16;
const RETRY_PAUSE_MS = 20;

export interface ClusterRouteStats {
  /** host:port. */
  node: string;
  commands: number;
  /** Fan-out ZADDs this node executed (after redirects): they add up to the run's fan-out ZADDs. */
  fanoutZadds: number;
  moved: number;
  ask: number;
  tryAgain: number;
  /** CLUSTERDOWN replies retried (the cluster failed a master and had not yet promoted a replica). */
  clusterDown: number;
}

export interface ClusterTransportOptions {
  /** host:port of one or more nodes; the slot map is read from the first that answers. */
  seeds: readonly string[];
  username?: string;
  password?: string;
  commandTimeoutMs?: number;
  /** The address to connect to for a node's "host:port" (a fault run's per-node proxy); identity by default. */
  addressMap?: (addr: string) => string;
}

/** What the transport did about failed nodes. */
export interface ClusterResilienceStats {
  /** Node connections opened again after one failed. */
  reconnects: number;
  /** Node connections that failed (refused, reset, timed out). */
  connectionFailures: number;
  /** Calls refused at once because their node was backing off. */
  failedFast: number;
  /** Slot maps read again after a failure. */
  refreshes: number;
}


interface Pending {
  /** Position in the caller's batch. */
  index: number;
  cmd: RedisCommand;
  /** A target named by ASK: send ASKING first. */
  asking: boolean;
  redirects: number;
}

export class ClusterTransport implements RedisTransport {
  readonly kind = 'cluster' as const;
  readonly where: string;
  /** slot -> "host:port" of its master. */
  private readonly owner: string[] = new Array<string>(CLUSTER_SLOTS);
  private readonly nodes = new Map<string, Promise<RespWriter>>();
  private readonly stats = new Map<string, ClusterRouteStats>();
  private closed = false;
  /** Nodes whose connection failed: refused until `until`, the next wait `backoffMs`. */
  private readonly down = new Map<string, { until: number; backoffMs: number }>();
  private readonly failedOnce = new Set<string>();
  /** The connected writer of each node (to tell a broken one from its replacement). */
  private readonly resolved = new Map<string, RespWriter>();
  private refreshAt = 0;
  private refreshWaitMs = 0;
  private refreshing: Promise<void> | null = null;
  readonly resilience: ClusterResilienceStats = { reconnects: 0, connectionFailures: 0, failedFast: 0, refreshes: 0 };

  private constructor(private readonly o: ClusterTransportOptions) {
    this.where = `the cluster at ${o.seeds.join(',')}`;
  }

  static async connect(o: ClusterTransportOptions): Promise<ClusterTransport> {
    const t = new ClusterTransport(o);
    await t.refreshSlots();
    return t;
  }

  /** Reads CLUSTER SLOTS from the first seed (or known node) that answers. */
  async refreshSlots(): Promise<void> {
    const candidates = [...new Set([...this.o.seeds, ...this.nodes.keys()])];
    let lastError: unknown = null;
    for (const node of candidates) {
      try {
        const writer = await this.node(node);
        const [reply] = await writer.query(respCommand(['CLUSTER', 'SLOTS']), 1).catch((err: unknown) => {
          if (isConnectionError(err)) this.failed(node, writer);
          throw err;
        });
        if (reply instanceof RespErrorReply) throw reply;
        let covered = 0;
        for (const range of reply as [number, number, [string, number, ...unknown[]], ...unknown[]][]) {
          const [start, end, master] = range;
          const addr = `${master[0] || node.split(':')[0]}:${master[1]}`;
          for (let s = start; s <= end; s++) this.owner[s] = addr;
          covered += end - start + 1;
        }
        if (covered < CLUSTER_SLOTS) throw new Error(`only ${covered} of ${CLUSTER_SLOTS} slots are served`);
        return;
      } catch (err) {
        lastError = err;
      }
    }
    throw new FeedscopeError('CLUSTER_UNREACHABLE', `No node of ${this.where} gave a complete slot map (${(lastError as Error)?.message ?? 'no answer'}). Check that the cluster is up and its state is ok (redis-cli -c -p <port> CLUSTER INFO).`, { cause: lastError });
  }

  /** Masters as this transport routes to them, with what it sent each. */
  nodeStats(): ClusterRouteStats[] {
    return [...this.stats.values()].map((s) => ({ ...s }));
  }

  /** The master that serves `key` now (in this client's view). */
  nodeOf(key: string): string {
    return this.owner[calculateSlot(key)];
  }

  private stat(node: string): ClusterRouteStats {
    let s = this.stats.get(node);
    if (!s) this.stats.set(node, (s = { node, commands: 0, fanoutZadds: 0, moved: 0, ask: 0, tryAgain: 0, clusterDown: 0 }));
    return s;
  }

  private node(addr: string): Promise<RespWriter> {
    if (this.closed) return Promise.reject(new FeedscopeError('REDIS_WRITE_FAILED', `The transport to ${this.where} is closed.`));
    let w = this.nodes.get(addr);
    if (!w) {
      const d = this.down.get(addr);
      const now = performance.now();
      if (d && now < d.until) {
        this.resilience.failedFast++;
        return Promise.reject(new FeedscopeError('REDIS_UNAVAILABLE', `Cluster node ${addr} is down or unreachable; the next reconnect is in ${Math.ceil(d.until - now)} ms (backing off up to ${BACKOFF_MAX_MS} ms).`));
      }
      const [host, port] = splitAddr(this.o.addressMap ? this.o.addressMap(addr) : addr);
      if (this.failedOnce.has(addr)) this.resilience.reconnects++;
      w = RespWriter.connect({ host, port, username: this.o.username, password: this.o.password, commandTimeoutMs: this.o.commandTimeoutMs });
      w.then((x) => this.resolved.set(addr, x), () => this.failed(addr, null));
      this.nodes.set(addr, w);
    }
    return w;
  }

  /** The connection to `addr` failed: drop it, back off, and have the slot map read again. */
  private failed(addr: string, writer: RespWriter | null): void {
    if (writer && this.resolved.get(addr) !== writer) {
      // Already replaced (another call saw this writer fail first): just make sure it is closed.
      writer.close();
      return;
    }
    this.resolved.delete(addr);
    const cur = this.nodes.get(addr);
    this.nodes.delete(addr);
    if (writer) writer.close();
    else void cur?.then((w) => w.close(), () => undefined);
    this.failedOnce.add(addr);
    this.resilience.connectionFailures++;
    const prev = this.down.get(addr)?.backoffMs ?? 0;
    const backoffMs = prev === 0 ? BACKOFF_FIRST_MS : Math.min(BACKOFF_MAX_MS, prev * 2);
    this.down.set(addr, { until: performance.now() + backoffMs, backoffMs });
    if (this.refreshAt === 0) this.refreshAt = performance.now();
  }

  /** After a node failed: reads the slot map again, at most once per backoff step, until one succeeds. */
  private async maybeRefresh(): Promise<void> {
    if (this.refreshAt === 0 || performance.now() < this.refreshAt) return;
    this.refreshing ??= this.refreshSlots().then(
      () => {
        this.resilience.refreshes++;
        this.refreshWaitMs = 0;
        // A failed node that serves no slot now (a killed master replaced by its replica) needs no more looking after.
        const owners = new Set(this.owner);
        for (const addr of [...this.down.keys()]) if (!owners.has(addr)) this.down.delete(addr);
        // Read again a little later too: a failover may still be under way.
        this.refreshAt = this.down.size > 0 ? performance.now() + BACKOFF_MAX_MS : 0;
      },
      () => {
        this.refreshWaitMs = this.refreshWaitMs === 0 ? BACKOFF_FIRST_MS : Math.min(BACKOFF_MAX_MS, this.refreshWaitMs * 2);
        this.refreshAt = performance.now() + this.refreshWaitMs;
      },
    ).finally(() => {
      this.refreshing = null;
    });
    await this.refreshing;
  }

  async pipeline(cmds: readonly RedisCommand[]): Promise<BatchResult> {
    const out: BatchResult = new Array(cmds.length);
    await this.run(cmds.map((cmd, index) => ({ index, cmd, asking: false, redirects: 0 })), out, null);
    return out;
  }

  send(cmds: readonly RedisCommand[], label: string): Promise<void> {
    return sendChecked(this, cmds, label);
  }

  async fanout(w: FanoutWrite): Promise<void> {
    const cmds = fanoutCommands(w);
    if (cmds.length === 0) return;
    const out: BatchResult = new Array(cmds.length);
    await this.run(cmds.map((cmd, index) => ({ index, cmd, asking: false, redirects: 0 })), out, (node, cmd) => {
      if (cmd[0] === 'ZADD') this.stat(node).fanoutZadds++;
    });
    const errors = out.filter(([e]) => e !== null);
    const down = errors.find(([e]) => e instanceof FeedscopeError && e.code === 'REDIS_CLUSTER_DOWN');
    if (down) throw down[0]!;
    if (errors.length > 0) throw fanoutFailed(errors.length, cmds.length, errors[0][0]!.message);
  }

  /**
   * Sends every pending command to the node its slot (or its ASK) names, one pipeline per node,
   * and follows redirects until each has a final reply in `out`.
   */
  private async run(pending: Pending[], out: BatchResult, onDone: ((node: string, cmd: RedisCommand) => void) | null): Promise<void> {
    await this.maybeRefresh();
    let round = pending;
    const targets = new Map<number, string>();
    while (round.length > 0) {
      const byNode = new Map<string, Pending[]>();
      for (const p of round) {
        const node = targets.get(p.index) ?? this.owner[calculateSlot(commandKey(p.cmd))];
        if (!node) throw new FeedscopeError('CLUSTER_UNREACHABLE', `No master serves the slot of ${String(commandKey(p.cmd))} in ${this.where}'s slot map.`);
        let list = byNode.get(node);
        if (!list) byNode.set(node, (list = []));
        list.push(p);
      }
      const next: Pending[] = [];
      let pause = false;
      await Promise.all([...byNode].map(async ([node, list]) => {
        const writer = await this.node(node);
        let replies: unknown[];
        try {
          replies = await writer.query(payloadOf(list), countOf(list));
        } catch (err) {
          if (isConnectionError(err)) this.failed(node, writer);
          throw err;
        }
        this.down.delete(node);
        const s = this.stat(node);
        s.commands += list.length;
        let r = 0;
        for (const p of list) {
          if (p.asking) r++;
          const v = replies[r++];
          if (v instanceof RespErrorReply) {
            const redirect = parseRedirect(v.message);
            if (redirect && p.redirects < MAX_REDIRECTS) {
              if (redirect.kind === 'MOVED') {
                s.moved++;
                this.owner[redirect.slot] = redirect.addr;
                targets.delete(p.index);
                next.push({ ...p, asking: false, redirects: p.redirects + 1 });
              } else if (redirect.kind === 'ASK') {
                s.ask++;
                targets.set(p.index, redirect.addr);
                next.push({ ...p, asking: true, redirects: p.redirects + 1 });
              } else {
                if (v.message.startsWith('CLUSTERDOWN')) s.clusterDown++;
                else s.tryAgain++;
                pause = true;
                targets.delete(p.index);
                next.push({ ...p, asking: false, redirects: p.redirects + 1 });
              }
              continue;
            }
            out[p.index] = [/^(TRYAGAIN|CLUSTERDOWN)/.test(v.message) ? clusterDown(v, node) : crossSlotAware(v, p.cmd), null];
            continue;
          }
          out[p.index] = [null, v];
          onDone?.(node, p.cmd);
        }
      }));
      if (pause) await new Promise((r) => setTimeout(r, RETRY_PAUSE_MS));
      round = next;
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    const writers = await Promise.allSettled(this.nodes.values());
    for (const w of writers) if (w.status === 'fulfilled') w.value.close();
    this.nodes.clear();
    this.resolved.clear();
  }
}

const ASKING = Buffer.from(respCommand(['ASKING']));

function payloadOf(list: readonly Pending[]): Buffer {
  return encodeCommandsBuffer(list.map((p) => p.cmd), (i) => (list[i].asking ? ASKING : null));
}

function countOf(list: readonly Pending[]): number {
  return list.reduce((n, p) => n + (p.asking ? 2 : 1), 0);
}

/** A slot still unserved after the retries (a master failed and no replica took over yet). */
function clusterDown(err: RespErrorReply, node: string): FeedscopeError {
  return new FeedscopeError('REDIS_CLUSTER_DOWN', `Cluster node ${node} answered ${err.message.split(' ')[0]} after ${MAX_REDIRECTS} tries: the cluster is down for this slot (a master failed and no replica has taken over yet). It comes back when a replica is promoted or the master returns.`, { cause: err });
}

function splitAddr(addr: string): [string, number] {
  const i = addr.lastIndexOf(':');
  return [addr.slice(0, i), Number(addr.slice(i + 1))];
}

function parseRedirect(message: string): { kind: 'MOVED' | 'ASK'; slot: number; addr: string } | { kind: 'RETRY'; slot: -1; addr: '' } | null {
  const m = /^(MOVED|ASK) (\d+) (\S+)$/.exec(message);
  if (m) return { kind: m[1] as 'MOVED' | 'ASK', slot: Number(m[2]), addr: m[3] };
  if (/^(TRYAGAIN|CLUSTERDOWN)/.test(message)) return { kind: 'RETRY', slot: -1, addr: '' };
  return null;
}

/** CROSSSLOT names the keys and the two ways out, instead of Redis's one line. */
function crossSlotAware(err: RespErrorReply, cmd: RedisCommand): Error {
  if (!/^CROSSSLOT/.test(err.message)) return err;
  const keys = cmd.slice(1).filter((a) => typeof a === 'string' && /[:{]/.test(a)).map(String);
  return new FeedscopeError(
    'REDIS_CROSSSLOT',
    `${String(cmd[0])} on a Redis Cluster failed with CROSSSLOT: its keys ${keys.map((k) => `${k} (slot ${calculateSlot(k)})`).join(', ')} hash to different slots, and a multi-key command must stay in one slot. Fix: give the keys one hash tag (e.g. {u42}) so they share a slot, or merge on the client (read each key, merge in the application).`,
    { cause: err },
  );
}

