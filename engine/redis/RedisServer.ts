/**
 * A private redis-server for Feedscope: a free loopback port, no persistence, a temp dir, stopped
 * when the engine closes or the process ends. The server runs under a small guardian process
 * (guardian.cjs) that holds a pipe to us and kills redis-server when the pipe closes, so not even
 * a SIGKILL of Feedscope leaves an orphan server behind.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { FeedscopeError } from '../errors.js';
import { guardianStartError, spawnGuardian } from './nodeRuntime.js';

const START_TIMEOUT_MS = 10_000;

export interface RedisServerOptions {
  /** redis-server binary; found on PATH by default. */
  bin?: string;
  /** Extra `--name value` settings. */
  config?: Record<string, string>;
}

const live = new Set<RedisServer>();
let exitHooksInstalled = false;

function installExitHooks(): void {
  if (exitHooksInstalled) return;
  exitHooksInstalled = true;
  // Closing the guardian's pipe is enough: it kills its redis-server. Do it synchronously on exit,
  // and turn SIGINT/SIGTERM into an exit when nobody else handles them.
  process.on('exit', () => {
    for (const s of live) s.killNow();
  });
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(sig, () => {
      for (const s of live) s.killNow();
      if (process.listenerCount(sig) === 1) process.exit(128 + (sig === 'SIGINT' ? 2 : sig === 'SIGTERM' ? 15 : 1));
    });
  }
}

export class RedisServer {
  private stopped = false;

  private constructor(
    readonly port: number,
    readonly host: string,
    readonly version: string,
    readonly pid: number,
    private readonly guardian: ChildProcess,
    private readonly dir: string,
  ) {}

  get url(): string {
    return `redis://${this.host}:${this.port}`;
  }

  /** Starts redis-server and waits until it answers PING. */
  static async start(options: RedisServerOptions = {}): Promise<RedisServer> {
    installExitHooks();
    const bin = options.bin ?? 'redis-server';
    let lastError: unknown;
    for (let attempt = 0; attempt < 3; attempt++) {
      const port = await freePort();
      try {
        return await RedisServer.startOn(bin, port, options.config ?? {});
      } catch (err) {
        lastError = err;
        if (err instanceof FeedscopeError && err.code === 'REDIS_NOT_INSTALLED') throw err;
      }
    }
    throw lastError;
  }

  private static async startOn(bin: string, port: number, config: Record<string, string>): Promise<RedisServer> {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'feedscope-redis-'));
    const args = [
      '--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no',
      '--dir', dir, '--daemonize', 'no', '--protected-mode', 'yes', '--loglevel', 'warning',
      ...Object.entries(config).flatMap(([k, v]) => [`--${k}`, v]),
    ];
    const guardian = spawnGuardian([bin, ...args], { FEEDSCOPE_REDIS_DIR: dir });
    let stderr = '';
    guardian.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    const pid = await new Promise<number>((resolve, reject) => {
      let buf = '';
      guardian.stdout!.on('data', (d: Buffer) => {
        buf += d.toString();
        const nl = buf.indexOf('\n');
        if (nl < 0) return;
        const msg = JSON.parse(buf.slice(0, nl)) as { pid?: number; error?: string };
        if (msg.pid) resolve(msg.pid);
        else if (msg.error === 'ENOENT') {
          reject(new FeedscopeError(
            'REDIS_NOT_INSTALLED',
            `redis-server was not found on PATH (looked for "${bin}"). Install it (Debian/Ubuntu: sudo apt-get install redis-server; macOS: brew install redis) or set REDIS_URL to use an existing server.`,
          ));
        } else reject(new FeedscopeError('REDIS_START_FAILED', `redis-server could not be started: ${msg.error}`));
      });
      guardian.on('exit', (code) => reject(new FeedscopeError('REDIS_START_FAILED', `redis-server exited at start (code ${code}): ${stderr.trim() || 'no output'}`)));
      guardian.on('error', (err) => reject(guardianStartError(err)));
    }).catch((err) => {
      rmSync(dir, { recursive: true, force: true });
      throw err;
    });
    const deadline = Date.now() + START_TIMEOUT_MS;
    let version = '';
    for (;;) {
      try {
        const info = await rawCommand(port, 'INFO server');
        version = /redis_version:(\S+)/.exec(info)?.[1] ?? 'unknown';
        break;
      } catch (err) {
        if (guardian.exitCode !== null || Date.now() > deadline) {
          guardian.kill();
          rmSync(dir, { recursive: true, force: true });
          throw new FeedscopeError('REDIS_START_FAILED', `redis-server on port ${port} did not answer within ${START_TIMEOUT_MS} ms: ${stderr.trim() || (err as Error).message}`, { cause: err });
        }
        await new Promise((r) => setTimeout(r, 25));
      }
    }
    const server = new RedisServer(port, '127.0.0.1', version, pid, guardian, dir);
    live.add(server);
    guardian.on('exit', () => live.delete(server));
    return server;
  }

  /** Stops the server (SHUTDOWN NOSAVE through the guardian) and removes its temp dir. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    live.delete(this);
    const exited = new Promise<void>((resolve) => {
      if (this.guardian.exitCode !== null || this.guardian.signalCode !== null) resolve();
      else this.guardian.once('exit', () => resolve());
    });
    this.guardian.stdin!.end();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([exited, new Promise((r) => (timer = setTimeout(r, 3000)))]);
    clearTimeout(timer);
    if (this.guardian.exitCode === null) this.guardian.kill('SIGKILL');
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** Synchronous best effort for process exit: close the pipe and signal the server. */
  killNow(): void {
    if (this.stopped) return;
    this.stopped = true;
    try {
      process.kill(this.pid, 'SIGTERM');
    } catch {
      // already gone
    }
    this.guardian.stdin?.destroy();
    try {
      rmSync(this.dir, { recursive: true, force: true });
    } catch {
      // best effort at exit
    }
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** One inline command over a fresh socket, for the start-up probe (no client library state left behind). */
function rawCommand(port: number, command: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const sock = net.connect(port, '127.0.0.1');
    let buf = '';
    sock.setTimeout(1000, () => sock.destroy(new Error('timeout')));
    sock.on('error', reject);
    sock.on('connect', () => sock.write(`${command}\r\n`));
    sock.on('data', (d) => {
      buf += d.toString();
      const m = /^\$(\d+)\r\n/.exec(buf);
      if (buf.startsWith('-')) {
        sock.destroy();
        reject(new Error(buf.trim()));
      } else if (m && buf.length >= m[0].length + Number(m[1])) {
        sock.destroy();
        resolve(buf.slice(m[0].length));
      }
    });
  });
}
