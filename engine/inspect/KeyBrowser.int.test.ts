/**
 * The key browser against real redis-servers this file starts, through the command table: it
 * connects to a server chosen like the app does (the engine starts no Redis of its own for it),
 * scans it completely under a time budget, and its analysis equals the sums of MEMORY USAGE and
 * the counts of the keys the test created. Writes are refused while locked and without the
 * server's name as confirmation.
 */
import { Redis } from 'ioredis';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCommand } from '../commands.js';
import { Engine } from '../Engine.js';
import { RedisServer } from '../redis/RedisServer.js';
import { ROOT } from '../test/helpers.js';
import { ttlBucket } from './analysis/aggregate.js';

let server: RedisServer;
let r: Redis;
let engine: Engine;
const label = (): string => `127.0.0.1:${server.port}`;

const BIG_STRING_BYTES = 5 * 1024 * 1024;

async function fill(): Promise<void> {
  const p = r.pipeline();
  for (let i = 0; i < 300; i++) p.zadd(`zs:small:${i}`, 1, 'a', 2, 'b', 3, 'c');
  // Listpacks big enough to measure this server's bytes per element.
  for (let i = 0; i < 20; i++) {
    const args: (string | number)[] = [];
    for (let j = 0; j < 60; j++) args.push(j, `m${j}`);
    p.zadd(`zs:mid:${i}`, ...args);
  }
  // Just above zset-max-listpack-entries (128): skiplist-encoded.
  for (let i = 0; i < 5; i++) {
    const args: (string | number)[] = [];
    for (let j = 0; j < 150; j++) args.push(j, `m${j}`);
    p.zadd(`zs:near:${i}`, ...args);
  }
  for (let i = 0; i < 40; i++) p.hset(`user:${i}`, 'name', `u${i}`, 'city', 'Lyon');
  for (let i = 0; i < 1200; i++) p.set(`cnt:${i}`, String(i));
  for (let i = 0; i < 50; i++) p.set(`cache:${i}`, 'v', 'PX', 30 * 60_000);
  for (let i = 0; i < 30; i++) p.set(`cache:x${i}`, 'v', 'PX', 5 * 3_600_000);
  p.set('cache:forever', 'v');
  for (let i = 0; i < 20; i++) p.rpush('q:jobs', `j${i}`);
  p.sadd('tags', 'a', 'b', 'c');
  p.set('blob', Buffer.alloc(BIG_STRING_BYTES, 'x'));
  for (let i = 0; i < 40; i++) p.xadd('events', '*', 'n', String(i));
  await p.exec();
  await r.xgroup('CREATE', 'events', 'workers', '0');
  await r.xreadgroup('GROUP', 'workers', 'alice', 'COUNT', 10, 'STREAMS', 'events', '>');
}

beforeAll(async () => {
  server = await RedisServer.start();
  r = new Redis(server.url);
  await fill();
  engine = new Engine({ sampleGraphsDir: path.join(ROOT, 'sample-graphs') });
}, 60_000);

afterAll(async () => {
  await engine?.close();
  r?.disconnect();
  await server?.stop();
});

async function scanToEnd(budgetPct = 100): Promise<void> {
  await runCommand(engine, 'startKeyScan', { budgetPct });
  await engine.inspectors.keyBrowser.currentJob!.done;
}

