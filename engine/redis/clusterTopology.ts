/**
 * A Redis Cluster's topology as one node sees it: which masters serve which hash slots, which
 * replica follows which master. Read from CLUSTER NODES rather than CLUSTER SLOTS or SHARDS because
 * one reply carries everything the start-up check, the reshard and the stats need: node ids, roles,
 * replica -> master links, failure flags, and masters that serve no slot yet (a node being added);
 * its line format is the same in Redis 6 and 7 (SHARDS is 7.0+). Format: redis.io/docs/reference/
 * cluster-spec "CLUSTER NODES": `id ip:port@cport[,hostname] flags master ping pong epoch link slot...`.
 *
 * Slots are 0..16383 (`CLUSTER_SLOTS 16384` in cluster.h); ranges are inclusive `[start, end]`.
 */
import type { Redis } from 'ioredis';

export const CLUSTER_SLOTS = 16384;

export type SlotRange = [start: number, end: number];

export interface ClusterNodeInfo {
  id: string;
  host: string;
  port: number;
  /** The cluster bus port (`cluster-port`, by default port + 10000). */
  busPort: number;
  role: 'master' | 'replica';
  /** The master a replica follows; null for a master. */
  masterId: string | null;
  /** The node's own flags as CLUSTER NODES prints them: myself, fail?, fail, handshake, noaddr... */
  flags: string[];
  /** Slots this node serves, sorted, merged into ranges. Empty for replicas. */
  slots: SlotRange[];
  /** Slots open for resharding in this node's view (`[slot->-id]` and `[slot-<-id]`). */
  migrating: number[];
  importing: number[];
  linkConnected: boolean;
}

export interface ClusterMaster {
  id: string;
  host: string;
  port: number;
  slots: SlotRange[];
}

export interface ClusterReplica {
  id: string;
  host: string;
  port: number;
  masterId: string;
}

export interface ClusterTopology {
  masters: ClusterMaster[];
  replicas: ClusterReplica[];
}

/** Parses a CLUSTER NODES reply. Lines are returned in reply order. */
export function parseClusterNodes(text: string): ClusterNodeInfo[] {
  const nodes: ClusterNodeInfo[] = [];
  for (const line of text.split('\n')) {
    const f = line.trim().split(' ');
    if (f.length < 8) continue;
    const [id, addr, flagText, master, , , , link, ...slotTokens] = f;
    const at = addr.indexOf('@');
    const hostPort = at >= 0 ? addr.slice(0, at) : addr;
    const bus = at >= 0 ? addr.slice(at + 1).split(',')[0] : '';
    const colon = hostPort.lastIndexOf(':');
    const flags = flagText.split(',');
    const slots: number[] = [];
    const migrating: number[] = [];
    const importing: number[] = [];
    for (const t of slotTokens) {
      if (t.startsWith('[')) {
        const m = /^\[(\d+)-([<>])-/.exec(t);
        if (m) (m[2] === '>' ? migrating : importing).push(Number(m[1]));
        continue;
      }
      const dash = t.indexOf('-');
      const start = Number(dash < 0 ? t : t.slice(0, dash));
      const end = Number(dash < 0 ? t : t.slice(dash + 1));
      for (let s = start; s <= end; s++) slots.push(s);
    }
    nodes.push({
      id,
      host: hostPort.slice(0, colon),
      port: Number(hostPort.slice(colon + 1)),
      busPort: Number(bus) || 0,
      role: flags.includes('slave') ? 'replica' : 'master',
      masterId: master === '-' ? null : master,
      flags,
      slots: toRanges(slots),
      migrating,
      importing,
      linkConnected: link === 'connected',
    });
  }
  return nodes;
}

/** Masters (with their slots) and replicas in `nodes`, masters ordered by their first slot. */
export function topologyOf(nodes: readonly ClusterNodeInfo[]): ClusterTopology {
  const masters = nodes
    .filter((n) => n.role === 'master' && !n.flags.includes('fail') && !n.flags.includes('handshake'))
    .map((n) => ({ id: n.id, host: n.host, port: n.port, slots: n.slots }))
    .sort((a, b) => (a.slots[0]?.[0] ?? CLUSTER_SLOTS) - (b.slots[0]?.[0] ?? CLUSTER_SLOTS) || a.port - b.port);
  const replicas = nodes
    .filter((n) => n.role === 'replica' && n.masterId !== null)
    .map((n) => ({ id: n.id, host: n.host, port: n.port, masterId: n.masterId as string }))
    .sort((a, b) => a.port - b.port);
  return { masters, replicas };
}

/** The topology as the node behind `client` sees it. */
export async function readClusterTopology(client: Redis): Promise<ClusterTopology> {
  return topologyOf(parseClusterNodes((await client.call('CLUSTER', 'NODES')) as string));
}

/**
 * What every node must agree on before the cluster counts as started: each node's id, role, master
 * and slots, sorted. Flags and link state are left out (they differ by viewpoint: `myself`).
 */
export function clusterSignature(nodes: readonly ClusterNodeInfo[]): string {
  return nodes
    .map((n) => `${n.id} ${n.role} ${n.masterId ?? '-'} ${n.slots.map(([a, b]) => `${a}-${b}`).join(',')}`)
    .sort()
    .join('\n');
}

/** Number of slots in `ranges`. */
export function slotCount(ranges: readonly SlotRange[]): number {
  return ranges.reduce((sum, [a, b]) => sum + b - a + 1, 0);
}

/** Slot numbers (in any order, repeats allowed) merged into sorted inclusive ranges. */
export function toRanges(slots: Iterable<number>): SlotRange[] {
  const sorted = [...new Set(slots)].sort((a, b) => a - b);
  const ranges: SlotRange[] = [];
  for (const s of sorted) {
    const last = ranges[ranges.length - 1];
    if (last && last[1] === s - 1) last[1] = s;
    else ranges.push([s, s]);
  }
  return ranges;
}

/** The slot numbers of `ranges`, ascending. */
export function expandRanges(ranges: readonly SlotRange[]): number[] {
  const out: number[] = [];
  for (const [a, b] of ranges) for (let s = a; s <= b; s++) out.push(s);
  return out;
}

/**
 * `n` masters' even split of the 16384 slots, as redis-cli --cluster create splits them: master i
 * gets `[round(i * 16384 / n), round((i + 1) * 16384 / n) - 1]`.
 */
export function evenSlotRanges(n: number): SlotRange[] {
  const per = CLUSTER_SLOTS / n;
  return Array.from({ length: n }, (_, i) => [Math.round(i * per), Math.round((i + 1) * per) - 1] as SlotRange);
}
