/** The key browser's pure helpers: Redis globs, list order, the throttle, MONITOR parsing, connection options. */
import { describe, expect, it } from 'vitest';
import { connectionOptions } from './connection.js';
import type { ScannedKey } from './keyBrowserApi.js';
import { filterAndSort, globToRegExp } from './keyList.js';
import { groupCommands, keyPattern, parseMonitorLine, summariseClients } from './profileGroups.js';
import { throttleDelayMs } from './throttle.js';

describe('globToRegExp', () => {
  it('reads * ? [set] [^set] [a-z] and \\ escapes as MATCH does', () => {
    const m = (g: string, s: string): boolean => globToRegExp(g).test(s);
    expect(m('fs:*', 'fs:timeline:1')).toBe(true);
    expect(m('fs:*', 'xfs:1')).toBe(false);
    expect(m('u?', 'u1')).toBe(true);
    expect(m('u[0-2]', 'u3')).toBe(false);
    expect(m('u[^0-2]', 'u3')).toBe(true);
    expect(m('a\\*b', 'a*b')).toBe(true);
    expect(m('a\\*b', 'axb')).toBe(false);
    expect(m('a.b', 'axb')).toBe(false);
  });
});

describe('filterAndSort', () => {
  const keys: ScannedKey[] = [
    { key: 'b', type: 'string', encoding: 'raw', ttlMs: -1, memoryBytes: 10, length: 1 },
    { key: 'a', type: 'zset', encoding: 'skiplist', ttlMs: 5000, memoryBytes: 500, length: 200 },
    { key: 'c', type: 'string', encoding: null, ttlMs: null, memoryBytes: null, length: null },
  ];
  it('sorts by each column with unread figures last in either direction, and filters', () => {
    expect(filterAndSort(keys, { sort: 'memory', desc: true, pattern: '*', type: null }).map((k) => k.key)).toEqual(['a', 'b', 'c']);
    expect(filterAndSort(keys, { sort: 'memory', desc: false, pattern: '*', type: null }).map((k) => k.key)).toEqual(['b', 'a', 'c']);
    // No expiry lives longest.
    expect(filterAndSort(keys, { sort: 'ttl', desc: false, pattern: '*', type: null }).map((k) => k.key)).toEqual(['a', 'b', 'c']);
    expect(filterAndSort(keys, { sort: 'key', desc: false, pattern: '[ab]', type: 'string' }).map((k) => k.key)).toEqual(['b']);
  });
});

describe('throttleDelayMs', () => {
  it('waits until busy time is the budget\'s share of the elapsed time', () => {
    expect(throttleDelayMs(10, 10, 10)).toBe(90);
    expect(throttleDelayMs(10, 200, 10)).toBe(0);
    expect(throttleDelayMs(10, 10, 100)).toBe(0);
  });
});

describe('MONITOR and CLIENT LIST', () => {
  it('parses MONITOR lines and groups by command, key pattern and client', () => {
    const line = '1700000000.123456 [0 127.0.0.1:5555] "set" "fs:timeline:42" "a \\"b\\""';
    expect(parseMonitorLine(line)).toEqual({ client: '127.0.0.1:5555', args: ['set', 'fs:timeline:42', 'a "b"'] });
    expect(keyPattern('fs:timeline:42:3f2a9c1d7e', ':')).toBe('fs:timeline:*:*');
    const g = groupCommands([{ client: 'c1', args: ['GET', 'u:1'] }, { client: 'c1', args: ['get', 'u:2'] }, { client: 'c2', args: ['ping'] }], ':');
    expect(g.byCommand).toEqual([{ name: 'get', count: 2, sharePct: 66.7 }, { name: 'ping', count: 1, sharePct: 33.3 }]);
    expect(g.byPattern).toEqual([{ pattern: 'get u:*', count: 2, sharePct: 66.7 }]);
  });

  it('summarises CLIENT LIST', () => {
    const text = 'id=3 addr=127.0.0.1:50000 name=app age=10 idle=2 db=0 cmd=get\nid=4 addr=127.0.0.1:50001 name= age=5 idle=5 db=0 cmd=client|list\n';
    const s = summariseClients(text, 'x');
    expect(s.total).toBe(2);
    expect(s.byName).toEqual([{ name: '(no name)', count: 1 }, { name: 'app', count: 1 }]);
    expect(s.byAddr).toEqual([{ addr: '127.0.0.1', count: 2 }]);
    expect(s.clients[0].id).toBe('4');
  });
});

describe('connectionOptions', () => {
  const base = { host: '127.0.0.1', port: 6379, db: 0, tls: false };
  it('reads a rediss:// URL with user, password and db, and never names the password', () => {
    const o = connectionOptions({ ...base, url: 'rediss://alice:s3cret@cache.example:6380/2' });
    expect(o.options).toMatchObject({ host: 'cache.example', port: 6380, db: 2, username: 'alice', password: 's3cret', tls: { servername: 'cache.example' } });
    expect(o.tls).toBe(true);
    expect(o.label).toBe('cache.example:6380 (db 2)');
    expect(o.url).toBe('rediss://alice:***@cache.example:6380/2');
    expect(JSON.stringify([o.label, o.url])).not.toContain('s3cret');
  });
  it('turns TLS on with a CA, and rejects a URL path that is not a db', () => {
    expect(connectionOptions({ ...base, caPem: '-----BEGIN CERTIFICATE-----' }).options.tls).toMatchObject({ ca: ['-----BEGIN CERTIFICATE-----'] });
    expect(() => connectionOptions({ ...base, url: 'redis://h:1/x' })).toThrow(/database number/);
  });
});
