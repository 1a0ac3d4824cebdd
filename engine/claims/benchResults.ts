/**
 * bench/results/<name>.json, declared once: one zod schema per benchmark's results file. bench/
 * checks what it is about to write against its schema (checkBenchResult: a figure it did not
 * declare, or one of the wrong type, is an error naming the bench and the JSON path, and the file
 * is not written), and the claims ledger parses the file with the same schema (results.ts), so a
 * figure the ledger reads has the type the benchmark wrote, and an old or hand-edited file is
 * "not measured yet" with the file and the path, never a crash.
 *
 * A file holds the envelope (machine, versions, date, status) and the figures. With status "ok"
 * the figures follow the benchmark's schema below; a benchmark that failed ("failed: <why>") or
 * could not run ("not run: <why>") writes whatever figures it has, usually none.
 *
 * Figures are checked in their JSON form (what the file holds): a NaN or an Infinity of the run
 * is null there. Figures a run may legitimately lack (a server statistic Redis did not report)
 * are `unmeasured` (number or null); any other null is an error of the benchmark.
 */
import { z } from 'zod';
import type { MixedFeedLayout, MixedVariant } from '../cluster/mixedFeed.js';
import { RECALL_PATHS } from '../api/names.js';
import { jsonPath } from '../scenario/jsonLocate.js';

/** Every benchmark, in the order `npm run bench` runs them (bench/registry.ts). */
export const BENCH_NAMES = ['fanout', 'cluster', 'writer', 'pullread', 'delay', 'zset', 'adjacency', 'graph', 'renderer', 'scale'] as const;
export type BenchName = (typeof BENCH_NAMES)[number];
export const BenchNameSchema = z.enum(BENCH_NAMES);

// ---- the envelope -------------------------------------------------------------------------

export const BenchMachineSchema = z.object({
  cpuModel: z.string(),
  cores: z.number().int().positive(),
  ramBytes: z.number().nonnegative(),
  platform: z.string(),
  loadAverage1m: z.number().nonnegative(),
});
export type BenchMachine = z.infer<typeof BenchMachineSchema>;

export const BenchVersionsSchema = z.object({
  node: z.string(),
  /** null: redis-server (or redis-benchmark) did not answer `--version`. */
  redis: z.string().nullable(),
  redisBenchmark: z.string().nullable(),
});
export type BenchVersions = z.infer<typeof BenchVersionsSchema>;

export const BenchHeadlineSchema = z.object({ label: z.string(), value: z.string() });
export type BenchHeadline = z.infer<typeof BenchHeadlineSchema>;

/** A run that produced no figures to judge: "failed: <why>" or "not run: <why>". */
export const BenchNotOkStatusSchema = z.templateLiteral([z.enum(['failed', 'not run']), ': ', z.string()], {
  error: 'a status is "ok", "failed: <why>" or "not run: <why>"',
});
export type BenchNotOkStatus = z.infer<typeof BenchNotOkStatusSchema>;

/** Any results file, its figures unread: what the bench runner needs of a file (date, status, headlines). */
export const BenchEnvelopeSchema = z.object({
  name: BenchNameSchema,
  title: z.string(),
  date: z.iso.datetime(),
  /** `npm run bench -- --quick`: smaller sizes, noisier figures. */
  quick: z.boolean(),
  machine: BenchMachineSchema,
  versions: BenchVersionsSchema,
  wallMs: z.number().nonnegative(),
  status: z.union([z.literal('ok'), BenchNotOkStatusSchema]),
  figures: z.record(z.string(), z.unknown()),
  notes: z.array(z.string()),
  /** The lines of the run's summary. */
  headlines: z.array(BenchHeadlineSchema).optional(),
});
export type BenchEnvelope = z.infer<typeof BenchEnvelopeSchema>;

/** A file of benchmark `name` whose figures follow `figures` when its status is "ok". */
function benchResultSchema<N extends BenchName, F extends z.ZodType>(name: N, figures: F) {
  const file = BenchEnvelopeSchema.extend({ name: z.literal(name) });
  return z.union([
    file.extend({ status: z.literal('ok'), figures }),
    file.extend({ status: BenchNotOkStatusSchema, figures: z.record(z.string(), z.unknown()) }),
  ]);
}

