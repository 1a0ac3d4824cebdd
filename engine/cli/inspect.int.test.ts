import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { usePrivateRedis } from '../test/helpers.js';
import { inspectKey, printInspect } from './inspect.js';

const redis = usePrivateRedis();
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

describe('feedscope inspect', () => {
  it('reports type, encoding, ttl, MEMORY USAGE, entries and the ZSET model with its histogram', async () => {
    const r = redis.handle.client;
    const args: (string | number)[] = [];
    for (let i = 0; i < 3000; i++) args.push(1_767_225_600_000 + i, `post:${i}`);
    await r.zadd('fs:timeline:9', ...args);
    await r.expire('fs:timeline:9', 600);
    const res = await inspectKey(redis.handle, 'timeline:9', { prefix: 'fs:', offset: 100, measure: false, seed: 1, scenario: 'x.json' });
    expect(res).toMatchObject({ key: 'fs:timeline:9', type: 'zset', encoding: 'skiplist', entries: 3000 });
    expect(res.ttl).toBeGreaterThan(590);
    expect(Math.abs(res.model!.estimatedBytes - res.memoryUsageBytes!) / res.memoryUsageBytes!).toBeLessThan(0.03);
    expect(res.model!.levelHistogram.reduce((s, h) => s + h.nodes, 0)).toBe(3000);
    expect(res.model!.components.map((c) => c.name)).toContain('skiplist nodes');
    const lines: string[] = [];
    printInspect(res, (s) => lines.push(s));
    expect(lines.join('\n')).toMatch(/0\.25/);
    await r.set('plain', 'hello');
    const s = await inspectKey(redis.handle, 'plain', { prefix: 'fs:', offset: 0, measure: false, seed: 1 });
    expect(s).toMatchObject({ type: 'string', entries: 5, ttl: -1 });
    expect(s.model).toBeUndefined();
    await expect(inspectKey(redis.handle, 'missing', { prefix: 'fs:', offset: 0, measure: false, seed: 1 })).rejects.toMatchObject({ code: 'NO_SUCH_KEY' });
  });

  it('explains that it needs a server when there is neither --redis-url nor REDIS_URL', () => {
    const env = { ...process.env };
    delete env.REDIS_URL;
    const out = spawnSync(process.execPath, [path.join(ROOT, 'bin/feedscope.mjs'), 'inspect', 'fs:timeline:0'], { env, encoding: 'utf8', timeout: 30_000 });
    expect(out.status).toBe(2);
    expect(out.stderr).toMatch(/private redis-servers are gone when a run ends/);
    expect(out.stderr).toMatch(/--scenario/);
  });
});
