/**
 * The memory estimate and the encoding rule, held against a real redis-server.
 */
import { describe, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import { usePrivateRedis } from '../test/helpers.js';
import { replayZset, estimateMemory, inspectZset } from '../inspect/zsetInspect.js';

const redis = usePrivateRedis();
const EPOCH = 1_767_225_600_000;
const CHUNK = 1000;

async function build(r: Redis, key: string, n: number, memberBytes: number, score: (i: number) => number = (i) => EPOCH + i * 7): Promise<void> {
  const pipe = r.pipeline();
  for (let i = 0; i < n; i += CHUNK) {
    const args: (string | number)[] = [];
    for (let j = i; j < Math.min(n, i + CHUNK); j++) args.push(score(j), `p${j}`.padEnd(memberBytes, '.'));
    pipe.zadd(key, ...args);
  }
  await pipe.exec();
}

async function memoryUsage(r: Redis, key: string): Promise<number> {
  return Number(await r.call('MEMORY', 'USAGE', key, 'SAMPLES', '0'));
}

/**
 * 3%, or more for small sets: the server draws each node's level at random (ZSKIPLIST_P 0.25, its
 * own seed), and every level is 16 more bytes (forward pointer + span). The levels' total has a
 * standard deviation of 16 * sqrt(n * 0.25 / 0.75^2) bytes; at 129 members, four of them are
 * ~3.5% of the key, so a fixed 3% failed now and then on a correct estimate.
 */
function tolerance(n: number, realBytes: number): number {
  const levelSigmaBytes = 16 * Math.sqrt((n * 0.25) / 0.75 ** 2);
  return Math.max(0.03, (4 * levelSigmaBytes) / realBytes);
}

describe('zset memory estimate vs MEMORY USAGE SAMPLES 0', () => {
  const cases: [number, number][] = [
    [129, 8],
    [300, 20],
    [1000, 40],
    [5000, 12],
    [20_000, 24],
    [100_000, 10],
  ];
  for (const [n, len] of cases) {
    it(`stays within 3% (or four standard deviations of the random levels) for ${n} entries of ${len}-byte members`, async () => {
      const r = redis.handle.client;
      const key = `mem:${n}:${len}`;
      await build(r, key, n, len);
      const replay = await replayZset(r, key, 42);
      expect(replay.encoding).toBe('skiplist');
      expect(replay.model.length).toBe(n);
      const est = estimateMemory(replay).estimatedBytes;
      const real = await memoryUsage(r, key);
      expect(Math.abs(est - real) / real).toBeLessThan(tolerance(n, real));
    });
  }

  it('estimates listpack keys too (integer and fractional scores)', async () => {
    const r = redis.handle.client;
    await build(r, 'lp:a', 100, 10);
    await build(r, 'lp:b', 60, 30, (i) => i / 3);
    for (const key of ['lp:a', 'lp:b']) {
      const replay = await replayZset(r, key, 1);
      expect(replay.encoding).toBe('listpack');
      const est = estimateMemory(replay).estimatedBytes;
      expect(Math.abs(est - (await memoryUsage(r, key))) / (await memoryUsage(r, key))).toBeLessThan(0.03);
    }
  });
});

describe('encoding switch (zset-max-listpack-entries / -value read from CONFIG)', () => {
  it('is listpack at 128 entries and skiplist at 129', async () => {
    const r = redis.handle.client;
    await build(r, 'enc:128', 128, 8);
    await build(r, 'enc:129', 129, 8);
    const a = await inspectZset(r, { key: 'enc:128', offset: 0, pageSize: 20, towers: 4, seed: 1 });
    const b = await inspectZset(r, { key: 'enc:129', offset: 0, pageSize: 20, towers: 4, seed: 1 });
    expect([a.encoding, a.expectedEncoding, a.config.maxListpackEntries]).toEqual(['listpack', 'listpack', 128]);
    expect([b.encoding, b.expectedEncoding]).toEqual(['skiplist', 'skiplist']);
    expect(b.model.levelHistogram.reduce((s, h) => s + h.nodes, 0)).toBe(129);
    expect(Math.abs(b.model.errorPct)).toBeLessThan(3);
  });

  it('turns skiplist at a 65-byte member, stays listpack at 64', async () => {
    const r = redis.handle.client;
    await r.zadd('enc:64', 1, 'x'.repeat(64));
    await r.zadd('enc:65', 1, 'x'.repeat(65));
    expect(await r.object('ENCODING', 'enc:64')).toBe('listpack');
    const v = await inspectZset(r, { key: 'enc:65', offset: 0, pageSize: 20, towers: 4, seed: 1 });
    expect([v.encoding, v.expectedEncoding, v.maxMemberBytes]).toEqual(['skiplist', 'skiplist', 65]);
  });
});