// ---- figures, per benchmark ---------------------------------------------------------------

/** A figure the run may lack (NaN in the run: the server did not report it), null in the file. */
const unmeasured = z.number().nullable();
const count = z.number().int().nonnegative();
const strings = z.array(z.string());

/** bench/fanout.ts: fan-out ZADD and stream XADD against redis-benchmark -P 16. */
export const FanoutFiguresSchema = z.object({
  followers: count,
  posts: count,
  batchSize: count,
  fanoutConcurrency: count,
  repeats: count,
  zaddPerSec: z.number(),
  zaddIoredisPerSec: z.number(),
  redisBenchmarkZaddPerSec: z.number(),
  zaddRatio: z.number(),
  zaddIoredisRatio: z.number(),
  mastodonCommandsPerSec: z.number(),
  xaddPerSec: z.number(),
  redisBenchmarkXaddPerSec: z.number(),
  xaddRatio: z.number(),
  /** INFO commandstats usec_per_call of ZADD. */
  redisUsecPerZadd: z.object({ fanout: unmeasured, redisBenchmark: unmeasured }),
  /** Share of the wall time Redis's main thread was on a CPU (INFO cpu). */
  redisBusyShare: z.object({ fanout: unmeasured, redisBenchmark: unmeasured }),
  redisBenchmarkRandomKeysZaddPerSec: z.number(),
  zaddRatioRandomKeys: z.number(),
  redisUsecPerZaddRandomKeys: unmeasured,
  /** Every repeat, before the medians above. */
  runs: z.object({
    writerRuns: z.array(z.number()),
    ioredisRuns: z.array(z.number()),
    mastodonRuns: z.array(z.number()),
    rbZadd: z.array(z.number()),
    xaddOurs: z.array(z.number()),
    rbXadd: z.array(z.number()),
    writerZaddUs: z.array(unmeasured),
    rbZaddUs: z.array(unmeasured),
    rbLike: z.array(z.number()),
    rbLikeUs: z.array(unmeasured),
  }),
  redisBenchmarkArgs: z.object({ zadd: strings, zaddRandomKeys: strings, xadd: strings }),
});
export type FanoutFigures = z.infer<typeof FanoutFiguresSchema>;

/** Per master, in the cluster's master order (by first slot). */
const perNode = z.array(z.number());
const perNodeShares = z.array(unmeasured);

const ClusterFanoutRowSchema = z.object({
  masters: count,
  /** Fan-out ZADDs/s through TimelineModel + ClusterTransport (median of the repeats). */
  zaddPerSec: z.number(),
  /** redis-benchmark --cluster -t zadd: one ZSET per node (myzset:{tag}), random members. */
  redisBenchmarkZaddPerSec: z.number(),
  /** redis-benchmark --cluster with the fan-out's key pattern: random keys among `followers` per node. */
  redisBenchmarkKeysZaddPerSec: z.number(),
  /** zaddPerSec / redisBenchmarkZaddPerSec, and / redisBenchmarkKeysZaddPerSec. */
  ratio: z.number(),
  ratioKeys: z.number(),
  /** Fan-out ZADDs each master executed (ClusterTransport.nodeStats), one run. */
  perNodeZadds: z.array(count),
  /** max / mean of perNodeZadds (1 = even). */
  zaddBalance: z.number(),
  /** Share of the wall time each master's main thread was on a CPU (INFO cpu): fan-out, redis-benchmark (-t zadd). */
  redisBusyShare: perNodeShares,
  redisBusyShareRedisBenchmark: perNodeShares,
  /** CPU of the Node process (the client) / wall time, during the fan-out. */
  clientCpuShare: z.number(),
  /** Both cores' busy share (os.cpus(), every process on the machine) during the fan-out and redis-benchmark. */
  machineBusyShare: unmeasured,
  machineBusyShareRedisBenchmark: unmeasured,
  /** INFO commandstats usec_per_call of ZADD, mean over the masters. */
  redisUsecPerZadd: unmeasured,
  redisUsecPerZaddRedisBenchmark: unmeasured,
  runs: z.object({ zadd: z.array(z.number()), redisBenchmark: z.array(z.number()), redisBenchmarkKeys: z.array(z.number()) }),
});
export type ClusterFanoutRow = z.infer<typeof ClusterFanoutRowSchema>;

