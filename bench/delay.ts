/**
 * Article 2.5: Timeline reads (ZREVRANGEBYSCORE key (max -inf LIMIT 0 20, the article's command)
 * arriving at a fixed rate while a delay proxy between the engine and Redis injects latency
 * spikes, without and with a command timeout: p99 and reads in flight (the article's goroutines).
 * Article: p99 142 ms and 1,840 goroutines without a timeout; 47 ms and 210 with one.
 */
import { DelayProxy, FollowGraph, IoredisTransport, KeySpace, openRedis, Prng, RedisServer, resolveTimelineConfig, respCommand, RespWriter, TimelineModel, Tracer, type DelayFigures, type DelayPhase, type DelayProfile } from '../engine/index.js';
import { percentile, round, type Bench, type BenchContext, type BenchOutcome } from './lib/bench.js';
import { fixed, int, table } from './lib/format.js';
import { celebrityGraph } from './lib/graphs.js';

const USERS = 2000;
const ITEMS = 200;
const EPOCH_MS = 1_767_225_600_000;
const SPIKES: DelayProfile = { baseMs: 0, spikeMs: 150, spikeProbability: 0.005 };
const TIMEOUT_MS = 50;
const ARTICLE = { without: { p99Ms: 142, inFlight: 1840 }, with: { p99Ms: 47, inFlight: 210 } };

type Phase = DelayPhase;

async function phase(label: string, proxy: DelayProxy, profile: DelayProfile, timeoutMs: number | undefined, rate: number, seconds: number): Promise<Phase> {
  const redis = await openRedis({ url: proxy.url, commandTimeoutMs: timeoutMs });
  const model = new TimelineModel({
    transport: new IoredisTransport(redis.client), keys: new KeySpace({ prefix: 'bd:' }), tracer: new Tracer(), graph: new FollowGraph(celebrityGraph(USERS - 1)),
    config: resolveTimelineConfig({ preset: 'mastodon', mode: 'push', hybridFollowerThreshold: 1e9, outboxMaxLength: 800, pullSequentialShare: 0, fanoutConcurrency: 4 }),
    rng: new Prng(1, 'timeline'), epochMs: EPOCH_MS, onError: () => undefined,
  });
  const rng = new Prng(7, 'bench-delay');
  const spikesBefore = proxy.stats.spikes;
  proxy.setProfile(profile);
  const lat: number[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  let inFlightSum = 0;
  let issued = 0;
  let timeouts = 0;
  const pending = new Set<Promise<void>>();
  const total = Math.round(rate * seconds);
  const t0 = performance.now();
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const due = Math.min(total, Math.floor(((performance.now() - t0) / 1000) * rate));
      while (issued < due) {
        issued++;
        inFlight++;
        inFlightSum += inFlight;
        if (inFlight > maxInFlight) maxInFlight = inFlight;
        const start = performance.now();
        const p: Promise<void> = model.readCursor(rng.int(USERS), EPOCH_MS + ITEMS, 20).then(
          () => undefined,
          () => void timeouts++,
        ).finally(() => {
          inFlight--;
          lat.push(performance.now() - start);
          pending.delete(p);
        });
        pending.add(p);
      }
      if (issued >= total) {
        clearInterval(timer);
        resolve();
      }
    }, 1);
  });
  await Promise.all(pending);
  proxy.setProfile({ baseMs: 0, spikeMs: 0, spikeProbability: 0 });
  await new Promise((r) => setTimeout(r, SPIKES.spikeMs + 50));
  await redis.close();
  return { label, p50Ms: round(percentile(lat, 50)), p99Ms: round(percentile(lat, 99)), maxMs: round(Math.max(...lat)), reads: lat.length, timeouts, maxInFlight, meanInFlight: round(inFlightSum / Math.max(1, issued), 1), spikes: proxy.stats.spikes - spikesBefore };
}

async function run(ctx: BenchContext): Promise<BenchOutcome<DelayFigures>> {
  const rate = ctx.quick ? 1000 : 2000;
  const seconds = ctx.quick ? 3 : 8;
  const server = await RedisServer.start();
  const proxy = await DelayProxy.start({ targetHost: '127.0.0.1', targetPort: server.port, seed: 3 });
  try {
    const w = await RespWriter.connect({ host: '127.0.0.1', port: server.port });
    for (let u = 0; u < USERS; u++) {
      const args: (string | number)[] = ['ZADD', `bd:timeline:${u}`];
      for (let i = 1; i <= ITEMS; i++) args.push(EPOCH_MS + i, String(u * ITEMS + i));
      await w.exec(respCommand(args), 1);
    }
    w.close();
    ctx.log(`${int(rate)} reads/s arriving at a fixed rate for ${seconds} s, one ioredis connection through the proxy; spikes: ${SPIKES.spikeMs} ms on ${SPIKES.spikeProbability * 100}% of reply chunks; timeout ${TIMEOUT_MS} ms`);
    await phase('warm-up (not reported)', proxy, { baseMs: 0, spikeMs: 0, spikeProbability: 0 }, undefined, rate, 1.5);
    const phases: DelayFigures['phases'] = [
      await phase('no injected delay', proxy, { baseMs: 0, spikeMs: 0, spikeProbability: 0 }, undefined, rate, seconds),
      await phase('spikes, no timeout', proxy, SPIKES, undefined, rate, seconds),
      await phase(`spikes, ${TIMEOUT_MS} ms timeout`, proxy, SPIKES, TIMEOUT_MS, rate, seconds),
    ];
    ctx.log(table(['phase', 'p50 ms', 'p99 ms', 'max ms', 'reads', 'timed out', 'max in flight', 'mean in flight', 'spikes'],
      [...phases.map((p) => [p.label, fixed(p.p50Ms), fixed(p.p99Ms), fixed(p.maxMs), int(p.reads), int(p.timeouts), int(p.maxInFlight), fixed(p.meanInFlight, 1), int(p.spikes)]),
        ['article: no timeout', '', fixed(ARTICLE.without.p99Ms), '', '', '', `${int(ARTICLE.without.inFlight)} goroutines`, '', ''],
        ['article: 200 ms timeout', '', fixed(ARTICLE.with.p99Ms), '', '', '', `${int(ARTICLE.with.inFlight)} goroutines`, '', '']]));
    const [, without, withT] = phases;
    return {
      figures: { rate, seconds, users: USERS, itemsPerTimeline: ITEMS, spikes: SPIKES, timeoutMs: TIMEOUT_MS, phases, article: ARTICLE },
      headlines: [{ label: 'reads under 150 ms spikes: no timeout vs timeout', value: `p99 ${fixed(without.p99Ms)} vs ${fixed(withT.p99Ms)} ms, max in flight ${without.maxInFlight} vs ${withT.maxInFlight} (${withT.timeouts} timed out; article 142 vs 47 ms, 1,840 vs 210 goroutines)` }],
      notes: ['A timed-out read counts at its timeout in the latency figures and is a failed read; the timeout bounds the wait, not the reply: Redis still answers it later on the same connection.'],
    };
  } finally {
    await proxy.close();
    await server.stop();
  }
}

export const delayBench: Bench<'delay'> = { name: 'delay', title: 'article 2.5: reads under injected Redis delay, without and with a command timeout', run };
