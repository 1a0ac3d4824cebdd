/** Feed quality figures of report.json (pure): top-k overlap, mean age, share from followees. */

/** |A ∩ B| / |A ∪ B| of two top-k lists of post ids; 1 when both are empty. */
export function jaccard(a: readonly number[], b: readonly number[]): number {
  const sa = new Set(a);
  const sb = new Set(b);
  let inter = 0;
  for (const v of sa) if (sb.has(v)) inter++;
  const union = sa.size + sb.size - inter;
  return union === 0 ? 1 : inter / union;
}

export function mean(xs: readonly number[]): number | null {
  return xs.length === 0 ? null : xs.reduce((a, b) => a + b, 0) / xs.length;
}

/** Users spread evenly over the id range, skipping those who follow nobody (their timeline is empty by design). */
export function sampleUsers(users: number, k: number, follows: (u: number) => number): number[] {
  const out: number[] = [];
  const step = Math.max(1, Math.floor(users / k));
  for (let u = 0; u < users && out.length < k; u += step) if (follows(u) > 0) out.push(u);
  return out;
}
