/**
 * MONITOR lines and CLIENT LIST replies, parsed and grouped. Pure: profiler.ts does the I/O.
 * A key's pattern replaces the segments that vary between keys (numbers, hex ids, UUIDs) with
 * `*`, so `fs:timeline:42` and `fs:timeline:7` group as `fs:timeline:*`.
 */
import type { ClientListView, ProfileView } from './keyBrowserApi.js';

/** Commands whose first argument is not a key (they are grouped by name only). */
const NO_KEY = new Set(['ping', 'info', 'select', 'auth', 'hello', 'client', 'config', 'scan', 'dbsize', 'command', 'monitor', 'slowlog', 'multi', 'exec', 'discard', 'cluster', 'memory', 'object', 'eval', 'evalsha', 'fcall', 'script', 'function', 'publish', 'subscribe', 'psubscribe', 'flushdb', 'flushall', 'time', 'echo', 'quit', 'readonly', 'xread', 'xreadgroup', 'latency', 'debug', 'acl', 'wait']);
const VARYING = /^(\d+|[0-9a-f]{8,}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|\{[^}]*\})$/i;

export function keyPattern(key: string, separator: string): string {
  return key.split(separator).map((s) => (VARYING.test(s) ? '*' : s)).join(separator);
}

/** One MONITOR line: `1700000000.123456 [0 127.0.0.1:5555] "set" "k" "v"`. */
export function parseMonitorLine(line: string): { client: string; args: string[] } | null {
  const m = /^\d+\.\d+ \[\d+ ([^\]]+)\] (.*)$/.exec(line);
  if (!m) return null;
  const args: string[] = [];
  const re = /"((?:[^"\\]|\\.)*)"/g;
  let a: RegExpExecArray | null;
  while ((a = re.exec(m[2]))) args.push(a[1].replace(/\\"/g, '"').replace(/\\\\/g, '\\'));
  return { client: m[1], args };
}

export function groupCommands(cmds: readonly { client: string; args: readonly string[] }[], separator: string): Pick<ProfileView, 'byCommand' | 'byPattern' | 'byClient'> {
  const byCommand = new Map<string, number>();
  const byPattern = new Map<string, number>();
  const byClient = new Map<string, number>();
  for (const c of cmds) {
    const name = (c.args[0] ?? '?').toLowerCase();
    byCommand.set(name, (byCommand.get(name) ?? 0) + 1);
    byClient.set(c.client, (byClient.get(c.client) ?? 0) + 1);
    if (c.args.length > 1 && !NO_KEY.has(name)) {
      const p = `${name} ${keyPattern(c.args[1], separator)}`;
      byPattern.set(p, (byPattern.get(p) ?? 0) + 1);
    }
  }
  const total = Math.max(1, cmds.length);
  const rows = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  return {
    byCommand: rows(byCommand).slice(0, 50).map(([name, count]) => ({ name, count, sharePct: Math.round((1000 * count) / total) / 10 })),
    byPattern: rows(byPattern).slice(0, 50).map(([pattern, count]) => ({ pattern, count, sharePct: Math.round((1000 * count) / total) / 10 })),
    byClient: rows(byClient).slice(0, 20).map(([client, count]) => ({ client, count })),
  };
}

/** CLIENT LIST's reply (one `k=v k=v` line per client), summarised. */
export function summariseClients(text: string, server: string): ClientListView {
  const clients = text.split('\n').filter((l) => l.trim()).map((l) => {
    const o: Record<string, string> = {};
    for (const kv of l.trim().split(' ')) {
      const i = kv.indexOf('=');
      if (i > 0) o[kv.slice(0, i)] = kv.slice(i + 1);
    }
    return { id: o.id ?? '', addr: o.addr ?? '', name: o.name ?? '', ageSec: Number(o.age ?? 0), idleSec: Number(o.idle ?? 0), cmd: o.cmd ?? '', db: Number(o.db ?? 0) };
  });
  const count = (f: (c: (typeof clients)[number]) => string) => {
    const m = new Map<string, number>();
    for (const c of clients) m.set(f(c), (m.get(f(c)) ?? 0) + 1);
    return [...m].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, 20);
  };
  return {
    server,
    total: clients.length,
    byName: count((c) => c.name || '(no name)').map(([name, n]) => ({ name, count: n })),
    byCommand: count((c) => c.cmd).map(([cmd, n]) => ({ cmd, count: n })),
    byAddr: count((c) => c.addr.replace(/:\d+$/, '')).map(([addr, n]) => ({ addr, count: n })),
    clients: [...clients].sort((a, b) => b.idleSec - a.idleSec || b.ageSec - a.ageSec).slice(0, 50),
  };
}
