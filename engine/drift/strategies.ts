/**
 * Score strategies for a feed ZSET written by several writer nodes whose clocks disagree
 * (article 4.2). Each strategy turns "node N stamps an event at local time L" into the double
 * that Redis will sort by. Every strategy keeps its own per-node state, so all of them can be
 * evaluated side by side on the same event stream.
 *
 * - raw:       floor(local ms). Ties and skew inversions as they come.
 * - shift20:   the article's `(ms << 20) | seq`. At 2026 epoch milliseconds that is ~1.85e18, far
 *              above 2^53 (9.007e15), the largest range in which a double holds every integer;
 *              Redis scores are doubles, so the low ~8 bits (most of seq) are rounded away. We
 *              keep the exact 64-bit value as a BigInt and count every score that lost bits.
 * - snowflake: 40 bits of ms since SNOWFLAKE_EPOCH_MS, 5 bits of node, 7 bits of sequence:
 *              52 bits, so it stays exact as a double. Monotonic per node (a clock going back
 *              reuses the last ms; a full sequence borrows the next ms), but not across nodes.
 * - hlc:       hybrid logical clock (Kulkarni et al., 2014): l = max(l, physical, received l),
 *              c counts events within one l. Score = l * 2^HLC_LOGICAL_BITS + c (< 2^53).
 *              Nodes learn each other's clocks when they see each other's writes (the lab
 *              delivers them after a gossip delay), which is what bounds cross-node inversions.
 */

import { SCORE_STRATEGIES, type ScoreStrategyName } from '../api/names.js';

export type StrategyName = ScoreStrategyName;
export const STRATEGY_NAMES: readonly StrategyName[] = SCORE_STRATEGIES;

/** 2^53: above it not every integer is a double. */
export const DOUBLE_EXACT_LIMIT = 2 ** 53;
export const SHIFT20_SEQ_BITS = 20n;
/** 2026-01-01T00:00:00Z, ms. */
export const SNOWFLAKE_EPOCH_MS = 1_767_225_600_000;
export const SNOWFLAKE_NODE_BITS = 5;
export const SNOWFLAKE_SEQ_BITS = 7;
export const HLC_LOGICAL_BITS = 10;

export interface Stamp {
  /** The double Redis stores. */
  score: number;
  /** The intended integer, when it differs from what a double can hold. */
  exact?: bigint;
  /** True when `score` is not exactly the intended value (bits lost). */
  precisionLost: boolean;
}

export interface ScoreStrategy {
  readonly name: StrategyName;
  /** Stamps an event of `node` at local clock `localMs` (may be fractional). */
  stamp(node: number, localMs: number): Stamp;
  /** Another node's stamp becomes visible to `node` (HLC only; others ignore it). */
  receive(node: number, score: number): void;
}

export class RawMs implements ScoreStrategy {
  readonly name = 'raw' as const;
  stamp(_node: number, localMs: number): Stamp {
    return { score: Math.floor(localMs), precisionLost: false };
  }
  receive(): void {}
}

export class Shift20 implements ScoreStrategy {
  readonly name = 'shift20' as const;
  private readonly seq = new Map<number, number>();

  stamp(node: number, localMs: number): Stamp {
    const s = ((this.seq.get(node) ?? -1) + 1) & ((1 << Number(SHIFT20_SEQ_BITS)) - 1);
    this.seq.set(node, s);
    const exact = (BigInt(Math.floor(localMs)) << SHIFT20_SEQ_BITS) | BigInt(s);
    return shift20Stamp(exact);
  }
  receive(): void {}
}

/** The double of an exact id and whether it lost bits on the way. */
export function shift20Stamp(exact: bigint): Stamp {
  const score = Number(exact);
  return { score, exact, precisionLost: BigInt(score) !== exact };
}

export class Snowflake implements ScoreStrategy {
  readonly name = 'snowflake' as const;
  private readonly last = new Map<number, { ms: number; seq: number }>();

