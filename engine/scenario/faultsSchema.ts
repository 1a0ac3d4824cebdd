/**
 * The `faults` of a scenario: a schedule of faults on the player's clock (engine/faults/), or the
 * older static form `{ "redisDelay": {...} }`, which is a redisDelay for the whole run.
 *
 *   "faults": [
 *     { "atSec": 5,  "durationSec": 4, "kind": "redisDelay", "baseMs": 2, "spikeMs": 120, "spikeProbability": 0.05 },
 *     { "atSec": 12, "durationSec": 2, "kind": "redisKill" },
 *     { "atSec": 18, "durationSec": 2, "kind": "redisPause" },
 *     { "atSec": 24, "kind": "connectionDrop" },
 *     { "atSec": 28, "durationSec": 3, "kind": "graphStoreStop" },
 *     { "atSec": 34, "durationSec": 3, "kind": "clusterNodeKill", "node": 1 },
 *     { "atSec": 40, "durationSec": 3, "kind": "partition", "node": 2 }
 *   ]
 *
 * `durationSec` is the fault's window in simulated seconds: how long a killed server stays down
 * before it is restarted (empty, as a cache without persistence comes back), how long a paused
 * one stays stopped, how long the graph store stays closed. A connectionDrop without it resets
 * every socket once; with it, the proxy also resets every connection made in the window.
 * Cross-field checks (windows inside the run, no two faults on one thing at once, graphStoreStop
 * needs the graph model) are in checkFaultSchedule, called by the scenario schema.
 */
import { z } from 'zod';

export const FAULT_KINDS = ['redisDelay', 'redisKill', 'redisPause', 'connectionDrop', 'graphStoreStop', 'clusterNodeKill', 'partition'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];
/** Kinds that need a Redis Cluster (the others need one server, behind the fault proxy). */
export const CLUSTER_FAULT_KINDS: readonly FaultKind[] = ['clusterNodeKill', 'partition'];
/** Kinds that change the server process itself: no two of them may overlap. */
const SERVER_STATE_KINDS: readonly FaultKind[] = ['redisKill', 'redisPause'];

/** Most faults in one schedule. */
export const MAX_FAULTS = 100;
/** Longest fault window, simulated seconds (an hour). */
export const MAX_FAULT_DURATION_SEC = 3600;
const MAX_AT_SEC = 86_400;

const at = z.number().min(0).max(MAX_AT_SEC);
const window = z.number().positive().max(MAX_FAULT_DURATION_SEC);
const share = z.number().min(0).max(1);
const delayFields = {
  /** Added to every reply chunk, ms. */
  baseMs: z.number().min(0).max(10_000).default(0),
  /** Extra hold of a spike, ms. */
  spikeMs: z.number().min(0).max(60_000).default(0),
  /** Share of reply chunks that get a spike. */
  spikeProbability: share.default(0),
};
/** A cluster master, by index in slot order (0 to nodes-1). */
const node = z.number().int().min(0).max(5);

export const RedisDelayFaultSchema = z.object({ kind: z.literal('redisDelay'), atSec: at, durationSec: window, ...delayFields }).strict();
export const RedisKillFaultSchema = z.object({ kind: z.literal('redisKill'), atSec: at, durationSec: window.default(2) }).strict();
export const RedisPauseFaultSchema = z.object({ kind: z.literal('redisPause'), atSec: at, durationSec: window.default(2) }).strict();
export const ConnectionDropFaultSchema = z.object({ kind: z.literal('connectionDrop'), atSec: at, durationSec: window.optional() }).strict();
export const GraphStoreStopFaultSchema = z.object({ kind: z.literal('graphStoreStop'), atSec: at, durationSec: window.default(2) }).strict();
export const ClusterNodeKillFaultSchema = z.object({ kind: z.literal('clusterNodeKill'), atSec: at, durationSec: window.default(3), node }).strict();
export const PartitionFaultSchema = z.object({ kind: z.literal('partition'), atSec: at, durationSec: window.default(3), node }).strict();

