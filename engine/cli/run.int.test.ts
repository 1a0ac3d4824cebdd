/**
 * `feedscope run` and `validate` as a person runs them (a child process of bin/feedscope.mjs):
 * flags checked before anything runs, a foreign server left as found (unless --keep), even after
 * Ctrl+C, and a scenario too large for this machine refused by validate.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisServer } from '../redis/RedisServer.js';
import { MAX_AVG_FOLLOWS } from '../scenario/schema.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CLI = path.join(ROOT, 'bin/feedscope.mjs');

const dir = mkdtempSync(path.join(os.tmpdir(), 'feedscope-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function scenarioFile(name: string, o: { users?: number; avgFollows?: number; durationSec?: number } = {}): string {
  const f = path.join(dir, name);
  writeFileSync(f, JSON.stringify({
    name, seed: 2, models: ['timeline'],
    graph: { kind: 'generator', users: o.users ?? 200, avgFollows: o.avgFollows ?? 8 },
    workload: { durationSec: o.durationSec ?? 3, postsPerSec: 20, readsPerSec: 20 },
  }, null, 2));
  return f;
}

function cli(args: string[], env: NodeJS.ProcessEnv = {}): { status: number | null; stdout: string; stderr: string } {
  const clean = { ...process.env, ...env };
  if (!('REDIS_URL' in env)) delete clean.REDIS_URL;
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, env: clean, encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('feedscope run: flags checked first', () => {
  it('refuses --report naming an existing file, before the run, and leaves the file alone', () => {
    const file = path.join(dir, 'not-a-dir.txt');
    writeFileSync(file, 'precious');
    const r = cli(['run', scenarioFile('report.json'), '--report', file]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`--report ${file} is a file, not a directory`);
    expect(r.stderr).not.toContain('Redis ');
    expect(readFileSync(file, 'utf8')).toBe('precious');
  });

  it('refuses a --prefix without a separator, naming the flag', () => {
    const r = cli(['run', scenarioFile('prefix.json'), '--prefix', 'fs']);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain("option '--prefix <prefix>' argument 'fs' is invalid");
    expect(r.stderr).toContain('--prefix fs:');
  });
});

describe('feedscope validate: the run estimate', () => {
  it('prints the estimate of a scenario that fits', () => {
    const r = cli(['validate', scenarioFile('fits.json')]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/estimate: about [\d,]+ follows at the start, 0 added, [\d,]+ events .* of memory/);
  });

  it('refuses one this machine cannot hold, with file, line, path and --force, without building it', () => {
    // Twice this machine's memory in follows (17 B each to build, 17 B in the live graph).
    const users = 2_000_000;
    const avgFollows = Math.ceil((2 * os.totalmem()) / 34 / users);
    if (avgFollows > MAX_AVG_FOLLOWS) return; // a machine this large takes the schema's bound instead
    const f = scenarioFile('huge.json', { users, avgFollows });
    const line = readFileSync(f, 'utf8').split('\n').findIndex((l) => l.includes('"avgFollows"')) + 1;
    const started = Date.now();
    const r = cli(['validate', f]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`${f}:${line}:`);
    expect(r.stderr).toContain('at $.graph.avgFollows');
    expect(r.stderr).toMatch(/this machine has [\d.]+ GiB of memory/);
    expect(r.stderr).toContain('--force');
    expect(Date.now() - started).toBeLessThan(20_000);
  });
});

describe('feedscope run on a foreign Redis (--redis-url)', () => {
  let server: RedisServer;
  let client: Redis;
  beforeAll(async () => {
    server = await RedisServer.start();
    client = new Redis(server.url);
  });
  afterAll(async () => {
    client.disconnect();
    await server.stop();
  });

  it('removes its keys when it ends, and keeps them with --keep', async () => {
    await client.set('theirs:1', 'x');
    const f = scenarioFile('foreign.json');
    const r = cli(['run', f, '--redis-url', server.url, '--prefix', 'cli:']);
    expect(r.status, r.stderr).toBe(0);
    expect(await client.keys('cli:*')).toEqual([]);
    const kept = cli(['run', f, '--redis-url', server.url, '--prefix', 'kept:', '--keep']);
    expect(kept.status, kept.stderr).toBe(0);
    expect((await client.keys('kept:*')).length).toBeGreaterThan(10);
    expect(await client.get('theirs:1')).toBe('x');
  });

  it('removes them after Ctrl+C too', async () => {
    const f = scenarioFile('long.json', { durationSec: 600 });
    const env = { ...process.env };
    delete env.REDIS_URL;
    const child = spawn(process.execPath, [CLI, 'run', f, '--redis-url', server.url, '--prefix', 'int:', '--speed', '1'], { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'pipe'] });
    try {
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      await expect.poll(async () => (await client.keys('int:*')).length, { timeout: 30_000 }).toBeGreaterThan(10);
      child.kill('SIGINT');
      const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
      expect(code, stderr).toBe(130);
      expect(stderr).toContain("SIGINT: stopping and removing this run's keys");
      expect(await client.keys('int:*')).toEqual([]);
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  });
});
