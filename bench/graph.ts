/**
 * The graph-based model's read path on LadybugDB (engine/graphfeed/): four recall paths (follow,
 * interest, city, topic), ONNX ranking and the XADD of the ranked items into the user's stream,
 * p50/p99 per refresh, at 10k and 100k users (target: p99 <= 10 ms at 100k), side by side: every
 * path a Cypher query, and the follow path in Cypher with the other three from hot lists. And the ONNX ranker
 * alone: candidates per second at batch 1, 200 and 1000.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { asGraphFeed, Engine, FEATURE_COUNT, OnnxRanker, Prng, ScenarioSchema, type GraphFigures } from '../engine/index.js';
import { percentile, round, type Bench, type BenchContext, type BenchOutcome } from './lib/bench.js';
import { fixed, int, table } from './lib/format.js';

const DEFAULT_RANKER_FILE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'models', 'ranker.onnx');

const P99_TARGET_MS = 10;

interface ReadPathRow {
  users: number;
  follows: number;
  loadMs: number;
  /** Every path a Cypher query on LadybugDB. */
  cypher: { p50Ms: number; p99Ms: number };
  /** Follow in Cypher; interest, city and topic from the hot lists (graphModel.hotLists). */
  hot: { p50Ms: number; p99Ms: number };
  /** cypher p99 / hot p99. */
  p99Ratio: number;
  meanCandidates: number;
  samples: number;
}

/**
 * One engine (hot lists kept), then refreshes of random users alternating the two read paths on
 * the same user, so both see the same data and the same machine load.
 */
async function readPath(ctx: BenchContext, users: number, avgFollows: number, samples: number): Promise<ReadPathRow> {
  const scenario = ScenarioSchema.parse({
    name: `bench graph ${users}`, seed: 5, models: ['graph'],
    graph: { kind: 'generator', users, avgFollows, attributes: { cities: 20, tags: 200, topics: 20, interestsPerUser: 4 } },
    workload: { durationSec: 20, tickMs: 100, postsPerSec: 200, readsPerSec: 20, interactionsPerSec: 50 },
    graphModel: { hotLists: true },
  });
  const engine = new Engine({ rankerFile: DEFAULT_RANKER_FILE });
  try {
    const l0 = performance.now();
    await engine.load(scenario, `bench:graph-${users}`, process.cwd());
    const loadMs = performance.now() - l0;
    await engine.setSpeed('max');
    await engine.runToEnd();
    const feed = asGraphFeed(engine.model('graph'));
    if (!feed) throw new Error('the graph model did not load');
    const rng = new Prng(users, 'bench-graph');
    const lat = { cypher: [] as number[], hot: [] as number[] };
    let candidates = 0;
    const refresh = async (user: number, hotLists: boolean): Promise<number> => {
      const t0 = performance.now();
      candidates += await feed.refreshFor(user, { hotLists });
      return performance.now() - t0;
    };
    for (let i = 0; i < samples + 20; i++) {
      const user = rng.int(users);
      const first = i % 2 === 0;
      const a = await refresh(user, first);
      const b = await refresh(user, !first);
      if (i < 20) continue;
      lat[first ? 'hot' : 'cypher'].push(a);
      lat[first ? 'cypher' : 'hot'].push(b);
    }
    const stats = (v: number[]) => ({ p50Ms: round(percentile(v, 50)), p99Ms: round(percentile(v, 99)) });
    const row: ReadPathRow = {
      users, follows: engine.status().scenario?.follows ?? 0, loadMs: round(loadMs, 0), cypher: stats(lat.cypher), hot: stats(lat.hot), p99Ratio: 0,
      meanCandidates: round(candidates / (2 * (samples + 20)), 1), samples,
    };
    row.p99Ratio = round(row.cypher.p99Ms / row.hot.p99Ms, 2);
    ctx.log(`  ${int(users)} users (${int(row.follows)} follows): loaded in ${fixed(loadMs / 1000, 1)} s; refresh p99 ${fixed(row.cypher.p99Ms)} ms all-Cypher, ${fixed(row.hot.p99Ms)} ms with hot lists; ${fixed(row.meanCandidates, 0)} candidates each`);
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

async function run(ctx: BenchContext): Promise<BenchOutcome<GraphFigures>> {
  const sizes: [number, number][] = ctx.quick ? [[10_000, 20]] : [[10_000, 20], [100_000, 20]];
  const rows = [];
  for (const [users, avg] of sizes) rows.push(await readPath(ctx, users, avg, ctx.quick ? 100 : 300));
  const ranks = await onnx([1, 200, 1000], ctx.quick ? 1 : 3);
  ctx.log(table(
    ['users', 'follows', 'load s', 'all-Cypher p50 / p99 ms', 'hot lists p50 / p99 ms', 'p99 ratio', 'target p99'],
    rows.map((r) => [int(r.users), int(r.follows), fixed(r.loadMs / 1000, 1), `${fixed(r.cypher.p50Ms)} / ${fixed(r.cypher.p99Ms)}`, `${fixed(r.hot.p50Ms)} / ${fixed(r.hot.p99Ms)}`, `${fixed(r.p99Ratio)}x`, `<= ${P99_TARGET_MS} ms`]),
  ));
  ctx.log(table(['ONNX batch', 'candidates/s', 'calls/s'], ranks.map((r) => [int(r.batch), int(r.candidatesPerSec), int(r.callsPerSec)])));
  const at100k = rows.find((r) => r.users === 100_000) ?? null;
  return {
    figures: {
      rows, p99TargetMs: P99_TARGET_MS,
      p99Ms100k: at100k ? { cypher: at100k.cypher.p99Ms, hot: at100k.hot.p99Ms } : null,
      targetMet100k: at100k ? { cypher: at100k.cypher.p99Ms <= P99_TARGET_MS, hot: at100k.hot.p99Ms <= P99_TARGET_MS } : null,
      onnx: ranks, rankerFile: path.relative(process.cwd(), DEFAULT_RANKER_FILE),
    },
    headlines: [
      { label: 'graph read path, all four recalls in Cypher (+ rank + XADD)', value: rows.map((r) => `${int(r.users)} users p50 ${fixed(r.cypher.p50Ms)} / p99 ${fixed(r.cypher.p99Ms)} ms`).join('; ') + ` (target p99 <= ${P99_TARGET_MS} ms at 100k)` },
      { label: 'graph read path, follow in Cypher + hot lists', value: rows.map((r) => `${int(r.users)} users p50 ${fixed(r.hot.p50Ms)} / p99 ${fixed(r.hot.p99Ms)} ms (${fixed(r.p99Ratio)}x lower p99)`).join('; ') },
      { label: 'ONNX ranking candidates/s', value: ranks.map((r) => `batch ${r.batch}: ${int(r.candidatesPerSec)}`).join(', ') },
    ],
    notes: [
      'A refresh is measured after 20 s of simulated posts, interactions and reads at full speed, on users drawn at random, alternating the two read paths on the same user; LadybugDB runs embedded in this process.',
      'Hot lists (graphfeed/HotLists.ts): the newest posts per city and per tag kept on the write path; they answer the interest, city and topic paths exactly (tests hold them against the brute-force reference) and fall back to Cypher when a cut list could miss a row.', ctx.quick ? '--quick: 10k users only.' : ''].filter(Boolean),
  };
}

export const graphBench: Bench<'graph'> = { name: 'graph', title: 'graph model read path on LadybugDB and ONNX ranking throughput', run };
