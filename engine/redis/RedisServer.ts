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

/** A running redis-server process under its guardian. */
interface Spawned {
  version: string;
  pid: number;
  guardian: ChildProcess;
  dir: string;
}

export interface RedisExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** True when the server is started again by itself (autoRestart, no fault holding it down). */
  restarting: boolean;
  /** True when a scheduled fault killed it (holdRestarts): no surprise, the fault restarts it. */
  scheduled: boolean;
}

/** Wait before a private server that died by itself is started again (ms). */
export const AUTO_RESTART_DELAY_MS = 200;

export class RedisServer {
  private stopped = false;
  private spawned: Spawned;
  private readonly exitListeners = new Set<(info: RedisExitInfo) => void>();
  private restarting: Promise<void> | null = null;
  /** Start the server again when it dies by itself (Feedscope's own server: on by default). */
  autoRestart = true;
  /** Set while a scheduled redisKill holds the server down: the fault restarts it when its window ends. */
  holdRestarts = false;
  /** Times the server was started again after it died or was killed. */
  restarts = 0;

  private constructor(
    readonly port: number,
    readonly host: string,
    private readonly bin: string,
    private readonly config: Record<string, string>,
    first: Spawned,
  ) {
    this.spawned = first;
    this.watch(first);
  }

  get version(): string {
    return this.spawned.version;
  }

  get pid(): number {
    return this.spawned.pid;
  }

  /** True while redis-server's process is up (a SIGSTOPped one is up). */
  get running(): boolean {
    const g = this.spawned.guardian;
    return !this.stopped && g.exitCode === null && g.signalCode === null;
  }

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
        const server = new RedisServer(port, '127.0.0.1', bin, options.config ?? {}, await spawnServer(bin, port, options.config ?? {}));
        live.add(server);
        return server;
      } catch (err) {
        lastError = err;
        if (err instanceof FeedscopeError && err.code === 'REDIS_NOT_INSTALLED') throw err;
      }
    }
    throw lastError;
  }

  /** Sends `signal` to redis-server itself (the fault schedule: SIGKILL, SIGSTOP, SIGCONT). */
  signal(signal: NodeJS.Signals): void {
    if (!this.running) return;
    try {
      process.kill(this.spawned.pid, signal);
    } catch {
      // gone already: the exit handler tells
    }
  }

  /** Told when redis-server exits without stop(): how, and whether it is being restarted. */
  onExit(listener: (info: RedisExitInfo) => void): () => void {
    this.exitListeners.add(listener);
    return () => this.exitListeners.delete(listener);
  }

  /**
   * Starts redis-server again on the same port, empty (no persistence: what a restarted cache
   * holds), and resolves when it answers. A server still running is killed first.
   */
  restart(): Promise<void> {
    if (this.restarting) return this.restarting;
    this.restarting = (async () => {
      if (this.stopped) throw new FeedscopeError('REDIS_STOPPED', 'The private redis-server was stopped with the run: load the scenario again.');
      if (this.running) {
        const exited = new Promise((r) => this.spawned.guardian.once('exit', r));
        this.signal('SIGCONT');
        this.signal('SIGKILL');
        await exited;
      }
      const next = await spawnServer(this.bin, this.port, this.config);
      if (this.stopped) {
        next.guardian.stdin!.end();
        throw new FeedscopeError('REDIS_STOPPED', 'The private redis-server was stopped while it restarted.');
      }
      this.spawned = next;
      this.restarts++;
      this.watch(next);
    })().finally(() => {
      this.restarting = null;
    });
    return this.restarting;
  }

  private watch(s: Spawned): void {
    s.guardian.on('exit', (code, signal) => {
      if (this.stopped || this.spawned !== s || this.restarting) return;
      const restarting = this.autoRestart && !this.holdRestarts;
      for (const l of this.exitListeners) l({ code, signal, restarting, scheduled: this.holdRestarts });
      if (restarting) setTimeout(() => void this.restart().catch(() => undefined), AUTO_RESTART_DELAY_MS).unref();
    });
  }

  /** Stops the server (SHUTDOWN NOSAVE through the guardian) and removes its temp dir. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    live.delete(this);
    await this.restarting?.catch(() => undefined);
    const { guardian, dir } = this.spawned;
    const exited = new Promise<void>((resolve) => {
      if (guardian.exitCode !== null || guardian.signalCode !== null) resolve();
      else guardian.once('exit', () => resolve());
    });
    guardian.stdin!.end();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([exited, new Promise((r) => (timer = setTimeout(r, 3000)))]);
    clearTimeout(timer);
    if (guardian.exitCode === null) guardian.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }

  /** Synchronous best effort for process exit: close the pipe and signal the server. */
  killNow(): void {
    if (this.stopped) return;
    this.stopped = true;
    try {
      // A paused server (SIGSTOP) would not act on SIGTERM until continued.
      process.kill(this.spawned.pid, 'SIGCONT');
      process.kill(this.spawned.pid, 'SIGTERM');
    } catch {
      // already gone
    }
    this.spawned.guardian.stdin?.destroy();
    try {
      rmSync(this.spawned.dir, { recursive: true, force: true });
    } catch {
      // best effort at exit
    }
  }
}

async function spawnServer(bin: string, port: number, config: Record<string, string>): Promise<Spawned> {
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
  return { version, pid, guardian, dir };
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
