/**
 * A private Neo4j for the tests and the CLI's `--neo4j local`, as RedisServer.ts is for Redis: a
 * real Neo4j 5.26 (Community, from Maven Central's neo4j-harness) on a free loopback port with a
 * generated password and a temp data directory, gone when stop() is called or this process ends.
 *
 * The work is done by tools/neo4j/neo4j.mjs, run as a child with a pipe on its stdin: it resolves
 * Neo4j with Maven the first time (jars in ~/.m2/repository, the compiled launcher and its
 * classpath in ~/.cache/feedscope/neo4j/<hash>/, see that file), starts the Java launcher and
 * guards it. The pipe is the whole shutdown protocol: closing it (stop(), exit, crash, SIGKILL of
 * this process) makes the script stop Neo4j and delete its directory, so this module installs no
 * exit or signal hooks of its own (and so cannot fight RedisServer's over SIGINT).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FeedscopeError } from '../errors.js';

export const NEO4J_SCRIPT = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'tools', 'neo4j', 'neo4j.mjs');
/** After stdin closes the script needs ~1 s; beyond this it is killed (Neo4j then sees its own stdin close). */
const STOP_TIMEOUT_MS = 20_000;

/** Codes of start failures that mean "this machine cannot run a local Neo4j", not "it broke". */
export const NEO4J_UNAVAILABLE_CODES: readonly string[] = ['NEO4J_NO_JAVA', 'NEO4J_NO_MAVEN'];

export interface Neo4jServerOptions {
  /** Bolt port; default a free one. */
  port?: number;
  /** Progress lines of the first build and start ("resolving Neo4j 5.26.30 with Maven..."). */
  log?: (line: string) => void;
  /**
   * JIT C1 only: ready in about half the time on a busy 2-core machine, queries somewhat slower.
   * For tests; leave it off for anything that measures Neo4j.
   */
  quickStart?: boolean;
}

export class Neo4jServer {
  private stopped = false;

  private constructor(
    /** bolt://127.0.0.1:PORT */
    readonly uri: string,
    readonly user: string,
    readonly password: string,
    /** Neo4j's version, e.g. "5.26.30". */
    readonly version: string,
    /** The data directory (deleted at stop) and the JVM's pid, for the record and the tests. */
    readonly dir: string,
    readonly pid: number,
    private readonly child: ChildProcess,
  ) {}

  /** Builds the launcher if needed (minutes the first time, then cached), starts Neo4j and waits until Bolt answers. */
  static async start(options: Neo4jServerOptions = {}): Promise<Neo4jServer> {
    const argv = [NEO4J_SCRIPT, '--json', ...(options.port ? ['--port', String(options.port)] : []), ...(options.quickStart ? ['--quick-start'] : [])];
    const child = spawn(process.execPath, argv, { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' } });
    let stderr = '';
    let pending = '';
    child.stderr!.on('data', (d: Buffer) => {
      stderr = (stderr + d.toString()).slice(-8000);
      pending += d.toString();
      for (let nl = pending.indexOf('\n'); nl >= 0; nl = pending.indexOf('\n')) {
        options.log?.(pending.slice(0, nl).replace(/^neo4j: /, ''));
        pending = pending.slice(nl + 1);
      }
    });
    type Ready = { uri: string; user: string; password: string; version: string; dir: string; pid: number };
    const ready = await new Promise<Ready>((resolve, reject) => {
      let buf = '';
      child.stdout!.on('data', (d: Buffer) => {
        buf += d.toString();
        const nl = buf.indexOf('\n');
        if (nl < 0) return;
        let msg: Partial<Ready> & { error?: string; code?: string };
        try {
          msg = JSON.parse(buf.slice(0, nl)) as typeof msg;
        } catch {
          msg = { error: `the Neo4j launcher printed ${JSON.stringify(buf.slice(0, 200))} instead of its JSON line` };
        }
        if (msg.uri) resolve({ uri: msg.uri, user: msg.user ?? 'neo4j', password: msg.password ?? '', version: msg.version ?? '?', dir: msg.dir ?? '', pid: msg.pid ?? 0 });
        else reject(new FeedscopeError(msg.code ?? 'NEO4J_START_FAILED', msg.error ?? 'Neo4j did not start'));
      });
      child.on('error', (err) => reject(new FeedscopeError('NEO4J_START_FAILED', `could not run ${NEO4J_SCRIPT}: ${err.message}`, { cause: err })));
      child.on('exit', (code, signal) => reject(new FeedscopeError('NEO4J_START_FAILED', `the Neo4j launcher exited (${signal ?? `code ${code}`}) before Neo4j answered: ${stderr.trim() || 'no output'}`)));
    }).catch((err: unknown) => {
      child.stdin!.destroy();
      throw err;
    });
    // From here on the pipe alone ties Neo4j's life to ours: an unref'd child does not keep this
    // process alive, and when this process ends the pipe closes and Neo4j stops.
    child.unref();
    for (const s of [child.stdin, child.stdout, child.stderr]) (s as unknown as { unref?: () => void } | null)?.unref?.();
    return new Neo4jServer(ready.uri, ready.user, ready.password, ready.version, ready.dir, ready.pid, child);
  }

  /** Stops Neo4j and waits until its process and data directory are gone. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    const child = this.child;
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.ref();
    child.stdin!.end();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([exited, new Promise((r) => (timer = setTimeout(r, STOP_TIMEOUT_MS)))]);
    clearTimeout(timer);
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await exited;
    }
  }
}
