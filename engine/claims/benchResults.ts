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
import { jsonPath } from '../scenario/jsonLocate.js';

/** Every benchmark, in the order `npm run bench` runs them (bench/registry.ts). */
export const BENCH_NAMES = ['fanout', 'cluster', 'writer', 'pullread', 'delay', 'zset', 'alternatives', 'adjacency', 'graph', 'renderer', 'scale', 'speed', 'scan', 'faults'] as const;
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

// ---- figures, per benchmark (engine/claims/figures/) --------------------------------------

export * from './figures/redisFigures.js';
export * from './figures/storeFigures.js';
export * from './figures/alternativesFigures.js';
export * from './figures/speedFigures.js';
export * from '../inspect/scanBenchFigures.js';
export * from '../faults/benchFigures.js';
import { FanoutFiguresSchema, ClusterFiguresSchema, WriterFiguresSchema, PullReadFiguresSchema, DelayFiguresSchema, type FanoutFigures, type ClusterFigures, type WriterFigures, type PullReadFigures, type DelayFigures } from './figures/redisFigures.js';
import { AlternativesFiguresSchema, type AlternativesFigures } from './figures/alternativesFigures.js';
import { SpeedFiguresSchema, type SpeedFigures } from './figures/speedFigures.js';
import { ScanFiguresSchema, type ScanFigures } from '../inspect/scanBenchFigures.js';
import { FaultsFiguresSchema, type FaultsFigures } from '../faults/benchFigures.js';
import { ZsetFiguresSchema, AdjacencyFiguresSchema, GraphFiguresSchema, RendererFiguresSchema, ScaleFiguresSchema, type ZsetFigures, type AdjacencyFigures, type GraphFigures, type RendererFigures, type ScaleFigures } from './figures/storeFigures.js';

// ---- one schema per results file ----------------------------------------------------------

export const FanoutResultSchema = benchResultSchema('fanout', FanoutFiguresSchema);
export const ClusterResultSchema = benchResultSchema('cluster', ClusterFiguresSchema);
export const WriterResultSchema = benchResultSchema('writer', WriterFiguresSchema);
export const PullReadResultSchema = benchResultSchema('pullread', PullReadFiguresSchema);
export const DelayResultSchema = benchResultSchema('delay', DelayFiguresSchema);
export const ZsetResultSchema = benchResultSchema('zset', ZsetFiguresSchema);
export const AlternativesResultSchema = benchResultSchema('alternatives', AlternativesFiguresSchema);
export const SpeedResultSchema = benchResultSchema('speed', SpeedFiguresSchema);
export const AdjacencyResultSchema = benchResultSchema('adjacency', AdjacencyFiguresSchema);
export const GraphResultSchema = benchResultSchema('graph', GraphFiguresSchema);
export const RendererResultSchema = benchResultSchema('renderer', RendererFiguresSchema);
export const ScaleResultSchema = benchResultSchema('scale', ScaleFiguresSchema);
export const ScanResultSchema = benchResultSchema('scan', ScanFiguresSchema);
export const FaultsResultSchema = benchResultSchema('faults', FaultsFiguresSchema);

/** The schema of bench/results/<name>.json, by benchmark. */
export const BENCH_RESULT_SCHEMAS = {
  fanout: FanoutResultSchema,
  cluster: ClusterResultSchema,
  writer: WriterResultSchema,
  pullread: PullReadResultSchema,
  delay: DelayResultSchema,
  zset: ZsetResultSchema,
  alternatives: AlternativesResultSchema,
  speed: SpeedResultSchema,
  adjacency: AdjacencyResultSchema,
  graph: GraphResultSchema,
  renderer: RendererResultSchema,
  scale: ScaleResultSchema,
  scan: ScanResultSchema,
  faults: FaultsResultSchema,
} as const satisfies Record<BenchName, z.ZodType>;

/** Names of the schemas, for messages ("does not match ZsetResultSchema at $.figures.pages"). */
export const BENCH_RESULT_SCHEMA_NAMES: Record<BenchName, string> = {
  fanout: 'FanoutResultSchema',
  cluster: 'ClusterResultSchema',
  writer: 'WriterResultSchema',
  pullread: 'PullReadResultSchema',
  delay: 'DelayResultSchema',
  zset: 'ZsetResultSchema',
  alternatives: 'AlternativesResultSchema',
  speed: 'SpeedResultSchema',
  adjacency: 'AdjacencyResultSchema',
  graph: 'GraphResultSchema',
  renderer: 'RendererResultSchema',
  scale: 'ScaleResultSchema',
  scan: 'ScanResultSchema',
  faults: 'FaultsResultSchema',
};

/** The figures of each benchmark when its status is "ok". */
export interface BenchFigures {
  fanout: FanoutFigures;
  cluster: ClusterFigures;
  writer: WriterFigures;
  pullread: PullReadFigures;
  delay: DelayFigures;
  zset: ZsetFigures;
  alternatives: AlternativesFigures;
  speed: SpeedFigures;
  adjacency: AdjacencyFigures;
  graph: GraphFigures;
  renderer: RendererFigures;
  scale: ScaleFigures;
  scan: ScanFigures;
  faults: FaultsFigures;
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
