/**
 * The scenario file format (sample-graphs/*.json), as a zod schema. Objects are strict: a
 * misspelt key is an error that names it, not a silently ignored setting.
 *
 * Every number has an upper bound, chosen from what the generator and the event stream allocate
 * for it (a rate becomes events per tick, a follow count becomes typed-array slots), so that no
 * value that validates can exhaust memory by itself. What a run needs from the values together
 * (users x follows, rates x duration) is estimated against the machine by budget.ts.
 */
import { z } from 'zod';
import { GRAPH_STORE_KINDS, MODEL_NAMES, SCORE_STRATEGIES } from '../api/names.js';
import { checkFaultSchedule, FaultsSchema } from './faultsSchema.js';
import { CausalitySchema } from '../causality/schema.js';
import { MigrationSchema } from '../migration/schema.js';

const share = z.number().min(0).max(1);

/** The writers of a post's own Timeline writes (article 2.2; engine/timeline/ShardedWriter.ts). */
export const TIMELINE_WRITERS = ['sync', 'pipeline'] as const;

/** Most users of a scenario (the generator's typed arrays; a 1M-user scenario is in range). */
export const MAX_USERS = 2_000_000;
/** Most mean follows per user: a user's follows are drawn into one buffer (Twitter caps follows at 5,000). */
export const MAX_AVG_FOLLOWS = 10_000;
/**
 * Most follows a generated graph may ask for (users x avgFollows + celebrity followers): CSR
 * offsets are Uint32 and V8's typed arrays end at 2^32 elements, of which the generator's edge
 * buffer reserves 5% more than asked.
 */
export const MAX_GENERATED_EDGES = 4_000_000_000;
/** Most follow or unfollow events per simulated second (each one changes the live graph). */
export const MAX_FOLLOWS_PER_SEC = 10_000;
/** Most reads or interactions per simulated second (a 10 s tick then holds 1M events of a kind). */
export const MAX_EVENTS_PER_SEC = 100_000;
/** Publish times are whole milliseconds and unique per post: at most 1,000 posts per second in all. */
export const MAX_POSTS_PER_SEC = 1000;
/** The longest scenario, simulated seconds (one day). */
export const MAX_DURATION_SEC = 86_400;
/** 2100-01-01T00:00:00Z: simulated clocks start before it (ms scores stay far inside 2^53). */
export const MAX_START_EPOCH_MS = 4_102_444_800_000;
const MAX_PATH_CHARS = 4096;

export const AttributesSchema = z
  .object({
    cities: z.number().int().min(1).max(10_000).default(8),
    tags: z.number().int().min(1).max(100_000).default(60),
    topics: z.number().int().min(1).max(10_000).default(12),
    interestsPerUser: z.number().int().min(0).max(50).default(3),
  })
  .strict();

export const GeneratorGraphSchema = z
  .object({
    kind: z.literal('generator'),
    users: z.number().int().min(2).max(MAX_USERS),
    /** Mean follows per user; below `users` (nobody follows themselves). */
    avgFollows: z.number().positive().max(MAX_AVG_FOLLOWS),
    /** Exponent alpha of the follower-count power law P(k) ~ k^-alpha; smaller means heavier tail. */
    followerExponent: z.number().gt(1).max(5).default(2.2),
    /** Accounts that a given number of random users follow on top of the power law. */
    celebrities: z
      .object({ count: z.number().int().min(1).max(100), followers: z.number().int().min(1).max(MAX_USERS) })
      .strict()
      .optional(),
    attributes: AttributesSchema.default({ cities: 8, tags: 60, topics: 12, interestsPerUser: 3 }),
  })
  .strict()
  .superRefine((g, ctx) => {
    if (g.avgFollows > g.users - 1) {
      ctx.addIssue({ code: 'custom', path: ['avgFollows'], message: `a user follows at most the ${g.users - 1} other users: give avgFollows of at most ${g.users - 1} (or more users)` });
    }
    const edges = g.users * Math.min(g.avgFollows, g.users - 1) + (g.celebrities ? g.celebrities.count * Math.min(g.celebrities.followers, g.users - 1) : 0);
    if (edges > MAX_GENERATED_EDGES) {
      ctx.addIssue({ code: 'custom', path: ['avgFollows'], message: `users x avgFollows asks for about ${Math.round(edges).toLocaleString('en-US')} follows, more than a graph can hold (${MAX_GENERATED_EDGES.toLocaleString('en-US')}): lower avgFollows or users` });
    }
  });