export const MIXED_SETTINGS = ['one server', 'cluster'] as const;
/** The ways engine/cluster/mixedFeed.ts reads the mixed feed, and its two key layouts. */
export const MIXED_VARIANTS = ['zunionstore', 'colocated', 'client'] as const satisfies readonly MixedVariant[];
export const MIXED_TAGS = ['per-user', 'one'] as const satisfies readonly MixedFeedLayout['tags'][];
const MixedVariantRowSchema = z.object({
  setting: z.enum(MIXED_SETTINGS),
  variant: z.enum(MIXED_VARIANTS),
  /** per-user: {u<id>} per user, the city list under its own tag; one: every key under {mix}. */
  tags: z.enum(MIXED_TAGS),
  attempts: count,
  /** Reads Redis refused (CROSSSLOT). */
  refused: count,
  /** null when every read was refused. */
  p50Ms: z.number().nullable(),
  p99Ms: z.number().nullable(),
});
export type MixedVariantRow = z.infer<typeof MixedVariantRowSchema>;

const MixedLayoutMemorySchema = z.object({
  tags: z.enum(MIXED_TAGS),
  /** used_memory gained by each master while the layout was filled, and its keys (DBSIZE delta). */
  perNodeBytes: perNode,
  perNodeKeys: perNode,
  /** The busiest master's share of the layout's bytes (1/masters = even, 1 = one node holds it all). */
  busiestShare: z.number(),
});

const ReshardRowSchema = z.object({
  slots: count,
  fromMaster: count,
  toMaster: count,
  durationMs: z.number(),
  keysMoved: count,
  bytesMoved: count,
  migrateCalls: count,
  migrateMeanUs: z.number(),
  msPerSlot: z.number(),
  /** null when no bytes moved. */
  msPerMiB: z.number().nullable(),
  /** null: moved with nothing writing; otherwise the fan-out that wrote meanwhile and what it met. */
  writer: z.object({
    posts: count,
    zadds: count,
    /** The writer's pause between two posts. */
    pauseMs: z.number(),
    moved: count,
    ask: count,
    tryAgain: count,
    errors: count,
    /** TimelineModel.auditFeeds of the sampled timelines against a replay of their deliveries. */
    auditedUsers: count,
    lost: count,
    extra: count,
  }).nullable(),
});
export type ReshardRow = z.infer<typeof ReshardRowSchema>;

const HotSpotRowSchema = z.object({
  mode: z.enum(['pull', 'push']),
  reads: count,
  readsPerSec: z.number(),
  p50Ms: z.number(),
  p99Ms: z.number(),
  /** Commands each master received for the reads (ClusterTransport.nodeStats). */
  perNodeCommands: z.array(count),
  perNodeCommandShare: perNode,
  /** max / mean of perNodeCommands. */
  imbalance: z.number(),
  /** The master that holds the celebrity's outbox (index in master order), and its share of the commands. */
  hotMaster: count,
  hotMasterShare: z.number(),
  redisBusyShare: perNodeShares,
});
export type HotSpotRow = z.infer<typeof HotSpotRowSchema>;

