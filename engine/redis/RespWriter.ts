/**
 * The fan-out's write path (and the graph model's stream-cache appends): pipelined Redis commands
 * encoded straight into RESP and written to a socket of its own, the way `redis-cli --pipe` and
 * redis-benchmark do it. ioredis builds a Command object, a promise and a parser callback per
 * command; at fan-out rates (hundreds of thousands of ZADDs per second) that bookkeeping, not
 * Redis, was the limit (bench/fanout.ts measured about 0.15 of redis-benchmark with ioredis
 * pipelines, see README "Benchmarks"). Here a batch is one Buffer (respEncode.ts), one write, and replies are only
 * counted (and errors kept), which is all a fan-out needs; query() parses them (pull reads, XADD
 * ids). Other reads keep going through ioredis.
 *
 * Contract: exec(payload, n) resolves when the n replies of that payload have arrived, in order
 * (Redis answers a connection's commands in order). A command that fails (-ERR) does not stop the
 * batch; its message comes back in `errors`. A lost connection rejects every pending batch, and
 * so does a batch whose replies do not all arrive within `commandTimeoutMs` (REDIS_TIMEOUT): a
 * stuck server fails the run with its address instead of hanging it.
 */
import net from 'node:net';
import type { Redis } from 'ioredis';
import { FeedscopeError } from '../errors.js';

const CR = 13;
const LF = 10;

/** `*N $len arg ...` for one command. Lengths are byte lengths, so any UTF-8 argument is safe. */
export function respCommand(args: readonly (string | number)[]): string {
  let out = `*${args.length}\r\n`;
  for (const a of args) {
    const s = typeof a === 'number' ? String(a) : a;
    out += `$${Buffer.byteLength(s)}\r\n${s}\r\n`;
  }
  return out;
}

/** One bulk-string argument (`$len\r\nvalue\r\n`). */
export function respArg(s: string): string {
  return `$${Buffer.byteLength(s)}\r\n${s}\r\n`;
}

/**
 * Counts complete top-level RESP2/RESP3 replies in a byte stream that arrives in arbitrary
 * chunks, keeping the text of error replies. Incomplete tails are carried to the next chunk.
 */
export class RespReplyCounter {
  private carry: Buffer | null = null;
  /** Top-level replies completed so far. */
  total = 0;
  /** Error replies not yet taken, with their 0-based position among all replies. */
  readonly errors: { index: number; message: string }[] = [];

  /**
   * Feeds a chunk; returns how many top-level replies it completed. When `wantValue()` says so
   * for the next reply (asked before each one), that reply is parsed and handed to `onValue`
   * instead of only being counted.
   */
  feed(chunk: Buffer, wantValue?: () => boolean, onValue?: (v: unknown) => void): number {
    const buf = this.carry ? Buffer.concat([this.carry, chunk]) : chunk;
    this.carry = null;
    let p = 0;
    let n = 0;
    while (p < buf.length) {
      let end: number;
      if (wantValue && onValue && wantValue()) {
        const r = parseReply(buf, p);
        if (!r) break;
        onValue(r.value);
        end = r.end;
      } else {
        end = this.replyEnd(buf, p, true);
        if (end < 0) break;
      }
      p = end;
      n++;
      this.total++;
    }
    if (p < buf.length) this.carry = Buffer.from(buf.subarray(p));
    return n;
  }

  /** Index just after the reply starting at p, or -1 when it is not complete yet. */
  private replyEnd(buf: Buffer, p: number, top: boolean): number {
    const eol = lineEnd(buf, p);
    if (eol < 0) return -1;
    const type = buf[p];
    switch (type) {
      case 0x2b: // + simple string
      case 0x3a: // : integer
      case 0x5f: // _ null (RESP3)
      case 0x2c: // , double
      case 0x23: // # boolean
      case 0x28: // ( big number
        return eol + 2;
      case 0x2d: // - error
        if (top) this.errors.push({ index: this.total, message: buf.toString('utf8', p + 1, eol) });
        return eol + 2;
      case 0x24: // $ bulk string
      case 0x3d: // = verbatim string
      case 0x21: { // ! bulk error
        const len = Number(buf.toString('latin1', p + 1, eol));
        if (len < 0) return eol + 2;
        const end = eol + 2 + len + 2;
        if (end > buf.length) return -1;
        if (type === 0x21 && top) this.errors.push({ index: this.total, message: buf.toString('utf8', eol + 2, eol + 2 + len) });
        return end;
      }
      case 0x2a: // * array
      case 0x7e: // ~ set
      case 0x3e: // > push
      case 0x25: { // % map
        let count = Number(buf.toString('latin1', p + 1, eol));
        if (type === 0x25) count *= 2;
        let q = eol + 2;
        for (let i = 0; i < count; i++) {
          q = this.replyEnd(buf, q, false);
          if (q < 0) return -1;
        }
        return q;
      }
      default:
        throw new FeedscopeError('RESP_PROTOCOL', `Unexpected byte 0x${type.toString(16)} in a Redis reply: the connection is out of step with the server.`);
    }
  }
}

