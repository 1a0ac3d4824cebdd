/**
 * Redis calls as spans: `redis.<COMMAND>` for single commands, `redis.pipeline` (with the command
 * name of its bulk, `redis.pipeline:ZADD`) for pipelines, so flame graphs show where time goes.
 */
import type { ChainableCommander } from 'ioredis';
import { FeedscopeError } from '../errors.js';
import type { Span, Tracer } from './Tracer.js';

export async function tracedCommand<T>(tracer: Tracer, parent: Span | undefined, command: string, fn: () => Promise<T>): Promise<T> {
  const span = tracer.start(`redis.${command}`, parent);
  try {
    return await fn();
  } finally {
    span.end();
  }
}

/** A transport call inside a `redis.pipeline:<label>` span. */
export async function tracedBatch<T>(tracer: Tracer, parent: Span | undefined, label: string, fn: () => Promise<T>): Promise<T> {
  const span = tracer.start(`redis.pipeline:${label}`, parent);
  try {
    return await fn();
  } finally {
    span.end();
  }
}

/** Executes a pipeline inside a span and throws on the first failed command. */
export async function tracedPipeline(tracer: Tracer, parent: Span | undefined, label: string, pipeline: ChainableCommander): Promise<unknown[]> {
  const span = tracer.start(`redis.pipeline:${label}`, parent);
  try {
    const results = (await pipeline.exec()) ?? [];
    const out: unknown[] = new Array(results.length);
    for (let i = 0; i < results.length; i++) {
      const [err, value] = results[i];
      if (err) throw new FeedscopeError('REDIS_COMMAND_FAILED', `Redis pipeline (${label}) command ${i + 1} of ${results.length} failed: ${err.message}`, { cause: err });
      out[i] = value;
    }
    return out;
  } finally {
    span.end();
  }
}
