/**
 * A run on a server Feedscope did not start (REDIS_URL): closing the engine removes the run's
 * prefix and nothing else, unless it was asked to keep the keys (`feedscope run --keep`,
 * `npm start -- --keep`).
 */
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../Engine.js';
import { RedisServer } from '../redis/RedisServer.js';
import { scenario } from './helpers.js';

describe('an engine on a foreign Redis', () => {
  let server: RedisServer;
  let client: Redis;
  beforeAll(async () => {
    server = await RedisServer.start();
    client = new Redis(server.url);
    await client.set('someone-else:key', 'keep me');
    await client.set('fsx:1', 'not ours either');
  });
  afterAll(async () => {
    client.disconnect();
    await server.stop();
  });

  async function playAndClose(o: { prefix?: string; keepKeys?: boolean }): Promise<number> {
    const engine = new Engine({ redisUrl: server.url, ...o });
    await engine.load(scenario(), 'test.json', '.');
    await engine.step();
    await engine.step();
    const during = (await client.keys(`${o.prefix ?? 'fs:'}*`)).length;
    await engine.close();
    return during;
  }

  it('removes its prefix on close, and only its prefix', async () => {
    expect(await playAndClose({})).toBeGreaterThan(10);
    expect(await client.keys('fs:*')).toEqual([]);
    expect(await client.get('someone-else:key')).toBe('keep me');
    expect(await client.get('fsx:1')).toBe('not ours either');
  });

  it('keeps the keys when asked to', async () => {
    const during = await playAndClose({ prefix: 'kept:', keepKeys: true });
    expect(during).toBeGreaterThan(10);
    expect((await client.keys('kept:*')).length).toBe(during);
  });
});
