/**
 * Our side of `guardian.cjs --many`, the one process every node of a private cluster runs under.
 * We hold its stdin; it kills its children and removes their temp dir when that pipe closes, so a
 * cluster costs one extra process and survives no exit of ours, SIGKILL included. JSON lines both
 * ways: we send {start, bin, args}; it answers {id, pid} or {id, error}, and {id, exit, output}
 * when a child ends (redis-server prints its fatal errors, a port in use, to stdout).
 */
import type { ChildProcess } from 'node:child_process';
import { guardianStartError, spawnGuardian } from './nodeRuntime.js';

const CLOSE_TIMEOUT_MS = 4000;

export interface GuardedExit {
  exit: number;
  signal: string | null;
  /** The tail (4000 chars) of the child's stdout and stderr. */
  output: string;
}

type Message = { id: number; pid?: number; error?: string } & Partial<GuardedExit>;

export class ClusterGuardian {
  /** Children that have ended, by guardian id. */
  readonly exits = new Map<number, GuardedExit>();
  private readonly pending = new Map<number, { resolve: (pid: number) => void; reject: (e: Error) => void }>();
  private readonly exitWaiters = new Map<number, Array<(e: GuardedExit) => void>>();
  private nextId = 0;
  private stderr = '';

  private constructor(private readonly proc: ChildProcess) {
    let buf = '';
    proc.stdout!.on('data', (d: Buffer) => {
      buf += d.toString();
      for (let nl = buf.indexOf('\n'); nl >= 0; nl = buf.indexOf('\n')) {
        this.onMessage(JSON.parse(buf.slice(0, nl)) as Message);
        buf = buf.slice(nl + 1);
      }
    });
    proc.stderr!.on('data', (d: Buffer) => (this.stderr = (this.stderr + d.toString()).slice(-4000)));
    proc.on('error', (err) => {
      const e = guardianStartError(err);
      for (const p of this.pending.values()) p.reject(e);
      this.pending.clear();
    });
    proc.on('exit', () => {
      for (const p of this.pending.values()) p.reject(new Error(`the guardian exited: ${this.stderr.trim() || 'no output'}`));
      this.pending.clear();
    });
  }

  /** Starts a guardian that removes `dir` once its children are gone. */
  static spawn(dir: string): ClusterGuardian {
    return new ClusterGuardian(spawnGuardian(['--many'], { FEEDSCOPE_REDIS_DIR: dir }));
  }

  get pid(): number {
    return this.proc.pid ?? 0;
  }

  /** Starts `bin` under the guardian; resolves its guardian id and pid once it runs. */
  async start(bin: string, args: string[]): Promise<{ id: number; pid: number }> {
    const id = this.nextId++;
    const pid = await new Promise<number>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.proc.stdin!.write(JSON.stringify({ start: id, bin, args }) + '\n');
    });
    return { id, pid };
  }

  /** Resolves when child `id` has ended. */
  exited(id: number): Promise<GuardedExit> {
    const done = this.exits.get(id);
    if (done) return Promise.resolve(done);
    return new Promise((resolve) => this.exitWaiters.set(id, [...(this.exitWaiters.get(id) ?? []), resolve]));
  }

  /** Closes the pipe and waits (at most CLOSE_TIMEOUT_MS) for the guardian to stop its children and exit. */
  async close(): Promise<void> {
    const gone = new Promise<void>((resolve) => {
      if (this.proc.exitCode !== null || this.proc.signalCode !== null) resolve();
      else this.proc.once('exit', () => resolve());
    });
    this.proc.stdin!.end();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([gone, new Promise((r) => (timer = setTimeout(r, CLOSE_TIMEOUT_MS)))]);
    clearTimeout(timer);
    if (this.proc.exitCode === null && this.proc.signalCode === null) this.proc.kill('SIGKILL');
  }

  /** For process exit: drop the pipe at once; the guardian does the rest on its own. */
  closeNow(): void {
    this.proc.stdin?.destroy();
  }

  private onMessage(msg: Message): void {
    const p = this.pending.get(msg.id);
    this.pending.delete(msg.id);
    if (msg.pid !== undefined) p?.resolve(msg.pid);
    else if (msg.error !== undefined) p?.reject(Object.assign(new Error(msg.error), { code: msg.error }));
    else if (msg.exit !== undefined) {
      const e = { exit: msg.exit, signal: msg.signal ?? null, output: msg.output ?? '' };
      this.exits.set(msg.id, e);
      for (const w of this.exitWaiters.get(msg.id) ?? []) w(e);
      this.exitWaiters.delete(msg.id);
    }
  }
}