  stamp(node: number, localMs: number): Stamp {
    let ms = Math.max(0, Math.floor(localMs) - SNOWFLAKE_EPOCH_MS);
    const prev = this.last.get(node);
    let seq = 0;
    if (prev && ms <= prev.ms) {
      ms = prev.ms;
      seq = prev.seq + 1;
      if (seq >= 2 ** SNOWFLAKE_SEQ_BITS) {
        ms++;
        seq = 0;
      }
    }
    this.last.set(node, { ms, seq });
    const nodeBits = node % 2 ** SNOWFLAKE_NODE_BITS;
    const score = ms * 2 ** (SNOWFLAKE_NODE_BITS + SNOWFLAKE_SEQ_BITS) + nodeBits * 2 ** SNOWFLAKE_SEQ_BITS + seq;
    return { score, precisionLost: score >= DOUBLE_EXACT_LIMIT };
  }
  receive(): void {}
}

/** Decodes a Snowflake score into [ms since epoch, node, seq]. */
export function snowflakeParts(score: number): [number, number, number] {
  const seq = score % 2 ** SNOWFLAKE_SEQ_BITS;
  const rest = (score - seq) / 2 ** SNOWFLAKE_SEQ_BITS;
  const node = rest % 2 ** SNOWFLAKE_NODE_BITS;
  return [(rest - node) / 2 ** SNOWFLAKE_NODE_BITS, node, seq];
}

export class Hlc implements ScoreStrategy {
  readonly name = 'hlc' as const;
  private readonly state = new Map<number, { l: number; c: number }>();
  private static readonly C_MAX = 2 ** HLC_LOGICAL_BITS - 1;

  private get(node: number): { l: number; c: number } {
    let s = this.state.get(node);
    if (!s) {
      s = { l: 0, c: 0 };
      this.state.set(node, s);
    }
    return s;
  }

  stamp(node: number, localMs: number): Stamp {
    const s = this.get(node);
    const pt = Math.floor(localMs);
    if (pt > s.l) {
      s.l = pt;
      s.c = 0;
    } else if (s.c < Hlc.C_MAX) s.c++;
    else {
      // The logical counter is full: move l forward (bounded divergence from physical time).
      s.l++;
      s.c = 0;
    }
    return { score: hlcScore(s.l, s.c), precisionLost: false };
  }

  /** The node's clock now, as a score (what a client carries away from it). */
  current(node: number): number {
    const s = this.get(node);
    return hlcScore(s.l, s.c);
  }

  /** Receiving an event: l = max(l, l_m); c from whichever was larger (pt is applied at the next stamp). */
  receive(node: number, score: number): void {
    const s = this.get(node);
    const [ml, mc] = hlcParts(score);
    if (ml > s.l) {
      s.l = ml;
      s.c = mc;
    } else if (ml === s.l) s.c = Math.max(s.c, mc);
  }
}

export function hlcScore(l: number, c: number): number {
  return l * 2 ** HLC_LOGICAL_BITS + c;
}

export function hlcParts(score: number): [number, number] {
  const c = score % 2 ** HLC_LOGICAL_BITS;
  return [(score - c) / 2 ** HLC_LOGICAL_BITS, c];
}

export function createStrategy(name: StrategyName): ScoreStrategy {
  switch (name) {
    case 'raw':
      return new RawMs();
    case 'shift20':
      return new Shift20();
    case 'snowflake':
      return new Snowflake();
    case 'hlc':
      return new Hlc();
  }
}

/** The score as milliseconds (for ages in feed views). */
export function scoreToMs(name: StrategyName, score: number): number {
  switch (name) {
    case 'raw':
      return score;
    case 'shift20':
      return Math.floor(score / 2 ** Number(SHIFT20_SEQ_BITS));
    case 'snowflake':
      return snowflakeParts(score)[0] + SNOWFLAKE_EPOCH_MS;
    case 'hlc':
      return hlcParts(score)[0];
  }
}
