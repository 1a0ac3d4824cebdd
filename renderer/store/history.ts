/**
 * Chart history: one point per frame, keyed for recharts, every number taken from the engine's
 * frame (latency windows, events/s, event counts, Redis memory). Thinned to MAX_POINTS by
 * dropping every other point of the older half, so a long run keeps its whole shape.
 */
import type { Frame } from '../../engine/api.js';

export const MAX_POINTS = 400;
const MB = 1024 * 1024;

/** `t` is simulated seconds; other keys are series ("timeline.readOffset p99", "mem timeline"...). */
export type ChartPoint = { t: number } & Record<string, number>;

export function latencyKey(op: string, q: 'p50' | 'p99'): string {
  return `${op} ${q}`;
}

/** Operations of the feed models (span names such as `timeline.readOffset`), not Redis commands. */
export function isModelOperation(span: string): boolean {
  return !span.startsWith('redis.') && span.includes('.');
}

export function frameToPoint(frame: Frame): ChartPoint {
  const p: ChartPoint = { t: frame.tMs / 1000 };
  const events = Object.values(frame.counts).reduce((a, b) => a + b, 0);
  p.eventsPerSec = frame.eventsPerSec;
  // The frame's events/s split by kind in proportion to the frame's counts.
  p.postsPerSec = events > 0 ? Math.round((frame.eventsPerSec * frame.counts.post) / events) : 0;
  p.readsPerSec = events > 0 ? Math.round((frame.eventsPerSec * frame.counts.read) / events) : 0;
  for (const [op, w] of Object.entries(frame.latency)) {
    if (!isModelOperation(op) || w.count === 0) continue;
    p[latencyKey(op, 'p50')] = w.p50Ms;
    p[latencyKey(op, 'p99')] = w.p99Ms;
  }
  if (frame.memory) {
    p['mem used_memory'] = frame.memory.usedMemoryBytes / MB;
    for (const [model, bytes] of Object.entries(frame.memory.byModel)) p[`mem ${model}`] = bytes / MB;
  }
  const w = frame.fanout?.writer;
  if (w && w.peakQueueDepths.length > 0) {
    p[WRITER_DEEPEST] = Math.max(...w.peakQueueDepths);
    p[WRITER_MEAN] = w.peakQueueDepths.reduce((a, b) => a + b, 0) / w.peakQueueDepths.length;
  }
  const c = frame.fanout?.readCache;
  if (c) {
    // Cumulative counters; appendPoint turns them into ratios over the rate window.
    p[RAW_CACHE.hits] = c.hits;
    p[RAW_CACHE.reads] = c.hits + c.misses;
    p[RAW_CACHE.stale] = c.staleReads;
  }
  return p;
}

/** Series of the Timeline writer's queues (peak events per shard in the frame) and read cache (percent over the rate window). */
export const WRITER_DEEPEST = 'writer deepest queue';
export const WRITER_MEAN = 'writer mean queue';
export const CACHE_HIT_PCT = 'cache hit %';
export const CACHE_STALE_PCT = 'cache stale %';
const RAW_CACHE = { hits: 'raw cache hits', reads: 'raw cache reads', stale: 'raw cache stale' } as const;

/** (num now - num then) / (den now - den then) * 100 over the window, or undefined when den did not move. */
function windowPct(then: ChartPoint | undefined, now: ChartPoint, num: string, den: string): number | undefined {
  const dNum = now[num] - (then?.[num] ?? 0);
  const dDen = now[den] - (then?.[den] ?? 0);
  return dDen > 0 ? Math.round((dNum / dDen) * 1000) / 10 : undefined;
}

/** Rates are averaged over this many frames (about one wall-clock second at 30 frames/s). */
export const RATE_WINDOW_FRAMES = 30;
const RATE_KEYS = ['eventsPerSec', 'postsPerSec', 'readsPerSec'] as const;

/** A step back in time (reset, a new scenario): `point` starts a new history. */
export function startsNewHistory(history: readonly ChartPoint[], point: ChartPoint): boolean {
  const last = history[history.length - 1];
  return last !== undefined && point.t < last.t;
}

export function appendPoint(history: readonly ChartPoint[], point: ChartPoint): ChartPoint[] {
  const base = startsNewHistory(history, point) ? [] : history;
  // Per-frame rates jump with tick boundaries: chart a moving average, keep the raw value too.
  const recent = base.slice(-(RATE_WINDOW_FRAMES - 1));
  const p: ChartPoint = { ...point };
  for (const k of RATE_KEYS) {
    p[`raw ${k}`] = point[k];
    p[k] = Math.round(recent.reduce((sum, q) => sum + (q[`raw ${k}`] ?? 0), point[k]) / (recent.length + 1));
  }
  if (point[RAW_CACHE.reads] !== undefined) {
    const then = recent.find((q) => q[RAW_CACHE.reads] !== undefined);
    const hit = windowPct(then, point, RAW_CACHE.hits, RAW_CACHE.reads);
    const stale = windowPct(then, point, RAW_CACHE.stale, RAW_CACHE.hits);
    if (hit !== undefined) p[CACHE_HIT_PCT] = hit;
    if (stale !== undefined) p[CACHE_STALE_PCT] = stale;
  }
  const next = [...base, p];
  if (next.length <= MAX_POINTS) return next;
  const half = Math.floor(next.length / 2);
  return [...next.slice(0, half).filter((_, i) => i % 2 === 0), ...next.slice(half)];
}

/**
 * The series names of a history kept as points arrive (first-seen order; the same array when a
 * point brings no new name), so that panels do not scan every point on every update: a long
 * history of a busy scenario has hundreds of points with dozens of series each.
 */
export function addSeriesKeys(keys: readonly string[], point: ChartPoint): readonly string[] {
  let out: string[] | null = null;
  for (const k of Object.keys(point)) {
    if (k === 't' || keys.includes(k) || out?.includes(k)) continue;
    out ??= [...keys];
    out.push(k);
  }
  return out ?? keys;
}

/**
 * At most `max` points of a history, evenly spaced and always with the last one: what a chart
 * draws. A chart a few hundred pixels wide shows no more, and recharts' cost grows with every
 * point of every series (the charts redraw five times a second while a scenario plays).
 */
export function thinPoints(points: readonly ChartPoint[], max: number): readonly ChartPoint[] {
  if (points.length <= max || max < 2) return points;
  const out: ChartPoint[] = [];
  const step = (points.length - 1) / (max - 1);
  for (let i = 0; i < max; i++) out.push(points[Math.round(i * step)]);
  return out;
}
