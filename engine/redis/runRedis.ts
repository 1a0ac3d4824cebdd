/**
 * Which Redis a scenario runs on, decided once per load: the engine's explicit settings first (a
 * URL, --cluster N, --redis-cluster seeds), then the app's choice at load time, then the
 * scenario's `redis.cluster`; a single private server otherwise. And the few things that differ
 * between one server and a cluster for the engine itself: reset, transports, used memory.
 */
import type { Scenario } from '../scenario/schema.js';
import { FeedscopeError } from '../errors.js';
import type { ClusterTarget } from './clusterConnect.js';
import { deletePrefix, type RedisHandle } from './connect.js';
import { openTransport } from './transport/open.js';
import type { RedisTransport } from './transport/RedisTransport.js';

export interface RedisChoice {
  redisUrl?: string;
  /** The engine's own cluster setting (CLI --cluster / --redis-cluster). */
  cluster?: ClusterTarget;
}

/** The cluster to run on, or undefined for one server. `choice`: the app's pick (null: one server). */
export function clusterTargetFor(o: RedisChoice, scenario: Scenario, choice?: { nodes: number; replicas: 0 | 1 } | null): ClusterTarget | undefined {
  if (o.cluster) return o.cluster;
  if (o.redisUrl) {
    if (choice) throw new FeedscopeError('CLUSTER_WITH_URL', `Feedscope was started with REDIS_URL (${o.redisUrl.replace(/\/\/([^:@/]*):([^@/]*)@/, '//$1:***@')}), one server: it cannot start a private cluster for this run. Unset REDIS_URL, or use --redis-cluster for an existing cluster.`);
    return undefined;
  }
  if (choice !== undefined) return choice ?? undefined;
  return scenario.redis.cluster;
}

/** Whether an open handle already is the Redis `target` asks for. */
export function handleMatches(h: RedisHandle, target: ClusterTarget | undefined): boolean {
  if (!target) return h.cluster === null;
  if (!h.cluster) return false;
  if ('seeds' in target) return h.cluster.server === null && h.cluster.seeds.join(',') === target.seeds.join(',');
  return h.cluster.server !== null && h.cluster.masters.length === target.nodes && h.cluster.server.replicas.length === target.nodes * target.replicas;
}

/** Deletes the run's keys: SCAN + UNLINK under the prefix, on every master of a cluster. */
export function resetPrefix(h: RedisHandle, prefix: string): Promise<number> {
  return h.cluster ? h.cluster.deletePrefix(prefix) : deletePrefix(h.client, prefix);
}

/** How long removing the run's keys at exit may take before Feedscope gives up on a stuck server. */
const EXIT_CLEANUP_TIMEOUT_MS = 10_000;

/**
 * At exit, on a server Feedscope did not start (REDIS_URL, an existing cluster): deletes the
 * prefix's keys, so a run leaves nothing behind. Never throws and never waits longer than
 * EXIT_CLEANUP_TIMEOUT_MS; returns the keys deleted, or the error. A private server needs nothing:
 * it is stopped with all it holds.
 */
export async function removeForeignKeys(h: RedisHandle, prefix: string): Promise<number | Error> {
  if (h.info.private) return 0;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<Error>((resolve) => {
    timer = setTimeout(() => resolve(new Error(`removing the ${prefix} keys took longer than ${EXIT_CLEANUP_TIMEOUT_MS} ms`)), EXIT_CLEANUP_TIMEOUT_MS);
  });
  try {
    return await Promise.race([resetPrefix(h, prefix).catch((err: unknown) => (err instanceof Error ? err : new Error(String(err)))), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** A model's transport: routed by slot on a cluster, the RESP socket (or ioredis) on one server. */
export function transportFor(h: RedisHandle, commandTimeoutMs?: number): Promise<RedisTransport> {
  return h.cluster ? h.cluster.openTransport(commandTimeoutMs) : openTransport(h.client, { commandTimeoutMs });
}
