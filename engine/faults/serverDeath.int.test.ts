/**
 * Outside a fault schedule: the private redis-server dies (kill -9). The engine says so
 * (REDIS_DIED, naming the port and how it ended), the server is started again on the same port,
 * empty, and the engine's own client reconnects to it.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { ApiError } from '../api.js';
import { Engine } from '../Engine.js';
import { RANKER_FILE, scenario } from '../test/helpers.js';

describe('a private redis-server that dies outside the schedule', () => {
  const engine = new Engine({ rankerFile: RANKER_FILE });
  afterAll(() => engine.close());

  it('gets a clear message and is restarted, empty, on the same port', async () => {
    await engine.load(scenario(), 'inline', process.cwd());
    const redis = await engine.redis();
    const server = redis.server!;
    await redis.client.set('fs:probe', '1');
    const errors: ApiError[] = [];
    engine.on((e) => {
      if (e.type === 'error') errors.push(e.error);
    });
    const pid = server.pid;
    process.kill(pid, 'SIGKILL');
    await expect.poll(() => errors.length, { timeout: 10_000 }).toBeGreaterThan(0);
    expect(errors[0].code).toBe('REDIS_DIED');
    expect(errors[0].message).toContain(`port ${server.port}`);
    expect(errors[0].message).toMatch(/restarting it, empty/);
    await expect.poll(() => server.restarts, { timeout: 15_000 }).toBe(1);
    expect(server.pid).not.toBe(pid);
    // The engine's client reconnects by itself, to an empty server.
    await expect.poll(() => redis.client.ping().catch(() => 'down'), { timeout: 15_000 }).toBe('PONG');
    expect(await redis.client.get('fs:probe')).toBeNull();
  }, 40_000);
});
