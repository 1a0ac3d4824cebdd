/**
 * The graph-based model's read path on LadybugDB (engine/graphfeed/): four recall paths (follow,
 * interest, city, topic), ONNX ranking and the XADD of the ranked items into the user's stream,
 * p50/p99 per refresh, at 10k and 100k users (target: p99 <= 10 ms at 100k). And the ONNX ranker
 * alone: candidates per second at batch 1, 200 and 1000.
 */
import path from 'node:path';
import { DEFAULT_RANKER_FILE, Engine, FEATURE_COUNT, GraphFeed, OnnxRanker, Prng, ScenarioSchema } from '../engine/index.js';
import { percentile, round, type Bench, type BenchContext, type BenchOutcome } from './lib/bench.js';
import { fixed, int, table } from './lib/format.js';

const P99_TARGET_MS = 10;

async function readPath(ctx: BenchContext, users: number, avgFollows: number, samples: number): Promise<Record<string, number>> {
  const scenario = ScenarioSchema.parse({
    name: `bench graph ${users}`, seed: 5, models: ['graph'],
    graph: { kind: 'generator', users, avgFollows, attributes: { cities: 20, tags: 200, topics: 20, interestsPerUser: 4 } },
    workload: { durationSec: 20, tickMs: 100, postsPerSec: 200, readsPerSec: 20, interactionsPerSec: 50 },
  });
  const engine = new Engine({});
  try {
    const l0 = performance.now();
    await engine.load(scenario, `bench:graph-${users}`, process.cwd());
    const loadMs = performance.now() - l0;
    await engine.setSpeed('max');
    await engine.runToEnd();
    const feed = engine.model('graph');
    if (!(feed instanceof GraphFeed)) throw new Error('the graph model did not load');
    const rng = new Prng(users, 'bench-graph');
    const lat: number[] = [];
    let candidates = 0;
    for (let i = 0; i < samples + 20; i++) {
      const user = rng.int(users);
      const t0 = performance.now();
      const ranked = await feed.rankFor(user);
      await feed.cache.append(user, ranked.slice(0, feed.settings.feedLength).map((it) => ({ postId: it.postId, score: it.score, expMs: Date.now() + 600_000, paths: it.paths, features: '' })));
      if (i >= 20) {
        lat.push(performance.now() - t0);
        candidates += ranked.length;
      }
    }
    const row = { users, follows: engine.status().scenario?.follows ?? 0, loadMs: round(loadMs, 0), p50Ms: round(percentile(lat, 50)), p99Ms: round(percentile(lat, 99)), meanCandidates: round(candidates / samples, 1), samples };
    ctx.log(`  ${int(users)} users (${int(row.follows)} follows): loaded in ${fixed(loadMs / 1000, 1)} s; refresh p50 ${fixed(row.p50Ms)} ms, p99 ${fixed(row.p99Ms)} ms, ${fixed(row.meanCandidates, 0)} candidates each`);
    return row;
  } finally {
    await engine.close();
  }
}

async function onnx(batches: number[], seconds: number): Promise<{ batch: number; candidatesPerSec: number; callsPerSec: number }[]> {
  const ranker = await OnnxRanker.fromFile(DEFAULT_RANKER_FILE, FEATURE_COUNT);
  const rng = new Prng(1, 'bench-onnx');
  const out = [];
  try {
    for (const batch of batches) {
      const x = new Float32Array(batch * FEATURE_COUNT);
      for (let i = 0; i < x.length; i++) x[i] = rng.next();
      for (let i = 0; i < 20; i++) await ranker.score(x, batch);
      let calls = 0;
      const t0 = performance.now();
      while (performance.now() - t0 < seconds * 1000) {
        await ranker.score(x, batch);
        calls++;
      }
      const s = (performance.now() - t0) / 1000;
      out.push({ batch, candidatesPerSec: round((calls * batch) / s, 0), callsPerSec: round(calls / s, 0) });
    }
  } finally {
    await ranker.close();
  }
  return out;
}

async function run(ctx: BenchContext): Promise<BenchOutcome> {
  const sizes: [number, number][] = ctx.quick ? [[10_000, 20]] : [[10_000, 20], [100_000, 20]];
  const rows = [];
  for (const [users, avg] of sizes) rows.push(await readPath(ctx, users, avg, ctx.quick ? 100 : 300));
  const ranks = await onnx([1, 200, 1000], ctx.quick ? 1 : 3);
  ctx.log(table(['users', 'follows', 'load s', 'refresh p50 ms', 'refresh p99 ms', 'target p99'], rows.map((r) => [int(r.users), int(r.follows), fixed(r.loadMs / 1000, 1), fixed(r.p50Ms), fixed(r.p99Ms), `<= ${P99_TARGET_MS} ms`])));
  ctx.log(table(['ONNX batch', 'candidates/s', 'calls/s'], ranks.map((r) => [int(r.batch), int(r.candidatesPerSec), int(r.callsPerSec)])));
  const last = rows[rows.length - 1];
  return {
    figures: { rows, p99Ms: last.p99Ms, p99Ms100k: rows.find((r) => r.users === 100_000)?.p99Ms ?? null, p99TargetMs: P99_TARGET_MS, onnx: ranks, rankerFile: path.relative(process.cwd(), DEFAULT_RANKER_FILE) },
    headlines: [
      { label: 'graph read path (4 recalls + rank + XADD)', value: rows.map((r) => `${int(r.users)} users p50 ${fixed(r.p50Ms)} / p99 ${fixed(r.p99Ms)} ms`).join('; ') + ` (target p99 <= ${P99_TARGET_MS} ms at 100k)` },
      { label: 'ONNX ranking candidates/s', value: ranks.map((r) => `batch ${r.batch}: ${int(r.candidatesPerSec)}`).join(', ') },
    ],
    notes: ['A refresh is measured after 20 s of simulated posts, interactions and reads at full speed, on users drawn at random; LadybugDB runs embedded in this process.', ctx.quick ? '--quick: 10k users only.' : ''].filter(Boolean),
  };
}

export const graphBench: Bench = { name: 'graph', title: 'graph model read path on LadybugDB and ONNX ranking throughput', run };
