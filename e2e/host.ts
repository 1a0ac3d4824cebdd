/**
 * A browser-mode host: `npm start -- --browser` (which builds the renderer if needed) on a free
 * port, with its own private redis-server. The global setup starts the one every test shares; a
 * test that needs an engine nothing has touched yet starts its own.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const START_TIMEOUT_MS = 90_000;

export interface Host {
  /** The app's URL with its token. */
  url: string;
  stop(): Promise<void>;
}

export async function startHost(): Promise<Host> {
  const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'start.mjs'), '--browser', '--no-open', '--port', '0'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    // No graph cache: a test sees what a fresh machine sees (a load that draws its graph), whatever ran here before.
    env: { ...process.env, REDIS_URL: '', FEEDSCOPE_GRAPH_CACHE: '0' },
  });
  let out = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`browser mode did not print its URL within ${START_TIMEOUT_MS / 1000} s:\n${out}`)), START_TIMEOUT_MS);
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = /(http:\/\/127\.0\.0\.1:\d+\/#token=[\w-]+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`browser mode exited (code ${code}) before printing its URL:\n${out}`));
    });
  });
  return {
    url,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}
