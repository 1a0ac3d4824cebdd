import { spawn } from 'node:child_process';
import { existsSync, readlinkSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { FeedscopeError } from '../errors.js';
import { openRedis } from './connect.js';
import { RedisServer } from './RedisServer.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitGone(pid: number, ms = 5000): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (!alive(pid)) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return !alive(pid);
}

describe('private redis-server', () => {
  it('starts on a free loopback port without persistence, answers, and stops', async () => {
    const s = await RedisServer.start();
    expect(s.port).toBeGreaterThan(0);
    expect(s.version).toMatch(/^\d+\.\d+/);
    const h = await openRedis({ url: s.url });
    const cfg = (await h.client.config('GET', 'save')) as string[];
    expect(cfg[1]).toBe('');
    expect(((await h.client.config('GET', 'appendonly')) as string[])[1]).toBe('no');
    await h.close();
    await s.stop();
    expect(await waitGone(s.pid)).toBe(true);
  });

  it('leaves no orphan when its parent is killed with SIGKILL', async () => {
    const script = `import { RedisServer } from '${path.join(ROOT, 'engine/redis/RedisServer.ts')}';
const s = await RedisServer.start(); console.log(s.pid); setInterval(() => {}, 1000);`;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    const pid = await new Promise<number>((resolve) => child.stdout.once('data', (d: Buffer) => resolve(Number(d.toString().trim()))));
    expect(alive(pid)).toBe(true);
    const dir = readlinkSync(`/proc/${pid}/cwd`);
    expect(existsSync(dir)).toBe(true);
    child.kill('SIGKILL');
    expect(await waitGone(pid)).toBe(true);
    // its temp dir goes with it
    for (let i = 0; i < 40 && existsSync(dir); i++) await new Promise((r) => setTimeout(r, 50));
    expect(existsSync(dir)).toBe(false);
  });

  it('stops the server on SIGTERM of the parent', async () => {
    const script = `import { RedisServer } from '${path.join(ROOT, 'engine/redis/RedisServer.ts')}';
const s = await RedisServer.start(); console.log(s.pid); setInterval(() => {}, 1000);`;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    const pid = await new Promise<number>((resolve) => child.stdout.once('data', (d: Buffer) => resolve(Number(d.toString().trim()))));
    child.kill('SIGTERM');
    const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
    expect(code).toBe(143);
    expect(await waitGone(pid)).toBe(true);
  });

  it('says how to install redis-server when it is missing', async () => {
    const err = await RedisServer.start({ bin: 'redis-server-that-does-not-exist' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FeedscopeError);
    expect((err as FeedscopeError).code).toBe('REDIS_NOT_INSTALLED');
    expect((err as Error).message).toMatch(/apt-get install redis-server/);
    expect((err as Error).message).toMatch(/REDIS_URL/);
  });

  it('says what to do when REDIS_URL refuses the connection', async () => {
    // A port that was free a moment ago: nothing listens there.
    const s = await RedisServer.start();
    const port = s.port;
    await s.stop();
    const err = await openRedis({ url: `redis://127.0.0.1:${port}` }).catch((e: unknown) => e);
    expect((err as FeedscopeError).code).toBe('REDIS_UNREACHABLE');
    expect((err as Error).message).toContain(`127.0.0.1:${port}`);
    expect((err as Error).message).toMatch(/refused/);
    expect((err as Error).message).toMatch(/REDIS_URL/);
  });
});
