/**
 * What the causality lab shows and reports (types only; re-exported by engine/api.ts): the
 * time-space diagram's events, a causal cone, violations by kind and per score strategy.
 */
import type { ScoreStrategyName } from '../api/names.js';

export const CAUSAL_EVENT_KINDS = ['post', 'reply', 'repost', 'deliver', 'like', 'comment', 'read'] as const;
export type CausalEventKind = (typeof CAUSAL_EVENT_KINDS)[number];

export interface CausalEvent {
  id: number;
  node: number;
  kind: CausalEventKind;
  tMs: number;
  /** The vector clock, one counter per node. */
  vc: number[];
  label: string;
  /** Arrow sources on other lanes: the send of a delivery, the post a like/comment saw, the like/comment a reply/repost followed. */
  from: number[];
  /** A read that showed an effect without its cause, or a post that a feed put below its cause. */
  violation?: string;
}

export interface ConeView {
  event: number;
  /** Ids of the cone's events among those returned (the cone itself may reach further back). */
  members: number[];
  size: number;
  visited: number;
  edgesTraversed: number;
  /** Wall time of the reverse DFS, microseconds. */
  micros: number;
}

export interface CausalStrategyCounts {
  name: ScoreStrategyName;
  /** Pairs A ≺ B on a checked page where B (the effect) sorts below A (its cause). */
  effectBelowCause: number;
  readsWithViolation: number;
}

export interface CausalityCounters {
  /** Reads on a replica that showed a reply or repost whose post that replica did not have yet. */
  effectWithoutCause: number;
  /** Feed pages read from Redis and checked, their pairs, and the pairs ordered by ≺ (not concurrent). */
  feedChecks: number;
  pairsChecked: number;
  orderedPairs: number;
  strategies: CausalStrategyCounts[];
}

export interface CausalitySeriesPoint {
  tSec: number;
  effectWithoutCause: number;
  effectBelowCause: Record<ScoreStrategyName, number>;
}

export interface CausalityView {
  enabled: boolean;
  nodes: string[];
  gossipMs: number;
  /** The strategy whose scores the Timeline writes (the checked pages' own order). */
  strategy: ScoreStrategyName;
  tMs: number;
  totals: { events: number; recorded: number; edges: number; byKind: Record<CausalEventKind, number> };
  /** The diagram's events: the window asked for, at most `limit`. */
  window: { fromMs: number; toMs: number; events: CausalEvent[]; truncated: boolean };
  cone: ConeView | null;
  counters: CausalityCounters;
  series: CausalitySeriesPoint[];
  examples: string[];
}

/** report.json `causality`. */
export interface CausalityReport {
  nodes: string[];
  gossipMs: number;
  strategy: ScoreStrategyName;
  events: { total: number; recorded: number; byKind: Record<CausalEventKind, number> };
  /** Direct happened-before edges stored (the DFS's |≺|). */
  edges: number;
  counters: CausalityCounters;
  /** The cone of the last recorded event (the largest): its size and the reverse DFS's work and time. */
  largestCone: Omit<ConeView, 'members'> | null;
  cost: string;
  series: CausalitySeriesPoint[];
  examples: string[];
  notes: string[];
}

/** Frame figures of the causality lab and the migration (Frame.correctness): totals so far. */
export interface CorrectnessFrame {
  causality: { events: number; effectWithoutCause: number; effectBelowCause: Record<ScoreStrategyName, number> } | null;
  migration: { phase: string; share: number; reads: number; mismatched: number; repairs: number } | null;
}