describe('the key browser on a server chosen in the app', () => {
  it('says there is no server before one is chosen, then names the connected one; the engine starts no Redis for it', async () => {
    expect((await runCommand(engine, 'getKeyBrowserServer', {})).target).toBe('none');
    const v = await runCommand(engine, 'connectKeyBrowser', { url: `${server.url}/0` });
    expect(v).toMatchObject({ target: 'foreign', label: label(), role: 'master', writable: false, keys: await r.dbsize() });
    expect(v.version).toBe(server.version);
    expect(engine.status().redis).toBeNull();
  });

  it('explains a refused connection and a wrong password', async () => {
    await expect(runCommand(engine, 'connectKeyBrowser', { host: '127.0.0.1', port: 1 })).rejects.toMatchObject({ code: 'REDIS_UNREACHABLE' });
    await expect(runCommand(engine, 'connectKeyBrowser', { host: '127.0.0.1', port: server.port, username: 'nobody', password: 'nope' })).rejects.toThrow(/user and password/);
    // The failed attempts left the chosen server as it was.
    expect((await runCommand(engine, 'getKeyBrowserServer', {})).label).toBe(label());
  });

  it('scans every key, and the analysis equals the sums of MEMORY USAGE and the exact counts', async () => {
    await scanToEnd();
    const job = (await runCommand(engine, 'getKeyScan', {}))!;
    expect(job).toMatchObject({ state: 'done', complete: true, seen: await r.dbsize() });
    const a = await runCommand(engine, 'getKeyspaceAnalysis', {});
    expect(a.complete).toBe(true);
    // Every key, measured here one by one.
    const keys: string[] = [];
    let cursor = '0';
    do {
      const [next, found] = await r.scan(cursor, 'COUNT', 1000);
      keys.push(...found);
      cursor = next;
    } while (cursor !== '0');
    let memory = 0;
    const types = new Map<string, number>();
    const enc = new Map<string, number>();
    const ttl = new Map<string, number>();
    for (const k of keys) {
      memory += Number(await r.call('MEMORY', 'USAGE', k, 'SAMPLES', '0'));
      const t = await r.type(k);
      types.set(t, (types.get(t) ?? 0) + 1);
      const e = `${t}/${String(await r.call('OBJECT', 'ENCODING', k))}`;
      enc.set(e, (enc.get(e) ?? 0) + 1);
      const b = ttlBucket(await r.pttl(k));
      ttl.set(b, (ttl.get(b) ?? 0) + 1);
    }
    expect(a.totals).toMatchObject({ keys: keys.length, memoryBytes: memory });
    expect(new Map(a.byType.map((t) => [t.name, t.keys]))).toEqual(types);
    expect(new Map(a.byEncoding.map((e) => [`${e.type}/${e.name}`, e.keys]))).toEqual(enc);
    expect(new Map(a.ttl.filter((b) => b.keys > 0).map((b) => [b.name, b.keys]))).toEqual(ttl);
    expect(enc.get('zset/skiplist')).toBe(5);
    expect(a.prefixes.children.find((c) => c.name === 'cnt')).toMatchObject({ keys: 1200 });
    expect(a.topByMemory[0].key).toBe('blob');
    expect(a.expiring[0].keys).toBe(50);
    // 5 h TTLs, a little less by now: expiring within the fifth hour.
    expect(a.expiring[4].keys).toBe(30);
    expect(a.config['zset-max-listpack-entries']).toBe(Number((await r.call('CONFIG', 'GET', 'zset-max-listpack-entries') as string[])[1]));
    const rules = new Map(a.recommendations.map((x) => [x.rule + (x.rule === 'no-ttl' ? x.title : ''), x]));
    const near = a.recommendations.find((x) => x.rule === 'listpack-limit')!;
    expect(near.keyCount).toBe(5);
    expect(near.savingBytes).toBeGreaterThan(0);
    expect(a.recommendations.find((x) => x.rule === 'big-key')?.keys).toContain('blob');
    expect(a.recommendations.find((x) => x.rule === 'no-ttl')?.keys).toEqual(['cache:forever']);
    expect(a.recommendations.find((x) => x.rule === 'small-strings')?.keyCount).toBe(1200);
    expect(rules.size).toBeGreaterThanOrEqual(4);
  });

  it('lists the scanned keys sorted by memory, TTL and length, filtered by pattern and type', async () => {
    const byMem = await runCommand(engine, 'listScannedKeys', { sort: 'memory', desc: true, limit: 3 });
    expect(byMem.keys[0]).toMatchObject({ key: 'blob', type: 'string', encoding: 'raw', length: BIG_STRING_BYTES });
    const ttl = await runCommand(engine, 'listScannedKeys', { sort: 'ttl', pattern: 'cache:*', limit: 100 });
    expect(ttl.total).toBe(81);
    expect(ttl.keys[0].ttlMs!).toBeLessThanOrEqual(30 * 60_000);
    expect(ttl.keys[80]).toMatchObject({ key: 'cache:forever', ttlMs: -1 });
    const zs = await runCommand(engine, 'listScannedKeys', { sort: 'length', desc: true, type: 'zset', limit: 1 });
    expect(zs).toMatchObject({ total: 325, type: 'zset' });
    expect(zs.keys[0].length).toBe(150);
  });

  it('never returns a value larger than a page: strings by byte range, JSON only when whole', async () => {
    const mid = await runCommand(engine, 'getStringRange', { key: 'blob', offset: 4_000_000, length: 65_536 });
    expect(mid).toMatchObject({ bytes: BIG_STRING_BYTES, offset: 4_000_000, json: null });
    expect(mid.hex.length).toBe(2 * 65_536);
    await expect(runCommand(engine, 'getStringRange', { key: 'blob', offset: 0, length: 65_537 })).rejects.toMatchObject({ code: 'BAD_PAYLOAD' });
    const page = await runCommand(engine, 'getKey', { key: 'blob', count: 1000 });
    expect(page.fetched).toBe(1000);
    await r.set('doc', '{"a":[1,2]}');
    expect((await runCommand(engine, 'getStringRange', { key: 'doc', offset: 0 })).json).toBe('{\n  "a": [\n    1,\n    2\n  ]\n}');
  });

  it('pages a ZSET by score range and shows a stream group\'s lag and pending entries per consumer', async () => {
    const z = await runCommand(engine, 'getKey', { key: 'zs:near:0', scoreMin: '(100', scoreMax: '+inf', reverse: false, count: 10 });
    if (z.values.type !== 'zset') throw new Error('expected a zset');
    expect(z.values.entries[0].score).toBe(101);
    expect(z.values.scoreRange?.count).toBe(49);
    const s = await runCommand(engine, 'getKey', { key: 'events' });
    if (s.values.type !== 'stream') throw new Error('expected a stream');
    expect(s.values.groups[0]).toMatchObject({ name: 'workers', pending: 10, lag: 30, entriesRead: 10 });
    const p = await runCommand(engine, 'getStreamPending', { key: 'events', group: 'workers', consumer: 'alice' });
    expect(p.entries).toHaveLength(10);
    expect(p.entries[0]).toMatchObject({ consumer: 'alice', deliveries: 1 });
  });

  it('refuses writes while locked, asks for the server\'s name before acting, then writes', async () => {
    await expect(runCommand(engine, 'setKeyTtl', { key: 'cache:forever', ttlMs: 60_000, confirm: label() })).rejects.toMatchObject({ code: 'INSPECTOR_READ_ONLY' });
    await runCommand(engine, 'unlockWrites', { unlock: true });
    await expect(runCommand(engine, 'setKeyTtl', { key: 'cache:forever', ttlMs: 60_000 })).rejects.toMatchObject({ code: 'CONFIRMATION_REQUIRED' });
    await expect(runCommand(engine, 'deleteKey', { key: 'tags', confirm: 'localhost:6379' })).rejects.toMatchObject({ code: 'CONFIRMATION_REQUIRED' });
    expect(await r.pttl('cache:forever')).toBe(-1);
    expect(await r.exists('tags')).toBe(1);
    expect((await runCommand(engine, 'setKeyTtl', { key: 'cache:forever', ttlMs: 60_000, confirm: label() })).ttlMs).toBeGreaterThan(59_000);
    await runCommand(engine, 'setKeyTtl', { key: 'cache:forever', ttlMs: null, confirm: label() });
    expect(await r.pttl('cache:forever')).toBe(-1);
    await runCommand(engine, 'renameKey', { key: 'q:jobs', to: 'q:jobs2', confirm: label() });
    await expect(runCommand(engine, 'renameKey', { key: 'q:jobs2', to: 'tags', confirm: label() })).rejects.toMatchObject({ code: 'KEY_EXISTS' });
    const dump = await runCommand(engine, 'dumpKey', { key: 'tags' });
    expect(await runCommand(engine, 'deleteKey', { key: 'tags', confirm: label() })).toEqual({ deleted: 1 });
    // The copy restores the value.
    await r.restore('tags', 0, Buffer.from(dump.base64, 'base64'));
    expect(await r.smembers('tags')).toHaveLength(3);
    const acked = await runCommand(engine, 'streamAction', { key: 'events', group: 'workers', action: 'ack', ids: [(await runCommand(engine, 'getStreamPending', { key: 'events', group: 'workers' })).entries[0].id], confirm: label() });
    expect(acked.affected).toBe(1);
    const claimed = await runCommand(engine, 'streamAction', { key: 'events', group: 'workers', action: 'autoclaim', consumer: 'bob', confirm: label() });
    expect(claimed.affected).toBe(9);
    await runCommand(engine, 'unlockWrites', { unlock: false });
  });

  it('profiles the server with MONITOR for a bounded time, and summarises CLIENT LIST', async () => {
    let profiling = true;
    const busy = (async () => {
      for (let i = 0; profiling; i++) await r.get(`cnt:${i % 1000}`);
    })();
    const prof = await runCommand(engine, 'profileServer', { seconds: 5, maxCommands: 30 });
    profiling = false;
    await busy;
    expect(prof).toMatchObject({ commands: 30, capped: true });
    expect(prof.byPattern[0]).toMatchObject({ pattern: 'get cnt:*' });
    const clients = await runCommand(engine, 'getClientList', {});
    expect(clients.byName.map((n) => n.name)).toContain('feedscope-keybrowser');
  });
});