export const EdgeListGraphSchema = z
  .object({
    kind: z.literal('edgeList'),
    /** Path of the edge list, relative to the scenario file, inside its folder (or below it). */
    file: z.string().min(1).max(MAX_PATH_CHARS),
    /** snap: `u v [...]` per line, `#` comments. csv: comma separated, optional header. */
    format: z.enum(['snap', 'csv']).default('snap'),
    header: z.boolean().default(false),
    /** Column (0-based index, or a header name) of the follower and of the followed account. */
    sourceColumn: z.union([z.number().int().min(0).max(1000), z.string().min(1).max(256)]).default(0),
    targetColumn: z.union([z.number().int().min(0).max(1000), z.string().min(1).max(256)]).default(1),
    attributes: AttributesSchema.default({ cities: 8, tags: 60, topics: 12, interestsPerUser: 3 }),
  })
  .strict();

export const GraphSchema = z.discriminatedUnion('kind', [GeneratorGraphSchema, EdgeListGraphSchema]);

export const WorkloadSchema = z
  .object({
    durationSec: z.number().positive().max(MAX_DURATION_SEC),
    /** Simulated milliseconds per player tick. */
    tickMs: z.number().int().min(10).max(10_000).default(100),
    /** Publish times are whole milliseconds and unique per post, so at most 1,000 posts per second. */
    postsPerSec: z.number().min(0).max(MAX_POSTS_PER_SEC),
    readsPerSec: z.number().min(0).max(MAX_EVENTS_PER_SEC),
    pageSize: z.number().int().min(1).max(500).default(20),
    /** Share of reads that page by cursor (the rest page by offset). */
    cursorReadShare: share.default(0.5),
    /** Share of reads that go deep, and how deep (items from the top). */
    deepReadShare: share.default(0),
    deepReadOffset: z.number().int().min(0).max(1_000_000).default(600),
    followsPerSec: z.number().min(0).max(MAX_FOLLOWS_PER_SEC).default(0),
    unfollowsPerSec: z.number().min(0).max(MAX_FOLLOWS_PER_SEC).default(0),
    /** Likes and comments, for the graph model's relationship strength. */
    interactionsPerSec: z.number().min(0).max(MAX_EVENTS_PER_SEC).default(0),
    /** Extra posts of the most followed authors: postsPerMinute each (60,000: one per ms). */
    celebrityPosting: z
      .object({ topAuthors: z.number().int().min(1).max(100), postsPerMinute: z.number().min(0).max(60 * MAX_POSTS_PER_SEC) })
      .strict()
      .optional(),
    /** Wall-clock epoch of simulated t=0, in ms. */
    startEpochMs: z.number().int().min(0).max(MAX_START_EPOCH_MS).default(1_767_225_600_000),
  })
  .strict()
  .superRefine((w, ctx) => {
    const celebrityPerSec = w.celebrityPosting ? (w.celebrityPosting.topAuthors * w.celebrityPosting.postsPerMinute) / 60 : 0;
    if (w.celebrityPosting && w.postsPerSec + celebrityPerSec > MAX_POSTS_PER_SEC) {
      ctx.addIssue({
        code: 'custom',
        path: ['celebrityPosting', 'postsPerMinute'],
        message: `postsPerSec plus celebrity posting (topAuthors x postsPerMinute / 60 = ${celebrityPerSec.toFixed(1)}/s) exceeds ${MAX_POSTS_PER_SEC} posts per second (publish times are unique ms): lower one of them`,
      });
    }
  });

