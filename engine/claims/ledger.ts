/**
 * The ledger of the article's numerical claims: each claim as the article states it (section,
 * its own words, its figure), and a rule that reads our figure from the benchmarks' results (or
 * from a live measurement) and gives a verdict with one line of why. Pure: results in, rows out.
 *
 * Verdicts: "reproduced" when our figure agrees with the claim's direction and lands within the
 * tolerance the rule states; "refuted" when it does not; "not measurable here" when the claim
 * depends on something Feedscope does not have (a Go library, production traffic); "not measured
 * yet" when the benchmark that measures it has not run on this machine, its last run failed, or
 * its results file does not match the benchmark's schema (the why names the file and the JSON
 * path). A rule reads only results its schema has parsed (benchResults.ts): typed, no casts.
 */
import type { ClaimRow, ClaimVerdict } from '../api.js';
import { bloomExpectedFpr } from '../structures/adjacency.js';
import { RECALL_PATHS } from '../api/names.js';
import type { AlternativeStore, BenchName, BenchResult, MixedVariantRow, OkBenchResult } from './benchResults.js';
import type { DriftFigures } from './live.js';
import type { ReadCacheFigures } from './liveReadCache.js';
import type { CausalityFigures } from '../causality/liveClaims.js';
import type { MigrationFigures } from '../migration/liveClaims.js';
import type { BenchResults, UnreadableBenchResult } from './results.js';
import { CH1_12GB, CH1_FANOUT, judge12Gb, judgeFanout, type CapacityFigures } from './capacityClaims.js';

interface Measured {
  measured: string;
  verdict: ClaimVerdict;
  why: string;
}

interface ClaimText {
  id: string;
  section: string;
  claim: string;
  /** The article's own words (Chinese), short. */
  quote: string;
  article: string;
}

/** A claim's figure and verdict, or null: not measured yet (`missing` says why). */
interface Judged {
  measured: Measured | null;
  missing: string;
  measuredAt: string | null;
}

interface ClaimDef extends ClaimText {
  /** Benchmark whose result feeds the rule; 'live' for a measurement made while building the ledger. */
  source: BenchName | 'live' | null;
  judge(results: BenchResults, live: LiveFigures): Judged;
}

export interface LiveFigures {
  drift: DriftFigures | null;
  /** Article 2.4's table (liveReadCache.ts); absent or null: not measured. */
  readCache?: ReadCacheFigures | null;
  /** Article 2.1 (engine/causality/liveClaims.ts) and 4.4 (engine/migration/liveClaims.ts); absent or null: not measured. */
  causality?: CausalityFigures | null;
  migration?: MigrationFigures | null;
  /** Chapter 1's fleet figures from the capacity planner's calibration (capacityClaims.ts); absent or null: not measured. */
  capacity?: CapacityFigures | null;
}

/** The three caches of the 2.4 table in one line of figures. */
function cachePolicies(c: ReadCacheFigures, figure: (p: ReadCacheFigures['lru']) => string): string {
  return `LRU ${figure(c.lru)}, TTL ${figure(c.ttl)}, LRU+TTL ${figure(c.hybrid)}`;
}

const f1 = (x: number): string => x.toLocaleString('en-US', { maximumFractionDigits: Math.abs(x) < 1 ? 2 : 1 });
const f0 = (x: number): string => Math.round(x).toLocaleString('en-US');
/** Within a factor `k` of the claim (k = 1.5: from 2/3 to 1.5 times). */
const within = (ours: number, claimed: number, k: number): boolean => ours >= claimed / k && ours <= claimed * k;

/** The article's Bloom filter (3.3): 16 MB, 7 hashes, 1e7 expected edges. */
const ARTICLE_BLOOM_FPR = bloomExpectedFpr(16 * 2 ** 20 * 8, 7, 10_000_000);

function isOk<N extends BenchName>(r: BenchResult<N>): r is OkBenchResult<N> {
  return r.status === 'ok';
}

/**
 * A claim judged from bench/results/<source>.json. `evaluate` sees the result only when the run
 * measured something (status "ok", figures of the schema); otherwise it gets undefined, with
 * `unusable` the failed run's status ("failed: ..."), "n/a" for a file that does not parse, or
 * null when there is no file. It returns null for "not measured yet".
 */
function benchClaim<N extends BenchName>(
  source: N,
  text: ClaimText,
  evaluate: (r: OkBenchResult<N> | undefined, unusable: string | null) => Measured | null,
): ClaimDef {
  const rerun = `run \`npm run bench -- ${source}\``;
  return {
    ...text,
    source,
    judge: (results) => {
      const stored: BenchResult<N> | UnreadableBenchResult | undefined = results[source];
      if (stored === undefined) return { measured: evaluate(undefined, null), missing: `${rerun} to measure it on this machine.`, measuredAt: null };
      if ('unreadable' in stored) {
        const u = stored.unreadable;
        return { measured: evaluate(undefined, 'n/a'), missing: `${u.file} at ${u.path} ${u.problem}; ${rerun} to measure it again.`, measuredAt: null };
      }
      const at = `${stored.date}${stored.quick ? ' (--quick)' : ''}`;
      if (!isOk(stored)) return { measured: evaluate(undefined, stored.status), missing: `its last run (${at}) says "${stored.status}"; ${rerun} again.`, measuredAt: null };
      return { measured: evaluate(stored, null), missing: `${rerun} to measure it on this machine.`, measuredAt: at };
    },
  };
}

