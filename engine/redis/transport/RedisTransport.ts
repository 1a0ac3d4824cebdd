/**
 * The one door from the feed models to Redis. A model says what it sends (a fan-out of one post,
 * a pipeline of commands, a batch of writes whose replies it only needs counted); a transport
 * decides how: through the ioredis client (IoredisTransport), over a raw RESP socket of its own
 * (RespTransport: the fan-out's speed), or routed by hash slot to the nodes of a cluster. Results
 * come back per position, as ioredis's Pipeline returns them (`[err, value]`), so one failed
 * command never hides the others.
 *
 * Lanes: `bulk` traffic (fan-out, outbox LRANGE batches, stream XADDs) may go over a connection of
 * its own so that interactive reads never wait behind a fan-out pipeline on one socket; which
 * connection serves a lane is the transport's business. Every connection has a command timeout:
 * a reply that does not come fails with REDIS_TIMEOUT naming the server and the wait.
 */
import { FeedscopeError } from '../../errors.js';

export { DEFAULT_COMMAND_TIMEOUT_MS } from '../RespWriter.js';

export type RedisArg = string | number;
/** One command as its argv: `['ZADD', key, score, member]`. */
export type RedisCommand = readonly RedisArg[];
/** A parsed reply: bulk strings as strings, integers as numbers, nil as null, arrays as arrays. */
export type RedisReply = unknown;
/** One `[error, reply]` per command, in the order sent. */
export type BatchResult = [Error | null, RedisReply][];
export type Lane = 'bulk' | 'interactive';

/** One post's fan-out, or a chunk of it: ZADD key score member for every key, a trim after some. */
export interface FanoutWrite {
  keys: readonly string[];
  /** trims[i]: `ZREMRANGEBYRANK keys[i] 0 -(maxLength+1)` follows that ZADD. */
  trims: readonly boolean[];
  score: number;
  member: string;
  maxLength: number;
}

export type TransportKind = 'ioredis' | 'resp' | 'cluster';

export interface RedisTransport {
  readonly kind: TransportKind;
  /** Where it talks to, for messages ("127.0.0.1:6379", "cluster of 3 masters"). */
  readonly where: string;
  /** ZADDs (and trims) of a fan-out, pipelined; rejects with REDIS_COMMAND_FAILED if any command failed. */
  fanout(w: FanoutWrite): Promise<void>;
  /** Commands pipelined, a reply or an error per position. Rejects only when a connection fails or times out. */
  pipeline(cmds: readonly RedisCommand[], lane?: Lane): Promise<BatchResult>;
  /** Writes whose replies are only counted; rejects with REDIS_COMMAND_FAILED naming the first failure. */
  send(cmds: readonly RedisCommand[], label: string, lane?: Lane): Promise<void>;
  close(): Promise<void>;
}

/** One command, its reply or its error thrown as REDIS_COMMAND_FAILED. */
export async function call(t: RedisTransport, cmd: RedisCommand, lane: Lane = 'interactive'): Promise<RedisReply> {
  const [[err, value]] = await t.pipeline([cmd], lane);
  if (err) throw commandFailed(String(cmd[0]), 1, 1, err);
  return value;
}

/** The replies of a pipeline, or the first error thrown (for callers that need every command to succeed). */
export async function pipelineValues(t: RedisTransport, cmds: readonly RedisCommand[], label: string, lane: Lane = 'interactive'): Promise<RedisReply[]> {
  if (cmds.length === 0) return [];
  const res = await t.pipeline(cmds, lane);
  throwFirstFailure(res, label);
  return res.map(([, value]) => value);
}

/** `send` for transports whose pipeline already answers per position: the first error thrown. */
export async function sendChecked(t: RedisTransport, cmds: readonly RedisCommand[], label: string, lane?: Lane): Promise<void> {
  throwFirstFailure(await t.pipeline(cmds, lane), label);
}

/**
 * Throws REDIS_COMMAND_FAILED for the first failed command of `res`, numbered among `total`
 * commands of which `res` starts at position `offset` (0-based).
 */
export function throwFirstFailure(res: BatchResult, label: string, offset = 0, total = offset + res.length): void {
  const i = res.findIndex(([err]) => err !== null);
  if (i >= 0) throw commandFailed(label, offset + i + 1, total, res[i][0]!);
}

export function commandFailed(label: string, position: number, total: number, err: Error | string): FeedscopeError {
  const message = typeof err === 'string' ? err : err.message;
  return new FeedscopeError('REDIS_COMMAND_FAILED', `Redis pipeline (${label}) command ${position} of ${total} failed: ${message}`, typeof err === 'string' ? undefined : { cause: err });
}

/** The argv of a fan-out: what every transport sends for it, in this order. */
export function fanoutCommands(w: FanoutWrite): RedisCommand[] {
  const out: RedisCommand[] = [];
  const stop = -(w.maxLength + 1);
  for (let i = 0; i < w.keys.length; i++) {
    out.push(['ZADD', w.keys[i], w.score, w.member]);
    if (w.trims[i]) out.push(['ZREMRANGEBYRANK', w.keys[i], 0, stop]);
  }
  return out;
}

export function fanoutFailed(failed: number, total: number, first: string): FeedscopeError {
  return new FeedscopeError('REDIS_COMMAND_FAILED', `Redis fan-out (ZADD+ZREMRANGEBYRANK): ${failed} of ${total} commands failed, first: ${first}`);
}

const SUBCOMMAND_FIRST = new Set(['MEMORY', 'XGROUP', 'OBJECT', 'XINFO']);

/**
 * The key a command is routed by (its first key): argv[1] for the commands the models send, the
 * first key after STREAMS for XREAD/XREADGROUP. Cluster transports route on it; keys of one
 * multi-key command must share a slot (hash tags), as Redis Cluster requires.
 */
export function commandKey(cmd: RedisCommand): string {
  const name = String(cmd[0]).toUpperCase();
  if (name === 'XREADGROUP' || name === 'XREAD') {
    const at = cmd.findIndex((a) => String(a).toUpperCase() === 'STREAMS');
    if (at < 0 || at + 1 >= cmd.length) throw new FeedscopeError('REDIS_BAD_COMMAND', `${name} without STREAMS has no key to route by.`);
    return String(cmd[at + 1]);
  }
  // Container commands name a subcommand first: MEMORY USAGE key, XGROUP CREATE key, OBJECT ENCODING key.
  if (SUBCOMMAND_FIRST.has(name)) {
    if (cmd.length < 3) throw new FeedscopeError('REDIS_BAD_COMMAND', `${name} ${String(cmd[1] ?? '')} has no key to route by.`);
    return String(cmd[2]);
  }
  if (cmd.length < 2) throw new FeedscopeError('REDIS_BAD_COMMAND', `${name} has no key to route by.`);
  return String(cmd[1]);
}