export const TimelineSchema = z
  .object({
    preset: z.enum(['mastodon', 'stream-framework', 'bluesky-lossy', 'custom']).default('mastodon'),
    mode: z.enum(['push', 'pull', 'hybrid']).default('push'),
    /** Overrides of the preset's constants. */
    maxLength: z.number().int().min(1).max(1_000_000).optional(),
    batchSize: z.number().int().min(1).max(100_000).optional(),
    trimProbability: share.optional(),
    lossyFollowsThreshold: z.number().int().min(1).max(MAX_USERS).nullable().optional(),
    /** Hybrid: authors with at least this many followers are pulled, not pushed. */
    hybridFollowerThreshold: z.number().int().min(1).max(MAX_USERS).default(5000),
    outboxMaxLength: z.number().int().min(1).max(100_000).default(800),
    /** Share of pull reads done one command at a time instead of pipelined, for comparison. */
    pullSequentialShare: share.default(0),
    /**
     * Share of users active at t=0 (Mastodon's User::ACTIVE_DURATION; engine/timeline/TimelineModel.ts):
     * fan-out skips the others, and a user's first read makes them active and regenerates their
     * feed from the outboxes first. Absent: 1, everyone active.
     */
    activeShare: share.optional(),
    /** Fan-out chunks (pipelines) allowed in flight at once. */
    fanoutConcurrency: z.number().int().min(1).max(64).default(4),
    /**
     * The path of a post's own writes (the author's timeline ZADD and trim, the outbox LPUSH and
     * LTRIM). Absent: today's path (outbox written by the post, the author's timeline in the first
     * fan-out chunk). sync: SyncTimelineWriter (validated, one round trip at a time, the post waits);
     * pipeline: ShardedWriter of article 2.2 (router, validator, flusher; the post waits only for
     * room in its shard's queue). Fan-out to followers starts once the own writes are written.
     */
    writer: z.enum(TIMELINE_WRITERS).optional(),
    /**
     * The sharded writer's settings (writer "pipeline"); each absent one is the article's constant
     * (engine/timeline/presets.ts: 8 shards, flush at 50 events or 100 ms; queues of 1,024).
     */
    writerPipeline: z
      .object({
        shards: z.number().int().min(1).max(256).optional(),
        /** Events a shard's queue holds before a post waits for room (back-pressure). */
        queueCapacity: z.number().int().min(1).max(1_000_000).optional(),
        flushBatch: z.number().int().min(1).max(10_000).optional(),
        flushIntervalMs: z.number().int().min(1).max(10_000).optional(),
      })
      .strict()
      .optional(),
    /** Share of posts whose body is over the validator's 10 KB (rejected by a writer); needs `writer`. */
    oversizeBodyShare: share.optional(),
    /**
     * The LRU+TTL read cache of article 2.4 in front of Timeline page reads (engine/timeline/ReadCache.ts):
     * at most `maxEntries` pages; a page expires `ttlMs` simulated ms after it was cached (0: never,
     * pure LRU). Absent: every read goes to Redis.
     */
    cache: z
      .object({
        maxEntries: z.number().int().min(1).max(1_000_000),
        ttlMs: z.number().int().min(0).max(MAX_DURATION_SEC * 1000),
      })
      .strict()
      .optional(),
  })
  .strict()
  .superRefine((t, ctx) => {
    if (t.writerPipeline && t.writer !== 'pipeline') ctx.addIssue({ code: 'custom', path: ['writerPipeline'], message: 'writerPipeline sets the sharded writer, which runs only with "writer": "pipeline": add it, or remove writerPipeline' });
    if (t.oversizeBodyShare !== undefined && t.writer === undefined) ctx.addIssue({ code: 'custom', path: ['oversizeBodyShare'], message: 'only a writer ("writer": "sync" or "pipeline") checks body sizes: add one, or remove oversizeBodyShare' });
  });