describe('a complete throttled scan of a 200k-key server', () => {
  it('finds every key, holds its time budget, and pauses, resumes and cancels', async () => {
    const N = 200_000;
    for (let i = 0; i < N; i += 10_000) {
      const p = r.pipeline();
      for (let j = i; j < i + 10_000; j++) p.set(`big:${j}`, '1');
      await p.exec();
    }
    const total = await r.dbsize();
    await runCommand(engine, 'startKeyScan', { budgetPct: 100, details: false, count: 5000 });
    await engine.inspectors.keyBrowser.currentJob!.done;
    const all = (await runCommand(engine, 'getKeyScan', {}))!;
    expect(all).toMatchObject({ state: 'done', seen: total, dbsize: total });
    const listed = await runCommand(engine, 'listScannedKeys', { pattern: 'big:*', limit: 1 });
    expect(listed.total).toBe(N);

    const budgetPct = 25;
    const started = await runCommand(engine, 'startKeyScan', { budgetPct, details: true, count: 500 });
    expect(started.state).toBe('running');
    await new Promise((res) => setTimeout(res, 1500));
    const paused = await runCommand(engine, 'controlKeyScan', { action: 'pause' });
    expect(paused.state).toBe('paused');
    expect(paused.seen).toBeGreaterThan(0);
    expect(paused.seen).toBeLessThan(total);
    // The share of time the batches took stays within the budget, plus at most one batch (observed between a batch and its wait).
    expect(paused.measuredPct).toBeLessThanOrEqual(budgetPct + (100 * paused.maxBatchMs) / paused.elapsedMs + 0.5);
    expect(paused.measuredPct).toBeGreaterThan(budgetPct * 0.5);
    await new Promise((res) => setTimeout(res, 500));
    expect((await runCommand(engine, 'getKeyScan', {}))!.seen).toBe(paused.seen);
    await runCommand(engine, 'controlKeyScan', { action: 'resume' });
    await new Promise((res) => setTimeout(res, 300));
    const cancelled = await runCommand(engine, 'controlKeyScan', { action: 'cancel' });
    expect(cancelled.seen).toBeGreaterThan(paused.seen);
    const a = await runCommand(engine, 'getKeyspaceAnalysis', {});
    expect(a.complete).toBe(false);
    expect(a.notes.join(' ')).toMatch(/not exact/);
  }, 120_000);
});
