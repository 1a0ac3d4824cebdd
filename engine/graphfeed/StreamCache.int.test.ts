import { beforeEach, describe, expect, it } from 'vitest';
import { usePrivateRedis } from '../test/helpers.js';
import { Tracer } from '../trace/Tracer.js';
import { KeySpace } from '../redis/keys.js';
import { IoredisTransport } from '../redis/transport/IoredisTransport.js';
import { openTransport } from '../redis/transport/open.js';
import { StreamCache, type CachedItem } from './StreamCache.js';

const redis = usePrivateRedis();
const PREFIX = 'fs-test:';
const keySpace = new KeySpace({ prefix: PREFIX });
const items = (from: number, n: number): CachedItem[] =>
  Array.from({ length: n }, (_, i) => ({ postId: from + i, score: 1 - i / 100, expMs: 1e13, paths: ['follow'], features: '0,1' }));

describe('StreamCache consumer groups (real Redis)', () => {
  let cache: StreamCache;
  beforeEach(async () => {
    const keys = await redis.handle.client.keys(`${PREFIX}*`);
    if (keys.length) await redis.handle.client.del(...keys);
    cache = new StreamCache({ transport: new IoredisTransport(redis.handle.client), keys: keySpace, tracer: new Tracer(), maxLen: 1000 });
    await cache.ensureGroups(7, 2);
    await cache.append(7, items(100, 10));
  });

  it('delivers the items of a stream once per device group, in XADD order', async () => {
    const a = await cache.read(7, 0, 'phone-1', 4, 0);
    expect(a.reclaimed).toEqual([]);
    expect(a.fresh.map((e) => e.postId)).toEqual([100, 101, 102, 103]);
    await cache.ack(7, 0, a.fresh.map((e) => e.id));
    const b = await cache.read(7, 0, 'phone-1', 100, 0);
    expect(b.fresh.map((e) => e.postId)).toEqual([104, 105, 106, 107, 108, 109]);
    // The other device is its own group and still sees everything.
    const other = await cache.read(7, 1, 'laptop-1', 100, 0);
    expect(other.fresh).toHaveLength(10);
  });

  it('gives a crashed reader\'s unacked items to the next consumer via XAUTOCLAIM, then never again after XACK', async () => {
    const crashed = await cache.read(7, 0, 'phone-1', 5, 0);
    expect(crashed.fresh.map((e) => e.postId)).toEqual([100, 101, 102, 103, 104]);
    // phone-1 dies here: no XACK.
    expect(await cache.pending(7, 0)).toBe(5);
    const next = await cache.read(7, 0, 'phone-2', 5, 0);
    expect(next.reclaimed.map((e) => e.id)).toEqual(crashed.fresh.map((e) => e.id));
    expect(next.fresh.map((e) => e.postId)).toEqual([105, 106, 107, 108, 109]);
    await cache.ack(7, 0, [...next.reclaimed, ...next.fresh].map((e) => e.id));
    expect(await cache.pending(7, 0)).toBe(0);
    // Nothing comes back to anyone once acked, and new items still flow.
    await cache.append(7, items(200, 2));
    const seen = new Set<string>([...next.reclaimed, ...next.fresh].map((e) => e.id));
    for (const consumer of ['phone-1', 'phone-2', 'phone-3']) {
      const r = await cache.read(7, 0, consumer, 100, 0);
      for (const e of [...r.reclaimed, ...r.fresh]) {
        expect(seen.has(e.id), `${consumer} got ${e.id} again`).toBe(false);
        seen.add(e.id);
      }
      await cache.ack(7, 0, [...r.reclaimed, ...r.fresh].map((e) => e.id));
    }
    expect(seen.size).toBe(12);
  });

  it('does not hand pending items to another consumer before they are idle long enough', async () => {
    await cache.read(7, 0, 'phone-1', 3, 0);
    const early = await cache.read(7, 0, 'phone-2', 3, 60_000);
    expect(early.reclaimed).toEqual([]);
    expect(early.fresh.map((e) => e.postId)).toEqual([103, 104, 105]);
    expect(await cache.pending(7, 0)).toBe(6);
  });

  it('reads without XAUTOCLAIM when asked, so a consumer does not get its own unacked page again', async () => {
    const first = await cache.read(7, 0, 'phone-1', 3, 0);
    const second = await cache.read(7, 0, 'phone-1', 3, null);
    expect(second.reclaimed).toEqual([]);
    expect(second.fresh.map((e) => e.postId)).toEqual([103, 104, 105]);
    const again = await cache.read(7, 0, 'phone-1', 3, 0);
    expect(again.reclaimed.map((e) => e.id)).toEqual([...first.fresh, ...second.fresh].map((e) => e.id).slice(0, 3));
  });

  it('trims with MAXLEN ~ and keeps the feature snapshot and paths of each entry', async () => {
    const small = new StreamCache({ transport: new IoredisTransport(redis.handle.client), keys: keySpace, tracer: new Tracer(), maxLen: 10 });
    for (let i = 0; i < 30; i++) await small.append(8, items(1000 + i * 10, 10));
    const len = await small.length(8);
    expect(len).toBeGreaterThanOrEqual(10);
    expect(len).toBeLessThan(300);
    const [last] = await small.latest(8, 1);
    expect(last).toMatchObject({ postId: 1299, paths: ['follow'], features: '0,1' });
  });
});

