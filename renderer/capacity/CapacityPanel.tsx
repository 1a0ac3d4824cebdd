/**
 * The Capacity tab (issue 13): the planner's inputs, its projection per model (memory in total
 * and per node, nodes for memory and for ops, fan-out ZADDs/s, read commands/s, the top author's
 * lag), each figure with the measurement it comes from (its tooltip) and a mark where it
 * extrapolates; and log-log plots of memory and commands/s against users with the calibration's
 * measured range and runs. Plain data in (the `plan` command's CapacityView).
 */
import { useEffect, useMemo, type JSX } from 'react';
import type { ApiError, CapacityView, Figure } from '../../engine/api.js';
import { fmtInt } from '../format.js';
import { Panel, type PanelBody } from '../panels/Panel.js';
import { CapacityForm, ProjectButton, START_INPUT, type PlanInput } from './CapacityForm.js';
import { LogLogChart, type LogPoint, type LogSeries } from './LogLogChart.js';
import './capacity.css';

export interface CapacityPanelProps {
  view: CapacityView | null;
  loading: boolean;
  error: ApiError | null;
  onPlan(input: PlanInput): void;
}

const SERIES: LogSeries[] = [
  { key: 'graph', label: 'Graph', color: '#ce93d8' },
  { key: 'timeline', label: 'Timeline', color: '#4fc3f7' },
];

