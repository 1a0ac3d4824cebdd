/**
 * Opening Feedscope's Redis: a private server (the default) or an existing one by URL. With a URL
 * Feedscope keeps to its key prefix: it never FLUSHes, and its reset SCANs and UNLINKs only keys
 * under the prefix.
 */
import { Redis } from 'ioredis';
import { FeedscopeError } from '../errors.js';
import { ClusterConnection, type ClusterTarget } from './clusterConnect.js';
import { checkPrefix, prefixPattern } from './keys.js';
import { RedisServer } from './RedisServer.js';

export const DEFAULT_PREFIX = 'fs:';
const CONNECT_TIMEOUT_MS = 5000;

export interface RedisInfo {
  version: string;
  host: string;
  port: number;
  /** "private" for a server Feedscope started, else the URL (without password). */
  url: string;
  private: boolean;
}

export interface RedisHandle {
  /** One server's client; on a cluster, the first master's (INFO, inspectors see that node). */
  client: Redis;
  info: RedisInfo;
  server: RedisServer | null;
  /** Set when the run's Redis is a cluster: every master, routed transports, reshard. */
  cluster: ClusterConnection | null;
  /** Opens another connection to the same server (for blocking reads, inspectors). */
  duplicate(): Redis;
  close(): Promise<void>;
}

/** `commandTimeoutMs`: a command without a reply by then fails (ioredis commandTimeout); none by default. */
export async function openRedis(options: { url?: string; bin?: string; commandTimeoutMs?: number; cluster?: ClusterTarget } = {}): Promise<RedisHandle> {
  if (options.cluster) {
    const cluster = await ClusterConnection.open(options.cluster, options.bin);
    try {
      const first = cluster.masters[0];
      const client = await connect(`redis://${first.host}:${first.port}`, !cluster.server, options.commandTimeoutMs);
      return handle(client, { version: cluster.version, host: first.host, port: first.port, url: cluster.server ? 'private' : cluster.label, private: cluster.server !== null }, null, cluster);
    } catch (err) {
      await cluster.close();
      throw err;
    }
  }
  if (!options.url) {
    const server = await RedisServer.start({ bin: options.bin });
    const client = await connect(server.url, false, options.commandTimeoutMs);
    return handle(client, { version: server.version, host: server.host, port: server.port, url: 'private', private: true }, server);
  }
  const client = await connect(options.url, true, options.commandTimeoutMs);
  const info = await client.info('server');
  const version = /redis_version:(\S+)/.exec(info)?.[1] ?? 'unknown';
  return handle(client, { version, host: client.options.host ?? '?', port: client.options.port ?? 0, url: redactUrl(options.url), private: false }, null);
}

function handle(client: Redis, info: RedisInfo, server: RedisServer | null, cluster: ClusterConnection | null = null): RedisHandle {
  const extra: Redis[] = [];
  return {
    client,
    info,
    server,
    cluster,
    duplicate: () => {
      const c = client.duplicate();
      c.on('error', () => undefined);
      extra.push(c);
      return c;
    },
    close: async () => {
      for (const c of [client, ...extra]) c.disconnect();
      await server?.stop();
      await cluster?.close();
    },
  };
}

async function connect(url: string, external: boolean, commandTimeout?: number): Promise<Redis> {
  // A private server that died is restarted (RedisServer.autoRestart): its client keeps reconnecting.
  const client = new Redis(url, { lazyConnect: true, connectTimeout: CONNECT_TIMEOUT_MS, maxRetriesPerRequest: 2, retryStrategy: (n) => (external && n > 3 ? null : Math.min(100 * n, 2000)), commandTimeout });
  let lastError: Error | undefined;
  client.on('error', (err) => (lastError = err));
  try {
    await client.connect();
    await client.ping();
  } catch (err) {
    client.disconnect();
    const e = (lastError ?? err) as NodeJS.ErrnoException;
    const where = redactUrl(url);
    const fix = external
      ? 'Start that server, check REDIS_URL (redis://[user:password@]host:port[/db]), or unset REDIS_URL to let Feedscope start its own redis-server.'
      : 'The private redis-server did not accept the connection.';
    throw new FeedscopeError('REDIS_UNREACHABLE', `Redis at ${where} ${e.code === 'ECONNREFUSED' ? 'refused the connection' : `could not be reached (${e.message})`}. ${fix}`, { cause: err });
  }
  return client;
}

export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:@/]*):([^@/]*)@/, '//$1:***@');
}

/**
 * Deletes every key that starts with exactly `prefix` (SCAN MATCH with the prefix's glob
 * characters escaped, then UNLINK of the keys that really start with its bytes) and nothing else.
 * Returns how many keys went. Never FLUSHALL/FLUSHDB: the server may hold other people's data.
 * The prefix must end in a separator (checkPrefix): `fs` would also take another application's
 * `fsx:1`.
 */
export async function deletePrefix(client: Redis, prefix: string): Promise<number> {
  checkPrefix(prefix);
  const exact = Buffer.from(prefix);
  let cursor = '0';
  let deleted = 0;
  do {
    const [next, found] = await client.scanBuffer(cursor, 'MATCH', prefixPattern(prefix), 'COUNT', 1000);
    cursor = next.toString();
    const keys = found.filter((k) => k.subarray(0, exact.length).equals(exact));
    if (keys.length > 0) deleted += await client.unlink(...keys);
  } while (cursor !== '0');
  return deleted;
}
