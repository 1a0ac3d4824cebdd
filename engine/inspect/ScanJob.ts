/**
 * A complete, throttled SCAN of a keyspace (every master of a cluster in turn), never KEYS: SCAN
 * cursor MATCH pattern COUNT n [TYPE t] in batches, each batch's keys described in one pipeline
 * (TYPE, OBJECT ENCODING, PTTL, MEMORY USAGE key SAMPLES 0) and their lengths in a second, then
 * a pause that holds the server-time budget (throttle.ts). It can be paused, resumed and
 * cancelled; progress is keys seen of DBSIZE at the start.
 *
 * SCAN guarantees every key present for the whole walk is returned at least once (dict.c
 * dictScan's reverse-binary cursor), possibly more than once: keys are kept by name, so
 * duplicates count once.
 */
import type { Redis } from 'ioredis';
import { errorInfo } from '../errors.js';
import type { ScanJobView, ScannedKey } from './keyBrowserApi.js';
import { throttleDelayMs } from './throttle.js';

export interface ScanJobOptions {
  pattern: string;
  type: string | null;
  count: number;
  budgetPct: number;
  details: boolean;
}

/**
 * A batch should take about this long: on a slow or loaded server COUNT halves (to MIN_COUNT),
 * on a fast one it grows back to the COUNT asked for, so the budget is held in small steps
 * (the share can exceed it by at most one batch between two waits).
 */
const TARGET_BATCH_MS = 25;
const MIN_COUNT = 10;

const LENGTH_COMMAND: Record<string, string> = { string: 'STRLEN', list: 'LLEN', set: 'SCARD', zset: 'ZCARD', hash: 'HLEN', stream: 'XLEN' };

export class ScanJob {
  readonly keys = new Map<string, ScannedKey>();
  /** Bumped when the keys change (the list's sort cache reads it). */
  version = 0;
  private state: ScanJobView['state'] = 'running';
  private error: ScanJobView['error'] = null;
  private busyMs = 0;
  private maxBatchMs = 0;
  private activeMs = 0;
  private resumedAt = performance.now();
  private batches = 0;
  private dbsize = 0;
  private wake: (() => void) | null = null;
  private count: number;
  private batchRunning = false;
  /** When a pause or cancel came during a batch: the rest of that batch still counts as scan time. */
  private stoppedInBatchAt: number | null = null;
  /** Resolves when the batch in flight (if any) has been added. */
  private inFlight: Promise<unknown> = Promise.resolve();
  readonly done: Promise<void>;

  constructor(
    readonly id: number,
    private readonly masters: readonly Redis[],
    readonly server: string,
    readonly options: ScanJobOptions,
  ) {
    this.count = options.count;
    this.done = this.run();
  }

  get complete(): boolean {
    return this.state === 'done';
  }

  pause(): void {
    if (this.state !== 'running') return;
    this.stop('paused');
  }

  private stop(state: 'paused' | 'cancelled'): void {
    const now = performance.now();
    if (this.state === 'running') {
      this.activeMs += now - this.resumedAt;
      if (this.batchRunning) this.stoppedInBatchAt = now;
    }
    this.state = state;
  }

  resume(): void {
    if (this.state !== 'paused') return;
    this.state = 'running';
    this.resumedAt = performance.now();
    this.wake?.();
  }

  cancel(): void {
    if (this.state === 'running' || this.state === 'paused') this.stop('cancelled');
    this.wake?.();
  }

  /** After pause or cancel: the batch that was in flight has been counted, so the figures stand still. */
  async settled(): Promise<void> {
    await this.inFlight;
  }

  /** A key the browser deleted or renamed: the list follows without a new scan. */
  forget(key: string): void {
    if (this.keys.delete(key)) this.version++;
  }

  private elapsedMs(): number {
    return this.activeMs + (this.state === 'running' ? performance.now() - this.resumedAt : 0);
  }

  view(): ScanJobView {
    const elapsedMs = this.elapsedMs();
    const o = this.options;
    return {
      id: this.id, state: this.state, pattern: o.pattern, type: o.type, details: o.details, budgetPct: o.budgetPct,
      seen: this.keys.size, dbsize: this.dbsize, batches: this.batches,
      measuredPct: elapsedMs > 0 ? Math.round((1000 * this.busyMs) / elapsedMs) / 10 : 0,
      busyMs: Math.round(this.busyMs), maxBatchMs: Math.round(this.maxBatchMs), elapsedMs: Math.round(elapsedMs), complete: this.complete, error: this.error, server: this.server,
    };
  }

