/**
 * The graph-based model's read path (engine/graphfeed/): four recall paths (follow, interest,
 * city, topic), ONNX ranking and the XADD of the ranked items into the user's stream, p50/p99 per
 * refresh, at 10k and 100k users (target: p99 <= 10 ms at 100k), side by side: every path a
 * Cypher query, and the follow path in Cypher with the other three from hot lists; per recall
 * path, the engine's own spans (graph.recall.<path>). First on embedded LadybugDB, then the same
 * scenarios on a private Neo4j (tools/neo4j, started once for the bench, stopped after) when Java
 * and Maven are here, with Neo4j / LadybugDB ratios. And the ONNX ranker alone: candidates per
 * second at batch 1, 200 and 1000.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  asGraphFeed, Engine, FEATURE_COUNT, FeedscopeError, NEO4J_UNAVAILABLE_CODES, Neo4jServer, OnnxRanker, Prng, RECALL_PATHS, ScenarioSchema,
  type EngineOptions, type GraphFigures, type GraphReadPathRow, type GraphStoreRatio, type LatencySummary, type RecallPath,
} from '../engine/index.js';
import { percentile, round, type Bench, type BenchContext, type BenchOutcome } from './lib/bench.js';
import { fixed, int, ratio, table } from './lib/format.js';

const DEFAULT_RANKER_FILE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'models', 'ranker.onnx');

const P99_TARGET_MS = 10;
/** Refreshes (of each read path) before measuring: JIT (Neo4j's JVM, V8), page caches, prepared statements. */
const WARMUP = 30;

type StoreKind = 'ladybug' | 'neo4j';
type GraphStoreOptions = NonNullable<EngineOptions['graphStore']>;
const STORE_LABEL: Record<StoreKind, string> = { ladybug: 'LadybugDB', neo4j: 'Neo4j' };
type Neo4jFigures = NonNullable<GraphFigures['neo4j']>;

/**
 * One engine (hot lists kept) on `store`, then refreshes of random users alternating the two read
 * paths on the same user, so both see the same data and the same machine load. The tracer's
 * phases keep each read path's spans apart.
 */
