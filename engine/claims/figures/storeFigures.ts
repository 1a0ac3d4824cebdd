/** The figures of the structure, graph-store, renderer and scale benchmarks (see engine/claims/benchResults.ts). */
import { z } from 'zod';
import { RECALL_PATHS } from '../../api/names.js';
import { count, unmeasured } from './common.js';

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
const ScaleRunFiguresSchema = z.object({
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
  /** Reset after the play (Engine.reset: the graph kept, the graph store reverted), wall ms; target < 3 s at 100k. Absent in files of older runs. */
  resetMs: z.number().optional(),
  // Issue 19's figures (absent in files of older runs): the graph read's p99 target, the XACK
  // after the page, recall + rank side by side (lists as the reads, all-Cypher), the engine's
  // event-loop delay while playing.
  graphReadTargetMs: z.number().optional(),
  graphAck: z.looseObject({ count, p50Ms: z.number(), p99Ms: z.number() }).nullable().optional(),
  recallRank: z.object({ lists: z.object({ count, p50Ms: z.number(), p99Ms: z.number() }), cypher: z.object({ count, p50Ms: z.number(), p99Ms: z.number() }) }).nullable().optional(),
  eventLoop: z.object({ p50Ms: z.number(), p99Ms: z.number(), maxMs: z.number() }).nullable().optional(),
});
export const ScaleFiguresSchema = ScaleRunFiguresSchema.extend({
  /** sample-graphs/scale-1m.json the same way (not with --quick): load CPU time beside wall time, as the machine is shared; its RSS target. */
  million: ScaleRunFiguresSchema.extend({ loadCpuMs: z.number(), rssTargetBytes: z.number() }).nullable().optional(),
});
export type ScaleFigures = z.infer<typeof ScaleFiguresSchema>;

