/**
 * A temp directory that goes with us: a `guardian.cjs --dir` process holds a pipe to this one and
 * removes the directory when the pipe closes, however this process ends (SIGKILL and the OOM
 * killer included, where no exit hook of ours runs). For directories without a server to stop,
 * such as LadybugDB's database (backends/LadybugStore.ts); private redis-servers have their own
 * guardian (RedisServer.ts, ClusterGuardian.ts).
 *
 * The guardian never keeps our event loop alive: its handle and pipe are unref'd.
 */
import type { ChildProcess } from 'node:child_process';
import { rm } from 'node:fs/promises';
import type { Socket } from 'node:net';
import { guardianStartError, spawnGuardian } from './nodeRuntime.js';

const CLOSE_TIMEOUT_MS = 3000;

export class TempDirGuardian {
  private constructor(
    readonly dir: string,
    private readonly proc: ChildProcess,
  ) {}

  /** Starts the guardian of `dir` (an existing directory of ours); resolves once it runs. */
  static async guard(dir: string): Promise<TempDirGuardian> {
    const proc = spawnGuardian(['--dir', dir], {});
    await new Promise<void>((resolve, reject) => {
      proc.once('spawn', () => resolve());
      proc.once('error', (err) => reject(guardianStartError(err)));
    });
    proc.unref();
    (proc.stdin as Socket | null)?.unref();
    (proc.stdout as Socket | null)?.unref();
    (proc.stderr as Socket | null)?.unref();
    return new TempDirGuardian(dir, proc);
  }

  get pid(): number {
    return this.proc.pid ?? 0;
  }

  /** Removes the directory now and lets the guardian go (it would remove it too). */
  async remove(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true });
    const gone = new Promise<void>((resolve) => {
      if (this.proc.exitCode !== null || this.proc.signalCode !== null) resolve();
      else this.proc.once('exit', () => resolve());
    });
    this.proc.stdin?.end();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([gone, new Promise((r) => (timer = setTimeout(r, CLOSE_TIMEOUT_MS)))]);
    clearTimeout(timer);
    if (this.proc.exitCode === null && this.proc.signalCode === null) this.proc.kill('SIGKILL');
  }
}
