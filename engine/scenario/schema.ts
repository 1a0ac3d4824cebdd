/**
 * The scenario file format (sample-graphs/*.json), as a zod schema. Objects are strict: a
 * misspelt key is an error that names it, not a silently ignored setting.
 */
import { z } from 'zod';

const share = z.number().min(0).max(1);

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
    users: z.number().int().min(2).max(2_000_000),
    avgFollows: z.number().positive(),
    /** Exponent alpha of the follower-count power law P(k) ~ k^-alpha; smaller means heavier tail. */
    followerExponent: z.number().gt(1).max(5).default(2.2),
    /** Accounts that a given number of random users follow on top of the power law. */
    celebrities: z
      .object({ count: z.number().int().min(1).max(100), followers: z.number().int().min(1) })
      .strict()
      .optional(),
    attributes: AttributesSchema.default({ cities: 8, tags: 60, topics: 12, interestsPerUser: 3 }),
  })
  .strict();

export const EdgeListGraphSchema = z
  .object({
    kind: z.literal('edgeList'),
    /** Path of the edge list, relative to the scenario file. */
    file: z.string().min(1),
    /** snap: `u v [...]` per line, `#` comments. csv: comma separated, optional header. */
    format: z.enum(['snap', 'csv']).default('snap'),
    header: z.boolean().default(false),
    /** Column (0-based index, or a header name) of the follower and of the followed account. */
    sourceColumn: z.union([z.number().int().min(0), z.string()]).default(0),
    targetColumn: z.union([z.number().int().min(0), z.string()]).default(1),
    attributes: AttributesSchema.default({ cities: 8, tags: 60, topics: 12, interestsPerUser: 3 }),
  })
  .strict();

export const GraphSchema = z.discriminatedUnion('kind', [GeneratorGraphSchema, EdgeListGraphSchema]);

export const WorkloadSchema = z
  .object({
    durationSec: z.number().positive().max(86_400),
    /** Simulated milliseconds per player tick. */
    tickMs: z.number().int().min(10).max(10_000).default(100),
    /** Publish times are whole milliseconds and unique per post, so at most 1,000 posts per second. */
    postsPerSec: z.number().min(0).max(1000),
    readsPerSec: z.number().min(0).max(100_000),
    pageSize: z.number().int().min(1).max(500).default(20),
    /** Share of reads that page by cursor (the rest page by offset). */
    cursorReadShare: share.default(0.5),
    /** Share of reads that go deep, and how deep (items from the top). */
    deepReadShare: share.default(0),
    deepReadOffset: z.number().int().min(0).max(1_000_000).default(600),
    followsPerSec: z.number().min(0).default(0),
    unfollowsPerSec: z.number().min(0).default(0),
    /** Likes and comments, for the graph model's relationship strength. */
    interactionsPerSec: z.number().min(0).default(0),
    celebrityPosting: z
      .object({ topAuthors: z.number().int().min(1).max(100), postsPerMinute: z.number().min(0) })
      .strict()
      .optional(),
    /** Wall-clock epoch of simulated t=0, in ms. */
    startEpochMs: z.number().int().min(0).default(1_767_225_600_000),
  })
  .strict();

export const TimelineSchema = z
  .object({
    preset: z.enum(['mastodon', 'stream-framework', 'bluesky-lossy', 'custom']).default('mastodon'),
    mode: z.enum(['push', 'pull', 'hybrid']).default('push'),
    /** Overrides of the preset's constants. */
    maxLength: z.number().int().min(1).max(1_000_000).optional(),
    batchSize: z.number().int().min(1).max(100_000).optional(),
    trimProbability: share.optional(),
    lossyFollowsThreshold: z.number().int().min(1).nullable().optional(),
    /** Hybrid: authors with at least this many followers are pulled, not pushed. */
    hybridFollowerThreshold: z.number().int().min(1).default(5000),
    outboxMaxLength: z.number().int().min(1).max(100_000).default(800),
    /** Share of pull reads done one command at a time instead of pipelined, for comparison. */
    pullSequentialShare: share.default(0),
    /** Fan-out chunks (pipelines) allowed in flight at once. */
    fanoutConcurrency: z.number().int().min(1).max(64).default(4),
  })
  .strict();

export const CaptionSchema = z.object({ atSec: z.number().min(0), text: z.string().min(1) }).strict();

export const ScenarioSchema = z
  .object({
    $schema: z.string().optional(),
    name: z.string().min(1),
    description: z.string().default(''),
    seed: z.number().int().min(0).max(2 ** 32 - 1),
    models: z.array(z.enum(['timeline', 'graph'])).min(1).default(['timeline']),
    graph: GraphSchema,
    workload: WorkloadSchema,
    timeline: TimelineSchema.default(() => TimelineSchema.parse({})),
    /** Settings of the graph-based model; see engine/graphfeed/. */
    graphModel: z.record(z.string(), z.unknown()).optional(),
    captions: z.array(CaptionSchema).default([]),
  })
  .strict();

export type Scenario = z.infer<typeof ScenarioSchema>;
export type ScenarioInput = z.input<typeof ScenarioSchema>;
export type GraphSpec = z.infer<typeof GraphSchema>;
export type GeneratorGraphSpec = z.infer<typeof GeneratorGraphSchema>;
export type EdgeListGraphSpec = z.infer<typeof EdgeListGraphSchema>;
export type Attributes = z.infer<typeof AttributesSchema>;
export type Workload = z.infer<typeof WorkloadSchema>;
export type TimelineOptions = z.infer<typeof TimelineSchema>;