/** An error reply, as a value of a parsed reply. */
export class RespErrorReply extends Error {}

/**
 * The reply starting at p as a JS value (bulk strings as UTF-8 strings, integers as numbers,
 * nulls as null, arrays/sets/maps as arrays, errors as RespErrorReply), or null when incomplete.
 */
export function parseReply(buf: Buffer, p: number): { value: unknown; end: number } | null {
  const eol = lineEnd(buf, p);
  if (eol < 0) return null;
  const type = buf[p];
  switch (type) {
    case 0x2b: // + simple string
      return { value: buf.toString('utf8', p + 1, eol), end: eol + 2 };
    case 0x2d: // - error
      return { value: new RespErrorReply(buf.toString('utf8', p + 1, eol)), end: eol + 2 };
    case 0x3a: // : integer
    case 0x2c: // , double
    case 0x28: // ( big number
      return { value: Number(buf.toString('latin1', p + 1, eol)), end: eol + 2 };
    case 0x23: // # boolean
      return { value: buf[p + 1] === 0x74, end: eol + 2 };
    case 0x5f: // _ null
      return { value: null, end: eol + 2 };
    case 0x24: // $ bulk string
    case 0x3d: // = verbatim string
    case 0x21: { // ! bulk error
      const len = Number(buf.toString('latin1', p + 1, eol));
      if (len < 0) return { value: null, end: eol + 2 };
      const end = eol + 2 + len + 2;
      if (end > buf.length) return null;
      const text = buf.toString('utf8', eol + 2, eol + 2 + len);
      return { value: type === 0x21 ? new RespErrorReply(text) : text, end };
    }
    case 0x2a: // * array
    case 0x7e: // ~ set
    case 0x3e: // > push
    case 0x25: { // % map
      let count = Number(buf.toString('latin1', p + 1, eol));
      if (count < 0) return { value: null, end: eol + 2 };
      if (type === 0x25) count *= 2;
      const out = new Array<unknown>(count);
      let q = eol + 2;
      for (let i = 0; i < count; i++) {
        const r = parseReply(buf, q);
        if (!r) return null;
        out[i] = r.value;
        q = r.end;
      }
      return { value: out, end: q };
    }
    default:
      throw new FeedscopeError('RESP_PROTOCOL', `Unexpected byte 0x${type.toString(16)} in a Redis reply: the connection is out of step with the server.`);
  }
}

function lineEnd(buf: Buffer, p: number): number {
  for (let i = p; i < buf.length - 1; i++) if (buf[i] === CR && buf[i + 1] === LF) return i;
  return -1;
}

interface PendingBatch {
  /** Total replies received when this batch is complete. */
  until: number;
  resolve: (errors: string[]) => void;
  reject: (err: Error) => void;
  /** Parsed replies, for query(); null for exec(), which only counts. */
  values: unknown[] | null;
  /** performance.now() when it was written. */
  sentAt: number;
}

export interface RespWriterOptions {
  host: string;
  port: number;
  username?: string;
  password?: string;
  db?: number;
  connectTimeoutMs?: number;
  /** A batch without all its replies by then fails the connection (default DEFAULT_COMMAND_TIMEOUT_MS). */
  commandTimeoutMs?: number;
}

/** The wait for a batch's replies before the connection is declared stuck (ms). */
export const DEFAULT_COMMAND_TIMEOUT_MS = 15_000;

export class RespWriter {
  private readonly counter = new RespReplyCounter();
  private readonly pending: PendingBatch[] = [];
  private issued = 0;
  private received = 0;
  private failure: Error | null = null;
  private timer: NodeJS.Timeout | null = null;

  private constructor(private readonly socket: net.Socket, readonly where: string, private readonly commandTimeoutMs: number) {
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', (err) => this.fail(err));
    socket.on('close', () => this.fail(new Error('connection closed')));
  }

  /**
   * A writer to the server `client` talks to (the same host, port, user and database; through the
   * delay proxy when the client goes through it), or null over TLS or a Unix socket, where the
   * ioredis client keeps the job.
   */
  static forClient(client: Redis, commandTimeoutMs?: number): Promise<RespWriter | null> {
    const o = client.options;
    if (o.tls || o.path) return Promise.resolve(null);
    return RespWriter.connect({ host: o.host ?? '127.0.0.1', port: o.port ?? 6379, username: o.username, password: o.password, db: o.db, commandTimeoutMs });
  }

