/**
 * report.json `faults` and the faults of a frame, typed (engine/faults/ writes them). Types only.
 */

export type FaultKindName = 'redisDelay' | 'redisKill' | 'redisPause' | 'connectionDrop' | 'graphStoreStop' | 'clusterNodeKill' | 'partition';

/** A fault while it lasts: frames carry these, the status bar and the CLI progress line show them. */
export interface ActiveFault {
  /** Index in the scenario's `faults` (its JSON path: faults[index]). */
  index: number;
  kind: FaultKindName;
  startMs: number;
  endMs: number;
  label: string;
}

/** Figures of one operation over one phase around a fault. */
export interface PhaseFigures {
  count: number;
  errors: number;
  p99Ms: number;
}

/** What a model rebuilt after Redis came back empty. */
export interface RebuildReport {
  model: string;
  what: string;
  entries: number;
  ms: number;
}

export interface FaultWindowReport {
  index: number;
  kind: FaultKindName;
  label: string;
  /** The window asked for, simulated ms. */
  startMs: number;
  endMs: number;
  /** Simulated ms of the ticks at which it was applied and undone (null: never reached). */
  appliedAtMs: number | null;
  endedAtMs: number | null;
  /** Wall-clock time it took to apply the fault and to undo it (a restart until PONG, a store reopened), ms. */
  applyMs: number;
  recoverMs: number;
  /** An error applying or undoing it (the run goes on), null when it went as asked. */
  error: { code: string; message: string } | null;
  /** Rebuilds after it (redisKill: Redis came back empty). */
  rebuilt: RebuildReport[];
  /** clusterNodeKill and partition: what happened to the cluster (absent for the one-server kinds). */
  cluster?: ClusterFaultReport;
  /**
   * Per operation (`timeline.post`, `graph.read`...): count, errors and p99 wall ms before the
   * fault (the same length of time before it, at least 2 s), during its window and after it.
   */
  phases: Record<string, { before: PhaseFigures; during: PhaseFigures; after: PhaseFigures }>;
}

/** A cluster fault's figures: the failover of a clusterNodeKill, the node a partition cut off. */
export interface ClusterFaultReport {
  /** The master's index (slot order, as the scenario names it) and its host:port at the fault. */
  node: number;
  target: string;
  /** The replica that took over its slots (host:port), null without a failover. */
  promoted: string | null;
  /** From the SIGKILL to another master serving its slots, wall ms; null without a failover. */
  failoverMs: number | null;
  /** What the killed node came back as once restarted: a replica of the new master, or (no replica) the empty master of its slots. */
  rejoinedAs: 'master' | 'replica' | null;
  /** From the restart until every master saw it healthy and said cluster_state:ok, wall ms. */
  rejoinMs: number | null;
  /**
   * Replication bytes the master had not yet sent its replica when it was killed (asynchronous
   * replication: writes in them were acknowledged and are lost by the failover); null without a replica.
   */
  unreplicatedBytes: number | null;
}

/** A cluster fault as the Cluster tab shows it: live while it lasts, its figures once known. */
export interface ClusterFaultView {
  index: number;
  kind: FaultKindName;
  label: string;
  active: boolean;
  cluster: ClusterFaultReport;
}

/** Every operation of the run's events, per model and kind: how each ended. */
export interface EventOutcomes {
  /** Applied on the first try. */
  applied: number;
  /** Applied on a later try (writes that failed on a connection error and were replayed). */
  retried: number;
  /** Failed for good, by error code. */
  failed: Record<string, number>;
  /** Writes that failed and were then superseded by a rebuild from the system of record. */
  rebuilt: number;
}

export interface FaultsReport {
  schedule: FaultWindowReport[];
  /** Operations (one per model and event) by outcome; `total` = applied + retried + failed + rebuilt. */
  events: EventOutcomes & { total: number; failedTotal: number };
  byOperation: Record<string, EventOutcomes>;
  /** Background work (fan-out chunks, stream appends) that failed, by code: not events, counted apart. */
  background: Record<string, number>;
  /** Acknowledged writes checked at the end, and how many were gone: must be 0. */
  acknowledged: { checked: number; where: string[] };
  acknowledgedLost: number;
  /** The models' connections: reconnects, failed connections, calls refused while backing off. */
  connections: { reconnects: number; connectionFailures: number; failedFast: number };
  /** The fault proxy: connections, sockets reset, the longest hold. */
  proxy: { connections: number; drops: number; spikes: number; maxHoldMs: number } | null;
  redisRestarts: number;
  /** The command timeout of the models' connections, ms. */
  commandTimeoutMs: number;
  notes: string[];
}
