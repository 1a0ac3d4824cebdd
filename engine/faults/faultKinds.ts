/**
 * What each fault kind does when its window starts and when it ends: one small strategy per kind,
 * chosen from a table (no switch over kinds in FaultRun). They act on real things only: the
 * private redis-server's process (SIGKILL, SIGSTOP/SIGCONT, a restart on the same port), the fault
 * proxy's sockets (a delay profile, TCP resets) and the graph store (closed, reopened).
 */
import { FeedscopeError } from '../errors.js';
import type { FeedModel, RebuildFigures } from '../model.js';
import type { RedisServer } from '../redis/RedisServer.js';
import type { FaultKind, FaultSpec } from '../scenario/faultsSchema.js';
import type { ClusterFaultNet } from './clusterFaults.js';
import { NO_DELAY, type DelayProxy } from './DelayProxy.js';

export interface FaultTargets {
  /** The proxy between the models and the one server (null on a cluster). */
  proxy: DelayProxy | null;
  /** Feedscope's private server (null for a server given by REDIS_URL). */
  server: RedisServer | null;
  /** The per-node proxies and the kill/restart of a cluster run (null on one server). */
  cluster: ClusterFaultNet | null;
  models(): readonly FeedModel[];
  /** Redis came back empty: the models rebuild what they keep there. */
  rebuild(): Promise<RebuildFigures[]>;
}

interface KindHandler<K extends FaultKind> {
  /** What the kind needs, checked before the run starts; a message for what is missing. */
  needs(t: FaultTargets, f: Extract<FaultSpec, { kind: K }>): string | null;
  /** `index`: the fault's place in the schedule (what a cluster fault's figures are kept by). */
  start(t: FaultTargets, f: Extract<FaultSpec, { kind: K }>, index: number): Promise<void>;
  /** Undoes the fault; resolves when what it took is back (a restarted server answers). */
  end(t: FaultTargets, f: Extract<FaultSpec, { kind: K }>, index: number): Promise<RebuildFigures[] | void>;
}

const needsProxy = (t: FaultTargets): string | null => (t.proxy ? null : 'the fault proxy in front of one Redis server (this run has none: a cluster)');
const needsServer = (t: FaultTargets): string | null => (t.server ? null : "Feedscope's private redis-server (this run uses a server given by REDIS_URL, whose process Feedscope does not own): unset REDIS_URL");
const needsCluster = (t: FaultTargets, f: { node: number }): string | null => {
  if (!t.cluster) return 'a Redis Cluster (this run has one server): run it with --cluster 3 --cluster-replicas 1 (or "redis": {"cluster": {"nodes": 3, "replicas": 1}}), or play it on one server as redisKill / connectionDrop';
  const masters = t.cluster.conn.masters.length;
  return f.node < masters ? null : `master ${f.node}, and the cluster has masters 0 to ${masters - 1}: fix "node" or run with more nodes (--cluster N)`;
};
const needsOwnCluster = (t: FaultTargets, f: { node: number }): string | null =>
  needsCluster(t, f) ?? (t.cluster!.canKill ? null : "Feedscope's private cluster (this run uses an existing cluster, given by --redis-cluster, whose processes Feedscope does not own): use --cluster N");

const KINDS: { [K in FaultKind]: KindHandler<K> } = {
  redisDelay: {
    needs: needsProxy,
    start: async (t, f) => t.proxy!.setProfile({ baseMs: f.baseMs, spikeMs: f.spikeMs, spikeProbability: f.spikeProbability }),
    end: async (t) => t.proxy!.setProfile(NO_DELAY),
  },
  redisKill: {
    needs: needsServer,
    start: async (t) => {
      const s = t.server!;
      s.holdRestarts = true;
      const exited = new Promise<void>((resolve) => {
        const off = s.onExit(() => {
          off();
          resolve();
        });
      });
      s.signal('SIGKILL');
      await exited;
    },
    end: async (t) => {
      const s = t.server!;
      try {
        await s.restart();
      } finally {
        s.holdRestarts = false;
      }
      return t.rebuild();
    },
  },
  redisPause: {
    needs: needsServer,
    start: async (t) => t.server!.signal('SIGSTOP'),
    end: async (t) => t.server!.signal('SIGCONT'),
  },
  connectionDrop: {
    needs: needsProxy,
    start: async (t, f) => {
      t.proxy!.dropAll();
      if (f.durationSec) t.proxy!.refuse(true);
    },
    end: async (t) => t.proxy!.refuse(false),
  },
  graphStoreStop: {
    // The scenario schema already refuses it without the graph model (checkFaultSchedule).
    needs: () => null,
    start: async (t) => {
      for (const m of t.models()) await m.stopStore?.();
    },
    end: async (t) => {
      for (const m of t.models()) await m.startStore?.();
    },
  },
  clusterNodeKill: {
    needs: needsOwnCluster,
    start: async (t, f, index) => t.cluster!.kill(index, f.node),
    end: async (t, _f, index) => ((await t.cluster!.restore(index)) ? t.rebuild() : []),
  },
  partition: {
    needs: needsCluster,
    start: async (t, f, index) => t.cluster!.partition(index, f.node, true),
    end: async (t, f, index) => t.cluster!.partition(index, f.node, false),
  },
};

function handler<K extends FaultKind>(kind: K): KindHandler<K> {
  return KINDS[kind];
}

/** Throws FAULT_CANNOT_RUN, naming faults[i], for the first fault this run cannot play. */
export function checkFaultTargets(specs: readonly FaultSpec[], t: FaultTargets): void {
  specs.forEach((f, i) => {
    const missing = (handler(f.kind).needs as (t: FaultTargets, f: FaultSpec) => string | null)(t, f);
    if (missing) throw new FeedscopeError('FAULT_CANNOT_RUN', `faults[${i}] (${f.kind} at ${f.atSec} s) needs ${missing}.`);
  });
}

export function startFault(t: FaultTargets, f: FaultSpec, index: number): Promise<void> {
  return (handler(f.kind).start as (t: FaultTargets, f: FaultSpec, index: number) => Promise<void>)(t, f, index);
}

export async function endFault(t: FaultTargets, f: FaultSpec, index: number): Promise<RebuildFigures[]> {
  return ((await (handler(f.kind).end as (t: FaultTargets, f: FaultSpec, index: number) => Promise<RebuildFigures[] | void>)(t, f, index)) ?? []);
}
