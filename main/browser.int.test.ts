/**
 * Browser mode's process (main/browser.ts) in a child of its own: an unhandled rejection is logged
 * and the host keeps serving; SIGTERM still stops it cleanly. And its flags.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseBrowserArgs } from './browser.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

describe('browser mode', () => {
  it('logs an unhandled rejection and keeps serving', async () => {
    const script = `import { runBrowserMode } from ${JSON.stringify(path.join(ROOT, 'main/browser.ts'))};
await runBrowserMode(['--no-open']);
setTimeout(() => { Promise.reject(new Error('a forgotten promise')); }, 50);`;
    const env = { ...process.env };
    delete env.REDIS_URL;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      await expect.poll(() => /is at (http:\/\/127\.0\.0\.1:\d+)\//.exec(stdout)?.[1], { timeout: 20_000 }).toBeTruthy();
      const base = /is at (http:\/\/127\.0\.0\.1:\d+)\//.exec(stdout)![1];
      await expect.poll(() => stderr, { timeout: 10_000 }).toContain('unhandled rejection (logged, the host keeps running)');
      expect(stderr).toContain('a forgotten promise');
      // Still alive and answering (503: this test does not build the renderer; or 200 if built).
      const res = await fetch(`${base}/`, { signal: AbortSignal.timeout(5000) });
      expect([200, 503]).toContain(res.status);
      expect(child.exitCode).toBeNull();
      child.kill('SIGTERM');
      const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
      expect(code).toBe(0);
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  });

  it('parses --keep, --port and --no-open', () => {
    expect(parseBrowserArgs(['--keep', '--port', '8080', '--no-open'])).toEqual({ port: 8080, open: false, keep: true });
    expect(parseBrowserArgs([])).toEqual({ port: 0, open: true, keep: false });
  });
});
