/**
 * Tracing: every engine operation is a span (nested: `timeline.read` > `redis.ZREVRANGE`) timed
 * with the wall clock. Three views are kept as spans end:
 * - an HDR histogram per span name (microseconds), cumulative and for the current frame window;
 * - folded stacks (`a;b;c` -> self time in microseconds), the input of flame graphs;
 * - a ring of the most recent spans, for time-ordered views.
 */
import * as hdr from 'hdr-histogram-js';

const HIGHEST_TRACKABLE_US = 3_600_000_000; // one hour
const RECENT_SPANS = 4000;

import type { LatencySummary } from '../api/report.js';

export type { LatencySummary };

export interface SpanRecord {
  name: string;
  /** Folded path, `root;child;...;name`. */
  path: string;
  /** Start, ms since the tracer was created (wall clock). */
  startMs: number;
  durationUs: number;
  depth: number;
}

export class Span {
  private childUs = 0;
  private ended = false;
  readonly start = performance.now();
  readonly path: string;
  readonly depth: number;

  constructor(
    private readonly tracer: Tracer,
    readonly name: string,
    readonly parent: Span | undefined,
  ) {
    this.path = parent ? `${parent.path};${name}` : name;
    this.depth = parent ? parent.depth + 1 : 0;
  }

  /** Ends the span; returns its duration in microseconds. Ending twice is a no-op. */
  end(): number {
    if (this.ended) return 0;
    this.ended = true;
    const us = Math.max(1, Math.round((performance.now() - this.start) * 1000));
    this.parent?.addChild(us);
    this.tracer.record(this, us, Math.max(0, us - this.childUs));
    return us;
  }

  private addChild(us: number): void {
    this.childUs += us;
  }
}

/**
 * A histogram and the sum of what it recorded: hdr-histogram-js computes `mean` by iterating every
 * bucket, which at 30 frames a second over every span name was the largest cost of a frame.
 */
interface Hist {
  h: hdr.Histogram;
  sumUs: number;
}

function newHistogram(): Hist {
  return { h: hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: HIGHEST_TRACKABLE_US, numberOfSignificantValueDigits: 3 }), sumUs: 0 };
}

function recordIn(x: Hist, us: number): void {
  x.h.recordValue(us);
  x.sumUs += us;
}

function summarize({ h, sumUs }: Hist): LatencySummary {
  const ms = (us: number): number => Math.round(us) / 1000;
  return {
    count: h.totalCount,
    p50Ms: ms(h.getValueAtPercentile(50)),
    p90Ms: ms(h.getValueAtPercentile(90)),
    p99Ms: ms(h.getValueAtPercentile(99)),
    p999Ms: ms(h.getValueAtPercentile(99.9)),
    maxMs: ms(h.maxValue),
    meanMs: ms(h.totalCount ? sumUs / h.totalCount : 0),
  };
}

export class Tracer {
  private readonly total = new Map<string, Hist>();
  private readonly window = new Map<string, Hist>();
  private readonly folded = new Map<string, number>();
  /** Latency per phase of a run (e.g. before, during and after a reshard): phase -> span -> histogram. */
  private readonly phases = new Map<string, Map<string, Hist>>();
  private phase: Map<string, Hist> | null = null;
  private recent: SpanRecord[] = [];
  private recentHead = 0;
  private readonly origin = performance.now();

  start(name: string, parent?: Span): Span {
    return new Span(this, name, parent);
  }

  /** Runs `fn` inside a span that ends when its promise settles. */
  async span<T>(name: string, parent: Span | undefined, fn: (span: Span) => Promise<T>): Promise<T> {
    const s = this.start(name, parent);
    try {
      return await fn(s);
    } finally {
      s.end();
    }
  }

  /** Records a measured duration as a span of its own (e.g. fan-out lag measured across chunks). */
  recordDuration(name: string, us: number): void {
    const v = Math.min(Math.max(1, Math.round(us)), HIGHEST_TRACKABLE_US);
    recordIn(this.hist(this.total, name), v);
    recordIn(this.hist(this.window, name), v);
  }

  /** @internal called by Span.end */
  record(span: Span, us: number, selfUs: number): void {
    const v = Math.min(us, HIGHEST_TRACKABLE_US);
    recordIn(this.hist(this.total, span.name), v);
    recordIn(this.hist(this.window, span.name), v);
    if (this.phase) recordIn(this.hist(this.phase, span.name), v);
    this.folded.set(span.path, (this.folded.get(span.path) ?? 0) + selfUs);
    const rec: SpanRecord = { name: span.name, path: span.path, startMs: span.start - this.origin, durationUs: us, depth: span.depth };
    if (this.recent.length < RECENT_SPANS) this.recent.push(rec);
    else {
      this.recent[this.recentHead] = rec;
      this.recentHead = (this.recentHead + 1) % RECENT_SPANS;
    }
  }

  private hist(map: Map<string, Hist>, name: string): Hist {
    let h = map.get(name);
    if (!h) {
      h = newHistogram();
      map.set(name, h);
    }
    return h;
  }

  /** Cumulative latency per span name. */
  summary(): Record<string, LatencySummary> {
    const out: Record<string, LatencySummary> = {};
    for (const [name, h] of [...this.total].sort(([a], [b]) => a.localeCompare(b))) out[name] = summarize(h);
    return out;
  }

  get(name: string): LatencySummary | undefined {
    const h = this.total.get(name);
    return h ? summarize(h) : undefined;
  }

  /** Spans ended from now on also count toward phase `label` (null: no phase). */
  setPhase(label: string | null): void {
    if (label === null) {
      this.phase = null;
      return;
    }
    let p = this.phases.get(label);
    if (!p) this.phases.set(label, (p = new Map()));
    this.phase = p;
  }

  /** Latency per span name of one phase (empty when nothing ended in it). */
  phaseSummary(label: string): Record<string, LatencySummary> {
    const out: Record<string, LatencySummary> = {};
    for (const [name, h] of this.phases.get(label) ?? []) if (h.h.totalCount > 0) out[name] = summarize(h);
    return out;
  }

  /** Latency per span name since the previous call, then starts a new window. */
  takeWindow(): Record<string, LatencySummary> {
    const out: Record<string, LatencySummary> = {};
    for (const [name, h] of this.window) {
      if (h.h.totalCount > 0) out[name] = summarize(h);
      h.h.reset();
      h.sumUs = 0;
    }
    return out;
  }

  /** Folded stacks, `a;b;c <self microseconds>` per line, sorted (Brendan Gregg's format). */
  foldedStacks(): string[] {
    return [...this.folded].sort(([a], [b]) => a.localeCompare(b)).map(([p, us]) => `${p} ${us}`);
  }

  foldedMap(): ReadonlyMap<string, number> {
    return this.folded;
  }

  /** The most recent spans, oldest first. */
  recentSpans(): SpanRecord[] {
    return [...this.recent.slice(this.recentHead), ...this.recent.slice(0, this.recentHead)];
  }

  reset(): void {
    this.total.clear();
    this.window.clear();
    this.folded.clear();
    this.phases.clear();
    this.phase = null;
    this.recent = [];
    this.recentHead = 0;
  }
}
