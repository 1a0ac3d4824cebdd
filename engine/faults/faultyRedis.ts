/**
 * A scenario's `faults` applied to the engine's Redis: a DelayProxy (DelayProxy.ts) in front of
 * the real server, and a second connection through it that the feed models use, so every model
 * command (ioredis and the fan-out's RESP connection alike) pays the injected latency. Inspectors
 * and the reset keep the direct connection.
 */
import { openRedis, type RedisHandle } from '../redis/connect.js';
import type { Faults } from '../scenario/schema.js';
import { DelayProxy } from './DelayProxy.js';

export interface FaultyRedis {
  handle: RedisHandle;
  proxy: DelayProxy;
  close(): Promise<void>;
}

export async function openFaultyRedis(direct: RedisHandle, faults: Faults, seed: number): Promise<FaultyRedis> {
  const o = direct.client.options;
  const proxy = await DelayProxy.start({ targetHost: o.host ?? '127.0.0.1', targetPort: o.port ?? 6379, profile: faults.redisDelay, seed });
  try {
    const auth = o.password ? `${encodeURIComponent(o.username ?? '')}:${encodeURIComponent(o.password)}@` : '';
    const handle = await openRedis({ url: `redis://${auth}127.0.0.1:${proxy.port}/${o.db ?? 0}` });
    return {
      handle,
      proxy,
      close: async () => {
        await handle.close();
        await proxy.close();
      },
    };
  } catch (err) {
    await proxy.close();
    throw err;
  }
}
