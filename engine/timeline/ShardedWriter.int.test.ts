/**
 * The article 2.2 write pipeline against a real, private redis-server: what is accepted lands,
 * what breaks the rules is rejected, queues stay bounded and batches follow size and time.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { deletePrefix } from '../redis/connect.js';
import { usePrivateRedis } from '../test/helpers.js';
import { KeySpace } from '../redis/keys.js';
import { openTransport } from '../redis/transport/open.js';
import type { RedisTransport } from '../redis/transport/RedisTransport.js';
import { MAX_BODY_BYTES, ShardedWriter, SyncTimelineWriter, type TimelineWrite } from './ShardedWriter.js';

const redis = usePrivateRedis();
let transport: RedisTransport;
const keys = new KeySpace({ prefix: 'sw:' });
beforeAll(async () => {
  transport = await openTransport(redis.handle.client);
});
afterAll(() => transport?.close());
beforeEach(async () => {
  await deletePrefix(redis.handle.client, 'sw:');
});

const ev = (user: number, ts: number, body = 'hello'): TimelineWrite => ({ user, ts, id: `p${ts}`, body });

describe('ShardedWriter', () => {
  it('writes every valid event to its user timeline, in batches of at most flushBatch', async () => {
    const w = new ShardedWriter({ transport, keys, shards: 4, queueCapacity: 64, flushBatch: 10, flushIntervalMs: 5 });
    const outcomes = await Promise.all(Array.from({ length: 400 }, (_, i) => w.submit(ev(i % 20, i + 1))));
    expect(outcomes.every((o) => o === 'written')).toBe(true);
    expect(w.stats.written).toBe(400);
    expect(w.stats.batches).toBeGreaterThanOrEqual(40);
    expect(await redis.handle.client.zcard('sw:timeline:3')).toBe(20);
    expect(await redis.handle.client.zscore('sw:timeline:3', 'p4')).toBe('4');
  });

  it('rejects timestamps that do not increase within a shard, and bodies over 10 KB', async () => {
    const w = new ShardedWriter({ transport, keys, shards: 2, queueCapacity: 16 });
    const r = await Promise.all([w.submit(ev(0, 10)), w.submit(ev(2, 10)), w.submit(ev(1, 5)), w.submit(ev(4, 11, 'x'.repeat(MAX_BODY_BYTES + 1))), w.submit(ev(4, 12))]);
    expect(r).toEqual(['written', 'rejected:timestamp', 'written', 'rejected:size', 'written']);
    expect(await redis.handle.client.exists('sw:timeline:2')).toBe(0);
    expect(await redis.handle.client.zcard('sw:timeline:4')).toBe(1);
  });

  it('flushes a partial batch after the interval', async () => {
    const w = new ShardedWriter({ transport, keys, shards: 1, queueCapacity: 100, flushBatch: 50, flushIntervalMs: 30 });
    const t0 = performance.now();
    expect(await w.submit(ev(1, 1))).toBe('written');
    expect(performance.now() - t0).toBeGreaterThanOrEqual(25);
    expect(w.stats.batches).toBe(1);
  });

  it('never queues more than its capacity: producers wait instead', async () => {
    const w = new ShardedWriter({ transport, keys, shards: 2, queueCapacity: 8, flushBatch: 4, flushIntervalMs: 2 });
    await Promise.all(Array.from({ length: 300 }, (_, i) => w.submit(ev(i % 2, i + 1))));
    expect(w.stats.maxQueueDepth).toBeLessThanOrEqual(8);
    expect(w.stats.backpressureWaits).toBeGreaterThan(0);
    expect(w.stats.written).toBe(300);
    await w.close();
    await expect(w.submit(ev(0, 1000))).rejects.toThrow(/closed/);
  });
});

describe('SyncTimelineWriter', () => {
  it('writes one event at a time and rejects like the pipeline', async () => {
    const s = new SyncTimelineWriter(transport, keys);
    const r = await Promise.all([s.submit(ev(0, 1)), s.submit(ev(1, 2)), s.submit(ev(0, 2))]);
    expect(r).toEqual(['written', 'written', 'rejected:timestamp']);
    expect(s.written).toBe(2);
    expect(await redis.handle.client.zcard('sw:timeline:0')).toBe(1);
  });
});
