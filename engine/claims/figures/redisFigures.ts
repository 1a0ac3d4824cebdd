/** The figures of the Redis benchmarks: fanout, cluster, writer, pullread, delay (see engine/claims/benchResults.ts). */
import { z } from 'zod';
import type { MixedFeedLayout, MixedVariant } from '../../cluster/mixedFeed.js';
import { count, strings, unmeasured } from './common.js';

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

