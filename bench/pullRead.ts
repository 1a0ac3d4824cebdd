/**
 * Article 2.3: a pull-mode Timeline read (the reader's followees' outboxes, LRANGE 0 4 each) as
 * one pipeline vs one command at a time, 200 followees x 5 items, at several concurrencies.
 * The article reports 8,630 vs 1,240 QPS (7.0x) at 500 concurrent users.
 */
import { FollowGraph, IoredisTransport, KeySpace, openRedis, RespTransport, Prng, RedisServer, resolveTimelineConfig, RespWriter, TimelineModel, Tracer, type PullReadFigures, type PullReadPoint } from '../engine/index.js';
import { median, percentile, round, type Bench, type BenchContext, type BenchOutcome } from './lib/bench.js';
import { fixed, int, table } from './lib/format.js';
import { readerGraph } from './lib/graphs.js';

const FOLLOWEES = 200;
const ITEMS = 5;
const ARTICLE = { pipelinedQps: 8630, sequentialQps: 1240, ratio: 7.0 };

async function run(ctx: BenchContext): Promise<BenchOutcome<PullReadFigures>> {
  const readers = ctx.quick ? 500 : 2000;
  const authors = ctx.quick ? 2000 : 5000;
  const seconds = ctx.quick ? 1.5 : 4;
  const concurrencies = ctx.quick ? [1, 16, 64] : [1, 16, 64, 256];
  const server = await RedisServer.start();
  const redis = await openRedis({ url: server.url });
  // The engine's Timeline reads outboxes over the fan-out's RESP connection (TimelineFeed.load).
  const writer = await RespWriter.connect({ host: '127.0.0.1', port: server.port });
  try {
    const graph = new FollowGraph(readerGraph(readers, authors, FOLLOWEES));
    const model = (sequentialShare: number, viaWriter = true): TimelineModel =>
      new TimelineModel({
        transport: viaWriter ? new RespTransport(redis.client, writer) : new IoredisTransport(redis.client), keys: new KeySpace({ prefix: 'bp:' }), tracer: new Tracer(), graph,
        config: resolveTimelineConfig({ preset: 'mastodon', mode: 'pull', hybridFollowerThreshold: 1, outboxMaxLength: 800, pullSequentialShare: sequentialShare, fanoutConcurrency: 4 }),
        rng: new Prng(1, 'timeline'), epochMs: 1_767_225_600_000, onError: (e) => { throw e; },
      });
    const poster = model(0);
    let id = 0;
    for (let round_ = 0; round_ < ITEMS; round_++) {
      const pending: Promise<void>[] = [];
      for (let a = readers; a < readers + authors; a++) pending.push(poster.post({ kind: 'post', t: ++id, id, author: a, tags: [], celebrity: false }));
      await Promise.all(pending);
    }
    ctx.log(`${int(readers)} readers following ${FOLLOWEES} of ${int(authors)} authors, ${ITEMS} items per outbox; each read = ${FOLLOWEES} x LRANGE 0 ${ITEMS - 1}; ${seconds} s per point`);
    const rows: string[][] = [];
    const points: PullReadPoint[] = [];
    for (const c of concurrencies) {
      const seq = await measure(model(1), readers, c, seconds);
      const pipe = await measure(model(0), readers, c, seconds);
      const viaIoredis = await measure(model(0, false), readers, c, Math.min(seconds, 2));
      points.push({ concurrency: c, pipelinedQps: round(pipe.qps, 0), sequentialQps: round(seq.qps, 0), ratio: round(pipe.qps / seq.qps, 2), pipelinedP99Ms: round(pipe.p99), sequentialP99Ms: round(seq.p99), pipelinedIoredisQps: round(viaIoredis.qps, 0) });
      rows.push([String(c), int(pipe.qps), int(seq.qps), `${fixed(pipe.qps / seq.qps, 1)}x`, fixed(pipe.p99), fixed(seq.p99), int(viaIoredis.qps)]);
    }
    rows.push(['article (500 users)', int(ARTICLE.pipelinedQps), int(ARTICLE.sequentialQps), `${fixed(ARTICLE.ratio, 1)}x`, '', '', '']);
    ctx.log(table(['concurrency', 'pipelined QPS', 'one-at-a-time QPS', 'ratio', 'pipelined p99 ms', 'one-at-a-time p99 ms', 'pipelined via ioredis (before)'], rows));
    const best = points.reduce((a, b) => (b.ratio > a.ratio ? b : a));
    const ratios = points.map((p) => p.ratio);
    return {
      figures: { readers, authors, followees: FOLLOWEES, itemsPerOutbox: ITEMS, secondsPerPoint: seconds, points, medianRatio: median(ratios), article: ARTICLE },
      headlines: [{ label: 'pipelined / one-at-a-time pull read', value: `${ratios.map((r) => `${fixed(r, 1)}x`).join(', ')} at concurrency ${concurrencies.join(', ')} (article 7.0x); best ${int(best.pipelinedQps)} vs ${int(best.sequentialQps)} QPS` }],
      notes: [
        'Reads run in this Node process against a private redis-server on loopback (no HTTP layer as in the article\'s Gin service).',
        'Both modes use the engine\'s read path: the RESP connection of TimelineFeed; the last column is the same pipelined read through ioredis.',
      ],
    };
  } finally {
    writer.close();
    await redis.close();
    await server.stop();
  }
}

/** Closed loop: `concurrency` readers read one random reader's first page back to back. */
async function measure(model: TimelineModel, readers: number, concurrency: number, seconds: number): Promise<{ qps: number; p99: number }> {
  const rng = new Prng(concurrency, 'bench-reads');
  const lat: number[] = [];
  const deadline = performance.now() + seconds * 1000;
  const worker = async (): Promise<void> => {
    while (performance.now() < deadline) {
      const t0 = performance.now();
      await model.readOffset(rng.int(readers), 0, ITEMS);
      lat.push(performance.now() - t0);
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { qps: lat.length / ((performance.now() - t0) / 1000), p99: percentile(lat, 99) };
}

export const pullReadBench: Bench<'pullread'> = { name: 'pullread', title: 'article 2.3: pipelined vs one-at-a-time outbox reads', run };
