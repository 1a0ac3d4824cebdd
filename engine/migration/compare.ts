/**
 * The consistency checker's pure parts: which phase the migration is in, which users the Graph
 * serves, and one comparison of two feed reads in the style of GitHub's Scientist (control: the
 * old system's answer, candidate: the new one's), mismatches by kind.
 *
 * Two top-k lists cut at different depths disagree at their ends for no fault of either, so the
 * comparison covers the items both lists reach: true publish time at or above the older list's
 * oldest item when a list is full (shorter lists hold everything they have).
 */
import type { MigrationOptions } from './schema.js';
import type { MigrationPhase, MismatchKind } from './types.js';

export interface FeedSide {
  id: number;
  /** The item's time as this store has it, simulated ms (the Timeline's from its score). */
  tMs: number;
}

export interface Comparison {
  missing: number[];
  extra: number[];
  /** Pairs of common items in a different order. */
  orderPairs: number;
  /** Common ids whose times differ by more than the tolerance. */
  score: number[];
  kinds: MismatchKind[];
  compared: number;
}

/** `ignore`: items left out (a known difference, as Scientist's ignore blocks), after the depth both lists reach is set. */
export function compareFeeds(control: readonly FeedSide[], candidate: readonly FeedSide[], depth: number, toleranceMs: number, trueMs: (id: number) => number | undefined, ignore: (id: number) => boolean = () => false): Comparison {
  const t = (s: FeedSide): number => trueMs(s.id) ?? s.tMs;
  const horizon = Math.max(
    control.length >= depth && control.length > 0 ? Math.min(...control.map(t)) : -Infinity,
    candidate.length >= depth && candidate.length > 0 ? Math.min(...candidate.map(t)) : -Infinity,
  );
  const c = control.filter((s) => t(s) >= horizon && !ignore(s.id));
  const d = candidate.filter((s) => t(s) >= horizon && !ignore(s.id));
  const candAll = new Map(candidate.map((s) => [s.id, s]));
  const ctrlAll = new Map(control.map((s) => [s.id, s]));
  const missing = c.filter((s) => !candAll.has(s.id)).map((s) => s.id);
  const extra = d.filter((s) => !ctrlAll.has(s.id)).map((s) => s.id);
  const common = c.filter((s) => candAll.has(s.id));
  const pos = new Map(d.map((s, i) => [s.id, i]));
  const ranks = common.map((s) => pos.get(s.id)).filter((p): p is number => p !== undefined);
  const orderPairs = inversions(ranks);
  const score = common.filter((s) => Math.abs(s.tMs - (candAll.get(s.id) as FeedSide).tMs) > toleranceMs).map((s) => s.id);
  const kinds: MismatchKind[] = [];
  if (missing.length) kinds.push('missing');
  if (extra.length) kinds.push('extra');
  if (orderPairs) kinds.push('order');
  if (score.length) kinds.push('score');
  return { missing, extra, orderPairs, score, kinds, compared: new Set([...c.map((s) => s.id), ...d.map((s) => s.id)]).size };
}

/** A user's place in [0, 1) for the gray switch (a 32-bit integer hash, murmur3's finalizer). */
export function userHash(user: number): number {
  let h = user >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) / 2 ** 32;
}

export function phaseTable(o: MigrationOptions): { phase: MigrationPhase; fromSec: number; toSec: number | null }[] {
  const p = o.phases;
  const a = p.doubleWriteSec;
  const b = a + p.shadowReadSec;
  const c = b + p.graySec;
  return [
    { phase: 'doubleWrite', fromSec: 0, toSec: a },
    { phase: 'shadowRead', fromSec: a, toSec: b },
    { phase: 'gray', fromSec: b, toSec: c },
    { phase: 'finish', fromSec: c, toSec: null },
  ];
}

/** The phase at simulated `tMs` and the share of users the Graph serves then. */
export function phaseAt(o: MigrationOptions, tMs: number): { phase: MigrationPhase; share: number } {
  const sec = tMs / 1000;
  for (const p of phaseTable(o)) {
    if (p.toSec !== null && sec >= p.toSec) continue;
    if (p.phase === 'gray') {
      const len = (p.toSec as number) - p.fromSec;
      const f = len > 0 ? (sec - p.fromSec) / len : 1;
      return { phase: 'gray', share: o.grayFrom + (o.grayTo - o.grayFrom) * f };
    }
    return { phase: p.phase, share: p.phase === 'finish' ? 1 : 0 };
  }
  return { phase: 'finish', share: 1 };
}

/** Does the Graph serve this user at this share? */
export function servedByGraph(user: number, share: number): boolean {
  return userHash(user) < share;
}

/** Pairs i < j with xs[i] > xs[j], by merge sort: O(n log n). */
export function inversions(xs: readonly number[]): number {
  const a = [...xs];
  const tmp = new Array<number>(a.length);
  let count = 0;
  for (let width = 1; width < a.length; width *= 2) {
    for (let lo = 0; lo < a.length; lo += 2 * width) {
      const mid = Math.min(lo + width, a.length);
      const hi = Math.min(lo + 2 * width, a.length);
      let i = lo;
      let j = mid;
      let k = lo;
      while (i < mid && j < hi) {
        if (a[i] <= a[j]) tmp[k++] = a[i++];
        else {
          count += mid - i;
          tmp[k++] = a[j++];
        }
      }
      while (i < mid) tmp[k++] = a[i++];
      while (j < hi) tmp[k++] = a[j++];
      for (let x = lo; x < hi; x++) a[x] = tmp[x];
    }
  }
  return count;
}
