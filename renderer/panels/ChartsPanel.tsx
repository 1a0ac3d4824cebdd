/** Live charts from the engine's frames: latency per model and operation, throughput, Redis memory. */
import type { ChartBand } from '../charts/faultBands.js';
import type { ReadCacheView, Status, WriterView } from '../../engine/api.js';
import { TimeSeriesChart, type Series } from '../charts/TimeSeriesChart.js';
import { colour, fmtInt, fmtMs, fmtMsShort } from '../format.js';
import { CACHE_HIT_PCT, CACHE_STALE_PCT, WRITER_DEEPEST, WRITER_MEAN, type ChartPoint } from '../store/history.js';
import { Panel, type PanelBody } from './Panel.js';
import { ReadCacheFigures, WriterFigures } from './TimelineMechanics.js';

interface Props {
  status: Status | null;
  history: ChartPoint[];
  /** The series names in `history`, kept by the store as points arrive. */
  keys: readonly string[];
  /** The Timeline's writer and read cache in the latest frame (absent when the scenario has none). */
  writer?: WriterView;
  readCache?: ReadCacheView;
  /** Fault windows drawn as bands on the time axis (renderer/charts/faultBands.ts). */
  bands?: readonly ChartBand[];
}

// Formatters are constants: a chart redraws when one changes identity (its recharts tree is memoized
// on them), and an inline one made the memory chart redraw on every batch of frames.
const fmtPct = (v: number): string => `${v.toFixed(1)}%`;
const fmtPctAxis = (v: number): string => `${Math.round(v)}%`;
const fmtMb = (v: number): string => `${v.toFixed(2)} MB`;
const fmtMbAxis = (v: number): string => `${Number(v.toFixed(2))} MB`;
const WRITER_SERIES: Series[] = [
  { key: WRITER_DEEPEST, label: 'deepest shard', color: colour(4) },
  { key: WRITER_MEAN, label: 'mean of shards', color: colour(5) },
];
const CACHE_SERIES: Series[] = [
  { key: CACHE_HIT_PCT, label: 'hit ratio', color: colour(2) },
  { key: CACHE_STALE_PCT, label: 'stale share of hits', color: colour(1) },
];

/** Top-level operations of a model (`timeline.readOffset`, not sub-stages like `graph.recall.city`). */
function latencyOps(keys: readonly string[], model: string): string[] {
  const ops = keys.filter((k) => k.startsWith(`${model}.`)).map((k) => k.replace(/ p(50|99)$/, ''));
  return [...new Set(ops)].filter((op) => op.split('.').length === 2).sort();
}

function latencySeries(ops: string[]): Series[] {
  return ops.flatMap((op, i) => [
    { key: `${op} p50`, label: `${op} p50`, color: colour(i) },
    { key: `${op} p99`, label: `${op} p99`, color: colour(i), dashed: true },
  ]);
}

function body(status: Status | null, history: ChartPoint[]): PanelBody {
  // After a failure the charts up to it stay readable; with nothing drawn yet, say what failed.
  if (status?.state === 'error' && status.error && history.length === 0) return { kind: 'error', error: status.error, hint: 'Fix what the message names, then load the scenario again.' };
  if (status?.state === 'loading') return { kind: 'loading', text: 'Loading the scenario…' };
  if (!status?.scenario) return { kind: 'empty', text: 'Charts appear when a scenario plays: latency per operation, throughput and Redis memory.' };
  return { kind: 'ready' };
}

export function ChartsPanel({ status, history, keys, writer, readCache, bands }: Props) {
  const models = status?.scenario?.models ?? [];
  const memKeys = keys.filter((k) => k.startsWith('mem '));
  const waiting = 'No frames yet: press play (or step).';
  return (
    <Panel title="Live charts" testId="panel-charts" body={body(status, history)} className="panel-charts">
      <div className="charts">
        {models.map((m) => {
          const ops = latencyOps(keys, m);
          return (
            <TimeSeriesChart
              key={m}
              title={`${m} latency: p50 solid, p99 dashed`}
              testId={`chart-latency-${m}`}
              data={history}
              bands={bands}
              series={latencySeries(ops)}
              legend={ops.map((op, i) => ({ label: op.slice(m.length + 1), color: colour(i) }))}
              format={fmtMs}
              formatAxis={fmtMsShort}
              empty={waiting}
            />
          );
        })}
        <TimeSeriesChart
          title="Throughput: events per second (1 s avg)"
          testId="chart-throughput"
          data={history}
          bands={bands}
          series={[
            { key: 'eventsPerSec', label: 'all events/s', color: colour(0) },
            { key: 'readsPerSec', label: 'reads/s', color: colour(1) },
            { key: 'postsPerSec', label: 'posts/s', color: colour(2) },
          ]}
          format={fmtInt}
          empty={waiting}
        />
        <TimeSeriesChart
          title="Redis memory (MB)"
          testId="chart-memory"
          data={history}
          bands={bands}
          series={memKeys.map((k, i) => ({ key: k, label: k === 'mem used_memory' ? 'used_memory (all)' : `${k.slice(4)} keys (sampled)`, color: colour(i + 3) }))}
          format={fmtMb}
          formatAxis={fmtMbAxis}
          empty={waiting}
        />
        {keys.includes(WRITER_MEAN) && (
          <TimeSeriesChart title="Writer: peak queue per shard" testId="chart-writer" data={history} series={WRITER_SERIES} format={fmtInt} empty={waiting} />
        )}
        {writer && <WriterFigures w={writer} />}
        {keys.includes(CACHE_HIT_PCT) && (
          <TimeSeriesChart title="Read cache: hits, stale (last 30 frames)" testId="chart-cache" data={history} series={CACHE_SERIES} format={fmtPct} formatAxis={fmtPctAxis} empty={waiting} />
        )}
        {readCache && <ReadCacheFigures c={readCache} />}
      </div>
    </Panel>
  );
}
