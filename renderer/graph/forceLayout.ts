/**
 * A force-directed layout for the drawn sample (Fruchterman & Reingold 1991, "Graph drawing by
 * force-directed placement": attraction d^2/k along edges, repulsion k^2/d between all pairs,
 * a temperature that cools linearly), so that hubs sit among their followers and communities
 * (cities follow each other more) come apart. Pure and deterministic: the same nodes and edges
 * in the same order give the same positions (the start is a ring by follower rank, no random).
 * It runs in a worker (forceWorker.ts) so the window stays live while it computes.
 */

export interface LayoutInput {
  /** Node ids, most followed first (they start at the centre). */
  ids: string[];
  /** Edges as indexes into `ids`. */
  edges: [number, number][];
  iterations?: number;
  /** Side of the square the layout fills, model units. */
  size?: number;
}

export type Positions = Record<string, { x: number; y: number }>;

export const FORCE_ITERATIONS = 160;

export function forceLayout({ ids, edges, iterations = FORCE_ITERATIONS, size }: LayoutInput): Positions {
  const n = ids.length;
  const side = size ?? Math.max(300, 35 * Math.sqrt(n));
  const k = side / Math.sqrt(Math.max(1, n));
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  // Start: a spiral by rank (the golden angle), the most followed in the middle.
  for (let i = 0; i < n; i++) {
    const r = (side / 2) * Math.sqrt((i + 0.5) / n);
    const a = i * 2.399963229728653;
    x[i] = r * Math.cos(a);
    y[i] = r * Math.sin(a);
  }
  const dx = new Float64Array(n);
  const dy = new Float64Array(n);
  const k2 = k * k;
  for (let it = 0; it < iterations; it++) {
    const t = (side / 10) * (1 - it / iterations) + 0.5;
    dx.fill(0);
    dy.fill(0);
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        let ex = x[i] - x[j];
        let ey = y[i] - y[j];
        let d2 = ex * ex + ey * ey;
        if (d2 < 1e-6) {
          ex = 0.01 * (i - j);
          ey = 0.01;
          d2 = ex * ex + ey * ey;
        }
        const f = k2 / d2;
        dx[i] += ex * f;
        dy[i] += ey * f;
        dx[j] -= ex * f;
        dy[j] -= ey * f;
      }
    }
    for (const [u, v] of edges) {
      const ex = x[u] - x[v];
      const ey = y[u] - y[v];
      const d = Math.sqrt(ex * ex + ey * ey) || 0.01;
      const f = d / k;
      dx[u] -= ex * f;
      dy[u] -= ey * f;
      dx[v] += ex * f;
      dy[v] += ey * f;
    }
    for (let i = 0; i < n; i++) {
      // A weak pull to the centre keeps users without follows in the drawn sample near the rest.
      dx[i] -= x[i] * 0.05;
      dy[i] -= y[i] * 0.05;
      const d = Math.sqrt(dx[i] * dx[i] + dy[i] * dy[i]) || 1;
      const step = Math.min(d, t);
      x[i] += (dx[i] / d) * step;
      y[i] += (dy[i] / d) * step;
      // Inside the frame (a disc of the layout's size), as Fruchterman and Reingold bound theirs:
      // users without drawn follows would otherwise be pushed far out and shrink the rest to a dot.
      const r = Math.hypot(x[i], y[i]);
      if (r > side / 2) {
        x[i] *= side / 2 / r;
        y[i] *= side / 2 / r;
      }
    }
  }
  const out: Positions = {};
  for (let i = 0; i < n; i++) out[ids[i]] = { x: Math.round(x[i] * 10) / 10, y: Math.round(y[i] * 10) / 10 };
  return out;
}
