/**
 * Relationship strength (article 3.1): the sum over a user's interactions with an author of
 * decay^(age in days), min-max normalised over the authors that user interacted with, so 1 is the
 * user's strongest tie and 0 the weakest (or no interaction at all). Pure functions.
 */
import { DAY_MS, type InteractionRow } from '../backends/GraphStore.js';

/** The decayed interaction sum of one user -> author edge at `nowMs`. */
export function strengthAt(r: InteractionRow, nowMs: number, decayPerDay: number): number {
  return r.decayed * decayPerDay ** (Math.max(0, nowMs - r.lastTs) / DAY_MS);
}

/**
 * Author -> normalised strength in [0, 1]. With a single author (or all equal) every interacted
 * author gets 1: any interaction is the strongest tie the user has.
 */
export function normalizedStrengths(rows: readonly InteractionRow[], nowMs: number, decayPerDay: number): Map<number, number> {
  const raw = rows.map((r) => [r.author, strengthAt(r, nowMs, decayPerDay)] as const);
  let min = Infinity;
  let max = -Infinity;
  for (const [, s] of raw) {
    min = Math.min(min, s);
    max = Math.max(max, s);
  }
  const out = new Map<number, number>();
  for (const [a, s] of raw) out.set(a, max > min ? (s - min) / (max - min) : 1);
  return out;
}