/** Settings of the graph-based model (engine/graphfeed/). Times are simulated seconds. */
export const GraphModelSchema = z
  .object({
    /** Most candidates each recall path returns (its LIMIT). */
    recall: z
      .object({
        follow: z.number().int().min(0).max(10_000).default(200),
        interest: z.number().int().min(0).max(10_000).default(100),
        city: z.number().int().min(0).max(10_000).default(50),
        topic: z.number().int().min(0).max(10_000).default(50),
      })
      .strict()
      .default({ follow: 200, interest: 100, city: 50, topic: 50 }),
    /**
     * Answer the interest, city and topic paths from hot lists kept in memory on the write path
     * (graphfeed/HotLists.ts) instead of one Cypher query each.
     */
    hotLists: z.boolean().default(false),
    /**
     * With hotLists, answer the follow path too from lists of each author's newest posts merged
     * over the reader's followees, instead of the Cypher traversal: a read then asks the graph
     * store nothing (it still receives every write).
     */
    followLists: z.boolean().default(false),
    /** Posts older than this are not recalled. */
    recallWindowSec: z.number().positive().max(30 * 86_400).default(86_400),
    /** Ranked items XADDed to a user's feed stream per refresh. */
    feedLength: z.number().int().min(1).max(1000).default(50),
    /** MAXLEN ~ of each feed stream. */
    streamMaxLen: z.number().int().min(1).max(100_000).default(200),
    /** Cached items expire this long after their refresh (checked by readers). */
    itemTtlSec: z.number().positive().max(7 * 86_400).default(600),
    /** A read refreshes the stream when its last refresh is older than this or its device has read everything. */
    refreshAfterSec: z.number().min(0).max(86_400).default(30),
    /** Consumer groups per user (one per device). */
    devicesPerUser: z.number().int().min(1).max(16).default(2),
    /** Share of reads whose reader "crashes" between XREADGROUP and XACK (recovered with XAUTOCLAIM). */
    readerCrashShare: share.default(0.02),
    /** Sharded hashes holding item bodies. */
    bodyShards: z.number().int().min(1).max(4096).default(16),
    /** Relationship strength decay per day of interaction age (article 3.1). */
    strengthDecayPerDay: z.number().gt(0).max(1).default(0.95),
    /** The ranker's ONNX file, relative to the scenario file; null: models/ranker.onnx of Feedscope. */
    rankerFile: z.string().min(1).max(MAX_PATH_CHARS).nullable().default(null),
    /** Feed quality in report.json: top-k overlap over this many sampled users. */
    qualityK: z.number().int().min(1).max(200).default(10),
    qualityUsers: z.number().int().min(1).max(10_000).default(50),
  })
  .strict()
  .superRefine((g, ctx) => {
    if (g.followLists && !g.hotLists) ctx.addIssue({ code: 'custom', path: ['followLists'], message: 'author lists for the follow path are part of the hot lists: set "hotLists": true as well, or remove followLists' });
  });

/** Writer nodes with skewed, drifting clocks and the score strategy of feed ZSETs (article 4.2; engine/drift/). */
export const ClocksSchema = z
  .object({
    nodes: z
      .array(
        z
          .object({
            name: z.string().min(1).max(64),
            /** Constant offset of this node's clock from true time, ms (e.g. -50, 0, +50). */
            skewMs: z.number().min(-3_600_000).max(3_600_000).default(0),
            /** Rate error, parts per million (100 ppm = 0.1 ms per simulated second). */
            driftPpm: z.number().min(-100_000).max(100_000).default(0),
          })
          .strict(),
      )
      .min(1)
      .max(32),
    /** raw: publish ms; shift20: the article's (ms << 20) | seq; snowflake: 52-bit ids; hlc: hybrid logical clock. */
    strategy: z.enum(SCORE_STRATEGIES).default('raw'),
    /** True-time delay after which a node sees the other nodes' writes (HLC receive), ms. */
    gossipMs: z.number().min(0).max(60_000).default(20),
  })
  .strict();

/** Faults on the player's clock, or the static delay of before (engine/scenario/faultsSchema.ts, engine/faults/). */
export { FaultsSchema };

/** A private Redis Cluster for the run (engine/redis/RedisCluster.ts): masters, each with 0 or 1 replica. */
export const ClusterSpecSchema = z
  .object({
    nodes: z.number().int().min(1).max(6),
    replicas: z.union([z.literal(0), z.literal(1)]).default(0),
  })
  .strict();

/** A live reshard while the scenario plays: `slots` slots move from master `from` to master `to` (indexes in slot order). */
export const ReshardSpecSchema = z
  .object({
    atSec: z.number().min(0).max(MAX_DURATION_SEC),
    slots: z.number().int().min(1).max(16384),
    from: z.number().int().min(0).max(5).default(0),
    to: z.number().int().min(0).max(5).default(1),
  })
  .strict()
  .refine((r) => r.from !== r.to, { message: 'a reshard moves slots between two different masters: "from" and "to" must differ' });

