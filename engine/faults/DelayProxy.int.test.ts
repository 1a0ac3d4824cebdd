/**
 * The delay proxy between ioredis and a real, private redis-server: replies pass intact, a base
 * delay shows in every round trip, spikes hold the replies behind them, and a command timeout cuts
 * the wait short.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRedis, type RedisHandle } from '../redis/connect.js';
import { usePrivateRedis } from '../test/helpers.js';
import { DelayProxy } from './DelayProxy.js';

const redis = usePrivateRedis();
let proxy: DelayProxy;
let via: RedisHandle;

beforeAll(async () => {
  proxy = await DelayProxy.start({ targetHost: '127.0.0.1', targetPort: redis.handle.server!.port });
  via = await openRedis({ url: proxy.url });
});
afterAll(async () => {
  await via?.close();
  await proxy?.close();
});

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t0 = performance.now();
  const v = await fn();
  return [v, performance.now() - t0];
}

describe('DelayProxy', () => {
  it('passes commands and replies through unchanged', async () => {
    proxy.setProfile({ baseMs: 0, spikeMs: 0, spikeProbability: 0 });
    await via.client.zadd('dp:z', 1, 'a', 2, 'b');
    expect(await via.client.zrevrange('dp:z', 0, -1, 'WITHSCORES')).toEqual(['b', '2', 'a', '1']);
    expect(await redis.handle.client.zcard('dp:z')).toBe(2);
  });

  it('adds its base delay to every round trip', async () => {
    proxy.setProfile({ baseMs: 40, spikeMs: 0, spikeProbability: 0 });
    const [pong, ms] = await timed(() => via.client.ping());
    expect(pong).toBe('PONG');
    expect(ms).toBeGreaterThanOrEqual(38);
    proxy.setProfile({ baseMs: 0, spikeMs: 0, spikeProbability: 0 });
    const [, fast] = await timed(() => via.client.ping());
    expect(fast).toBeLessThan(30);
  });

  it('holds every reply behind a spike (head-of-line blocking)', async () => {
    proxy.setProfile({ baseMs: 0, spikeMs: 80, spikeProbability: 1 });
    const t0 = performance.now();
    const first = via.client.ping();
    await new Promise((r) => setTimeout(r, 15));
    proxy.setProfile({ baseMs: 0, spikeMs: 0, spikeProbability: 0 });
    const second = via.client.ping().then(() => performance.now() - t0);
    await first;
    expect(await second).toBeGreaterThanOrEqual(75);
    expect(proxy.stats.spikes).toBeGreaterThanOrEqual(1);
    expect(proxy.stats.maxHoldMs).toBeGreaterThanOrEqual(75);
  });

  it('lets a command timeout end the wait instead of the spike', async () => {
    const hurried = await openRedis({ url: proxy.url, commandTimeoutMs: 30 });
    try {
      proxy.setProfile({ baseMs: 0, spikeMs: 150, spikeProbability: 1 });
      const [err, ms] = await timed(() => hurried.client.ping().then(() => null, (e: Error) => e));
      expect(err?.message).toMatch(/timed out/i);
      expect(ms).toBeLessThan(120);
    } finally {
      proxy.setProfile({ baseMs: 0, spikeMs: 0, spikeProbability: 0 });
      await new Promise((r) => setTimeout(r, 200));
      await hurried.close();
    }
  });

  it('refuses a profile it cannot apply', () => {
    expect(() => proxy.setProfile({ baseMs: -1, spikeMs: 0, spikeProbability: 0 })).toThrow(/baseMs/);
  });
});
