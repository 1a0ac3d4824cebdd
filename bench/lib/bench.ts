/** What one benchmark is: a name for `npm run bench -- <name>`, a run that prints and returns figures. */

export interface BenchContext {
  /** Smaller sizes for a fast pass (`--quick`); the figures are noisier. */
  quick: boolean;
  log: (line: string) => void;
}

export interface Headline {
  label: string;
  value: string;
}

export interface BenchOutcome {
  figures: Record<string, unknown>;
  /** One-line figures for the summary at the end of `npm run bench`. */
  headlines: Headline[];
  notes?: string[];
  /** "ok" unless the benchmark could not run (then "not run: <why>"). */
  status?: string;
}

export interface Bench {
  name: string;
  title: string;
  /** Heavy benchmarks run only when named (`npm run bench -- scale`). */
  onlyWhenNamed?: boolean;
  run(ctx: BenchContext): Promise<BenchOutcome>;
}

/** Median of a few repeats: one run on a shared 2-core machine is too noisy to print alone. */
export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Percentile (0..100) of unsorted samples. */
export function percentile(xs: number[], p: number): number {
  if (xs.length === 0) return 0;
  const s = Float64Array.from(xs).sort();
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}

export function round(x: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
