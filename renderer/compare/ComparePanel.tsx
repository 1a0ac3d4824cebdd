/**
 * Compare (issue 14): two runs side by side in the app. Each side is a report.json picked from
 * disk (the app's "Export report.json", or `feedscope run --report`) or the run loaded now; the
 * engine compares them (engine/report/compare/) and this panel shows the latency table, memory,
 * feed quality and the differential flame graph, with compare.html to download.
 */
import { useState } from 'react';
import type { ApiError, CompareRow, CompareView, FeedscopeApi } from '../../engine/api.js';
import { downloadText } from '../api/download.js';
import { toApiError } from '../api/errors.js';
import { Panel, type PanelBody } from '../panels/Panel.js';

interface Side {
  /** null: the run loaded now. */
  text: string | null;
  label: string;
}

interface Props {
  api: () => FeedscopeApi;
  loaded: boolean;
  scenario: string | null;
}

const NOW = (scenario: string | null): Side => ({ text: null, label: `this run${scenario ? ` (${scenario})` : ''}` });

function fmt(v: number | null, unit: CompareRow['unit']): string {
  if (v === null) return '—';
  if (unit === 'MiB') return `${v.toFixed(2)} MiB`;
  if (unit === 'ratio') return v.toFixed(3);
  if (unit === 'count') return Math.round(v).toLocaleString('en-US');
  const n = v < 1 ? v.toFixed(3) : v < 100 ? v.toFixed(2) : Math.round(v).toLocaleString('en-US');
  return unit === 'ms' ? `${n} ms` : unit === 's' ? `${n} s` : `${n}×`;
}

function Change({ a, b, better }: { a: number | null; b: number | null; better: CompareRow['better'] }) {
  if (a === null || b === null) return <td>—</td>;
  if (a === b) return <td className="cmp-same">=</td>;
  const pct = a !== 0 ? `${b > a ? '+' : ''}${((100 * (b - a)) / Math.abs(a)).toFixed(1)}%` : 'new';
  const cls = better === null ? 'cmp-diff' : (better === 'higher') === b > a ? 'cmp-better' : 'cmp-worse';
  return <td className={cls}>{pct}</td>;
}

function Rows({ title, rows, labels }: { title: string; rows: CompareRow[]; labels: [string, string] }) {
  if (rows.length === 0) return null;
  return (
    <table className="cmp-table">
      <caption>{title}</caption>
      <thead>
        <tr><th /><th>{labels[0]}</th><th>{labels[1]}</th><th>change</th></tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.label}><td>{r.label}</td><td>{fmt(r.a, r.unit)}</td><td>{fmt(r.b, r.unit)}</td><Change a={r.a} b={r.b} better={r.better} /></tr>
        ))}
      </tbody>
    </table>
  );
}

function SidePicker({ name, side, onSide, scenario, loaded }: { name: string; side: Side; onSide(s: Side): void; scenario: string | null; loaded: boolean }) {
  const pick = async (f: File | undefined) => f && onSide({ text: await f.text(), label: f.name === 'report.json' ? `${name} (report.json)` : f.name });
  return (
    <span className="cmp-side">
      <b>{name}</b> {side.label}
      <label className="cmp-file">
        report.json…
        <input type="file" accept=".json,application/json" aria-label={`Run ${name}: report.json`} onChange={(e) => void pick(e.target.files?.[0])} />
      </label>
      <button type="button" className="small" disabled={!loaded} onClick={() => onSide(NOW(scenario))}>
        this run
      </button>
    </span>
  );
}

export function ComparePanel({ api, loaded, scenario }: Props) {
  const [a, setA] = useState<Side>(() => NOW(scenario));
  const [b, setB] = useState<Side>(() => NOW(scenario));
  const [view, setView] = useState<CompareView | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const compare = async () => {
    setBusy(true);
    setError(null);
    try {
      const labels: [string, string] = a.label === b.label ? [`A: ${a.label}`, `B: ${b.label}`] : [a.label, b.label];
      setView(await api().compareReports({ a: a.text, b: b.text, labels }));
    } catch (err) {
      setError(toApiError(err));
    } finally {
      setBusy(false);
    }
  };
  const body: PanelBody = error ? { kind: 'error', error, hint: 'Pick the report.json that "Export" or `feedscope run --report DIR` wrote.' } : { kind: 'ready' };
  return (
    <Panel
      title="Compare two runs"
      testId="panel-compare"
      body={body}
      extra={
        <span className="cmp-controls">
          <SidePicker name="A" side={a} onSide={setA} scenario={scenario} loaded={loaded} />
          <SidePicker name="B" side={b} onSide={setB} scenario={scenario} loaded={loaded} />
          <button type="button" className="primary" disabled={busy || ((a.text === null || b.text === null) && !loaded)} onClick={() => void compare()}>
            {busy ? 'Comparing…' : 'Compare'}
          </button>
          {view && (
            <button type="button" onClick={() => downloadText(view.filename, 'text/html', view.html)}>
              compare.html
            </button>
          )}
        </span>
      }
    >
      {!view ? (
        <p className="panel-note">Pick a report.json for A and for B (or "this run" for the run loaded now), then Compare: latency per operation, memory, feed quality and a differential flame graph (red: B spends a larger share there, blue: a smaller one).</p>
      ) : (
        <div className="cmp-body" data-testid="compare-result">
          <table className="cmp-table">
            <caption>Latency per operation (ms)</caption>
            <thead>
              <tr><th>operation</th><th>p50 {view.labels[0]}</th><th>p50 {view.labels[1]}</th><th>p50 change</th><th>p99 {view.labels[0]}</th><th>p99 {view.labels[1]}</th><th>p99 change</th></tr>
            </thead>
            <tbody>
              {view.latency.map((l) => (
                <tr key={`${l.model}.${l.op}`}>
                  <td>{l.model}.{l.op}</td>
                  <td>{fmt(l.a?.p50Ms ?? null, 'ms')}</td><td>{fmt(l.b?.p50Ms ?? null, 'ms')}</td><Change a={l.a?.p50Ms ?? null} b={l.b?.p50Ms ?? null} better="lower" />
                  <td>{fmt(l.a?.p99Ms ?? null, 'ms')}</td><td>{fmt(l.b?.p99Ms ?? null, 'ms')}</td><Change a={l.a?.p99Ms ?? null} b={l.b?.p99Ms ?? null} better="lower" />
                </tr>
              ))}
            </tbody>
          </table>
          <Rows title="Memory" rows={view.memory} labels={view.labels} />
          <Rows title="Feed quality and fan-out" rows={view.quality} labels={view.labels} />
          <Rows title="The runs" rows={view.run} labels={view.labels} />
          {view.flameSvg && (
            <figure className="cmp-flame" data-testid="compare-flame">
              <figcaption>Differential flame graph: widths from {view.labels[1]}; red, a larger share of its time than {view.labels[0]}; blue, a smaller one ({view.labels[0]} normalised to {view.labels[1]}'s total).</figcaption>
              {/* The engine's own SVG: every name in it is escaped (engine/report/flameSvg.ts). */}
              <div dangerouslySetInnerHTML={{ __html: view.flameSvg }} />
            </figure>
          )}
        </div>
      )}
    </Panel>
  );
}
