/** What the migration run shows and reports (types only; re-exported by engine/api.ts). */

export const MIGRATION_PHASES = ['doubleWrite', 'shadowRead', 'gray', 'finish'] as const;
export type MigrationPhase = (typeof MIGRATION_PHASES)[number];

export const MISMATCH_KINDS = ['missing', 'extra', 'order', 'score'] as const;
export type MismatchKind = (typeof MISMATCH_KINDS)[number];

export type KindCounts = Record<MismatchKind, number>;

export interface ExperimentCounts {
  /** Reads compared. */
  reads: number;
  /** Reads with at least one mismatch, and per kind (a read can count under several kinds). */
  mismatched: number;
  byKind: KindCounts;
  /** Items (ids) behind each kind, summed over reads. */
  items: KindCounts;
}

export interface MigrationPoint {
  tSec: number;
  phase: MigrationPhase;
  share: number;
  reads: number;
  /** Share of compared reads with each kind in this second. */
  rate: KindCounts;
  repairs: number;
}

export interface ScheduledCheck {
  tSec: number;
  users: number;
  /** Ids in the window on either side, and what differed (id exact, time within tolerance). */
  compared: number;
  missing: number;
  extra: number;
  timeBeyondTolerance: number;
}

export interface MigrationView {
  phase: MigrationPhase;
  /** Share of users the Graph serves now. */
  share: number;
  tMs: number;
  phases: { phase: MigrationPhase; fromSec: number; toSec: number | null }[];
  /** Reads served per side so far. */
  served: { timeline: number; graph: number };
  /** Control vs candidate, and control vs control (the noise the checker would see anyway). */
  candidate: ExperimentCounts;
  calibration: ExperimentCounts;
  writes: { doubleWritten: number; failed: number; retried: number; deadLettered: number; pendingRetry: number };
  repairs: number;
  /** The reader's own posts, left out of every comparison (the Timeline has them, the follow path has not). */
  ignoredOwnPosts: number;
  mismatchList: { key: string; kept: number; cap: number; pushed: number };
  scheduled: ScheduledCheck[];
  series: MigrationPoint[];
  examples: string[];
  timeToleranceMs: number;
}

/** report.json `migration`. */
export interface MigrationReport extends MigrationView {
  notes: string[];
}
