/**
 * How the transports that survive a lost connection back off and what counts as one: used by the
 * one-server ResilientTransport (engine/faults/) and the per-node state of ClusterTransport.
 */
import { FeedscopeError } from '../../errors.js';

/** First wait after a connection failure, and the longest (ms), as ioredis's default strategy caps at 2 s. */
export const BACKOFF_FIRST_MS = 50;
export const BACKOFF_MAX_MS = 2000;

/** Codes of errors that mean the connection, not the command, failed. */
export const CONNECTION_ERROR_CODES: ReadonlySet<string> = new Set(['REDIS_TIMEOUT', 'REDIS_UNREACHABLE', 'REDIS_WRITE_FAILED', 'REDIS_UNAVAILABLE']);

export function isConnectionError(err: unknown): boolean {
  return err instanceof FeedscopeError && CONNECTION_ERROR_CODES.has(err.code);
}
