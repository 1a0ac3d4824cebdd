/**
 * A transport that outlives its connections, for runs with faults. The transports of
 * engine/redis/transport/ fail for good when their socket does (a RESP writer that lost its
 * connection rejects every later batch); this one closes the broken transport and opens a new one
 * on the next call, backing off between attempts like ioredis's retryStrategy does (50 ms doubling
 * to 2 s, reset by the first success). While it backs off, calls fail at once with
 * REDIS_UNAVAILABLE instead of each waiting for a timeout: a paused or killed Redis costs the run
 * one timeout per backoff step, not one per command (a circuit breaker, half-open after the wait).
 *
 * Every failure is a FeedscopeError with a code (REDIS_TIMEOUT, REDIS_UNREACHABLE,
 * REDIS_WRITE_FAILED, REDIS_UNAVAILABLE; per-command errors stay REDIS_COMMAND_FAILED) for the
 * event account to count. Nothing here retries a command: whether an operation may be repeated is
 * the caller's to say (FaultRun retries writes, not reads).
 */
import { FeedscopeError } from '../errors.js';
import { BACKOFF_FIRST_MS, BACKOFF_MAX_MS, isConnectionError } from '../redis/transport/backoff.js';
import type { BatchResult, FanoutWrite, Lane, RedisCommand, RedisTransport, TransportKind } from '../redis/transport/RedisTransport.js';


export interface ResilienceStats {
  /** Transports opened after the first (reconnects). */
  reconnects: number;
  /** Connections that failed (timeouts, resets, refused). */
  connectionFailures: number;
  /** Calls refused at once while backing off. */
  failedFast: number;
}

export class ResilientTransport implements RedisTransport {
  readonly kind: TransportKind;
  readonly where: string;
  private inner: RedisTransport | null;
  private opening: Promise<RedisTransport> | null = null;
  private backoffMs = 0;
  private retryAt = 0;
  private closed = false;
  readonly stats: ResilienceStats = { reconnects: 0, connectionFailures: 0, failedFast: 0 };

  private constructor(first: RedisTransport, private readonly open: () => Promise<RedisTransport>) {
    this.inner = first;
    this.kind = first.kind;
    this.where = first.where;
  }

  /** Opens the first transport now (a failure here fails the load, as without faults). */
  static async create(open: () => Promise<RedisTransport>): Promise<ResilientTransport> {
    return new ResilientTransport(await open(), open);
  }

  fanout(w: FanoutWrite): Promise<void> {
    return this.run((t) => t.fanout(w));
  }

  pipeline(cmds: readonly RedisCommand[], lane?: Lane): Promise<BatchResult> {
    return this.run((t) => t.pipeline(cmds, lane));
  }

  send(cmds: readonly RedisCommand[], label: string, lane?: Lane): Promise<void> {
    return this.run((t) => t.send(cmds, label, lane));
  }

  async close(): Promise<void> {
    this.closed = true;
    const t = this.inner;
    this.inner = null;
    await t?.close();
    await this.opening?.then((o) => o.close()).catch(() => undefined);
  }

  private async run<T>(fn: (t: RedisTransport) => Promise<T>): Promise<T> {
    const t = await this.current();
    try {
      const out = await fn(t);
      this.backoffMs = 0;
      return out;
    } catch (err) {
      if (isConnectionError(err)) this.broken(t);
      throw err;
    }
  }

  private async current(): Promise<RedisTransport> {
    if (this.closed) throw new FeedscopeError('REDIS_UNAVAILABLE', `The connection to Redis at ${this.where} is closed (the run was unloaded).`);
    if (this.inner) return this.inner;
    if (this.opening) return this.opening;
    const now = performance.now();
    if (now < this.retryAt) {
      this.stats.failedFast++;
      throw new FeedscopeError('REDIS_UNAVAILABLE', `Redis at ${this.where} is down or not answering; the next reconnect is in ${Math.ceil(this.retryAt - now)} ms (backing off up to ${BACKOFF_MAX_MS} ms).`);
    }
    this.opening = this.open().then(
      (t) => {
        this.opening = null;
        this.stats.reconnects++;
        if (this.closed) {
          void t.close();
          throw new FeedscopeError('REDIS_UNAVAILABLE', `The connection to Redis at ${this.where} is closed (the run was unloaded).`);
        }
        this.inner = t;
        return t;
      },
      (err: unknown) => {
        this.opening = null;
        this.stats.connectionFailures++;
        this.backOff();
        throw err instanceof FeedscopeError ? err : new FeedscopeError('REDIS_UNREACHABLE', `Redis at ${this.where} could not be reached: ${(err as Error).message}`, { cause: err });
      },
    );
    return this.opening;
  }

  private broken(t: RedisTransport): void {
    if (this.inner !== t) return;
    this.inner = null;
    this.stats.connectionFailures++;
    this.backOff();
    void t.close().catch(() => undefined);
  }

  private backOff(): void {
    this.backoffMs = this.backoffMs === 0 ? BACKOFF_FIRST_MS : Math.min(BACKOFF_MAX_MS, this.backoffMs * 2);
    this.retryAt = performance.now() + this.backoffMs;
  }
}