  /** Opens the socket, authenticates and selects the database like the ioredis client does. */
  static async connect(o: RespWriterOptions): Promise<RespWriter> {
    const where = `${o.host}:${o.port}`;
    const socket = net.connect(o.port, o.host);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => socket.destroy(new Error(`no connection within ${o.connectTimeoutMs ?? 5000} ms`)), o.connectTimeoutMs ?? 5000);
      socket.once('connect', () => {
        clearTimeout(timer);
        resolve();
      });
      socket.once('error', (err) => {
        clearTimeout(timer);
        reject(new FeedscopeError('REDIS_UNREACHABLE', `The RESP writer (fan-out, stream cache) could not connect to Redis at ${where}: ${err.message}. Check that the server is up.`, { cause: err }));
      });
    });
    const w = new RespWriter(socket, where, o.commandTimeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS);
    let setup = '';
    let n = 0;
    if (o.password) {
      setup += respCommand(o.username ? ['AUTH', o.username, o.password] : ['AUTH', o.password]);
      n++;
    }
    if (o.db) {
      setup += respCommand(['SELECT', o.db]);
      n++;
    }
    if (n > 0) {
      const errors = await w.exec(setup, n);
      if (errors.length > 0) {
        w.close();
        throw new FeedscopeError('REDIS_AUTH_FAILED', `The RESP writer's AUTH/SELECT at ${where} failed: ${errors[0]}. Check the credentials and database of REDIS_URL.`);
      }
    }
    return w;
  }

  /** Commands sent and not answered yet. */
  get inFlight(): number {
    return this.issued - this.received;
  }

  /** Sends `commands` RESP-encoded commands; resolves with the error replies among them. */
  exec(payload: string | Buffer, commands: number): Promise<string[]> {
    if (this.failure) return Promise.reject(this.failure);
    this.issued += commands;
    const p = new Promise<string[]>((resolve, reject) => this.pending.push({ until: this.issued, resolve, reject, values: null, sentAt: performance.now() }));
    this.socket.write(payload);
    this.armTimer();
    return p;
  }

  /**
   * Sends `commands` RESP-encoded commands and resolves with their parsed replies, in order (an
   * error reply is a RespErrorReply in its place). For pipelined reads that would otherwise pay
   * ioredis's per-command bookkeeping.
   */
  query(payload: string | Buffer, commands: number): Promise<unknown[]> {
    if (this.failure) return Promise.reject(this.failure);
    this.issued += commands;
    const values: unknown[] = [];
    const p = new Promise<unknown[]>((resolve, reject) => this.pending.push({ until: this.issued, resolve: () => resolve(values), reject, values, sentAt: performance.now() }));
    this.socket.write(payload);
    this.armTimer();
    return p;
  }

  /** Checks the oldest unanswered batch when it would time out; stays off while nothing is pending. */
  private armTimer(): void {
    if (this.timer || this.pending.length === 0 || this.failure) return;
    const wait = Math.max(0, this.pending[0].sentAt + this.commandTimeoutMs - performance.now());
    this.timer = setTimeout(() => {
      this.timer = null;
      const head = this.pending[0];
      if (!head) return;
      if (performance.now() - head.sentAt >= this.commandTimeoutMs) {
        const err = new FeedscopeError('REDIS_TIMEOUT', `Redis at ${this.where} did not answer ${this.inFlight} commands within ${this.commandTimeoutMs} ms: the server is stuck or overloaded (or a fault scenario paused it). Check it with redis-cli -h ${this.where.split(':')[0]} -p ${this.where.split(':')[1]} PING.`);
        this.fail(err, err);
        this.socket.destroy();
        return;
      }
      this.armTimer();
    }, wait);
    this.timer.unref();
  }

  /** The batch the next reply belongs to: the first whose replies are not all in. */
  private batchForNext(): PendingBatch | undefined {
    const n = this.counter.total;
    for (const b of this.pending) if (b.until > n) return b;
    return undefined;
  }

  private onData(chunk: Buffer): void {
    try {
      let target: PendingBatch | undefined;
      this.counter.feed(
        chunk,
        () => (target = this.batchForNext())?.values != null,
        (v) => target!.values!.push(v),
      );
      this.received = this.counter.total;
    } catch (err) {
      this.socket.destroy(err as Error);
      return;
    }
    while (this.pending.length > 0 && this.received >= this.pending[0].until) {
      const b = this.pending.shift()!;
      let k = 0;
      while (k < this.counter.errors.length && this.counter.errors[k].index < b.until) k++;
      b.resolve(this.counter.errors.splice(0, k).map((e) => e.message));
    }
    if (this.pending.length === 0 && this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
  }

  private fail(err: Error, failure?: Error): void {
    if (this.failure) return;
    this.failure = failure ?? new FeedscopeError('REDIS_WRITE_FAILED', `The RESP writer (fan-out, stream cache) lost its connection to Redis at ${this.where} with ${this.inFlight} commands unanswered: ${err.message}. Restart the run; keys written so far stay in Redis.`, { cause: err });
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    for (const b of this.pending.splice(0)) b.reject(this.failure);
  }

  /** Closes the socket; batches still waiting for replies reject (REDIS_WRITE_FAILED), none is left pending. */
  close(): void {
    const closed = new FeedscopeError('REDIS_WRITE_FAILED', 'The RESP writer (fan-out, stream cache) is closed.');
    this.fail(closed, closed);
    this.socket.destroy();
  }
}
