/** What one benchmark is: a name for `npm run bench -- <name>`, a run that prints and returns figures. */
import type { BenchFigures, BenchHeadline, BenchName, BenchNotOkStatus } from '../../engine/index.js';

export interface BenchContext {
  /** Smaller sizes for a fast pass (`--quick`); the figures are noisier. */
  quick: boolean;
  log: (line: string) => void;
}

export type Headline = BenchHeadline;

/**
 * What a run returns: its figures, of the type its results schema declares
 * (engine/claims/benchResults.ts), or none when it could not run.
 */
export type BenchOutcome<F> = {
  figures: F;
  /** One-line figures for the summary at the end of `npm run bench`. */
  headlines: Headline[];
  notes?: string[];
  status?: 'ok';
} | {
  figures: Record<string, never>;
  headlines: Headline[];
  notes?: string[];
  /** "not run: <why>" (a missing browser, say); "failed: <why>" is the runner's, when a run throws. */
  status: BenchNotOkStatus;
};

export interface Bench<N extends BenchName> {
  name: N;
  title: string;
  /** Heavy benchmarks run only when named (`npm run bench -- scale`). */
  onlyWhenNamed?: boolean;
  run(ctx: BenchContext): Promise<BenchOutcome<BenchFigures[N]>>;
}

/** Any one benchmark, its name and its figures' type kept together. */
export type AnyBench = { [N in BenchName]: Bench<N> }[BenchName];

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

/** Every field of a record of numbers rounded to `digits` decimals. */
export function roundEach<K extends string>(r: Record<K, number>, digits: number): Record<K, number> {
  const out = { ...r };
  for (const k in out) out[k] = round(out[k], digits);
  return out;
}
