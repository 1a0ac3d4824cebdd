/**
 * The transports under faults, against a real private redis-server: a closed RESP writer rejects
 * what it still waited for (before, a batch in flight when its transport was replaced hung for
 * good), and ResilientTransport reconnects after its connection failed, backing off between tries.
 */
import { describe, expect, it } from 'vitest';
import { FeedscopeError } from '../errors.js';
import { RespWriter, respCommand } from '../redis/RespWriter.js';
import { openTransport } from '../redis/transport/open.js';
import { usePrivateRedis } from '../test/helpers.js';
import { DelayProxy } from './DelayProxy.js';
import { openFaultyRedis } from './faultyRedis.js';
import { ResilientTransport } from './ResilientTransport.js';

describe('transports under faults', () => {
  const redis = usePrivateRedis();

  it('a RESP writer closed with a batch in flight rejects it', async () => {
    const w = await RespWriter.connect({ host: '127.0.0.1', port: redis.handle.server!.port, commandTimeoutMs: 60_000 });
    // BLPOP on a missing key holds its reply for 5 s: the batch is in flight when the writer closes.
    const pending = w.exec(respCommand(['BLPOP', 'fs:none', 5]), 1);
    w.close();
    await expect(pending).rejects.toMatchObject({ code: 'REDIS_WRITE_FAILED' });
  });

  it('reconnects after every socket was reset, failing fast while it backs off', async () => {
    const faulty = await openFaultyRedis(redis.handle, 1, 500);
    try {
      const t = await ResilientTransport.create(() => openTransport(faulty.handle.client, { commandTimeoutMs: 500 }));
      await t.send([['SET', 'fs:rt', '1']], 'SET', 'bulk');
      faulty.proxy.dropAll();
      const err = await t.send([['SET', 'fs:rt', '2']], 'SET', 'bulk').catch((e: unknown) => e);
      expect(err).toBeInstanceOf(FeedscopeError);
      expect(['REDIS_WRITE_FAILED', 'REDIS_UNREACHABLE']).toContain((err as FeedscopeError).code);
      // Within the first backoff: refused at once, without a connection attempt.
      const fast = await t.send([['SET', 'fs:rt', '3']], 'SET', 'bulk').catch((e: unknown) => e);
      expect((fast as FeedscopeError).code).toBe('REDIS_UNAVAILABLE');
      expect(t.stats.failedFast).toBe(1);
      await expect.poll(async () => t.send([['SET', 'fs:rt', '4']], 'SET', 'bulk').then(() => 'ok', (e: FeedscopeError) => e.code), { timeout: 5000 }).toBe('ok');
      expect(t.stats.reconnects).toBeGreaterThan(0);
      expect(await redis.handle.client.get('fs:rt')).toBe('4');
      await t.close();
    } finally {
      await faulty.close();
    }
  });

  it('a proxy refusing connections resets each new one until told to stop', async () => {
    const proxy = await DelayProxy.start({ targetHost: '127.0.0.1', targetPort: redis.handle.server!.port });
    try {
      proxy.refuse(true);
      await expect(RespWriter.connect({ host: '127.0.0.1', port: proxy.port }).then((w) => w.exec(respCommand(['PING']), 1))).rejects.toBeInstanceOf(FeedscopeError);
      proxy.refuse(false);
      const w = await RespWriter.connect({ host: '127.0.0.1', port: proxy.port });
      expect(await w.exec(respCommand(['PING']), 1)).toEqual([]);
      w.close();
      expect(proxy.stats.drops).toBeGreaterThan(0);
    } finally {
      await proxy.close();
    }
  });
});
