/**
 * The RESP fan-out writer against a real, private redis-server: commands land, errors come back
 * per batch, and the Timeline model writes the same feeds through it as through ioredis.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deletePrefix } from '../redis/connect.js';
import type { PostEvent } from '../scenario/events.js';
import { generateGraph } from '../scenario/graph.js';
import { Prng } from '../scenario/prng.js';
import { GeneratorGraphSchema } from '../scenario/schema.js';
import { FollowGraph } from '../social/FollowGraph.js';
import { usePrivateRedis } from '../test/helpers.js';
import { Tracer } from '../trace/Tracer.js';
import { resolveTimelineConfig } from './presets.js';
import { respCommand, RespWriter } from '../redis/RespWriter.js';
import { TimelineModel } from './TimelineModel.js';
import { KeySpace } from '../redis/keys.js';
import { IoredisTransport } from '../redis/transport/IoredisTransport.js';
import { RespTransport } from '../redis/transport/RespTransport.js';

/** The transport a model under test talks through: the RESP socket, or the ioredis client alone. */
const via = (useWriter: boolean) => (useWriter ? new RespTransport(redis.handle.client, writer) : new IoredisTransport(redis.handle.client));

const redis = usePrivateRedis();
let writer: RespWriter;

beforeAll(async () => {
  const s = redis.handle.server!;
  writer = await RespWriter.connect({ host: s.host, port: s.port });
});
afterAll(() => writer?.close());

describe('RespWriter', () => {
  it('writes a batch and resolves once every reply is in', async () => {
    await deletePrefix(redis.handle.client, 'rw:');
    let payload = '';
    for (let i = 0; i < 5000; i++) payload += respCommand(['ZADD', `rw:z:${i % 100}`, i, `m${i}`]);
    expect(await writer.exec(payload, 5000)).toEqual([]);
    expect(writer.inFlight).toBe(0);
    expect(await redis.handle.client.zcard('rw:z:7')).toBe(50);
  });

  it('returns the error replies of a batch to that batch only', async () => {
    await redis.handle.client.set('rw:str', 'x');
    const bad = writer.exec(respCommand(['ZADD', 'rw:ok', 1, 'a']) + respCommand(['ZADD', 'rw:str', 1, 'a']), 2);
    const good = writer.exec(respCommand(['ZADD', 'rw:ok', 2, 'b']), 1);
    const [e1, e2] = await Promise.all([bad, good]);
    expect(e1).toHaveLength(1);
    expect(e1[0]).toMatch(/WRONGTYPE/);
    expect(e2).toEqual([]);
  });

  it('answers queries with parsed replies, in order with counted batches around them', async () => {
    await redis.handle.client.del('rw:list');
    const before = writer.exec(respCommand(['RPUSH', 'rw:list', 'a', 'b', 'é']), 1);
    const q = writer.query(respCommand(['LRANGE', 'rw:list', 0, -1]) + respCommand(['LRANGE', 'rw:missing', 0, -1]) + respCommand(['ZADD', 'rw:list', 1, 'x']), 3);
    const after = writer.exec(respCommand(['RPUSH', 'rw:list', 'c']), 1);
    expect(await before).toEqual([]);
    const [list, empty, err] = await q;
    expect(list).toEqual(['a', 'b', 'é']);
    expect(empty).toEqual([]);
    expect((err as Error).message).toMatch(/WRONGTYPE/);
    expect(await after).toEqual([]);
  });

  it('rejects pending and later batches once the connection is gone', async () => {
    const s = redis.handle.server!;
    const w = await RespWriter.connect({ host: s.host, port: s.port });
    w.close();
    await expect(w.exec(respCommand(['PING']), 1)).rejects.toThrow(/closed/);
  });

  it('reports a refused connection with the address', async () => {
    await expect(RespWriter.connect({ host: '127.0.0.1', port: 1 })).rejects.toThrow(/127\.0\.0\.1:1/);
  });
});

describe('Timeline fan-out through the RESP writer', () => {
  const social = generateGraph(GeneratorGraphSchema.parse({ kind: 'generator', users: 150, avgFollows: 15, followerExponent: 2 }), 5);

  async function feeds(prefix: string, useWriter: boolean, preset: 'mastodon' | 'stream-framework' | 'bluesky-lossy'): Promise<string[][]> {
    await deletePrefix(redis.handle.client, prefix);
    const config = { ...resolveTimelineConfig({ preset, mode: 'push', hybridFollowerThreshold: 5000, outboxMaxLength: 800, pullSequentialShare: 0, fanoutConcurrency: 3 }), batchSize: 7, maxLength: 20, lossyFollowsThreshold: preset === 'bluesky-lossy' ? 5 : null };
    const m = new TimelineModel({ transport: via(useWriter), keys: new KeySpace({ prefix }), tracer: new Tracer(), graph: new FollowGraph(social), config, rng: new Prng(2, 'timeline'), epochMs: 1_700_000_000_000, onError: (e) => { throw e; } });
    const r = new Prng(9, 'posts');
    for (let i = 1; i <= 200; i++) await m.post({ kind: 'post', t: i * 3, id: i, author: r.int(social.users), tags: [], celebrity: false } satisfies PostEvent);
    await m.drain();
    const out: string[][] = [];
    for (let u = 0; u < social.users; u++) out.push(await redis.handle.client.zrevrange(`${prefix}timeline:${u}`, 0, -1, 'WITHSCORES'));
    return out;
  }

  it('reads pull and hybrid pages through the writer exactly as through ioredis', async () => {
    await deletePrefix(redis.handle.client, 'rwp:');
    for (const mode of ['pull', 'hybrid'] as const) {
      for (const sequentialShare of [0, 1]) {
        const make = (viaWriter: boolean): TimelineModel => new TimelineModel({
          transport: via(viaWriter), keys: new KeySpace({ prefix: 'rwp:' }), tracer: new Tracer(), graph: new FollowGraph(social),
          config: resolveTimelineConfig({ preset: 'mastodon', mode, hybridFollowerThreshold: 20, outboxMaxLength: 50, pullSequentialShare: sequentialShare, fanoutConcurrency: 2 }),
          rng: new Prng(4, 'timeline'), epochMs: 1_700_000_000_000, onError: (e) => { throw e; },
        });
        const w = make(false);
        const r = new Prng(3, 'posts');
        for (let i = 1; i <= 300; i++) await w.post({ kind: 'post', t: i * 2, id: i, author: r.int(social.users), tags: [], celebrity: false });
        await w.drain();
        const a = make(false);
        const b = make(true);
        let nonEmpty = 0;
        for (let u = 0; u < social.users; u += 7) {
          const pa = await a.readOffset(u, 5, 10);
          expect(await b.readOffset(u, 5, 10)).toEqual(pa);
          expect(await b.readCursor(u, null, 10)).toEqual(await a.readCursor(u, null, 10));
          if (pa.length > 0) nonEmpty++;
        }
        expect(nonEmpty).toBeGreaterThan(5);
        await deletePrefix(redis.handle.client, 'rwp:');
      }
    }
  });

  for (const preset of ['mastodon', 'stream-framework', 'bluesky-lossy'] as const) {
    it(`writes exactly the feeds the ioredis path writes (${preset})`, async () => {
      const viaIoredis = await feeds('rwa:', false, preset);
      const viaWriter = await feeds('rwb:', true, preset);
      expect(viaIoredis.some((f) => f.length > 0)).toBe(true);
      expect(viaWriter).toEqual(viaIoredis);
    });
  }
});