export const FaultSpecSchema = z.discriminatedUnion('kind', [
  RedisDelayFaultSchema, RedisKillFaultSchema, RedisPauseFaultSchema, ConnectionDropFaultSchema,
  GraphStoreStopFaultSchema, ClusterNodeKillFaultSchema, PartitionFaultSchema,
]);

/** The static form of before the schedule: one delay profile for the whole run. */
export const StaticFaultsSchema = z
  .object({
    /** A loopback TCP proxy holds Redis's replies: baseMs on every reply chunk, plus spikeMs on a share of them. */
    redisDelay: z.object(delayFields).strict(),
  })
  .strict();

export const FaultsSchema = z.union([z.array(FaultSpecSchema).max(MAX_FAULTS), StaticFaultsSchema]);

export type FaultSpec = z.infer<typeof FaultSpecSchema>;
export type StaticFaults = z.infer<typeof StaticFaultsSchema>;
export type Faults = z.infer<typeof FaultsSchema>;

/** Start and end of a fault, simulated ms; a connectionDrop without a window lasts one instant. */
export function faultWindowMs(f: FaultSpec): { startMs: number; endMs: number } {
  const startMs = Math.round(f.atSec * 1000);
  return { startMs, endMs: startMs + Math.round((f.durationSec ?? 0) * 1000) };
}

/** The schedule of a scenario's faults: the static form is a redisDelay over the whole run. */
export function faultSchedule(faults: Faults | undefined, durationSec: number): FaultSpec[] {
  if (!faults) return [];
  if (Array.isArray(faults)) return [...faults].sort((a, b) => a.atSec - b.atSec);
  return [{ kind: 'redisDelay', atSec: 0, durationSec, ...faults.redisDelay }];
}

interface IssueSink {
  addIssue(issue: { code: 'custom'; path: PropertyKey[]; message: string }): void;
}

/** Checks of the schedule against the rest of the scenario; issue paths start at the scenario. */
export function checkFaultSchedule(faults: Faults | undefined, s: { durationSec: number; models: readonly string[]; cluster: boolean }, ctx: IssueSink): void {
  if (!Array.isArray(faults)) return;
  const durationMs = Math.round(s.durationSec * 1000);
  faults.forEach((f, i) => {
    const { startMs, endMs } = faultWindowMs(f);
    if (startMs >= durationMs) {
      ctx.addIssue({ code: 'custom', path: ['faults', i, 'atSec'], message: `the fault starts at ${f.atSec} s, after the run ends (workload.durationSec ${s.durationSec}): start it earlier` });
    } else if (endMs > durationMs) {
      ctx.addIssue({ code: 'custom', path: ['faults', i, 'durationSec'], message: `the fault lasts until ${endMs / 1000} s, after the run ends (${s.durationSec} s): a run ends with every fault over, so what comes back is measured; shorten it` });
    }
    if (f.kind === 'graphStoreStop' && !s.models.includes('graph')) {
      ctx.addIssue({ code: 'custom', path: ['faults', i, 'kind'], message: 'graphStoreStop stops the graph model\'s store: add "graph" to "models", or remove this fault' });
    }
    if (s.cluster && !CLUSTER_FAULT_KINDS.includes(f.kind)) {
      ctx.addIssue({ code: 'custom', path: ['faults', i, 'kind'], message: `${f.kind} goes through the fault proxy in front of one Redis, and this scenario runs on a cluster (redis.cluster): use clusterNodeKill or partition, or drop redis.cluster` });
    }
    for (let j = 0; j < i; j++) {
      const g = faults[j];
      const same = g.kind === f.kind || (SERVER_STATE_KINDS.includes(g.kind) && SERVER_STATE_KINDS.includes(f.kind));
      if (!same || !overlaps(faultWindowMs(g), { startMs, endMs })) continue;
      if ('node' in f && 'node' in g && f.node !== g.node) continue;
      ctx.addIssue({ code: 'custom', path: ['faults', i, 'atSec'], message: `this ${f.kind} overlaps faults[${j}] (${g.kind} at ${g.atSec} s): one fault on one thing at a time; move one of them` });
    }
  });
}

function overlaps(a: { startMs: number; endMs: number }, b: { startMs: number; endMs: number }): boolean {
  return a.startMs <= b.endMs && b.startMs <= a.endMs;
}
