/**
 * Chapter 1 and 4.1 of the article on the ZSET itself: bytes per feed member (the article: "64
 * bytes per score+member", "72 B per node" measured), and the cost of a deep page
 * (ZREVRANGE at a large offset; the article: tail pages at 800 ms+), on a private redis-server.
 */
import { RedisServer, openRedis, respCommand, RespWriter, type ZsetFigures, type ZsetMemoryRow, type ZsetPage } from '../engine/index.js';
import { percentile, round, type Bench, type BenchContext, type BenchOutcome } from './lib/bench.js';
import { fixed, int, table } from './lib/format.js';

const EPOCH_MS = 1_767_225_600_000;
const PAGE = 20;
const ARTICLE = { bytesPerMember: 64, bytesPerNode: 72, tailPageMs: 800 };

async function fill(w: RespWriter, key: string, n: number, member: (i: number) => string): Promise<void> {
  for (let start = 0; start < n; start += 1000) {
    const args: (string | number)[] = ['ZADD', key];
    for (let i = start; i < Math.min(n, start + 1000); i++) args.push(EPOCH_MS + i, member(i));
    const errors = await w.exec(respCommand(args), 1);
    if (errors.length > 0) throw new Error(errors[0]);
  }
}

async function run(ctx: BenchContext): Promise<BenchOutcome<ZsetFigures>> {
  const sizes = ctx.quick ? [100, 800, 10_000, 200_000] : [100, 800, 10_000, 1_000_000];
  const repeats = ctx.quick ? 100 : 300;
  const server = await RedisServer.start();
  const redis = await openRedis({ url: server.url });
  const w = await RespWriter.connect({ host: '127.0.0.1', port: server.port });
  try {
    const c = redis.client;
    const memRows: ZsetMemoryRow[] = [];
    for (const [label, member] of [['numeric id (ours)', (i: number) => String(10_000_000 + i)], ['"post:123456789" (article)', (i: number) => `post:${123_456_789 + i}`]] as const) {
      for (const n of sizes) {
        const key = `bz:${label.length}:${n}`;
        const before = Number(/used_memory:(\d+)/.exec(await c.info('memory'))?.[1]);
        await fill(w, key, n, member);
        const after = Number(/used_memory:(\d+)/.exec(await c.info('memory'))?.[1]);
        const usage = (await c.call('MEMORY', 'USAGE', key, 'SAMPLES', '0')) as number;
        memRows.push({ member: label, members: n, encoding: String(await c.object('ENCODING', key)), memoryUsageBytesPerMember: round(usage / n, 1), usedMemoryBytesPerMember: round((after - before) / n, 1) });
        await c.del(key);
      }
    }
    ctx.log(table(['member', 'members', 'encoding', 'MEMORY USAGE B/member', 'used_memory B/member'], memRows.map((r) => [r.member, int(r.members), r.encoding, fixed(r.memoryUsageBytesPerMember, 1), fixed(r.usedMemoryBytesPerMember, 1)])));

    const big = sizes[sizes.length - 1];
    await fill(w, 'bz:deep', big, (i) => String(10_000_000 + i));
    await fill(w, 'bz:mastodon', 800, (i) => String(10_000_000 + i));
    const pageRows: ZsetPage[] = [];
    const probe = async (key: string, n: number, offset: number): Promise<void> => {
      const lat: number[] = [];
      for (let r = 0; r < repeats; r++) {
        const t0 = performance.now();
        await c.zrevrange(key, offset, offset + PAGE - 1);
        lat.push(performance.now() - t0);
      }
      pageRows.push({ members: n, offset, p50Ms: round(percentile(lat, 50), 4), p99Ms: round(percentile(lat, 99), 4) });
    };
    for (const off of [0, 780]) await probe('bz:mastodon', 800, off);
    for (const off of [0, 1000, Math.floor(big / 10), Math.floor(big / 2), big - PAGE]) await probe('bz:deep', big, off);
    const slow = await c.call('SLOWLOG', 'GET', '1');
    ctx.log(table(['ZSET members', 'ZREVRANGE offset', 'p50 ms', 'p99 ms'], pageRows.map((r) => [int(r.members), int(r.offset), fixed(r.p50Ms, 3), fixed(r.p99Ms, 3)])));
    const worst = Math.max(...pageRows.map((r) => r.p99Ms));
    const skip = memRows.filter((r) => r.encoding === 'skiplist' && r.member === 'numeric id (ours)').pop()!;
    const skipArticle = memRows.filter((r) => r.encoding === 'skiplist' && r.member !== 'numeric id (ours)').pop()!;
    return {
      figures: { sizes, memory: memRows, pages: pageRows, pageSize: PAGE, repeats, worstTailP99Ms: worst, skiplistBytesPerMember: skip.memoryUsageBytesPerMember, skiplistBytesPerMemberArticleIds: skipArticle.memoryUsageBytesPerMember, slowlogSample: Array.isArray(slow) ? slow : [], article: ARTICLE },
      headlines: [
        { label: 'ZSET bytes per member (skiplist)', value: `${fixed(skip.memoryUsageBytesPerMember, 1)} (numeric ids), ${fixed(skipArticle.memoryUsageBytesPerMember, 1)} ("post:..." ids) at ${int(big)} members; article 64 / 72` },
        { label: 'deepest page p99', value: `${fixed(worst, 3)} ms (ZREVRANGE at offset ${int(big - PAGE)} of ${int(big)}); article 800 ms+` },
      ],
      notes: ['Page latency is the round trip from this Node process (ioredis) to a private redis-server on loopback, so it includes the client; the server-side part is smaller still.'],
    };
  } finally {
    w.close();
    await redis.close();
    await server.stop();
  }
}

export const zsetBench: Bench<'zset'> = { name: 'zset', title: 'chapter 1 / 4.1: ZSET bytes per member and deep-page latency', run };