/** bench/cluster.ts: the Timeline on a private Redis Cluster: fan-out scaling, the mixed feed, resharding, a hot key. */
export const ClusterFiguresSchema = z.object({
  cores: count,
  fanout: z.object({
    followers: count,
    posts: count,
    batchSize: count,
    fanoutConcurrency: count,
    repeats: count,
    rows: z.array(ClusterFanoutRowSchema).min(1),
    /** zaddPerSec at N masters / at 1 master, for the engine and for redis-benchmark. */
    scaling: z.array(z.object({ masters: count, engine: z.number(), redisBenchmark: z.number() })),
    redisBenchmarkArgs: z.object({ zadd: strings, zaddKeys: strings }),
  }),
  mixed: z.object({
    masters: count,
    users: count,
    cities: count,
    entriesPerSource: count,
    pageSize: count,
    variants: z.array(MixedVariantRowSchema).min(1),
    /** The CROSSSLOT error as the engine reports it (first refusal), or null if none was refused. */
    crossSlotMessage: z.string().nullable(),
    memory: z.array(MixedLayoutMemorySchema),
    /** INFO commandstats usec_per_call of ZUNIONSTORE on one server (Redis's own time per merge). */
    oneServerZunionstoreUsec: unmeasured,
    /** Cluster client-side merge p50 / one-server ZUNIONSTORE p50 (and p99). */
    clientVsOneServerP50: z.number().nullable(),
    clientVsOneServerP99: z.number().nullable(),
  }),
  reshard: z.object({
    masters: count,
    timelines: count,
    entriesPerTimeline: count,
    rows: z.array(ReshardRowSchema).min(1),
  }),
  hotspot: z.object({
    masters: count,
    followers: count,
    celebrityKeys: strings,
    rows: z.array(HotSpotRowSchema).min(1),
  }),
});
export type ClusterFigures = z.infer<typeof ClusterFiguresSchema>;

const WriterPointSchema = z.object({ qps: z.number(), p50Ms: z.number(), p99Ms: z.number(), rejected: count });
const WriterRowSchema = z.object({
  clients: count,
  sync: WriterPointSchema,
  pipeline: WriterPointSchema,
  qpsRatio: z.number(),
  maxQueueDepth: count,
  batches: count,
  meanBatch: z.number(),
});
export type WriterRow = z.infer<typeof WriterRowSchema>;

/** bench/writer.ts (article 2.2): synchronous writer vs the sharded pipeline, per client count. */
export const WriterFiguresSchema = z.object({
  shards: count,
  flushBatch: count,
  flushIntervalMs: z.number(),
  queueCapacity: count,
  secondsPerPoint: z.number(),
  points: z.array(WriterRowSchema).min(1),
  /** The point of the summary line (the most clients). */
  headline: WriterRowSchema,
  article: z.object({ sync: z.object({ qps: z.number(), p99Ms: z.number() }), pipeline: z.object({ qps: z.number(), p99Ms: z.number() }) }),
});
export type WriterFigures = z.infer<typeof WriterFiguresSchema>;

const PullReadPointSchema = z.object({
  concurrency: count,
  pipelinedQps: z.number(),
  sequentialQps: z.number(),
  /** pipelinedQps / sequentialQps. */
  ratio: z.number(),
  pipelinedP99Ms: z.number(),
  sequentialP99Ms: z.number(),
  pipelinedIoredisQps: z.number(),
});
export type PullReadPoint = z.infer<typeof PullReadPointSchema>;

/** bench/pullRead.ts (article 2.3): pipelined vs one-at-a-time outbox reads. */
export const PullReadFiguresSchema = z.object({
  readers: count,
  authors: count,
  followees: count,
  itemsPerOutbox: count,
  secondsPerPoint: z.number(),
  points: z.array(PullReadPointSchema).min(1),
  medianRatio: z.number(),
  article: z.object({ pipelinedQps: z.number(), sequentialQps: z.number(), ratio: z.number() }),
});
export type PullReadFigures = z.infer<typeof PullReadFiguresSchema>;

const DelayPhaseSchema = z.object({
  label: z.string(),
  p50Ms: z.number(),
  p99Ms: z.number(),
  maxMs: z.number(),
  reads: count,
  timeouts: count,
  maxInFlight: count,
  meanInFlight: z.number(),
  spikes: count,
});
export type DelayPhase = z.infer<typeof DelayPhaseSchema>;

/** bench/delay.ts (article 2.5): reads under injected delay spikes, without and with a timeout. */
export const DelayFiguresSchema = z.object({
  rate: z.number(),
  seconds: z.number(),
  users: count,
  itemsPerTimeline: count,
  spikes: z.object({ baseMs: z.number(), spikeMs: z.number(), spikeProbability: z.number() }),
  timeoutMs: z.number(),
  /** No injected delay; spikes without a timeout; spikes with the timeout. */
  phases: z.tuple([DelayPhaseSchema, DelayPhaseSchema, DelayPhaseSchema]),
  article: z.object({ without: z.object({ p99Ms: z.number(), inFlight: z.number() }), with: z.object({ p99Ms: z.number(), inFlight: z.number() }) }),
});
export type DelayFigures = z.infer<typeof DelayFiguresSchema>;

