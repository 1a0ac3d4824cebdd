/**
 * What the parts of bench/cluster.ts share: the Timeline model on a private cluster (hash tags on,
 * the fan-out through a ClusterTransport), the timeline settings of the fan-out bench, and
 * per-master figures in the cluster's master order (by first slot, as ClusterConnection keeps it).
 */
import {
  KeySpace, Prng, resolveTimelineConfig, TimelineModel, Tracer,
  type ClusterConnection, type ClusterRouteStats, type FollowGraph, type RedisTransport, type TimelineConfig,
} from '../../engine/index.js';

/** Simulated t=0 (2026-01-01), as in bench/fanout.ts. */
export const EPOCH_MS = 1_767_225_600_000;
/** Every key the cluster bench writes starts with this (deleted with ClusterConnection.deletePrefix). */
export const PREFIX = 'bc:';
export const KEYS = new KeySpace({ prefix: PREFIX, hashTags: true });

/**
 * bench/fanout.ts's settings: batches of 1,000, 4 pipelines in flight, no trims (pure fan-out
 * ZADDs, comparable with redis-benchmark's ZADD), no hybrid threshold.
 */
export function timelineConfig(mode: TimelineConfig['mode']): TimelineConfig {
  const base = resolveTimelineConfig({ preset: 'custom', mode, hybridFollowerThreshold: 1e9, outboxMaxLength: 800, pullSequentialShare: 0, fanoutConcurrency: 4 });
  return { ...base, trimProbability: 0 };
}

/** A Timeline model writing and reading through `transport`; background fan-out errors go to `errors`. */
export function timelineOn(transport: RedisTransport, graph: FollowGraph, config: TimelineConfig, errors: unknown[]): TimelineModel {
  return new TimelineModel({
    transport, keys: KEYS, tracer: new Tracer(), graph, config, rng: new Prng(1, 'timeline'), epochMs: EPOCH_MS,
    onError: (e) => void errors.push(e),
  });
}

/** Posts ids from..to-1 by the celebrity (user 0) and waits for each fan-out. */
export async function celebrityPosts(model: TimelineModel, from: number, to: number): Promise<void> {
  for (let i = from; i < to; i++) {
    await model.post({ kind: 'post', t: i, id: i, author: 0, tags: [], celebrity: true });
    await model.drain();
  }
}

/** `pick(stats of master i)` for every master, in master order; 0 for a master the transport never used. */
export function perMaster(conn: ClusterConnection, stats: readonly ClusterRouteStats[], pick: (s: ClusterRouteStats) => number): number[] {
  return conn.masters.map((m) => {
    const s = stats.find((x) => x.node === `${m.host}:${m.port}`);
    return s ? pick(s) : 0;
  });
}

/** max / mean: 1 when the work is spread evenly. */
export function imbalance(xs: readonly number[]): number {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  return mean > 0 ? Math.max(...xs) / mean : 0;
}

export function sum(xs: readonly number[]): number {
  return xs.reduce((a, b) => a + b, 0);
}