describe('StreamCache appends over the RESP writer (real Redis)', () => {
  it('writes the same entries as the ioredis pipeline and returns their ids in order', async () => {
    const client = redis.handle.client;
    const keys = await client.keys(`${PREFIX}*`);
    if (keys.length) await client.del(...keys);
    const viaIoredis = new StreamCache({ transport: new IoredisTransport(client), keys: keySpace, tracer: new Tracer(), maxLen: 1000 });
    const writer = await openTransport(client);
    expect(writer.kind).toBe('resp');
    const viaWriter = new StreamCache({ transport: writer, keys: keySpace, tracer: new Tracer(), maxLen: 1000 });
    try {
      const a = await viaIoredis.append(1, items(100, 5));
      const b = await viaWriter.append(2, items(100, 5));
      expect(b).toHaveLength(5);
      expect((await client.xrange(viaWriter.key(2), '-', '+')).map(([id]) => id)).toEqual(b);
      const fields = async (user: number) => (await client.xrange(viaIoredis.key(user), '-', '+')).map(([, f]) => f);
      expect(await fields(2)).toEqual(await fields(1));
      expect(a).toHaveLength(5);
      // A key of the wrong type: the command's error comes back named, not as an id.
      await client.set(viaWriter.key(3), 'not a stream');
      await expect(viaWriter.append(3, items(1, 2))).rejects.toThrow(/XADD\) command 1 of 2 failed: WRONGTYPE/);
    } finally {
      await writer.close();
    }
  });
});

describe('StreamCache refresh + read in one pipeline (real Redis)', () => {
  it('creates the groups, appends and reads in one round trip, the same over the RESP sockets as over ioredis, and refuses a wrong key by name', async () => {
    const client = redis.handle.client;
    const keys = await client.keys(`${PREFIX}*`);
    if (keys.length) await client.del(...keys);
    const before = (await client.client('LIST') as string).trim().split('\n').length;
    const resp = await openTransport(client);
    try {
      // Two RESP sockets: the bulk lane's and the interactive pipelines'.
      expect((await client.client('LIST') as string).trim().split('\n').length).toBe(before + 2);
      const results = [];
      for (const [user, transport] of [[1, new IoredisTransport(client)], [2, resp]] as const) {
        const cache = new StreamCache({ transport, keys: keySpace, tracer: new Tracer(), maxLen: 1000 });
        const first = await cache.appendAndRead(user, items(100, 6), 2, { device: 0, consumer: 'phone-1', count: 4, minIdleMs: 0 });
        // Groups exist for both devices (a second create answers BUSYGROUP, which is not an error).
        const again = await cache.appendAndRead(user, items(200, 2), 2, { device: 1, consumer: 'laptop-1', count: 100, minIdleMs: null });
        results.push({ first: first.fresh.map((e) => e.postId), reclaimed: first.reclaimed.length, again: again.fresh.map((e) => e.postId), pending: await cache.pending(user, 0) });
      }
      expect(results[0]).toEqual({ first: [100, 101, 102, 103], reclaimed: 0, again: [100, 101, 102, 103, 104, 105, 200, 201], pending: 4 });
      expect(results[1]).toEqual(results[0]);
      const cache = new StreamCache({ transport: resp, keys: keySpace, tracer: new Tracer(), maxLen: 1000 });
      await client.set(cache.key(3), 'not a stream');
      await expect(cache.appendAndRead(3, items(1, 2), 2, { device: 0, consumer: 'c', count: 2, minIdleMs: null })).rejects.toThrow(/XGROUP CREATE on fs-test:feed_stream:3 failed: WRONGTYPE/);
      // A failure after the groups is numbered among all the pipeline's commands: 1 XGROUP + 2 XADDs + the XREADGROUP of a device with no group.
      await expect(cache.appendAndRead(4, items(1, 2), 1, { device: 1, consumer: 'c', count: 2, minIdleMs: null })).rejects.toThrow(/XGROUP\+XADD\+XREADGROUP\) command 4 of 4 failed: NOGROUP/);
    } finally {
      await resp.close();
    }
  });
});
