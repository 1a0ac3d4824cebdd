/**
 * Two runs side by side (`feedscope compare A/report.json B/report.json`): the figures that
 * matter of each and their change. Pure: reports in, rows out; compareHtml.ts draws them.
 */
import type { LatencySummary, Report } from '../../api/report.js';
import { FeedscopeError } from '../../errors.js';
import { diffTree, parseFolded, type FlameNode } from '../flameTree.js';

export interface CompareRow {
  label: string;
  a: number | null;
  b: number | null;
  /** How the figure is shown ("ms", "MiB", "ratio", "count"). */
  unit: 'ms' | 'MiB' | 'ratio' | 'count' | 's' | 'x';
  /** Whether more is better (green when B is better), worse, or neither. */
  better: 'higher' | 'lower' | null;
}

export interface Comparison {
  a: { label: string; report: Report };
  b: { label: string; report: Report };
  latency: { model: string; op: string; a: LatencySummary | null; b: LatencySummary | null }[];
  memory: CompareRow[];
  quality: CompareRow[];
  run: CompareRow[];
  flame: FlameNode;
}

/** Checks that `value` (parsed JSON from `file`) is a Feedscope report.json, naming what is missing. */
export function asReport(value: unknown, file: string): Report {
  const r = value as Partial<Report> | null;
  const missing = !r || typeof r !== 'object' ? ['everything'] : (['feedscope', 'scenario', 'run', 'memory', 'spans'] as const).filter((k) => r[k] === undefined);
  if (missing.length > 0) throw new FeedscopeError('REPORT_INVALID', `${file} is not a Feedscope report.json (missing: ${missing.join(', ')}): give the report.json that \`feedscope run --report DIR\` or the app's "Export report.json" wrote.`);
  return r as Report;
}

const MIB = 1024 * 1024;

function ops(r: Report): Record<string, Record<string, LatencySummary>> {
  const out: Record<string, Record<string, LatencySummary>> = {};
  if (r.timeline) out.timeline = r.timeline;
  if (r.graphModel) out.graph = r.graphModel;
  return out;
}

export function compareReports(a: Report, b: Report, labels: [string, string] = ['A', 'B']): Comparison {
  const oa = ops(a);
  const ob = ops(b);
  const latency: Comparison['latency'] = [];
  for (const model of [...new Set([...Object.keys(oa), ...Object.keys(ob)])]) {
    const names = [...new Set([...Object.keys(oa[model] ?? {}), ...Object.keys(ob[model] ?? {})])].sort();
    for (const op of names) latency.push({ model, op, a: oa[model]?.[op] ?? null, b: ob[model]?.[op] ?? null });
  }
  const models = [...new Set([...Object.keys(a.memory.byModel), ...Object.keys(b.memory.byModel)])].sort();
  const memory: CompareRow[] = [
    { label: 'Redis used_memory', a: a.memory.usedMemoryBytes / MIB, b: b.memory.usedMemoryBytes / MIB, unit: 'MiB', better: 'lower' },
    ...models.map((m): CompareRow => ({ label: `${m} keys (sampled keys x users)`, a: (a.memory.byModel[m] ?? 0) / MIB, b: (b.memory.byModel[m] ?? 0) / MIB, unit: 'MiB', better: 'lower' })),
  ];
  const q = (r: Report) => r.quality;
  const quality = ([
    { label: `Jaccard@k of the two feeds`, a: q(a)?.jaccardAtK ?? null, b: q(b)?.jaccardAtK ?? null, unit: 'ratio', better: null },
    { label: 'Graph feed: share of items by followees', a: q(a)?.followeeShare.graph ?? null, b: q(b)?.followeeShare.graph ?? null, unit: 'ratio', better: null },
    { label: 'Timeline feed: mean item age', a: q(a)?.meanAgeSec.timeline ?? null, b: q(b)?.meanAgeSec.timeline ?? null, unit: 's', better: 'lower' },
    { label: 'Graph feed: mean item age', a: q(a)?.meanAgeSec.graph ?? null, b: q(b)?.meanAgeSec.graph ?? null, unit: 's', better: 'lower' },
    { label: 'Ranker AUC', a: a.ranker?.auc ?? null, b: b.ranker?.auc ?? null, unit: 'ratio', better: 'higher' },
    { label: 'Write amplification (ZADDs per post)', a: a.writeAmplification ?? null, b: b.writeAmplification ?? null, unit: 'x', better: 'lower' },
    { label: 'Fan-out max lag', a: a.fanout?.maxLagMs ?? null, b: b.fanout?.maxLagMs ?? null, unit: 'ms', better: 'lower' },
    { label: 'Lossy fan-out drops', a: a.fanout?.droppedLossy ?? null, b: b.fanout?.droppedLossy ?? null, unit: 'count', better: 'lower' },
  ] satisfies CompareRow[] as CompareRow[]).filter((row) => row.a !== null || row.b !== null);
  const run: CompareRow[] = [
    { label: 'Users', a: a.graph.users, b: b.graph.users, unit: 'count', better: null },
    { label: 'Follows', a: a.graph.follows, b: b.graph.follows, unit: 'count', better: null },
    { label: 'Posts', a: a.graph.posts, b: b.graph.posts, unit: 'count', better: null },
    { label: 'Simulated time', a: a.run.simulatedMs / 1000, b: b.run.simulatedMs / 1000, unit: 's', better: null },
    { label: 'Wall time in ticks', a: a.run.wallMs / 1000, b: b.run.wallMs / 1000, unit: 's', better: 'lower' },
  ];
  return { a: { label: labels[0], report: a }, b: { label: labels[1], report: b }, latency, memory, quality, run, flame: diffTree(parseFolded(a.spans), parseFolded(b.spans)) };
}