const ZsetMemoryRowSchema = z.object({
  /** Which members: "numeric id (ours)" or the article's "post:123456789". */
  member: z.string(),
  members: count,
  /** OBJECT ENCODING: listpack or skiplist. */
  encoding: z.string(),
  memoryUsageBytesPerMember: z.number(),
  usedMemoryBytesPerMember: z.number(),
});
export type ZsetMemoryRow = z.infer<typeof ZsetMemoryRowSchema>;
const ZsetPageSchema = z.object({ members: count, offset: count, p50Ms: z.number(), p99Ms: z.number() });
export type ZsetPage = z.infer<typeof ZsetPageSchema>;

/** bench/zset.ts (chapter 1, 4.1): bytes per ZSET member, deep-page latency. */
export const ZsetFiguresSchema = z.object({
  sizes: z.array(count),
  memory: z.array(ZsetMemoryRowSchema),
  /** Deepest page last. */
  pages: z.array(ZsetPageSchema).min(1),
  pageSize: count,
  repeats: count,
  worstTailP99Ms: z.number(),
  skiplistBytesPerMember: z.number(),
  skiplistBytesPerMemberArticleIds: z.number(),
  /** SLOWLOG GET 1, as the server replied. */
  slowlogSample: z.array(z.unknown()),
  article: z.object({ bytesPerMember: z.number(), bytesPerNode: z.number(), tailPageMs: z.number() }),
});
export type ZsetFigures = z.infer<typeof ZsetFiguresSchema>;

const AdjacencyRowSchema = z.object({
  edges: count,
  users: count,
  setBytesPerEdge: z.number(),
  roaringBytesPerEdge: z.number(),
  bloomBytesPerEdge: z.number(),
  compressedBytesPerEdge: z.number(),
  setNs: z.number(),
  roaringNs: z.number(),
  compressedNs: z.number(),
  bloomFpr: z.number(),
  bloomHashes: count,
  roaringSerializedBytesPerEdge: z.number(),
});
export type AdjacencyRow = z.infer<typeof AdjacencyRowSchema>;

/** bench/adjacency.ts (article 3.3): Set vs Roaring + Bloom. */
export const AdjacencyFiguresSchema = z.object({
  falsePositiveRate: z.number(),
  queries: count,
  /** The largest graph last. */
  rows: z.array(AdjacencyRowSchema).min(1),
  extrapolated1e9: z.object({ setBytes: z.number(), compressedBytes: z.number(), ratio: z.number(), fromEdges: count }),
  bloomFiltersPackage: z.object({ addNs: z.number(), hasNs: z.number(), bytesForEdges: z.number(), sampleFpr: z.number() }),
  article: z.object({
    edges: z.number(),
    setBytes: z.number(),
    compressedBytes: z.number(),
    setNs: z.number(),
    compressedNs: z.number(),
    fpr: z.number(),
    bloomBytes: z.number(),
    bloomHashes: count,
  }),
});
export type AdjacencyFigures = z.infer<typeof AdjacencyFiguresSchema>;

const PercentilesSchema = z.object({ p50Ms: z.number(), p99Ms: z.number() });
/** Latency of each recall path's span (graph.recall.<path>) over the all-Cypher refreshes. */
const RecallPercentilesSchema = z.record(z.enum(RECALL_PATHS), PercentilesSchema);
const GraphReadPathRowSchema = z.object({
  users: count,
  follows: count,
  /** Engine.load: generate, Redis, and the graph store. */
  loadMs: z.number(),
  /** The graph store's part of it (report.json graphStore.loadMs); absent in files before the Neo4j comparison. */
  storeLoadMs: z.number().optional(),
  /** Every recall path a Cypher query. */
  cypher: PercentilesSchema,
  /** Follow in Cypher; interest, city and topic from the hot lists. */
  hot: PercentilesSchema,
  /** cypher p99 / hot p99. */
  p99Ratio: z.number(),
  /** Per recall path, over the all-Cypher refreshes; and the ONNX rank span. Absent in older files. */
  recall: RecallPercentilesSchema.optional(),
  rank: PercentilesSchema.optional(),
  meanCandidates: z.number(),
  samples: count,
});
export type GraphReadPathRow = z.infer<typeof GraphReadPathRowSchema>;