/** Where the run's Redis is and how its keys are named. */
export const RedisSettingsSchema = z
  .object({
    /** Run on a private Redis Cluster of this shape (the CLI's --cluster N overrides it). */
    cluster: ClusterSpecSchema.optional(),
    /**
     * Key names with a per-user hash tag (`fs:{u42}:timeline`), so a user's keys share a slot.
     * Default: on for a cluster, off for one server; false on a cluster shows what breaks.
     */
    hashTags: z.boolean().optional(),
    /** Slot migrations while the scenario plays (cluster only). */
    reshards: z.array(ReshardSpecSchema).max(16).default([]),
  })
  .strict();

export const CaptionSchema = z.object({ atSec: z.number().min(0).max(MAX_DURATION_SEC), text: z.string().min(1).max(2000) }).strict();

export const ScenarioSchema = z
  .object({
    $schema: z.string().max(MAX_PATH_CHARS).optional(),
    name: z.string().min(1).max(200),
    description: z.string().max(20_000).default(''),
    seed: z.number().int().min(0).max(2 ** 32 - 1),
    models: z
      .array(z.enum(MODEL_NAMES))
      .min(1)
      .max(MODEL_NAMES.length)
      .refine((m) => new Set(m).size === m.length, { message: 'each model may appear once' })
      .default(['timeline']),
    graph: GraphSchema,
    workload: WorkloadSchema,
    timeline: TimelineSchema.default(() => TimelineSchema.parse({})),
    /** Settings of the graph-based model; see engine/graphfeed/. */
    graphModel: GraphModelSchema.default(() => GraphModelSchema.parse({})),
    captions: z.array(CaptionSchema).max(10_000).default([]),
    /** Optional: without it every post's score is its publish time in ms, from one exact clock. */
    clocks: ClocksSchema.optional(),
    /** Optional: vector clocks, happened-before and causal cones across the clocks' writer nodes (engine/causality/). */
    causality: CausalitySchema.optional(),
    /** Optional: a gray migration from the Timeline to the Graph model with a consistency checker (engine/migration/). */
    migration: MigrationSchema.optional(),
    /** Optional: faults on a schedule (Redis delayed, killed, paused, connections dropped, the graph store stopped...). */
    faults: FaultsSchema.optional(),
    /**
     * Optional: the graph model's store. ladybug: embedded (default); neo4j: the Neo4j server the
     * run was given (NEO4J_URI, or the CLI's --neo4j local).
     */
    graphStore: z.enum(GRAPH_STORE_KINDS).optional(),
    /** Optional: a Redis Cluster, key naming and live reshards. */
    redis: RedisSettingsSchema.default(() => RedisSettingsSchema.parse({})),
  })
  .strict()
  .superRefine((s, ctx) => checkFaultSchedule(s.faults, { durationSec: s.workload.durationSec, models: s.models, cluster: s.redis.cluster !== undefined }, ctx));

export type Scenario = z.infer<typeof ScenarioSchema>;
export type ScenarioInput = z.input<typeof ScenarioSchema>;
export type GraphSpec = z.infer<typeof GraphSchema>;
export type GeneratorGraphSpec = z.infer<typeof GeneratorGraphSchema>;
export type EdgeListGraphSpec = z.infer<typeof EdgeListGraphSchema>;
export type Attributes = z.infer<typeof AttributesSchema>;
export type Workload = z.infer<typeof WorkloadSchema>;
export type TimelineOptions = z.infer<typeof TimelineSchema>;
export type GraphModelOptions = z.infer<typeof GraphModelSchema>;
export type ClocksOptions = z.infer<typeof ClocksSchema>;
export type { Faults, FaultSpec } from './faultsSchema.js';
export type ClusterSpec = z.infer<typeof ClusterSpecSchema>;
export type ReshardSpec = z.infer<typeof ReshardSpecSchema>;
export type RedisSettings = z.infer<typeof RedisSettingsSchema>;
