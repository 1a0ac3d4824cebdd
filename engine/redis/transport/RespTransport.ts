/**
 * The transport that keeps the fan-out at redis-benchmark's speed: bulk traffic (fan-out ZADDs
 * and trims, outbox LRANGE batches) goes over a RESP socket of its own
 * (RespWriter.ts: one Buffer per batch, respEncode.ts, replies counted or parsed without per-command objects);
 * interactive pipelines and single calls (reads, the stream cache) go over a second RESP socket,
 * interactive sends (small writes) over the ioredis client's connection, so a read never waits
 * behind a fan-out pipeline on one socket.
 */
import type { Redis } from 'ioredis';
import { RespErrorReply, type RespWriter } from '../RespWriter.js';
import { encodeCommandsBuffer, encodeFanoutBuffer } from '../respEncode.js';
import { IoredisTransport } from './IoredisTransport.js';
import { commandFailed, fanoutFailed, type BatchResult, type FanoutWrite, type Lane, type RedisCommand, type RedisTransport } from './RedisTransport.js';

/** RESP replies as the transport's `[error, value]` pairs. */
export function asBatchResult(values: readonly unknown[]): BatchResult {
  return values.map((v): [Error | null, unknown] => (v instanceof RespErrorReply ? [v, null] : [null, v]));
}

export class RespTransport implements RedisTransport {
  readonly kind = 'resp' as const;
  readonly where: string;
  private readonly interactive: IoredisTransport;

  /**
   * `reads`: a second RESP socket for interactive pipelines (reads, the stream cache's refresh +
   * read): without ioredis's per-command objects, and never behind a fan-out batch; absent: the
   * ioredis client carries them.
   */
  constructor(client: Redis, private readonly writer: RespWriter, private readonly reads: RespWriter | null = null) {
    this.interactive = new IoredisTransport(client);
    this.where = writer.where;
  }

  async fanout(w: FanoutWrite): Promise<void> {
    const { payload, commands } = encodeFanoutBuffer(w);
    if (commands === 0) return;
    const errors = await this.writer.exec(payload, commands);
    if (errors.length > 0) throw fanoutFailed(errors.length, commands, errors[0]);
  }

  async pipeline(cmds: readonly RedisCommand[], lane: Lane = 'interactive'): Promise<BatchResult> {
    if (cmds.length === 0) return [];
    const socket = lane === 'interactive' ? this.reads : this.writer;
    if (!socket) return this.interactive.pipeline(cmds);
    return asBatchResult(await socket.query(encodeCommandsBuffer(cmds), cmds.length));
  }

  async send(cmds: readonly RedisCommand[], label: string, lane: Lane = 'bulk'): Promise<void> {
    if (cmds.length === 0) return;
    if (lane === 'interactive') return this.interactive.send(cmds, label);
    const errors = await this.writer.exec(encodeCommandsBuffer(cmds), cmds.length);
    if (errors.length > 0) throw commandFailed(label, 1, cmds.length, `${errors.length} failed, first: ${errors[0]}`);
  }

  async close(): Promise<void> {
    this.writer.close();
    this.reads?.close();
  }
}