/** Neo4j / LadybugDB at one size (> 1: Neo4j is slower). */
const GraphStoreRatioSchema = z.object({
  users: count,
  loadMs: z.number(),
  storeLoadMs: z.number(),
  cypherP50: z.number(),
  cypherP99: z.number(),
  hotP99: z.number(),
  recallP99: z.record(z.enum(RECALL_PATHS), z.number()),
});
export type GraphStoreRatio = z.infer<typeof GraphStoreRatioSchema>;

/** bench/graph.ts: the graph model's read path on LadybugDB (and Neo4j beside it), ONNX ranking throughput. */
export const GraphFiguresSchema = z.object({
  /** LadybugDB. */
  rows: z.array(GraphReadPathRowSchema).min(1),
  p99TargetMs: z.number(),
  /** null: the 100k-user size did not run (--quick). */
  p99Ms100k: z.object({ cypher: z.number(), hot: z.number() }).nullable(),
  targetMet100k: z.object({ cypher: z.boolean(), hot: z.boolean() }).nullable(),
  onnx: z.array(z.object({ batch: count, candidatesPerSec: z.number(), callsPerSec: z.number() })),
  rankerFile: z.string(),
  /**
   * The same read path on a private Neo4j (tools/neo4j), run after LadybugDB on the same
   * scenarios; "skipped" (no Java or Maven) or "failed" with why. Absent in files before it.
   */
  neo4j: z.discriminatedUnion('status', [
    z.object({ status: z.literal('ran'), version: z.string(), startMs: z.number(), rows: z.array(GraphReadPathRowSchema).min(1), ratios: z.array(GraphStoreRatioSchema) }),
    z.object({ status: z.enum(['skipped', 'failed']), reason: z.string() }),
  ]).optional(),
});
export type GraphFigures = z.infer<typeof GraphFiguresSchema>;

const RendererMotionSchema = z.object({
  fps: z.number(),
  frames: count,
  rendersPerSec: z.number(),
  longestTaskMs: z.number(),
  /** Main-thread task time per animation frame (CDP Performance TaskDuration). */
  taskMsPerFrame: unmeasured,
  /** 1000 / taskMsPerFrame. */
  uncappedFps: unmeasured,
  /** Scripted runs only: taskMsPerFrame of each run, and the median of the runs after the first. */
  trialsMsPerFrame: z.array(unmeasured).optional(),
  warmMsPerFrame: unmeasured.optional(),
});
export type RendererMotion = z.infer<typeof RendererMotionSchema>;

export const RENDERER_PAGES = ['naive cytoscape', 'feedscope view'] as const;
const RendererRowSchema = z.object({
  page: z.enum(RENDERER_PAGES),
  users: count,
  drawnNodes: count,
  drawnEdges: count,
  firstFrameMs: z.number(),
  /** null on the naive page (its data is inline: no view arrives). */
  viewToFrameMs: z.number().nullable(),
  reopenFirstFrameMs: z.number().nullable(),
  reopenViewToFrameMs: z.number().nullable(),
  mouse: RendererMotionSchema,
  scripted: RendererMotionSchema,
  longestTaskMs: z.number(),
  longestTaskLoadMs: z.number(),
});
export type RendererRow = z.infer<typeof RendererRowSchema>;

