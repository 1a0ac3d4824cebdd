/**
 * The transport through an ioredis client: every lane on the client's connection, fan-out as an
 * ioredis pipeline. Used over TLS and Unix sockets (where the RESP socket does not go) and as the
 * reference the faster transports are tested against (same commands, same replies).
 */
import type { Redis } from 'ioredis';
import { FeedscopeError } from '../../errors.js';
import { sendChecked, fanoutCommands, fanoutFailed, type BatchResult, type FanoutWrite, type RedisCommand, type RedisTransport } from './RedisTransport.js';

export class IoredisTransport implements RedisTransport {
  readonly kind = 'ioredis' as const;
  readonly where: string;

  constructor(private readonly client: Redis) {
    const o = client.options;
    this.where = o.path ?? `${o.host ?? '127.0.0.1'}:${o.port ?? 6379}`;
  }

  async pipeline(cmds: readonly RedisCommand[]): Promise<BatchResult> {
    if (cmds.length === 0) return [];
    let res: [Error | null, unknown][] | null;
    try {
      const pipe = this.client.pipeline();
      for (const c of cmds) pipe.call(String(c[0]), ...c.slice(1).map(String));
      res = await pipe.exec();
    } catch (err) {
      throw connectionFailed(this.where, err);
    }
    if (!res) throw connectionFailed(this.where, new Error('the pipeline was discarded'));
    // A timeout or a lost connection fails every command of the pipeline: that is the connection's failure.
    const lost = res.find(([e]) => e && isConnectionError(e));
    if (lost?.[0]) throw connectionFailed(this.where, lost[0]);
    return res;
  }

  send(cmds: readonly RedisCommand[], label: string): Promise<void> {
    return sendChecked(this, cmds, label);
  }

  async fanout(w: FanoutWrite): Promise<void> {
    const cmds = fanoutCommands(w);
    if (cmds.length === 0) return;
    const res = await this.pipeline(cmds);
    const errors = res.filter(([e]) => e !== null);
    if (errors.length > 0) throw fanoutFailed(errors.length, cmds.length, errors[0][0]!.message);
  }

  async close(): Promise<void> {}
}

function isConnectionError(err: Error): boolean {
  // ioredis's MaxRetriesPerRequestError: a command dropped because the connection stayed down.
  return /Command timed out|Connection is closed|Stream isn't writeable|ECONNRESET|ECONNREFUSED|EPIPE|max retries per request/.test(err.message);
}

function connectionFailed(where: string, err: unknown): FeedscopeError {
  const e = err as Error;
  if (/Command timed out/.test(e.message)) {
    return new FeedscopeError('REDIS_TIMEOUT', `Redis at ${where} did not answer within the command timeout: the server is stuck or overloaded (or a fault scenario paused it). Check it with redis-cli -p <port> PING.`, { cause: err });
  }
  return new FeedscopeError('REDIS_UNREACHABLE', `Redis at ${where} went away during a pipeline (${e.message}). Check that the server is up.`, { cause: err });
}
