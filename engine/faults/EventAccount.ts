/**
 * The account of every operation in a run with faults: each event applied to each model ends as
 * applied, retried (applied on a later try), failed (by error code) or rebuilt (a failed write
 * superseded by a rebuild from the system of record); background work that fails is counted apart.
 * Latencies are kept per operation around each fault (before, during, after its window, by the
 * event's simulated time) for p99 and error counts per phase.
 */
import type { EventOutcomes, PhaseFigures } from '../api/faults.js';

/** Most samples kept per operation, fault and phase (the p99 of more is no better). */
const PHASE_SAMPLE_CAP = 50_000;
/** The before and after phases last as long as the fault, and at least this long (simulated ms). */
const MIN_PHASE_MS = 2000;

type PhaseName = 'before' | 'during' | 'after';

interface PhaseSamples {
  ms: number[];
  count: number;
  errors: number;
}

export function emptyOutcomes(): EventOutcomes {
  return { applied: 0, retried: 0, failed: {}, rebuilt: 0 };
}

export class EventAccount {
  readonly byOperation = new Map<string, EventOutcomes>();
  readonly background = new Map<string, number>();
  /** [fault][op][phase] */
  private readonly phases: Map<string, Record<PhaseName, PhaseSamples>>[];

  constructor(private readonly windows: readonly { startMs: number; endMs: number }[]) {
    this.phases = windows.map(() => new Map());
  }

  private outcomes(op: string): EventOutcomes {
    let o = this.byOperation.get(op);
    if (!o) this.byOperation.set(op, (o = emptyOutcomes()));
    return o;
  }

  applied(op: string): void {
    this.outcomes(op).applied++;
  }

  retried(op: string): void {
    this.outcomes(op).retried++;
  }

  failed(op: string, code: string): void {
    const f = this.outcomes(op).failed;
    f[code] = (f[code] ?? 0) + 1;
  }

  rebuilt(op: string): void {
    this.outcomes(op).rebuilt++;
  }

  backgroundFailed(code: string): void {
    this.background.set(code, (this.background.get(code) ?? 0) + 1);
  }

  /** One try of `op` at simulated `tMs` that took `wallMs` and succeeded or not. */
  sample(op: string, tMs: number, wallMs: number, ok: boolean): void {
    this.windows.forEach((w, i) => {
      const phase = phaseOf(w, tMs);
      if (!phase) return;
      let byPhase = this.phases[i].get(op);
      if (!byPhase) this.phases[i].set(op, (byPhase = { before: newSamples(), during: newSamples(), after: newSamples() }));
      const p = byPhase[phase];
      p.count++;
      if (!ok) p.errors++;
      if (p.ms.length < PHASE_SAMPLE_CAP) p.ms.push(wallMs);
    });
  }

  /** The phases of fault `i`, per operation. */
  phaseFigures(i: number): Record<string, Record<PhaseName, PhaseFigures>> {
    const out: Record<string, Record<PhaseName, PhaseFigures>> = {};
    for (const [op, byPhase] of [...this.phases[i]].sort(([a], [b]) => a.localeCompare(b))) {
      out[op] = { before: figures(byPhase.before), during: figures(byPhase.during), after: figures(byPhase.after) };
    }
    return out;
  }

  totals(): EventOutcomes & { total: number; failedTotal: number } {
    const t = emptyOutcomes();
    for (const o of this.byOperation.values()) {
      t.applied += o.applied;
      t.retried += o.retried;
      t.rebuilt += o.rebuilt;
      for (const [code, n] of Object.entries(o.failed)) t.failed[code] = (t.failed[code] ?? 0) + n;
    }
    const failedTotal = Object.values(t.failed).reduce((a, b) => a + b, 0);
    return { ...t, total: t.applied + t.retried + t.rebuilt + failedTotal, failedTotal };
  }
}

/** Which phase of window `w` simulated time `tMs` falls in, if any. */
export function phaseOf(w: { startMs: number; endMs: number }, tMs: number): PhaseName | null {
  const span = Math.max(MIN_PHASE_MS, w.endMs - w.startMs);
  // A fault without a window (one connectionDrop) is "during" for its first tick's worth of time.
  const end = Math.max(w.endMs, w.startMs + 1);
  if (tMs >= w.startMs - span && tMs < w.startMs) return 'before';
  if (tMs >= w.startMs && tMs < end) return 'during';
  if (tMs >= end && tMs < end + span) return 'after';
  return null;
}

function newSamples(): PhaseSamples {
  return { ms: [], count: 0, errors: 0 };
}

function figures(p: PhaseSamples): PhaseFigures {
  if (p.ms.length === 0) return { count: p.count, errors: p.errors, p99Ms: 0 };
  const sorted = Float64Array.from(p.ms).sort();
  const p99 = sorted[Math.min(sorted.length - 1, Math.ceil(0.99 * sorted.length) - 1)];
  return { count: p.count, errors: p.errors, p99Ms: Math.round(p99 * 1000) / 1000 };
}
