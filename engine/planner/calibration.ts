/**
 * The capacity planner's measurements, as a file (models/capacity-calibration.json by default):
 * what one real run of a scenario measured on the real private Redis and graph store, broken
 * down into the units the planner multiplies: bytes per ZSET by entries and encoding (MEMORY
 * USAGE key SAMPLES 0), per outbox LIST, per feed STREAM, per body HASH field; commands by name
 * (INFO commandstats, reset after the load); the fan-out's ZADDs; read latency. One schema for
 * the writer (calibrate.ts) and the readers (plan, the app), so a hand-edited file fails loudly.
 */
import { z } from 'zod';

/** Keys of one Redis type: how many, MEMORY USAGE summed, entries summed (ZCARD / LLEN / XLEN / HLEN). */
export const KeyGroupSchema = z.object({ keys: z.number(), bytes: z.number(), entries: z.number() }).strict();
export type KeyGroup = z.infer<typeof KeyGroupSchema>;

/** Mean MEMORY USAGE of the keys with exactly `entries` entries, per encoding (listpack / skiplist / quicklist...). */
export const SizeRowSchema = z.object({ entries: z.number(), encoding: z.string(), keys: z.number(), meanBytes: z.number() }).strict();
export type SizeRow = z.infer<typeof SizeRowSchema>;

export const CommandStatSchema = z.object({ calls: z.number(), usecPerCall: z.number() }).strict();

export const LatencySchema = z.object({ count: z.number(), p50Ms: z.number(), p99Ms: z.number() }).strict();

export const CalibrationRunSchema = z
  .object({
    label: z.string(),
    /** The scenario as run (after overrides), so `plan --scenario` and `--validate` can re-derive its inputs. */
    scenarioFile: z.string().nullable(),
    users: z.number(),
    follows: z.number(),
    meanFollows: z.number(),
    maxInDegree: z.number(),
    durationSec: z.number(),
    posts: z.number(),
    reads: z.number(),
    /** Graph stream refreshes (report.json recall.calls); absent in calibrations made before it was recorded. */
    graphRefreshes: z.number().optional(),
    models: z.array(z.string()),
    mode: z.string(),
    preset: z.string(),
    maxLength: z.number(),
    outboxMaxLength: z.number(),
    hybridFollowerThreshold: z.number(),
    pageSize: z.number(),
    wallMs: z.number(),
    loadMs: z.number(),
    /** used_memory after the load (before any event), and at the end. */
    usedMemoryLoadedBytes: z.number(),
    usedMemoryEndBytes: z.number(),
    /** Keys at the end by role. */
    timelines: KeyGroupSchema,
    outboxes: KeyGroupSchema,
    streams: KeyGroupSchema,
    bodies: KeyGroupSchema,
    other: KeyGroupSchema,
    /** MEMORY USAGE by entries and encoding: timelines (ZSET) and outboxes (LIST). */
    zsetSizes: z.array(SizeRowSchema),
    listSizes: z.array(SizeRowSchema),
    /** The engine's fan-out counter (report.json fanout.zadds). */
    fanoutZadds: z.number(),
    /** INFO commandstats from the first event to the end, by lower-case command name. */
    commands: z.record(z.string(), CommandStatSchema),
    /** Reads by model as the engine counted them, and their latency. */
    timelineReadLatency: LatencySchema.nullable(),
    graphReadLatency: LatencySchema.nullable(),
    graphReads: z.number(),
    /** The graph store on disk (bytes) and its load time, when the graph model ran on LadybugDB. */
    graphStoreBytes: z.number().nullable(),
    graphStoreLoadMs: z.number().nullable(),
    /** graph.recall.* spans: recall cost per graph read. */
    recallP50Ms: z.number().nullable(),
    recallP99Ms: z.number().nullable(),
  })
  .strict();
export type CalibrationRun = z.infer<typeof CalibrationRunSchema>;

export const MachineSchema = z
  .object({ cpuModel: z.string(), cores: z.number(), ramBytes: z.number(), platform: z.string(), loadAverage1m: z.number() })
  .strict();
export type Machine = z.infer<typeof MachineSchema>;

export const CalibrationFileSchema = z
  .object({
    kind: z.literal('feedscope-capacity-calibration'),
    version: z.literal(1),
    measuredAt: z.string(),
    machine: MachineSchema,
    versions: z.object({ feedscope: z.string(), node: z.string(), redis: z.string(), graphStore: z.string().nullable() }).strict(),
    runs: z.array(CalibrationRunSchema).min(1),
    /** Synthetic keys of the engine's member format (measure.ts probeStructures), by length. */
    probes: z.object({ zset: z.array(SizeRowSchema), list: z.array(SizeRowSchema) }).strict(),
  })
  .strict();
export type CalibrationFile = z.infer<typeof CalibrationFileSchema>;