  /** Waits `ms` of running time, or until paused time ends / the job is cancelled. */
  private async wait(ms: number): Promise<void> {
    const until = performance.now() + ms;
    while ((this.state as string) === 'paused' || (this.state === 'running' && performance.now() < until)) {
      const left = this.state === 'paused' ? 60_000 : until - performance.now();
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.wake = () => {
          clearTimeout(t);
          resolve();
        };
      });
      this.wake = null;
    }
  }

  private async run(): Promise<void> {
    try {
      for (const m of this.masters) this.dbsize += await m.dbsize();
      for (const m of this.masters) {
        let cursor = '0';
        do {
          await this.wait(0);
          if (this.state !== 'running') return;
          const t0 = performance.now();
          this.batchRunning = true;
          const step = this.batch(m, cursor);
          this.inFlight = step.catch(() => undefined);
          try {
            cursor = await step;
          } finally {
            this.batchRunning = false;
            if (this.stoppedInBatchAt !== null) {
              this.activeMs += performance.now() - this.stoppedInBatchAt;
              this.stoppedInBatchAt = null;
            }
          }
          const batchMs = performance.now() - t0;
          this.busyMs += batchMs;
          this.maxBatchMs = Math.max(this.maxBatchMs, batchMs);
          if (batchMs > 1.5 * TARGET_BATCH_MS) this.count = Math.max(MIN_COUNT, Math.floor(this.count / 2));
          else if (batchMs < TARGET_BATCH_MS / 2) this.count = Math.min(this.options.count, this.count * 2);
          this.batches++;
          await this.wait(throttleDelayMs(this.busyMs, this.elapsedMs(), this.options.budgetPct));
        } while (cursor !== '0');
      }
      if (this.state === 'running') {
        this.activeMs += performance.now() - this.resumedAt;
        this.state = 'done';
      }
    } catch (err) {
      if (this.state === 'running') this.activeMs += performance.now() - this.resumedAt;
      this.state = 'failed';
      this.error = errorInfo(err);
    }
  }

  private async batch(m: Redis, cursor: string): Promise<string> {
    const o = this.options;
    const args: (string | number)[] = [cursor, 'MATCH', o.pattern, 'COUNT', this.count];
    if (o.type) args.push('TYPE', o.type);
    const [next, found] = (await m.call('SCAN', ...args)) as [string, string[]];
    const fresh = found.filter((k) => !this.keys.has(k));
    if (fresh.length === 0) return next;
    if (!o.details) {
      for (const k of fresh) this.keys.set(k, { key: k, type: o.type ?? '?', encoding: null, ttlMs: null, memoryBytes: null, length: null });
      if (!o.type) await this.types(m, fresh);
      this.version++;
      return next;
    }
    const pipe = m.pipeline();
    for (const k of fresh) pipe.type(k).call('OBJECT', 'ENCODING', k).pttl(k).call('MEMORY', 'USAGE', k, 'SAMPLES', '0');
    const res = (await pipe.exec()) ?? [];
    const rows: ScannedKey[] = [];
    fresh.forEach((key, i) => {
      const at = (j: number): unknown => (res[4 * i + j]?.[0] ? null : res[4 * i + j]?.[1]);
      const type = String(at(0) ?? 'none');
      // Gone between SCAN and TYPE (expired or deleted): not a key of the keyspace any more.
      if (type === 'none') return;
      const mem = at(3);
      rows.push({ key, type, encoding: (at(1) as string | null) ?? null, ttlMs: Number(at(2) ?? -1), memoryBytes: mem === null ? null : Number(mem), length: null });
    });
    const lengths = m.pipeline();
    for (const r of rows) lengths.call(LENGTH_COMMAND[r.type] ?? 'EXISTS', r.key);
    const lens = (await lengths.exec()) ?? [];
    rows.forEach((r, i) => {
      const l = lens[i];
      r.length = !l || l[0] || !LENGTH_COMMAND[r.type] ? null : Number(l[1]);
      this.keys.set(r.key, r);
    });
    this.version++;
    return next;
  }

  private async types(m: Redis, keys: string[]): Promise<void> {
    const pipe = m.pipeline();
    for (const k of keys) pipe.type(k);
    const res = (await pipe.exec()) ?? [];
    keys.forEach((k, i) => {
      const t = res[i]?.[0] ? 'none' : String(res[i]?.[1]);
      if (t === 'none') this.keys.delete(k);
      else this.keys.get(k)!.type = t;
    });
  }
}
