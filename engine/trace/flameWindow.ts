/**
 * The time window a time-ordered flame graph covers (the tracer's ring of recent spans): when the
 * first of them started and the last ended (wall clock, ms since the tracer started), and per
 * operation kind (root span) how busy each slice of that window was, for a time axis.
 */
import type { FlameWindow } from '../api.js';
import { matches, type FlameFilter } from './flame.js';
import type { SpanRecord } from './Tracer.js';

export const WINDOW_BINS = 80;

export function flameWindow(spans: readonly SpanRecord[], filter: FlameFilter = {}, bins = WINDOW_BINS): FlameWindow | null {
  const roots = spans.filter((s) => s.depth === 0 && matches(s.path, filter));
  if (roots.length === 0) return null;
  let startMs = Infinity;
  let endMs = -Infinity;
  for (const s of roots) {
    startMs = Math.min(startMs, s.startMs);
    endMs = Math.max(endMs, s.startMs + s.durationUs / 1000);
  }
  const span = Math.max(endMs - startMs, 1e-3);
  const lanes = new Map<string, number[]>();
  for (const s of roots) {
    let lane = lanes.get(s.name);
    if (!lane) lanes.set(s.name, (lane = new Array<number>(bins).fill(0)));
    // Spread the span's duration over the bins it overlaps.
    const a = s.startMs;
    const b = s.startMs + s.durationUs / 1000;
    const first = Math.min(bins - 1, Math.floor(((a - startMs) / span) * bins));
    const last = Math.min(bins - 1, Math.floor(((b - startMs) / span) * bins));
    for (let i = first; i <= last; i++) {
      const lo = Math.max(a, startMs + (i * span) / bins);
      const hi = Math.min(b, startMs + ((i + 1) * span) / bins);
      lane[i] += Math.max(0, hi - lo) * 1000;
    }
  }
  return {
    startMs,
    endMs,
    spans: roots.length,
    binUs: (span / bins) * 1000,
    lanes: [...lanes].sort((x, y) => x[0].localeCompare(y[0])).map(([name, busyUs]) => ({ name, busyUs: busyUs.map((v) => Math.round(v)) })),
  };
}