/** A claim measured while the ledger is built (live.ts). */
function liveClaim(text: ClaimText, evaluate: (live: LiveFigures) => Measured | null): ClaimDef {
  return { ...text, source: 'live', judge: (_results, live) => ({ measured: evaluate(live), missing: 'the live measurement did not run.', measuredAt: 'live' }) };
}

/** A claim no benchmark can measure, or one settled by Redis's source: its row is fixed. */
function fixedClaim(text: ClaimText, measured: Measured): ClaimDef {
  return { ...text, source: null, judge: () => ({ measured, missing: '', measuredAt: null }) };
}

const CLAIMS: ClaimDef[] = [
  benchClaim('zset', {
    id: 'ch1-bytes-per-member', section: '1', claim: 'A ZSET feed entry (score + member) costs 64 bytes on average.',
    quote: '每个score+member平均占用64字节', article: '64 B per member',
  }, (r) => {
    if (!r) return null;
    const ours = r.figures.skiplistBytesPerMember;
    return { measured: `${f1(ours)} B per member (MEMORY USAGE, skiplist encoding)`, verdict: within(ours, 64, 1.25) ? 'reproduced' : 'refuted', why: within(ours, 64, 1.25) ? 'within 25% of 64 B.' : `Redis ${r.versions.redis} needs ${f1(ours / 64)}x the claimed 64 B once a feed leaves listpack (129+ members): node + dict entry + sds member; small feeds in listpack cost far less.` };
  }),
  benchClaim('zset', {
    id: 'ch1-tail-page', section: '1', claim: 'ZREVRANGE tail pages (large offsets) take 800 ms or more.',
    quote: '尾部翻页延迟飙升至800ms+', article: '800 ms+',
  }, (r) => {
    if (!r) return null;
    const ours = r.figures.worstTailP99Ms;
    const pages = r.figures.pages;
    const deepest = pages[pages.length - 1];
    return { measured: `p99 ${f1(ours)} ms at offset ${f0(deepest.offset)} of ${f0(deepest.members)}`, verdict: ours >= 400 ? 'reproduced' : 'refuted', why: ours >= 400 ? 'deep pages are that slow here too.' : `O(log N + M) skiplist rank lookups keep the deepest page ${f0(800 / Math.max(ours, 0.001))}x under 800 ms; a slow tail page points at something else (network, a blocked server, a huge M).` };
  }),
  liveClaim(CH1_12GB, (live) => judge12Gb(live.capacity)),
  liveClaim(CH1_FANOUT, (live) => judgeFanout(live.capacity)),
  benchClaim('cluster', {
    id: 'ch1-zunionstore-shards', section: '1',
    claim: 'On a sharded Redis, ZUNIONSTORE across shards performs very badly, so ZSETs cannot serve a real-time mixed feed (local + following + recommended).',
    quote: 'ZUNIONSTORE跨分片聚合性能极差,无法支撑实时多维召回(如“同城+关注+AI推荐”混合流)', article: 'very bad (no figure)',
  }, (r) => {
    if (!r) return null;
    const m = r.figures.mixed;
    const find = (setting: MixedVariantRow['setting'], variant: MixedVariantRow['variant']) => m.variants.find((v) => v.setting === setting && v.variant === variant);
    const one = find('one server', 'zunionstore');
    const cross = find('cluster', 'zunionstore');
    const client = find('cluster', 'client');
    const colo = find('cluster', 'colocated');
    const coloShare = m.memory.find((x) => x.tags === 'one')?.busiestShare;
    if (!one?.p50Ms || !one.p99Ms || !cross || client?.p50Ms == null || client.p99Ms == null) return null;
    const p50x = client.p50Ms / one.p50Ms;
    const p99x = client.p99Ms / one.p99Ms;
    const refused = cross.refused === cross.attempts;
    const colocated = colo?.p50Ms != null && colo.p99Ms != null ? `; all keys under one hash tag: ${f1(colo.p50Ms)} / ${f1(colo.p99Ms)} ms, ${coloShare === undefined ? '?' : `${f0(coloShare * 100)}%`} of its memory on one of ${m.masters} masters` : '';
    const measured = `${m.masters} masters: ZUNIONSTORE refused ${f0(cross.refused)} of ${f0(cross.attempts)} (CROSSSLOT); client-side merge p50 / p99 ${f1(client.p50Ms)} / ${f1(client.p99Ms)} ms vs ${f1(one.p50Ms)} / ${f1(one.p99Ms)} ms for ZUNIONSTORE on one server (${f1(p50x)}x / ${f1(p99x)}x)${colocated}`;
    const cheap = p50x <= 2 && p99x <= 2;
    if (refused && cheap) {
      return { measured, verdict: 'refuted', why: `across shards ZUNIONSTORE is not slow but refused: a multi-key command must stay in one slot. One hash tag makes it legal at one-server speed by putting the whole mixed feed on one master; a client-side merge (the top ${m.pageSize} of each source, pipelined per master) serves the same page ${Math.max(p50x, p99x) <= 1 ? `faster than one server's ZUNIONSTORE (${f1(p50x)}x its p50)` : `within ${f1(Math.max(p50x, p99x))}x of one server's ZUNIONSTORE`}, which merges every entry of the three sets to return ${m.pageSize}.` };
    }
    return { measured, verdict: 'reproduced', why: refused ? `Redis refuses it outright, and the legal ways cost: the client-side merge takes ${f1(Math.max(p50x, p99x))}x one server's ZUNIONSTORE, co-location puts it all on one master.` : 'the cross-shard merge costs well over twice the one-server ZUNIONSTORE here.' };
  }),
  benchClaim('cluster', {
    id: 'ch1-resharding', section: '1', claim: 'Scaling ZSETs out horizontally needs resharding.',
    quote: '横向扩容ZSET需resharding', article: 'resharding (no cost given)',
  }, (r) => {
    if (!r) return null;
    const rows = r.figures.reshard.rows;
    const quiet = rows.filter((x) => !x.writer);
    const busy = rows.find((x) => x.writer)?.writer ?? null;
    const big = (quiet.length ? quiet : rows).reduce((a, b) => (b.slots > a.slots ? b : a));
    if (big.keysMoved === 0) return { measured: `${f0(big.slots)} slots moved, no keys in them`, verdict: 'not measured yet', why: 'the slots moved held no timelines: run `npm run bench -- cluster` again.' };
    const mib = big.bytesMoved / 2 ** 20;
    const live = busy ? `; under the fan-out: ${f0(busy.moved)} MOVED, ${f0(busy.ask)} ASK met, ${f0(busy.lost)} lost, ${f0(busy.extra)} extra in ${f0(busy.auditedUsers)} audited timelines` : '';
    const measured = `${f0(big.slots)} slots (${f0(big.keysMoved)} timelines, ${f1(mib)} MiB) in ${f1(big.durationMs / 1000)} s: ${f1(big.msPerSlot)} ms per slot, ${big.msPerMiB === null ? 'n/a' : f0(big.msPerMiB)} ms per MiB, ${f0(big.migrateMeanUs)} µs per MIGRATE${live}`;
    const safe = !busy || (busy.lost === 0 && busy.extra === 0);
    return { measured, verdict: 'reproduced', why: `adding a master means moving slots with their keys (SETSLOT + MIGRATE per slot): the cost here is mostly per slot, not per byte.${busy ? (safe ? ' It runs live: clients follow MOVED/ASK and no write was lost or doubled.' : ' Writes were lost or doubled during it: see bench/results/cluster.json.') : ''}` };
  }),
  benchClaim('writer', {
    id: '2.2-qps', section: '2.2', claim: 'Sharded router/validator/flusher pipeline: 18.6k QPS vs 1.2k for a synchronous writer (15.5x).',
    quote: '吞吐量(QPS) 同步写入 1.2k / 协程流水线 18.6k', article: '1.2k -> 18.6k QPS',
  }, (r) => {
    if (!r) return null;
    const pts = r.figures.points;
    const best = pts.reduce((a, b) => (b.qpsRatio > a.qpsRatio ? b : a));
    const low = pts[0];
    const ok = best.qpsRatio >= 15.5 / 2;
    return { measured: `${f0(best.sync.qps)} -> ${f0(best.pipeline.qps)} QPS (${f1(best.qpsRatio)}x) at ${best.clients} clients; ${f1(low.qpsRatio)}x at ${low.clients}`, verdict: ok ? 'reproduced' : 'refuted', why: ok ? `the pipeline multiplies throughput under load, but only with more than ${8 * 50} events outstanding: below that batches wait for the 100 ms timer.` : `best ratio ${f1(best.qpsRatio)}x is under half the claimed 15.5x.` };
  }),
  benchClaim('writer', {
    id: '2.2-p99', section: '2.2', claim: 'The pipeline cuts write p99 from 42 ms to 8.3 ms.',
    quote: 'P99 延迟 42ms -> 8.3ms', article: 'p99 42 -> 8.3 ms',
  }, (r) => {
    if (!r) return null;
    const pts = r.figures.points;
    const lines = pts.map((p) => `${p.clients} clients: ${f1(p.sync.p99Ms)} -> ${f1(p.pipeline.p99Ms)} ms`).join('; ');
    const better = pts.filter((p) => p.pipeline.p99Ms < p.sync.p99Ms).length;
    const verdict: ClaimVerdict = better === pts.length ? 'reproduced' : 'refuted';
    return { measured: lines, verdict, why: verdict === 'reproduced' ? 'the pipeline has the lower p99 at every load measured.' : 'batching adds up to 100 ms of waiting when batches do not fill, so p99 rises at low load; it falls only under heavy load.' };
  }),
  benchClaim('pullread', {
    id: '2.3-pipeline', section: '2.3', claim: 'Pipelined outbox reads (200 followees x 5 items) reach 7.0x the QPS of one command at a time (8,630 vs 1,240 at 500 users).',
    quote: 'Redis Pipeline 8,630 / 单命令逐条读取 1,240', article: '7.0x (8,630 vs 1,240 QPS)',
  }, (r) => {
    if (!r) return null;
    const pts = r.figures.points;
    const best = pts.reduce((a, b) => (b.ratio > a.ratio ? b : a));
    const ok = best.ratio >= 3.5;
    return { measured: pts.map((p) => `${f1(p.ratio)}x @${p.concurrency}`).join(', ') + ` (best ${f0(best.pipelinedQps)} vs ${f0(best.sequentialQps)} QPS)`, verdict: ok ? 'reproduced' : 'refuted', why: ok ? 'one round trip instead of 201 gives the claimed order of gain; it shrinks as concurrency rises and the client CPU, not the network, becomes the limit.' : `at most ${f1(best.ratio)}x here.` };
  }),
  benchClaim('delay', {
    id: '2.5-timeout', section: '2.5', claim: 'A command timeout cuts read p99 under Redis latency spikes from 142 ms to 47 ms.',
    quote: 'P99延迟 142 -> 47 (context.WithTimeout)', article: 'p99 142 -> 47 ms',
  }, (r) => {
    if (!r) return null;
    const [, without, withT] = r.figures.phases;
    const ok = withT.p99Ms < without.p99Ms * 0.6;
    return { measured: `p99 ${f1(without.p99Ms)} -> ${f1(withT.p99Ms)} ms (${f0(withT.timeouts)} reads timed out)`, verdict: ok ? 'reproduced' : 'refuted', why: ok ? 'the timeout caps the wait at the timeout; the price is failed reads, which the article does not count.' : 'the timeout did not cut p99 by much here.' };
  }),
  benchClaim('delay', {
    id: '2.5-inflight', section: '2.5', claim: 'Without a timeout, blocked reads pile up (1,840 goroutines vs 210 with one).',
    quote: 'Goroutine数 1840 -> 210', article: '1,840 -> 210 in flight',
  }, (r) => {
    if (!r) return null;
    const [, without, withT] = r.figures.phases;
    const ok = withT.maxInFlight < without.maxInFlight * 0.6;
    return { measured: `max in flight ${f0(without.maxInFlight)} -> ${f0(withT.maxInFlight)}`, verdict: ok ? 'reproduced' : 'refuted', why: ok ? 'callers stop waiting at the timeout, so fewer of them are parked at once (Redis still answers every command on the connection).' : 'in-flight reads did not drop much.' };
  }),
  benchClaim('graph', {
    id: '3.2-groot', section: '3.2', claim: 'Groot graph embedding adds 16 ms to rank p99 (42 -> 58 ms; a full graph service: 136 ms).',
    quote: '纯特征工程 42ms / Groot嵌入 58ms / 全量图服务 136ms', article: 'p99 42 / 58 / 136 ms',
  }, (r, unusable) => {
    if (!r) return { measured: unusable ?? 'n/a', verdict: 'not measurable here', why: 'Groot is a Go library Feedscope does not run; the graph read path benchmark (LadybugDB recall + ONNX rank) is the nearest figure.' };
    const p99 = r.figures.p99Ms100k;
    const measured = p99 ? `graph read path p99 at 100k users ${f1(p99.cypher)} ms all-Cypher, ${f1(p99.hot)} ms with hot lists (LadybugDB + ONNX)` : 'graph read path at 100k users: not in bench/results/graph.json (run `npm run bench -- graph`)';
    return { measured, verdict: 'not measurable here', why: 'Groot itself is a Go library; this is Feedscope\'s own graph read path on the same question (p99 of recall + rank).' };
  }),
  benchClaim('graph', {
    id: '3.2-embedded-vs-service', section: '3.2',
    claim: 'An embedded graph engine serves the real-time path well under a separate graph service (Groot embedded 58 ms vs a full graph service 136 ms p99, 2.3x).',
    quote: '集成开销对比(单节点 P99 延迟) Groot嵌入 58ms / 全量图服务 136ms', article: '2.3x (58 vs 136 ms p99)',
  }, (r) => {
    if (!r) return null;
    const neo = r.figures.neo4j;
    const rerun = 'run `npm run bench -- graph` on a machine with Java 17+ and Maven';
    if (!neo) return { measured: 'LadybugDB only', verdict: 'not measured yet', why: `bench/results/graph.json predates the Neo4j comparison: ${rerun}.` };
    if (neo.status !== 'ran') return { measured: `Neo4j ${neo.status}`, verdict: 'not measured yet', why: `Neo4j ${neo.status} in the last run (${neo.reason}); ${rerun}.` };
    const n = neo.rows.reduce((a, b) => (b.users > a.users ? b : a));
    const l = r.figures.rows.find((x) => x.users === n.users);
    if (!l) return null;
    const x = n.cypher.p99Ms / l.cypher.p99Ms;
    const paths = n.recall && l.recall ? RECALL_PATHS.map((p) => `${p} ${f1(n.recall![p].p99Ms)} vs ${f1(l.recall![p].p99Ms)}`).join(', ') : '';
    const measured = `${f0(n.users)} users, read path p99 (4 recalls in Cypher + rank + XADD): Neo4j ${f1(n.cypher.p99Ms)} ms vs LadybugDB ${f1(l.cypher.p99Ms)} ms (${f1(x)}x)${paths ? `; recall p99 ms Neo4j vs LadybugDB: ${paths}` : ''}; load ${f1(n.loadMs / 1000)} s vs ${f1(l.loadMs / 1000)} s (${f1(n.loadMs / l.loadMs)}x)`;
    const p50x = n.cypher.p50Ms / l.cypher.p50Ms;
    // The rank span is ONNX in this process: when its tail grows on the Neo4j run, the JVM took the CPUs.
    const contention = n.rank && l.rank && n.rank.p99Ms > 2 * l.rank.p99Ms ? ` Part of that tail is CPU, not Bolt: the in-process ONNX rank's p99 went from ${f1(l.rank.p99Ms)} to ${f1(n.rank.p99Ms)} ms with Neo4j's JVM on the same 2 cores.` : '';
    if (x >= 1.5) return { measured, verdict: 'reproduced', why: `Neo4j, a server behind Bolt, answers the same read path ${f1(x)}x slower at p99 than LadybugDB embedded in the process (the article: 2.3x)${p50x < 1 ? `, though its median is lower (${f1(p50x)}x): Neo4j wins the typical read, the embedded store the tail` : ''}; LadybugDB also loads ${f1(n.loadMs / l.loadMs)}x faster (COPY FROM vs UNWIND batches over Bolt).${contention}` };
    return { measured, verdict: 'refuted', why: `Neo4j over Bolt on loopback answers the read path within ${f1(Math.max(x, 1 / x))}x of embedded LadybugDB (${x < 1 ? 'faster' : 'slower'}), not 2.3x slower: the queries, not the hop, are the cost. Where the embedded store wins is loading (COPY FROM vs UNWIND batches over Bolt: ${f1(n.loadMs / l.loadMs)}x). Neo4j here runs on the same 2 cores, with no network between.` };
  }),
  benchClaim('adjacency', {
    id: '3.3-memory', section: '3.3', claim: 'Roaring bitmaps + a Bloom filter store 1e9 edges in 5.3 GB instead of 42 GB (7.9x).',
    quote: '原生HashMap 42 GB / BloomFilter + RoaringBitmap 5.3 GB', article: '42 GB -> 5.3 GB at 1e9 edges',
  }, (r) => {
    if (!r) return null;
    const x = r.figures.extrapolated1e9;
    const ok = x.ratio >= 7.9 / 2;
    return { measured: `${f1(x.setBytes / 1e9)} GB -> ${f1(x.compressedBytes / 1e9)} GB (${f1(x.ratio)}x), extrapolated from ${f0(x.fromEdges)} edges`, verdict: ok ? 'reproduced' : 'refuted', why: ok ? 'same order of saving; note the article\'s own text says "saves 68%", which 42 -> 5.3 GB (87%) contradicts.' : `only ${f1(x.ratio)}x here.` };
  }),
  benchClaim('adjacency', {
    id: '3.3-latency', section: '3.3', claim: 'hasEdge takes 23 ns with Bloom + Roaring vs 85 ns with a hash set.',
    quote: 'hasEdge平均延迟 85 ns / 23 ns', article: '85 ns -> 23 ns',
  }, (r) => {
    if (!r) return null;
    const rows = r.figures.rows;
    const big = rows[rows.length - 1];
    const faster = big.compressedNs < big.setNs;
    return { measured: `${f0(big.setNs)} ns -> ${f0(big.compressedNs)} ns at ${f0(big.edges)} edges`, verdict: faster && big.setNs / big.compressedNs >= 1.8 ? 'reproduced' : 'refuted', why: faster ? `Bloom rejects most misses in JS before the native bitmap call; ${f1(big.setNs / big.compressedNs)}x vs the claimed 3.7x.` : 'the native call into the bitmap costs more than a JS Set lookup here.' };
  }),
  benchClaim('adjacency', {
    id: '3.3-fpr', section: '3.3', claim: 'The Bloom filter keeps false positives at 0.1%.',
    quote: '误判率控制在0.1%', article: '0.1%',
  }, (r) => {
    if (!r) return null;
    const rows = r.figures.rows;
    const big = rows[rows.length - 1];
    const ok = big.bloomFpr <= 0.002;
    return { measured: `${(big.bloomFpr * 100).toFixed(3)}% at ${f0(big.edges)} edges (k = ${big.bloomHashes})`, verdict: ok ? 'reproduced' : 'refuted', why: ok ? `a filter sized m = -n ln p / ln^2 2 holds its rate; the article's own 16 MB / k = 7 for 1e7 edges would give ${(ARTICLE_BLOOM_FPR * 100).toFixed(2)}% by the textbook formula.` : 'above 0.2%.' };
  }),
  benchClaim('zset', {
    id: '4.1-node', section: '4.1', claim: 'A Redis ZSET node costs 72 B (a plain skiplist node 64 B, a B+Tree entry 40 B).',
    quote: 'Redis ZSET 实测72B/节点', article: '72 B per node',
  }, (r) => {
    if (!r) return null;
    const ours = r.figures.skiplistBytesPerMember;
    const ok = within(ours, 72, 1.25);
    return { measured: `${f1(ours)} B per member`, verdict: ok ? 'reproduced' : 'refuted', why: ok ? 'within 25% of 72 B.' : `the skiplist node is only part of it: Redis also keeps a dict entry and an sds per member (engine/structures/zsetMemory.ts itemises it).` };
  }),
  fixedClaim({
    id: '4.1-nil-levels', section: '4.1', claim: '63% of level-3+ pointers are nil, yet each node pays 4 x 8 = 32 B for them.',
    quote: 'Level 3以上指针63%为nil,却仍占用8B×4=32B结构体空间', article: '63% nil, 32 B wasted',
  }, { measured: 'ZSKIPLIST_P 0.25: 6.25% of nodes reach level 3', verdict: 'refuted', why: 'zslCreateNode allocates exactly `level` level entries per node (t_zset.c), so a node never stores nil pointers above its own level.' }),
  benchClaim('alternatives', {
    id: '4.3-alternatives', section: '4.3', claim: 'Range-scan throughput of the ZSET\'s alternatives: an in-process SortedMap ~120K QPS, BadgerDB (embedded LSM) ~85K, TiKV ~42K (3 nodes).',
    quote: '范围扫描吞吐(QPS) SortedMap ~120K / BadgerDB ~85K / TiKV(RangeScan) ~42K(跨3节点)', article: 'SortedMap ~120K, BadgerDB ~85K, TiKV ~42K QPS',
  }, (r) => {
    if (!r) return null;
    const store = (s: AlternativeStore) => r.figures.stores.find((x) => x.store === s);
    const newest = (s: AlternativeStore): string => {
      const x = store(s);
      const last = x?.rows.at(-1);
      return last ? `${f0(last.newestPageQps)} QPS` : 'not measurable';
    };
    const tree = store('btree')?.rows.at(-1);
    const lsm = store('leveldb')?.rows.at(-1);
    const measured = `newest page of ${f0(r.figures.pageSize)} at ${f0(Math.max(...r.figures.sizes))} entries: B+tree ${newest('btree')}, LevelDB ${newest('leveldb')} (Redis ZSET ${newest('redis-zset')}, LadybugDB ${newest('ladybug')}); TiKV not measurable here`;
    if (!tree || !lsm) {
      const err = [store('btree'), store('leveldb')].find((x) => x?.error)?.error ?? 'no rows';
      return { measured, verdict: 'not measurable here', why: `the run could not measure both an in-process map and an embedded LSM (${err}).` };
    }
    const a = r.figures.article;
    const ordered = tree.newestPageQps > lsm.newestPageQps;
    const near = within(tree.newestPageQps, a.sortedMapQps, 2) && within(lsm.newestPageQps, a.badgerQps, 2);
    if (ordered && near) return { measured, verdict: 'reproduced', why: 'the in-process map leads the embedded LSM and both are within 2x of the article; TiKV needs a cluster we do not run.' };
    const ratios = `${f1(tree.newestPageQps / a.sortedMapQps)}x and ${f1(lsm.newestPageQps / a.badgerQps)}x the article's`;
    return {
      measured, verdict: 'refuted',
      why: ordered
        ? `the order holds (in-process map > embedded LSM) but the figures are ${ratios}: a 20-entry page from an in-process B+tree costs about a microsecond, so QPS is set by the caller, not the structure (and golang.org/x/exp/maps has no SortedMap).`
        : `the embedded LSM outpaced the in-process map here (${ratios}).`,
    };
  }),
  liveClaim({
    id: '2.4-freshness', section: '2.4', claim: 'The LRU+TTL cache bounds how stale a cached feed page can be (as pure TTL does); pure LRU does not.',
    quote: '时效保障 纯LRU ❌ / 纯TTL ✅ / LRU-TTL混合 ✅', article: 'freshness: LRU no, TTL yes, LRU+TTL yes',
  }, (live) => {
    const c = live.readCache;
    if (!c) return null;
    const ok = c.hybrid.maxStaleAgeMs <= c.ttlMs && c.ttl.maxStaleAgeMs <= c.ttlMs && c.lru.maxStaleAgeMs > c.ttlMs;
    return {
      measured: `longest a stale page had been missing a post: ${cachePolicies(c, (p) => `${f0(p.maxStaleAgeMs)} ms`)} (TTL ${f0(c.ttlMs)} ms, ${c.durationSec} s run); stale share of hits ${cachePolicies(c, (p) => `${f1(p.staleShare * 100)}%`)}`,
      verdict: ok ? 'reproduced' : 'refuted',
      why: ok ? `a page expires ${f0(c.ttlMs)} ms after it was cached, so no read sees an older one; an LRU page lives as long as it is read, here up to the whole run.` : 'the TTL did not bound staleness here.',
    };
  }),
  liveClaim({
    id: '2.4-hot', section: '2.4', claim: 'The LRU+TTL cache keeps hot pages alive (like pure LRU), which pure TTL does not.',
    quote: '热点保活 纯LRU ✅ / 纯TTL ❌ / LRU-TTL混合 ✅', article: 'hot data kept: LRU yes, TTL no, LRU+TTL yes',
  }, (live) => {
    const c = live.readCache;
    if (!c) return null;
    const keeps = c.hybrid.hotMissesPer1k <= c.lru.hotMissesPer1k * 1.5 && c.hybrid.hotMissesPer1k < c.ttl.hotMissesPer1k * 0.8;
    return {
      measured: `misses per 1,000 reads of the ${c.hotUsers} most active readers' pages (of ${f0(c.users)}, Zipf): ${cachePolicies(c, (p) => f1(p.hotMissesPer1k))}`,
      verdict: keeps ? 'reproduced' : 'refuted',
      why: keeps ? 'hot pages stay cached under LRU+TTL as under LRU.' : "expireAt is fixed at Put (the article's time.Now().Add(ttl)), so a hot page expires on pure TTL's schedule and is read from Redis again once per TTL; only a sliding TTL (lru-cache updateAgeOnGet) would keep it, and that gives up the freshness bound.",
    };
  }),
  liveClaim({
    id: '2.4-memory', section: '2.4', claim: 'The LRU+TTL cache holds a fixed number of entries; pure TTL may pile up expired ones.',
    quote: '内存确定性 纯LRU ✅ / 纯TTL ❌(可能堆积过期项) / LRU-TTL混合 ✅', article: 'bounded memory: LRU yes, TTL no, LRU+TTL yes',
  }, (live) => {
    const c = live.readCache;
    if (!c) return null;
    const ok = c.hybrid.peakEntries <= c.maxEntries && c.lru.peakEntries <= c.maxEntries && c.ttl.peakEntries > c.maxEntries;
    return {
      measured: `most pages held: ${cachePolicies(c, (p) => f0(p.peakEntries))} (max ${f0(c.maxEntries)}); expired pages still held at the end: pure TTL ${f0(c.ttl.expiredHeldAtEnd)}, LRU+TTL ${f0(c.hybrid.expiredHeldAtEnd)}`,
      verdict: ok ? 'reproduced' : 'refuted',
      why: ok ? 'a TTL-only cache with lazy expiry (lru-cache without ttlAutopurge) keeps every page until a read finds it expired, so its size follows the number of readers; the LRU bound caps the hybrid, which also purges expired pages before evicting a live one.' : 'the sizes did not differ as claimed here.',
    };
  }),
  liveClaim({
    id: '4.2-drift', section: '4.2', claim: 'Millisecond timestamps as scores put feeds out of order when writers\' clocks disagree.',
    quote: '错误写法:直接用系统毫秒时间戳作score', article: 'out-of-order feeds under clock skew',
  }, (live) => {
    const d = live.drift;
    if (!d) return null;
    return { measured: `${f0(d.inversions.raw)} inverted pairs among ${f0(d.posts)} posts, clocks ±${d.skewMs} ms`, verdict: d.inversions.raw > 0 ? 'reproduced' : 'refuted', why: d.inversions.raw > 0 ? 'posts from a fast-clock node outrank later posts from a slow one.' : 'no inversions at this skew.' };
  }),
  liveClaim({
    id: '4.2-shift20', section: '4.2', claim: '`(timestamp_ms << 20) | sequence_id` scores fix the ordering.',
    quote: '使用带逻辑时钟的复合score:(timestamp_ms << 20) | sequence_id', article: 'the fix',
  }, (live) => {
    const d = live.drift;
    if (!d) return null;
    const fixedIt = d.inversions.shift20 < d.inversions.raw * 0.5 && d.shift20PrecisionLost === 0;
    return { measured: `${f0(d.inversions.shift20)} inverted pairs (raw ms: ${f0(d.inversions.raw)}); ${f0(d.shift20PrecisionLost)} of ${f0(d.shift20Stamped)} scores lost bits (e.g. ${d.example ? `${d.example.exact} stored as ${d.example.stored}` : 'n/a'}); HLC: ${f0(d.inversions.hlc)}`, verdict: fixedIt ? 'reproduced' : 'refuted', why: fixedIt ? 'the composite score orders the feed.' : 'a sequence number does not correct skewed clocks, and ms << 20 (~1.85e18) exceeds 2^53, so Redis\'s double scores round the sequence away. ' + (d.inversions.hlc < d.inversions.raw ? `A hybrid logical clock cuts inversions ${f1(d.inversions.raw / Math.max(1, d.inversions.hlc))}x (to within its gossip delay).` : '') };
  }),
  liveClaim({
    id: '2.1-cone-cost', section: '2.1', claim: 'The causal cone of an event is found by a reverse DFS over the happened-before graph, in O(|E| + |≺|).',
    quote: '该算法执行逆向 DFS…空间复杂度 O(|E| + |≺|)', article: 'reverse DFS, O(|E| + |≺|)',
  }, (live) => {
    const c = live.causality;
    if (!c) return null;
    const ok = c.matchesVectorClocks && c.visited <= c.events && c.edgesTraversed <= c.edges;
    return {
      measured: `cone of the last of ${f0(c.events)} events (${f0(c.edges)} direct edges): ${f0(c.coneSize)} events, ${f0(c.visited)} visited, ${f0(c.edgesTraversed)} edges followed, ${f1(c.micros)} µs; ${c.matchesVectorClocks ? 'equal to' : 'NOT equal to'} the events whose vector clock is <= its own`,
      verdict: ok ? 'reproduced' : 'refuted',
      why: ok ? 'each event and each direct edge is visited at most once, and the cone is exactly the happened-before set the vector clocks give. (The article says space; time is the same bound.)' : 'the DFS did more work than |E| + |≺| or missed events its vector clock says happened before.',
    };
  }),
  liveClaim({
    id: '2.1-logical-clock', section: '2.1', claim: 'A strong causal boundary (every ancestor visible in order) needs logical clocks; physical clocks give only a weak order.',
    quote: '强因果边界 | 所有祖先事件可见 | 逻辑时钟', article: 'strong boundary: logical clocks',
  }, (live) => {
    const c = live.causality;
    if (!c) return null;
    const e = c.effectBelowCause;
    const ok = e.hlc === 0 && e.raw > 0;
    return {
      measured: `effects sorted below their causes on ${f0(c.pages)} pages (clocks ±50 ms, gossip 20 ms): raw ms ${f0(e.raw)}, (ms << 20) | seq ${f0(e.shift20)}, Snowflake ${f0(e.snowflake)}, HLC ${f0(e.hlc)}`,
      verdict: ok ? 'reproduced' : 'refuted',
      why: ok ? 'scores from physical clocks order concurrent writes by skew and break causal pairs; a hybrid logical clock that receives every timestamp a write could have seen (gossip, the client) never puts an effect below its cause.' : 'the logical clock did not keep causal order here.',
    };
  }),
  liveClaim({
    id: '4.4-checker', section: '4.4', claim: 'Double writes with a checker every 5 minutes over the last hour (status exact, updated_at within 2 s) and repair lose no data.',
    quote: '校验服务每5分钟拉取最近1小时订单ID…updated_at 允许≤2s偏差', article: 'zero loss; 5 min / 1 h; 2 s',
  }, (live) => {
    const m = live.migration;
    if (!m) return null;
    const flaggedOnlyBeyond = Object.entries(m.flaggedBySkew).every(([skew, n]) => (Number(skew) > m.toleranceMs ? n > 0 : n === 0));
    const ok = m.lostAtEnd === 0 && m.repaired >= m.deadLettered && flaggedOnlyBeyond;
    return {
      measured: `${f0(m.writes)} writes, ${f0(m.failed)} async writes failed (${f0(m.deadLettered)} dead-lettered); ${m.checks} checks every ${m.everyMin} min over ${m.windowMin} min repaired ${f0(m.repaired)}, ${f0(m.lostAtEnd)} lost at the end; flagged beyond ${f1(m.toleranceMs / 1000)} s per writer skew: ${Object.entries(m.flaggedBySkew).map(([s, n]) => `${f1(Number(s) / 1000)} s: ${f0(n)}`).join(', ')}`,
      verdict: ok ? 'reproduced' : 'refuted',
      why: ok ? 'every write is inside 12 checks\' windows, so a lost one is re-inserted within 5 minutes (the repaired count includes writes still waiting for their 30 s retry: idempotent by id); the time check flags only the writer whose clock is off by more than 2 s. A window shorter than the retry timeout would repair writes that were about to arrive, and one shorter than the check interval would miss some.' : 'a lost write survived the checks, or the time check flagged the wrong writers.',
    };
  }),
];

/** Every claim with our figure and verdict, from the benchmarks' results and live figures. */
export function buildLedger(results: BenchResults, live: LiveFigures): ClaimRow[] {
  return CLAIMS.map((c) => {
    const j = c.judge(results, live);
    const base = { id: c.id, section: c.section, claim: c.claim, quote: c.quote, article: c.article, source: c.source };
    if (!j.measured) return { ...base, measured: null, verdict: 'not measured yet' as const, why: j.missing, measuredAt: null };
    return { ...base, ...j.measured, measuredAt: j.measuredAt };
  });
}

export const CLAIM_COUNT = CLAIMS.length;
