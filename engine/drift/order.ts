/**
 * Which items of a feed page are out of order against true publish order: the fewest items
 * whose removal leaves the page newest-first, i.e. everything outside one longest decreasing
 * run of true publish times (patience sorting, O(n log n)). One early post shown on top marks
 * that post, not every post below it.
 */

/** `trueMs[i]` is the true publish time of the item shown at position i (null when unknown). Returns a mark per item. */
export function markOutOfOrder(trueMs: readonly (number | null)[]): boolean[] {
  const idx: number[] = [];
  for (let i = 0; i < trueMs.length; i++) if (trueMs[i] !== null) idx.push(i);
  // Longest strictly decreasing subsequence of trueMs over idx == longest increasing of -t.
  const tails: number[] = []; // positions in idx
  const prev = new Array<number>(idx.length).fill(-1);
  for (let k = 0; k < idx.length; k++) {
    const v = -(trueMs[idx[k]] as number);
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (-(trueMs[idx[tails[mid]]] as number) < v) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) prev[k] = tails[lo - 1];
    tails[lo] = k;
  }
  const keep = new Set<number>();
  for (let k = tails.length ? tails[tails.length - 1] : -1; k >= 0; k = prev[k]) keep.add(idx[k]);
  return trueMs.map((t, i) => t !== null && !keep.has(i));
}
