/**
 * The key browser and the offset-cost measurement against a real redis-server.
 */
import { describe, expect, it } from 'vitest';
import { usePrivateRedis } from '../test/helpers.js';
import { KeyInspector, MAX_PAGE_ELEMENTS } from './KeyInspector.js';
import { measureOffsetCost } from './zsetInspect.js';

const redis = usePrivateRedis();
const BIG = 100_000;

async function bigZset(): Promise<void> {
  const r = redis.handle.client;
  if ((await r.exists('big:z')) === 1) return;
  const pipe = r.pipeline();
  for (let i = 0; i < BIG; i += 1000) {
    const args: (string | number)[] = [];
    for (let j = i; j < i + 1000; j++) args.push(j, `m${j}`);
    pipe.zadd('big:z', ...args);
  }
  await pipe.exec();
}

describe('KeyInspector', () => {
  it('pages a 100k-member ZSET with scores, never more than 1,000 per fetch', async () => {
    await bigZset();
    const ins = new KeyInspector(redis.handle.client, 'private');
    const first = await ins.getKey({ key: 'big:z', offset: 0, cursor: '0', count: 5000, reverse: true });
    expect(first.details).toMatchObject({ type: 'zset', encoding: 'skiplist', length: BIG, ttlMs: -1 });
    expect(first.details.memoryUsageBytes).toBeGreaterThan(BIG * 50);
    expect(first.fetched).toBe(MAX_PAGE_ELEMENTS);
    if (first.values.type !== 'zset') throw new Error('expected zset values');
    expect(first.values.entries[0]).toEqual({ member: `m${BIG - 1}`, score: BIG - 1 });
    const deep = await ins.getKey({ key: 'big:z', offset: 99_990, cursor: '0', count: 100, reverse: true });
    if (deep.values.type !== 'zset') throw new Error('expected zset values');
    expect(deep.values.entries.map((e) => e.score)).toEqual([9, 8, 7, 6, 5, 4, 3, 2, 1, 0]);
  });

  it('shows a stream with entries, consumer groups, consumers and pending entries, paged by id', async () => {
    const r = redis.handle.client;
    for (let i = 0; i < 250; i++) await r.xadd('s:feed', '*', 'post', String(i), 'author', String(i % 7));
    await r.xgroup('CREATE', 's:feed', 'phone', '0');
    await r.xgroup('CREATE', 's:feed', 'web', '$');
    await r.xreadgroup('GROUP', 'phone', 'alice', 'COUNT', 30, 'STREAMS', 's:feed', '>');
    const ins = new KeyInspector(r, 'private');
    const p1 = await ins.getKey({ key: 's:feed', offset: 0, cursor: '0', count: 100, reverse: true });
    if (p1.values.type !== 'stream') throw new Error('expected stream values');
    expect(p1.details).toMatchObject({ type: 'stream', length: 250 });
    expect(p1.values.entries).toHaveLength(100);
    expect(p1.values.entries[0].fields).toEqual([['post', '0'], ['author', '0']]);
    const phone = p1.values.groups.find((g) => g.name === 'phone')!;
    expect(phone.pending).toBe(30);
    expect(phone.consumers).toEqual([expect.objectContaining({ name: 'alice', pending: 30 })]);
    expect(phone.pendingSample).toHaveLength(20);
    expect(p1.values.groups.find((g) => g.name === 'web')!.pending).toBe(0);
    const p3 = await ins.getKey({ key: 's:feed', offset: 0, cursor: '0', count: 100, reverse: true }).then(async (a) => {
      const v1 = a.values.type === 'stream' ? a.values.nextAfter! : '';
      const b = await ins.getKey({ key: 's:feed', offset: 0, cursor: v1, count: 100, reverse: true });
      const v2 = b.values.type === 'stream' ? b.values.nextAfter! : '';
      return ins.getKey({ key: 's:feed', offset: 0, cursor: v2, count: 100, reverse: true });
    });
    if (p3.values.type !== 'stream') throw new Error('expected stream values');
    expect(p3.values.entries).toHaveLength(50);
    expect(p3.values.nextAfter).toBeNull();
  });

  it('shows hashes, lists, sets and strings (hex and text), and a missing key', async () => {
    const r = redis.handle.client;
    await r.hset('h:1', { a: '1', b: '2' });
    await r.rpush('l:1', 'x', 'y', 'z');
    await r.sadd('set:1', 'q');
    await r.set('str:1', Buffer.from([0x68, 0x69, 0xff]));
    const ins = new KeyInspector(r, 'private');
    const h = await ins.getKey({ key: 'h:1', offset: 0, cursor: '0', count: 10, reverse: true });
    expect(h.values).toMatchObject({ type: 'hash', nextCursor: '0' });
    const l = await ins.getKey({ key: 'l:1', offset: 1, cursor: '0', count: 10, reverse: true });
    expect(l.values).toEqual({ type: 'list', offset: 1, items: ['y', 'z'] });
    const s = await ins.getKey({ key: 'str:1', offset: 0, cursor: '0', count: 2, reverse: true });
    expect(s.values).toMatchObject({ type: 'string', bytes: 3, hex: '6869', text: 'hi', truncated: true });
    const none = await ins.getKey({ key: 'nope', offset: 0, cursor: '0', count: 10, reverse: true });
    expect(none.details.type).toBe('none');
  });

  it('scans incrementally with a pattern and a type filter, building a tree with counts', async () => {
    const r = redis.handle.client;
    const pipe = r.pipeline();
    for (let i = 0; i < 300; i++) pipe.zadd(`fs:timeline:${i}`, 1, 'a');
    for (let i = 0; i < 40; i++) pipe.rpush(`fs:outbox:${i}`, 'a');
    await pipe.exec();
    const ins = new KeyInspector(r, 'private');
    let cursor = '0';
    const keys = new Set<string>();
    let view;
    do {
      view = await ins.scan({ cursor, pattern: 'fs:*', type: 'zset', count: 100 });
      for (const k of view.keys) keys.add(k.key);
      cursor = view.cursor;
    } while (!view.done);
    expect(keys.size).toBe(300);
    const fs = view.tree.children.find((c) => c.name === 'fs')!;
    expect(fs.children.map((c) => [c.prefix, c.count])).toEqual([['fs:timeline:', 300]]);
    const all = await ins.scan({ cursor: '0', pattern: 'fs:outbox:*', type: null, count: 1000 });
    expect(new Set(all.keys.map((k) => k.type))).toEqual(new Set(['list']));
  });

  it('is read-only until writes are unlocked, and summarises INFO and SLOWLOG', async () => {
    const r = redis.handle.client;
    await r.set('victim', '1');
    const ins = new KeyInspector(r, 'private');
    await expect(ins.deleteKey('victim')).rejects.toMatchObject({ code: 'INSPECTOR_READ_ONLY' });
    expect(await r.exists('victim')).toBe(1);
    ins.unlockWrites(true);
    expect(await ins.deleteKey('victim', 'private')).toEqual({ deleted: 1 });
    await r.call('CONFIG', 'SET', 'slowlog-log-slower-than', '0');
    await r.zrange('big:z', 0, 2);
    const sum = await ins.serverSummary(10);
    await r.call('CONFIG', 'SET', 'slowlog-log-slower-than', '10000');
    expect(sum.version).toMatch(/^\d+\.\d+/);
    expect(sum.keyspace[0].keys).toBeGreaterThan(300);
    expect(sum.slowlog.length).toBeGreaterThan(0);
    expect(sum.slowlogThresholdUs).toBe(0);
  });

  it('measures ZREVRANGE cost at offsets beside the model\'s comparisons', async () => {
    await bigZset();
    const v = await measureOffsetCost(redis.handle.client, { key: 'big:z', offsets: [0, 1000, 10_000, 100_000], pageSize: 20, repeats: 50 });
    expect(v.rows.map((x) => x.skipped === null)).toEqual([true, true, true, false]);
    expect(v.rows[0].modelComparisons).toBe(0);
    expect(v.rows[1].modelComparisons).toBeGreaterThan(3);
    for (const row of v.rows.slice(0, 3)) {
      expect(row.serverUsPerCall).not.toBeNull();
      expect(row.clientP50Us).toBeGreaterThan(0);
      expect(row.backwardSteps).toBe(19);
    }
  });
});