/** bench/renderer.ts: the graph view in headless Chromium beside a naive cytoscape page. */
export const RendererFiguresSchema = z.object({
  viewport: z.object({ width: count, height: count }),
  panZoomMs: z.number(),
  naiveLayout: z.string(),
  scripted: z.object({ zoomPeriodMs: z.number(), panPeriodMs: z.number(), panPx: z.number(), trials: count }),
  rows: z.array(RendererRowSchema),
  /** fps<users><Mouse|Scripted|Uncapped|Warm>: Feedscope / naive. */
  ratios: z.record(z.string(), z.number()),
  fpsRatioCheckedOn: z.string(),
  /** The first-frame check at the largest size; null when it did not run (--quick). */
  firstFrame: z
    .object({
      checkedOn: z.string(),
      users: count,
      checkedMs: z.number(),
      viewToFrameWhileLoadingMs: z.number(),
      reopenViewToFrameMs: z.number(),
      reopenFromNavigationMs: z.number(),
      fromFileMs: z.number(),
      engineMs: z.number(),
      met: z.boolean(),
      why: z.string(),
    })
    .nullable(),
  longestTaskWhilePlayingMs: z.number(),
  targets: z.object({ fpsRatio: z.number(), firstFrameMs: z.number(), longTaskMs: z.number() }),
});
export type RendererFigures = z.infer<typeof RendererFiguresSchema>;

/** bench/scale.ts: scale-100k generated, loaded and played at 1x. */
export const ScaleFiguresSchema = z.object({
  users: count,
  follows: count,
  generateMs: z.number(),
  loadMs: z.number(),
  /** Wall time per loading stage the engine reported (status.loading.stage). */
  loadStagesMs: z.record(z.string(), z.number()),
  loadTargetMs: z.number(),
  playSimulatedSec: z.number(),
  playWallMs: z.number(),
  maxBehindMs: z.number(),
  frames: count,
  framesBehind100ms: count,
  // The next three are report.json's sections (engine/api/report.ts), copied whole: the figures
  // read here are declared, the rest passes through as the report has it.
  fanout: z.looseObject({ posts: count, zadds: count, trims: count, maxLagMs: z.number() }).nullable(),
  readP99Ms: z.number(),
  graphStoreLoadMs: z.number().nullable(),
  graphRead: z.looseObject({ count, p50Ms: z.number(), p99Ms: z.number() }).nullable(),
  rssStartBytes: z.number(),
  rssLoadedBytes: z.number(),
  rssPeakBytes: z.number(),
  redisUsedMemoryBytes: z.number(),
  /** Events played, per kind (report.json's run.events). */
  events: z.record(z.string(), count),
});
export type ScaleFigures = z.infer<typeof ScaleFiguresSchema>;

// ---- one schema per results file ----------------------------------------------------------

export const FanoutResultSchema = benchResultSchema('fanout', FanoutFiguresSchema);
export const ClusterResultSchema = benchResultSchema('cluster', ClusterFiguresSchema);
export const WriterResultSchema = benchResultSchema('writer', WriterFiguresSchema);
export const PullReadResultSchema = benchResultSchema('pullread', PullReadFiguresSchema);
export const DelayResultSchema = benchResultSchema('delay', DelayFiguresSchema);
export const ZsetResultSchema = benchResultSchema('zset', ZsetFiguresSchema);
export const AdjacencyResultSchema = benchResultSchema('adjacency', AdjacencyFiguresSchema);
export const GraphResultSchema = benchResultSchema('graph', GraphFiguresSchema);
export const RendererResultSchema = benchResultSchema('renderer', RendererFiguresSchema);
export const ScaleResultSchema = benchResultSchema('scale', ScaleFiguresSchema);

/** The schema of bench/results/<name>.json, by benchmark. */
export const BENCH_RESULT_SCHEMAS = {
  fanout: FanoutResultSchema,
  cluster: ClusterResultSchema,
  writer: WriterResultSchema,
  pullread: PullReadResultSchema,
  delay: DelayResultSchema,
  zset: ZsetResultSchema,
  adjacency: AdjacencyResultSchema,
  graph: GraphResultSchema,
  renderer: RendererResultSchema,
  scale: ScaleResultSchema,
} as const satisfies Record<BenchName, z.ZodType>;

/** Names of the schemas, for messages ("does not match ZsetResultSchema at $.figures.pages"). */
export const BENCH_RESULT_SCHEMA_NAMES: Record<BenchName, string> = {
  fanout: 'FanoutResultSchema',
  cluster: 'ClusterResultSchema',
  writer: 'WriterResultSchema',
  pullread: 'PullReadResultSchema',
  delay: 'DelayResultSchema',
  zset: 'ZsetResultSchema',
  adjacency: 'AdjacencyResultSchema',
  graph: 'GraphResultSchema',
  renderer: 'RendererResultSchema',
  scale: 'ScaleResultSchema',
};