async function readPath(ctx: BenchContext, kind: StoreKind, store: GraphStoreOptions, users: number, avgFollows: number, samples: number): Promise<GraphReadPathRow> {
  const scenario = ScenarioSchema.parse({
    name: `bench graph ${users}`, seed: 5, models: ['graph'], graphStore: kind,
    graph: { kind: 'generator', users, avgFollows, attributes: { cities: 20, tags: 200, topics: 20, interestsPerUser: 4 } },
    workload: { durationSec: 20, tickMs: 100, postsPerSec: 200, readsPerSec: 20, interactionsPerSec: 50 },
    graphModel: { hotLists: true },
  });
  const engine = new Engine({ rankerFile: DEFAULT_RANKER_FILE, graphStore: store });
  // The graph store's part of the load: from its first progress stage to "graph store: loaded".
  let storeFrom = 0;
  let storeMs = 0;
  engine.on((e) => {
    if (e.type !== 'status') return;
    const stage = e.status.loading?.stage ?? '';
    if (stage.startsWith('graph store') && storeFrom === 0) storeFrom = performance.now();
    if (stage === 'graph store: loaded' && storeMs === 0) storeMs = performance.now() - storeFrom;
  });
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
    const refresh = async (user: number, hotLists: boolean, measured: boolean): Promise<number> => {
      engine.tracer.setPhase(measured ? (hotLists ? 'hot' : 'cypher') : null);
      const t0 = performance.now();
      candidates += await feed.refreshFor(user, { hotLists });
      const ms = performance.now() - t0;
      engine.tracer.setPhase(null);
      return ms;
    };
    for (let i = 0; i < samples + WARMUP; i++) {
      const user = rng.int(users);
      const first = i % 2 === 0;
      const measured = i >= WARMUP;
      const a = await refresh(user, first, measured);
      const b = await refresh(user, !first, measured);
      if (!measured) continue;
      lat[first ? 'hot' : 'cypher'].push(a);
      lat[first ? 'cypher' : 'hot'].push(b);
    }
    const stats = (v: number[]) => ({ p50Ms: round(percentile(v, 50)), p99Ms: round(percentile(v, 99)) });
    const spans = engine.tracer.phaseSummary('cypher');
    const span = (name: string) => {
      const s: LatencySummary | undefined = spans[name];
      return { p50Ms: s?.p50Ms ?? 0, p99Ms: s?.p99Ms ?? 0 };
    };
    const recall = Object.fromEntries(RECALL_PATHS.map((p) => [p, span(`graph.recall.${p}`)])) as Record<RecallPath, { p50Ms: number; p99Ms: number }>;
    const row: GraphReadPathRow = {
      users, follows: engine.status().scenario?.follows ?? 0, loadMs: round(loadMs, 0), storeLoadMs: round(storeMs, 0),
      cypher: stats(lat.cypher), hot: stats(lat.hot), p99Ratio: 0, recall, rank: span('graph.rank'),
      meanCandidates: round(candidates / (2 * (samples + WARMUP)), 1), samples,
    };
    row.p99Ratio = round(row.cypher.p99Ms / row.hot.p99Ms, 2);
    ctx.log(`  ${STORE_LABEL[kind]}, ${int(users)} users (${int(row.follows)} follows): loaded in ${fixed(loadMs / 1000, 1)} s (graph store ${fixed(storeMs / 1000, 1)} s); refresh p99 ${fixed(row.cypher.p99Ms)} ms all-Cypher, ${fixed(row.hot.p99Ms)} ms with hot lists; ${fixed(row.meanCandidates, 0)} candidates each`);
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

/** The same sizes on a private Neo4j, started here and stopped after; skipped, with why, on a machine without Java or Maven. */
async function onNeo4j(ctx: BenchContext, sizes: [number, number][], samples: number): Promise<Neo4jFigures> {
  const t0 = performance.now();
  let server: Neo4jServer;
  try {
    server = await Neo4jServer.start({ log: (line) => ctx.log(`  neo4j: ${line}`) });
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    const skipped = err instanceof FeedscopeError && NEO4J_UNAVAILABLE_CODES.includes(err.code);
    ctx.log(`Neo4j ${skipped ? 'skipped' : 'failed to start'}: ${reason}`);
    return { status: skipped ? 'skipped' : 'failed', reason };
  }
  const startMs = round(performance.now() - t0, 0);
  ctx.log(`  Neo4j ${server.version} at ${server.uri} (private, started in ${fixed(startMs / 1000, 1)} s)`);
  try {
    const store: GraphStoreOptions = { kind: 'neo4j', uri: server.uri, user: server.user, password: server.password };
    const rows: GraphReadPathRow[] = [];
    for (const [users, avg] of sizes) rows.push(await readPath(ctx, 'neo4j', store, users, avg, samples));
    return { status: 'ran', version: server.version, startMs, rows, ratios: [] };
  } finally {
    await server.stop();
  }
}

function storeRatios(ladybug: GraphReadPathRow[], neo: GraphReadPathRow[]): GraphStoreRatio[] {
  const r = (a: number, b: number): number => (b > 0 ? round(a / b, 2) : 0);
  return neo.flatMap((n) => {
    const l = ladybug.find((x) => x.users === n.users);
    if (!l?.recall || !n.recall) return [];
    return [{
      users: n.users, loadMs: r(n.loadMs, l.loadMs), storeLoadMs: r(n.storeLoadMs ?? 0, l.storeLoadMs ?? 0),
      cypherP50: r(n.cypher.p50Ms, l.cypher.p50Ms), cypherP99: r(n.cypher.p99Ms, l.cypher.p99Ms), hotP99: r(n.hot.p99Ms, l.hot.p99Ms),
      recallP99: Object.fromEntries(RECALL_PATHS.map((p) => [p, r(n.recall![p].p99Ms, l.recall![p].p99Ms)])) as Record<RecallPath, number>,
    }];
  });
}

function printRows(ctx: BenchContext, byStore: [StoreKind, GraphReadPathRow[]][]): void {
  const p = (x: { p50Ms: number; p99Ms: number } | undefined): string => (x ? `${fixed(x.p50Ms)} / ${fixed(x.p99Ms)}` : '-');
  ctx.log(table(
    ['store', 'users', 'follows', 'load s', 'store load s', 'all-Cypher p50 / p99 ms', 'hot lists p50 / p99 ms', 'p99 ratio', ...RECALL_PATHS.map((x) => `recall.${x} p50 / p99`), 'rank p50 / p99', 'target p99'],
    byStore.flatMap(([kind, rows]) => rows.map((r) => [STORE_LABEL[kind], int(r.users), int(r.follows), fixed(r.loadMs / 1000, 1), fixed((r.storeLoadMs ?? 0) / 1000, 1), p(r.cypher), p(r.hot), `${fixed(r.p99Ratio)}x`,
      ...RECALL_PATHS.map((x) => p(r.recall?.[x])), p(r.rank), `<= ${P99_TARGET_MS} ms`])),
  ));
}

async function run(ctx: BenchContext): Promise<BenchOutcome<GraphFigures>> {
  const sizes: [number, number][] = ctx.quick ? [[10_000, 20]] : [[10_000, 20], [100_000, 20]];
  const samples = ctx.quick ? 100 : 300;
  const rows: GraphReadPathRow[] = [];
  for (const [users, avg] of sizes) rows.push(await readPath(ctx, 'ladybug', { kind: 'ladybug' }, users, avg, samples));
  const ranks = await onnx([1, 200, 1000], ctx.quick ? 1 : 3);
  const neo4j = await onNeo4j(ctx, sizes, samples);
  if (neo4j.status === 'ran') neo4j.ratios = storeRatios(rows, neo4j.rows);
  printRows(ctx, neo4j.status === 'ran' ? [['ladybug', rows], ['neo4j', neo4j.rows]] : [['ladybug', rows]]);
  if (neo4j.status === 'ran') {
    ctx.log('Neo4j / LadybugDB (same scenario, same users; > 1: Neo4j slower)');
    ctx.log(table(['users', 'load', 'store load', 'all-Cypher p50', 'all-Cypher p99', 'hot lists p99', ...RECALL_PATHS.map((x) => `recall.${x} p99`)],
      neo4j.ratios.map((x) => [int(x.users), `${fixed(x.loadMs)}x`, `${fixed(x.storeLoadMs)}x`, `${fixed(x.cypherP50)}x`, `${fixed(x.cypherP99)}x`, `${fixed(x.hotP99)}x`, ...RECALL_PATHS.map((pth) => `${fixed(x.recallP99[pth])}x`)])));
  } else {
    ctx.log(`Neo4j ${neo4j.status}: ${neo4j.reason}`);
  }
  ctx.log(table(['ONNX batch', 'candidates/s', 'calls/s'], ranks.map((r) => [int(r.batch), int(r.candidatesPerSec), int(r.callsPerSec)])));
  const at100k = rows.find((r) => r.users === 100_000) ?? null;
  const neoHeadline = neo4j.status === 'ran'
    ? neo4j.rows.map((n) => {
      const l = rows.find((x) => x.users === n.users)!;
      return `${int(n.users)} users: read p99 ${fixed(n.cypher.p99Ms)} vs ${fixed(l.cypher.p99Ms)} ms (${ratio(n.cypher.p99Ms, l.cypher.p99Ms)}), load ${fixed(n.loadMs / 1000, 1)} vs ${fixed(l.loadMs / 1000, 1)} s (${ratio(n.loadMs, l.loadMs)})`;
    }).join('; ')
    : `${neo4j.status}: ${neo4j.reason}`;
  return {
    figures: {
      rows, p99TargetMs: P99_TARGET_MS,
      p99Ms100k: at100k ? { cypher: at100k.cypher.p99Ms, hot: at100k.hot.p99Ms } : null,
      targetMet100k: at100k ? { cypher: at100k.cypher.p99Ms <= P99_TARGET_MS, hot: at100k.hot.p99Ms <= P99_TARGET_MS } : null,
      onnx: ranks, rankerFile: path.relative(process.cwd(), DEFAULT_RANKER_FILE), neo4j,
    },
    headlines: [
      { label: 'graph read path, all four recalls in Cypher (+ rank + XADD)', value: rows.map((r) => `${int(r.users)} users p50 ${fixed(r.cypher.p50Ms)} / p99 ${fixed(r.cypher.p99Ms)} ms`).join('; ') + ` (target p99 <= ${P99_TARGET_MS} ms at 100k)` },
      { label: 'graph read path, follow in Cypher + hot lists', value: rows.map((r) => `${int(r.users)} users p50 ${fixed(r.hot.p50Ms)} / p99 ${fixed(r.hot.p99Ms)} ms (${fixed(r.p99Ratio)}x lower p99)`).join('; ') },
      { label: 'graph read path Neo4j vs LadybugDB (all-Cypher)', value: neoHeadline },
      { label: 'ONNX ranking candidates/s', value: ranks.map((r) => `batch ${r.batch}: ${int(r.candidatesPerSec)}`).join(', ') },
    ],
    notes: [
      `A refresh is measured after 20 s of simulated posts, interactions and reads at full speed, on users drawn at random, alternating the two read paths on the same user, after ${WARMUP} unmeasured refreshes of each; LadybugDB runs embedded in this process, Neo4j in its own JVM on the same 2 cores, over Bolt on loopback.`,
      'Recall p50/p99 per path are the engine\'s spans (graph.recall.<path>) over the all-Cypher refreshes; the four paths run concurrently, so a refresh waits for the slowest.',
      'Hot lists (graphfeed/HotLists.ts): the newest posts per city and per tag kept on the write path; they answer the interest, city and topic paths exactly (tests hold them against the brute-force reference) and fall back to Cypher when a cut list could miss a row.',
      'Load: Engine.load (generate the graph, reset Redis, load the store); store load: the graph store\'s part (LadybugDB: COPY FROM CSV files; Neo4j: UNWIND batches of 5,000 rows over Bolt).',
      ctx.quick ? '--quick: 10k users only.' : ''].filter(Boolean),
  };
}

export const graphBench: Bench<'graph'> = { name: 'graph', title: 'graph model read path on LadybugDB and Neo4j, and ONNX ranking throughput', run };
