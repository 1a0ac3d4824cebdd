/**
 * The models' way to Redis in a run with faults: a DelayProxy (DelayProxy.ts) in front of the real
 * server, and a connection through it that the feed models use, so every model command (ioredis
 * and the fan-out's RESP connection alike) pays the injected latency and sees its resets.
 * Inspectors, memory sampling and the reset keep the direct connection.
 *
 * The client through the proxy is the one a service facing faults would configure: it reconnects
 * forever with a capped backoff (50 ms doubling to 2 s, ioredis's default caps at 2 s), keeps no
 * offline queue (a command while disconnected fails at once with a connection error instead of
 * waiting) and gives each command `commandTimeoutMs`.
 */
import { Redis } from 'ioredis';
import { FeedscopeError } from '../errors.js';
import type { RedisHandle } from '../redis/connect.js';
import { DelayProxy, NO_DELAY } from './DelayProxy.js';
import { BACKOFF_FIRST_MS, BACKOFF_MAX_MS } from '../redis/transport/backoff.js';

/** The command timeout of the models' connections in a run with faults, unless the run sets one (ms). */
export const FAULT_COMMAND_TIMEOUT_MS = 500;

export interface FaultyRedis {
  handle: RedisHandle;
  proxy: DelayProxy;
  close(): Promise<void>;
}

export async function openFaultyRedis(direct: RedisHandle, seed: number, commandTimeoutMs: number): Promise<FaultyRedis> {
  const o = direct.client.options;
  const proxy = await DelayProxy.start({ targetHost: o.host ?? '127.0.0.1', targetPort: o.port ?? 6379, profile: NO_DELAY, seed });
  const options = {
    host: '127.0.0.1',
    port: proxy.port,
    username: o.username,
    password: o.password,
    db: o.db ?? 0,
    lazyConnect: true,
    connectTimeout: 2000,
    commandTimeout: commandTimeoutMs,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: (n: number) => Math.min(BACKOFF_MAX_MS, BACKOFF_FIRST_MS * 2 ** Math.min(n, 10)),
  };
  const client = new Redis(options);
  client.on('error', () => undefined);
  const extra: Redis[] = [];
  try {
    await client.connect();
    await client.ping();
  } catch (err) {
    client.disconnect();
    await proxy.close();
    throw new FeedscopeError('REDIS_UNREACHABLE', `The fault proxy in front of Redis (127.0.0.1:${proxy.port} -> ${o.host}:${o.port}) did not pass a PING: ${(err as Error).message}.`, { cause: err });
  }
  const handle: RedisHandle = {
    client,
    info: direct.info,
    server: null,
    cluster: null,
    duplicate: () => {
      const c = new Redis(options);
      c.on('error', () => undefined);
      extra.push(c);
      return c;
    },
    close: async () => {
      for (const c of [client, ...extra]) c.disconnect();
    },
  };
  return {
    handle,
    proxy,
    close: async () => {
      await handle.close();
      await proxy.close();
    },
  };
}