const perSec = (x: number): string => `${x >= 1e9 ? `${(x / 1e9).toFixed(2)}B` : x >= 1e6 ? `${(x / 1e6).toFixed(2)}M` : fmtInt(x)}/s`;
/** Binary units up to TiB (renderer/format.ts stops at MB). */
function fmtBytes(v: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v >= 100 || i === 0 ? fmtInt(v) : v.toFixed(1)} ${units[i]}`;
}
/** Axis ticks are powers of ten: decimal units read best there. */
const p3 = (x: number): number => Number(x.toPrecision(3));
const compactBytes = (v: number): string => (v >= 1e15 ? `${p3(v / 1e15)} PB` : v >= 1e12 ? `${p3(v / 1e12)} TB` : v >= 1e9 ? `${p3(v / 1e9)} GB` : v >= 1e6 ? `${p3(v / 1e6)} MB` : `${p3(v / 1e3)} kB`);
const compactRate = (v: number): string => (v >= 1e9 ? `${p3(v / 1e9)}B/s` : v >= 1e6 ? `${p3(v / 1e6)}M/s` : v >= 1e3 ? `${p3(v / 1e3)}k/s` : `${p3(v)}/s`);
/** 62,910,978 -> "62.9M" (the table's narrow columns); small counts as they are. */
const compactCount = (v: number): string => (v >= 1e9 ? `${p3(v / 1e9)}B` : v >= 1e6 ? `${p3(v / 1e6)}M` : fmtInt(v));

function Value({ f, text }: { f: Figure; text: string }) {
  return (
    <span className="num" title={`${f.from}${f.extrapolated ? ' (extrapolated)' : ''}`}>
      {text}
      {f.extrapolated && <sup className="extra" aria-label="extrapolated">*</sup>}
    </span>
  );
}

function Results({ v }: { v: CapacityView }) {
  const t = v.projection.timeline;
  const g = v.projection.graph;
  const rows: { label: string; t?: JSX.Element | string | null; g?: JSX.Element | string | null }[] = [
    { label: 'Redis memory, total', t: t && <Value f={t.memory.total} text={fmtBytes(t.memory.total.value)} />, g: g && <Value f={g.memory.total} text={fmtBytes(g.memory.total.value)} /> },
    { label: 'per node', t: t && <Value f={t.memory.perNode} text={fmtBytes(t.memory.perNode.value)} />, g: g && <Value f={g.memory.perNode} text={fmtBytes(g.memory.perNode.value)} /> },
    { label: 'nodes (memory / ops)', t: t && `${fmtInt(t.nodes.needed)} (${fmtInt(t.nodes.forMemory)} / ${fmtInt(t.nodes.forOps)})`, g: g && `${fmtInt(g.nodes.needed)} (${fmtInt(g.nodes.forMemory)} / ${fmtInt(g.nodes.forOps)})` },
    { label: 'fan-out ZADDs', t: t && <Value f={t.zaddsPerSec} text={`${perSec(t.zaddsPerSec.value)}, ${t.zaddsPerPost.value.toFixed(0)}/post`} />, g: '—' },
    { label: 'top author', t: t && `${compactCount(t.topAuthor.followers)} followers${t.topAuthor.pushed ? '' : ', pulled'}`, g: '—' },
    { label: 'top pushed author lag', t: t && (t.topAuthor.lagMs ? <Value f={t.topAuthor.lagMs} text={`${fmtInt(t.topAuthor.lagMs.value)} ms`} /> : 'n/a'), g: '—' },
    { label: 'read commands', t: t && <Value f={t.readCommandsPerSec} text={perSec(t.readCommandsPerSec.value)} />, g: g && <Value f={g.readCommandsPerSec} text={perSec(g.readCommandsPerSec.value)} /> },
    { label: 'all commands', t: t && <Value f={t.commandsPerSec} text={perSec(t.commandsPerSec.value)} />, g: g && <Value f={g.commandsPerSec} text={perSec(g.commandsPerSec.value)} /> },
    { label: 'graph store on disk', t: '—', g: g && (g.storeBytes ? <Value f={g.storeBytes} text={fmtBytes(g.storeBytes.value)} /> : 'n/a') },
    { label: 'recall p99 per read', t: '—', g: g && (g.recall ? <span title={`measured at ${fmtInt(g.recall.measuredAtUsers)} users, not projected`}>{g.recall.p99Ms.toFixed(0)} ms at {compactCount(g.recall.measuredAtUsers)}</span> : 'n/a') },
  ];
  return (
    <table className="capacity-results" data-testid="capacity-results">
      <thead>
        <tr>
          <th>{fmtInt(v.projection.users)} users</th>
          <th title="Redis ZSET fan-out">Timeline</th>
          <th title="recall + rank, Redis Streams cache">Graph</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.label}>
            <th scope="row">{r.label}</th>
            <td>{t ? r.t : 'not projected'}</td>
            <td>{g ? r.g : 'not projected'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Chart rows: a model's value inside the measured range under its key, beyond it under `<key>_x` (both at the boundary point, so the lines join). */
function chartData(v: CapacityView, pick: (p: CapacityView['curve'][number], model: 'timeline' | 'graph') => number | null): LogPoint[] {
  const hi = v.measuredRange[1];
  const curve = v.curve;
  const boundary = curve.findIndex((p) => p.users > hi);
  return curve.map((p, i) => {
    const row: LogPoint = { users: p.users };
    for (const s of SERIES) {
      const y = pick(p, s.key as 'timeline' | 'graph');
      row[s.key] = p.users <= hi || i === boundary ? y : null;
      row[`${s.key}_x`] = p.users > hi || i === boundary - 1 ? y : null;
    }
    return row;
  });
}

export function CapacityPanel(p: CapacityPanelProps) {
  const { view: v, loading, onPlan } = p;
  useEffect(() => {
    if (!v && !loading && !p.error) onPlan(START_INPUT);
    // Only once, when the tab opens without a projection.
  }, []);
  const memory = useMemo(() => (v ? chartData(v, (c, m) => (m === 'timeline' ? c.timelineMemoryBytes : c.graphMemoryBytes)) : []), [v]);
  const commands = useMemo(() => (v ? chartData(v, (c, m) => (m === 'timeline' ? c.timelineCommandsPerSec : c.graphCommandsPerSec)) : []), [v]);
  const body: PanelBody = p.error
    ? { kind: 'ready' }
    : !v
      ? { kind: 'loading', text: 'Projecting from the calibration…' }
      : { kind: 'ready' };
  const cal = v?.calibration;
  return (
    <Panel
      title="Capacity planner"
      testId="panel-capacity"
      body={body}
      extra={
        <span className="capacity-extra">
          {cal && <span title={cal.machine}>calibrated {cal.measuredAt.slice(0, 10)} on {cal.runs.map((r) => `${fmtInt(r.users)}`).join(' / ')} users, Redis {cal.redis}</span>}
          <ProjectButton busy={loading} />
        </span>
      }
    >
      <div className="capacity">
        <CapacityForm onPlan={onPlan} />
        {p.error && (
          <div className="panel-error" role="alert">
            <strong>{p.error.code}</strong>
            <p>{p.error.message}</p>
          </div>
        )}
        {v && (
          <div className="capacity-out">
            <div className="capacity-table">
              <Results v={v} />
              <p className="note">
                {fmtInt(v.projection.follows)} follows ({v.projection.degreesFrom}, power law α {v.inputs.followsExponent}); {perSec(v.projection.workload.postsPerSec)} posts, {perSec(v.projection.workload.readsPerSec)} reads; {v.projection.workload.mode}, feeds of {v.projection.workload.maxLength} after {v.inputs.days} day(s). Hover a figure for the measurement it comes from; <sup className="extra">*</sup> extrapolates beyond the measured {fmtInt(v.measuredRange[0])}–{fmtInt(v.measuredRange[1])} users or feed lengths.
              </p>
            </div>
            <div className="capacity-plots">
              <LogLogChart title="Redis memory vs users" testId="capacity-memory-plot" series={SERIES.filter((s) => (s.key === 'timeline' ? v.projection.timeline : v.projection.graph))} data={memory} measured={v.measured.map((m) => ({ users: m.users, measured: m.usedMemoryBytes, predicted: m.predictedUsedMemoryBytes, label: m.label }))} measuredRange={v.measuredRange} format={compactBytes} />
              <LogLogChart title="Redis commands/s vs users" testId="capacity-commands-plot" series={SERIES.filter((s) => (s.key === 'timeline' ? v.projection.timeline : v.projection.graph))} data={commands} measured={v.measured.map((m) => ({ users: m.users, measured: m.commandsPerSec, predicted: m.predictedCommandsPerSec, label: m.label }))} measuredRange={v.measuredRange} format={compactRate} />
            </div>
          </div>
        )}
      </div>
    </Panel>
  );
}