/** The figures of each benchmark when its status is "ok". */
export interface BenchFigures {
  fanout: FanoutFigures;
  cluster: ClusterFigures;
  writer: WriterFigures;
  pullread: PullReadFigures;
  delay: DelayFigures;
  zset: ZsetFigures;
  adjacency: AdjacencyFigures;
  graph: GraphFigures;
  renderer: RendererFigures;
  scale: ScaleFigures;
}

/** A results file of benchmark N that measured something: its figures are typed. */
export type OkBenchResult<N extends BenchName> = Omit<BenchEnvelope, 'status' | 'figures'> & { name: N; status: 'ok'; figures: BenchFigures[N] };
/** A results file of a run that failed or could not run. */
export type NotOkBenchResult = Omit<BenchEnvelope, 'status'> & { status: BenchNotOkStatus };
export type BenchResult<N extends BenchName> = OkBenchResult<N> | NotOkBenchResult;

// ---- checking ------------------------------------------------------------------------------

export type BenchResultCheck<T> = { ok: true; result: T } | { ok: false; path: string; message: string };

/**
 * `raw` (a results file's JSON value) against `schema`: the parsed result, or the first problem
 * with its JSON path (`$.figures.points[0].ratio`). With `strict`, a key the schema does not
 * declare is a problem too (bench/ writes with strict: every figure it writes is declared here;
 * the ledger reads without, so a file with figures added since still reads).
 */
export function checkBenchResult<T>(schema: z.ZodType<T>, raw: unknown, opts: { strict?: boolean } = {}): BenchResultCheck<T> {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = firstIssue(parsed.error.issues);
    return { ok: false, path: jsonPath(issue.path), message: issue.message };
  }
  if (opts.strict) {
    const extra = undeclaredKey(raw, parsed.data, []);
    if (extra) return { ok: false, path: jsonPath(extra), message: 'not declared in the schema: declare the figure there' };
  }
  return { ok: true, result: parsed.data };
}

/** `raw` against the schema of bench/results/<name>.json, whichever benchmark `name` is (bench/ checks strict before it writes). */
export function checkBenchFile(name: BenchName, raw: unknown, opts: { strict?: boolean } = {}): BenchResultCheck<unknown> {
  const schema: z.ZodType = BENCH_RESULT_SCHEMAS[name];
  return checkBenchResult(schema, raw, opts);
}

/**
 * The issue to report: in a union (a results file is "ok" with typed figures, or not), the
 * branch that got furthest into the value, i.e. whose first issue has the longest path.
 */
function firstIssue(issues: readonly z.core.$ZodIssue[]): { path: PropertyKey[]; message: string } {
  const issue = issues[0];
  if (issue.code === 'invalid_union' && issue.errors.length > 0) {
    const branches = issue.errors.filter((b) => b.length > 0);
    const best = branches.reduce((a, b) => {
      const da = firstIssue(a).path.length;
      const db = firstIssue(b).path.length;
      return db > da || (db === da && b.length < a.length) ? b : a;
    });
    const inner = firstIssue(best);
    return { path: [...issue.path, ...inner.path], message: inner.message };
  }
  return { path: [...issue.path], message: issue.message };
}

/** The path of the first object key in `raw` that `parsed` (zod's output, unknown keys stripped) lacks. */
function undeclaredKey(raw: unknown, parsed: unknown, at: PropertyKey[]): PropertyKey[] | null {
  if (Array.isArray(raw) && Array.isArray(parsed)) {
    for (let i = 0; i < raw.length; i++) {
      const found = undeclaredKey(raw[i], parsed[i], [...at, i]);
      if (found) return found;
    }
    return null;
  }
  if (isRecord(raw) && isRecord(parsed)) {
    for (const [k, v] of Object.entries(raw)) {
      if (!(k in parsed)) return [...at, k];
      const found = undeclaredKey(v, parsed[k], [...at, k]);
      if (found) return found;
    }
  }
  return null;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
