/**
 * Choosing the transport for a run: the RESP socket when the server is reachable over TCP
 * without TLS (the fan-out's speed), the ioredis client otherwise (TLS, Unix sockets).
 */
import type { Redis } from 'ioredis';
import { RespWriter } from '../RespWriter.js';
import { IoredisTransport } from './IoredisTransport.js';
import type { RedisTransport } from './RedisTransport.js';
import { RespTransport } from './RespTransport.js';

export interface TransportOptions {
  /** 'ioredis' forces the client's connection for everything (tests compare the two). */
  prefer?: 'resp' | 'ioredis';
  commandTimeoutMs?: number;
}

export async function openTransport(client: Redis, o: TransportOptions = {}): Promise<RedisTransport> {
  if (o.prefer === 'ioredis') return new IoredisTransport(client);
  const writer = await RespWriter.forClient(client, o.commandTimeoutMs);
  return writer ? new RespTransport(client, writer) : new IoredisTransport(client);
}
