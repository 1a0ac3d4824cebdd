/**
 * The engine's event-loop delay while a scenario plays (node:perf_hooks monitorEventLoopDelay, a
 * timer sampled every RESOLUTION_MS whose lateness is recorded in an HDR histogram). Every
 * latency Feedscope measures is wall time on this one event loop: a Redis reply that arrived
 * while fan-out encoding held the loop waits for it. This delay is that queueing, so a user can
 * tell the engine's own waiting from the servers' time (issue 19). Two histograms: one for the
 * run (report.json `run.eventLoop`) and one per frame window, reset by each `takeWindow`.
 */
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import type { EventLoopSummary } from '../api/report.js';

export type { EventLoopSummary };

/** Sampling period of the monitor, ms (Node's default is 10; finer catches shorter stalls). */
export const EVENT_LOOP_RESOLUTION_MS = 5;


/**
 * A recorded value in ms of delay: Node records the whole interval between two samples (an idle
 * loop records about RESOLUTION_MS), so the lateness is the interval less the resolution.
 */
const ms = (ns: number): number => Math.max(0, Math.round(ns / 1e4) / 100 - EVENT_LOOP_RESOLUTION_MS);

/** The summary of one histogram (null before any sample). */
function summarize(h: IntervalHistogram): EventLoopSummary | null {
  if (h.count === 0) return null;
  const distribution = [...h.percentiles].sort((a, b) => a[0] - b[0]).map(([percentile, v]) => ({ percentile, ms: ms(v) }));
  return { resolutionMs: EVENT_LOOP_RESOLUTION_MS, samples: h.count, p50Ms: ms(h.percentile(50)), p90Ms: ms(h.percentile(90)), p99Ms: ms(h.percentile(99)), maxMs: ms(h.max), meanMs: ms(h.mean), distribution };
}

export class EventLoopDelay {
  private readonly run = monitorEventLoopDelay({ resolution: EVENT_LOOP_RESOLUTION_MS });
  private readonly window = monitorEventLoopDelay({ resolution: EVENT_LOOP_RESOLUTION_MS });
  private on = false;

  /** Starts sampling (play); stop() pauses it, keeping what was recorded. */
  start(): void {
    if (this.on) return;
    this.on = true;
    this.run.enable();
    this.window.enable();
  }

  stop(): void {
    if (!this.on) return;
    this.on = false;
    this.run.disable();
    this.window.disable();
  }

  /** Forgets everything recorded (a new load, a reset). */
  reset(): void {
    this.run.reset();
    this.window.reset();
  }

  /** The run's summary so far (null: nothing played yet). */
  summary(): EventLoopSummary | null {
    return summarize(this.run);
  }

  /** p99 and max over the frame window since the last call, ms (null: no sample in it). */
  takeWindow(): { p99Ms: number; maxMs: number } | null {
    const s = this.window.count === 0 ? null : { p99Ms: ms(this.window.percentile(99)), maxMs: ms(this.window.max) };
    this.window.reset();
    return s;
  }
}
