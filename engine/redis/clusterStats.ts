/**
 * Per-node figures of a Redis Cluster for frames and report.json: where the keys, the memory and
 * the load sit, so a run shows a hot shard or a reshard moving data. One pipeline per node
 * (CLUSTER NODES for its own id and slots, DBSIZE, INFO memory, INFO stats), all nodes at once.
 * Each node reports itself: the slot ranges are its own view, which is what routes its clients.
 */
import type { Redis } from 'ioredis';
import { FeedscopeError } from '../errors.js';
import { parseClusterNodes, slotCount, type SlotRange } from './clusterTopology.js';

export interface ClusterNodeStats {
  id: string;
  host: string;
  port: number;
  role: 'master' | 'replica';
  slots: SlotRange[];
  slotCount: number;
  /** DBSIZE. */
  keys: number;
  /** INFO memory used_memory, in bytes. */
  usedMemoryBytes: number;
  /** INFO stats instantaneous_ops_per_sec (Redis's own ~1.6 s moving average). */
  opsPerSec: number;
  /** INFO stats total_commands_processed, since the node started. */
  totalCommands: number;
}

/** Figures of each node behind `nodes` (RedisCluster.masterClients(), or a Cluster's nodes('master')). */
export async function clusterNodeStats(nodes: readonly Redis[]): Promise<ClusterNodeStats[]> {
  return Promise.all(nodes.map(async (client) => {
    const res = (await client.pipeline().call('CLUSTER', 'NODES').dbsize().info('memory').info('stats').exec()) ?? [];
    const err = res.find(([e]) => e)?.[0];
    if (err) {
      throw new FeedscopeError('CLUSTER_STATS_FAILED', `Cluster node ${client.options.host}:${client.options.port} did not report its figures: ${err.message}. Is the cluster still running?`, { cause: err });
    }
    const [nodesText, keys, memory, stats] = res.map(([, v]) => v) as [string, number, string, string];
    const me = parseClusterNodes(nodesText).find((n) => n.flags.includes('myself'));
    if (!me) throw new FeedscopeError('CLUSTER_STATS_FAILED', `Node ${client.options.host}:${client.options.port} is not in cluster mode: pass the cluster's own node clients.`);
    return {
      id: me.id,
      host: me.host || (client.options.host ?? '127.0.0.1'),
      port: client.options.port ?? me.port,
      role: me.role,
      slots: me.slots,
      slotCount: slotCount(me.slots),
      keys: Number(keys),
      usedMemoryBytes: infoField(memory, 'used_memory'),
      opsPerSec: infoField(stats, 'instantaneous_ops_per_sec'),
      totalCommands: infoField(stats, 'total_commands_processed'),
    };
  }));
}

function infoField(info: string, name: string): number {
  return Number(new RegExp(`^${name}:(\\d+)`, 'm').exec(info)?.[1] ?? 0);
}
