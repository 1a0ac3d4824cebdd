/**
 * The key browser's own connection to a server chosen in the app: a URL, host/port/user/password/
 * db with TLS (a CA given as PEM text or a file), or cluster seed nodes. It is the browser's
 * alone: the engine's models never get it, so inspecting a server never makes a scenario write
 * there. Every socket has a connect and a command timeout.
 */
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { Redis, type RedisOptions } from 'ioredis';
import { FeedscopeError } from '../errors.js';
import { ClusterConnection } from '../redis/clusterConnect.js';
import { redactUrl } from '../redis/connect.js';
import type { ClusterKeys } from './KeyInspector.js';
import type { KeyBrowserConnectArgs } from './keyBrowserApi.js';

const CONNECT_TIMEOUT_MS = 5000;
const COMMAND_TIMEOUT_MS = 15_000;

export interface BrowserConnection {
  client: Redis;
  cluster: ClusterKeys | null;
  /** host:port (db N) or "cluster a:1,b:2". */
  label: string;
  url: string;
  tls: boolean;
  close(): Promise<void>;
}

/** The CA's PEM text: given as text, or read from a file on the engine's machine. */
function readCa(a: KeyBrowserConnectArgs): string | undefined {
  if (a.caPem || !a.caFile) return a.caPem;
  try {
    return readFileSync(a.caFile, 'utf8');
  } catch (err) {
    throw new FeedscopeError('CA_FILE_UNREADABLE', `The CA file ${a.caFile} could not be read (${(err as Error).message}): give a PEM file the engine can read.`, { cause: err });
  }
}

/** What to do about a failed connection, from the server's or the socket's message. */
function connectFix(msg: string): string {
  return /NOAUTH|WRONGPASS|invalid password|invalid username/i.test(msg)
    ? 'give the user and password the server expects (ACL or requirepass).'
    : /certificate|self.signed|SSL|TLS|EPROTO/i.test(msg)
      ? 'check TLS: rediss:// needs the server\'s tls-port, and a CA file that signed its certificate.'
      : /DB index|invalid DB/i.test(msg)
        ? 'choose a database number below the server\'s "databases" setting.'
        : 'check the host and port, and that the server is running and reachable from the engine\'s machine.';
}

/** ioredis options and the names shown for `a` (the password never appears in either name). */
export function connectionOptions(a: KeyBrowserConnectArgs): { options: RedisOptions; label: string; url: string; tls: boolean } {
  let { host, port, db, username, password } = a;
  let tls = a.tls;
  if (a.url) {
    let u: URL;
    try {
      u = new URL(a.url);
    } catch (err) {
      throw new FeedscopeError('BAD_REDIS_URL', `"${redactUrl(a.url)}" is not a URL: write redis://[user:password@]host:port[/db] or rediss://... for TLS.`, { cause: err });
    }
    tls = u.protocol === 'rediss:';
    host = u.hostname.replace(/^\[|\]$/g, '') || host;
    port = u.port ? Number(u.port) : 6379;
    if (u.username) username = decodeURIComponent(u.username);
    if (u.password) password = decodeURIComponent(u.password);
    const path = u.pathname.replace(/^\//, '');
    if (path) {
      if (!/^\d+$/.test(path)) throw new FeedscopeError('BAD_REDIS_URL', `The URL's path "/${path}" is not a database number: write .../0 for db 0.`);
      db = Number(path);
    }
  }
  const ca = readCa(a);
  if (ca && !tls) tls = true;
  const options: RedisOptions = {
    host,
    port,
    db,
    username,
    password,
    lazyConnect: true,
    connectTimeout: CONNECT_TIMEOUT_MS,
    commandTimeout: COMMAND_TIMEOUT_MS,
    maxRetriesPerRequest: 1,
    enableOfflineQueue: true,
    retryStrategy: (n) => (n > 2 ? null : 200 * n),
    connectionName: 'feedscope-keybrowser',
    // SNI takes a host name only (RFC 6066): none for an IP address.
    ...(tls ? { tls: { ca: ca ? [ca] : undefined, ...(isIP(host) ? {} : { servername: host }) } } : {}),
  };
  const where = `${host.includes(':') ? `[${host}]` : host}:${port}`;
  const url = `${tls ? 'rediss' : 'redis'}://${username ? `${username}:***@` : password ? ':***@' : ''}${where}${db ? `/${db}` : ''}`;
  return { options, label: `${where}${db ? ` (db ${db})` : ''}`, url, tls };
}

/** Opens and checks (PING) the connection `a` describes. */
export async function openBrowserConnection(a: KeyBrowserConnectArgs): Promise<BrowserConnection> {
  if (a.clusterSeeds) {
    // The same user, password and TLS on every node (the cluster's nodes share their ACL setup).
    const ca = readCa(a);
    const tls = a.tls || ca !== undefined;
    const auth = { username: a.username, password: a.password, ...(tls ? { tls: { ca } } : {}) };
    const where = `cluster ${a.clusterSeeds.join(',')}`;
    let cluster: ClusterConnection;
    try {
      cluster = await ClusterConnection.open({ seeds: a.clusterSeeds, auth });
    } catch (err) {
      // The nodes' own answer (NOAUTH, a TLS alert) says more than "no node answered".
      const e = err as Error;
      const msg = (e.cause instanceof Error ? e.cause.message : e.message) ?? String(err);
      throw new FeedscopeError('REDIS_UNREACHABLE', `The key browser could not connect to ${where} (${msg}): ${connectFix(msg)}`, { cause: err });
    }
    const masters = cluster.masterClients();
    const first = masters[0];
    if (!first) {
      await cluster.close();
      throw new FeedscopeError('CLUSTER_UNREACHABLE', `The cluster at ${a.clusterSeeds.join(', ')} has no master with slots: finish its setup (CLUSTER ADDSLOTS) first.`);
    }
    return {
      client: first,
      cluster: { masters: () => cluster.masterClients(), clientFor: (key) => cluster.clientFor(key) },
      label: cluster.label,
      url: `${tls ? 'rediss' : 'redis'}://${a.username ? `${a.username}:***@` : a.password ? ':***@' : ''}${a.clusterSeeds.join(',')}`,
      tls,
      close: () => cluster.close(),
    };
  }
  const { options, label, url, tls } = connectionOptions(a);
  const client = new Redis(options);
  let lastError: Error | undefined;
  client.on('error', (err: Error) => (lastError = err));
  try {
    await client.connect();
    await client.ping();
  } catch (err) {
    client.disconnect();
    const e = (lastError ?? err) as NodeJS.ErrnoException;
    const msg = e.message ?? String(e);
    throw new FeedscopeError('REDIS_UNREACHABLE', `The key browser could not connect to ${url} (${e.code === 'ECONNREFUSED' ? 'connection refused' : msg}): ${connectFix(msg)}`, { cause: err });
  }
  return { client, cluster: null, label, url, tls, close: async () => void client.disconnect() };
}
