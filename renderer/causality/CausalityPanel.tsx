/**
 * The Causality tab (article 2.1): the causality lab's events as a time-space diagram, the causal
 * cone of a clicked event (found by the engine's reverse DFS, with its cost), violations by kind
 * and per score strategy, their series, and the ShiViz log export. Reads its own data through the
 * API while shown (useEngineView); follows the scenario live until an event is clicked.
 */
import { useMemo, useState } from 'react';
import type { CausalityView, FeedscopeApi, ScoreStrategyName } from '../../engine/api.js';
import { downloadText } from '../api/download.js';
import { toApiError } from '../api/errors.js';
import { TimeSeriesChart } from '../charts/TimeSeriesChart.js';
import { fmtInt } from '../format.js';
import { Panel, type PanelBody } from '../panels/Panel.js';
import { KIND_COLOURS, TimeSpaceDiagram } from './TimeSpaceDiagram.js';
import { useEngineView } from './useEngineView.js';
import '../inspectors/inspectors.css';
import './causality.css';

interface Props {
  api: (() => FeedscopeApi) | null;
  /** Simulated ms of the latest frame (refreshes while playing) and whether a scenario is loaded. */
  tMs: number;
  loaded: boolean;
}

const SPANS = [500, 1500, 5000];
const REFRESH_MS = 1000;
const STRATEGY_LABELS: Record<ScoreStrategyName, string> = { raw: 'raw ms', shift20: '(ms << 20) | seq', snowflake: 'Snowflake', hlc: 'HLC' };
const STRATEGY_COLOURS: Record<ScoreStrategyName, string> = { raw: '#4fc3f7', shift20: '#ef5350', snowflake: '#ffd54f', hlc: '#a5d6a7' };

export function CausalityPanel({ api, tMs, loaded }: Props) {
  const [spanMs, setSpanMs] = useState(1500);
  const [frozenTo, setFrozenTo] = useState<number | null>(null);
  const [selected, setSelected] = useState<number | null>(null);
  const [exportError, setExportError] = useState<string | null>(null);
  const read = api && loaded ? () => api().getCausality({ toMs: frozenTo, spanMs, limit: 700, cone: selected }) : null;
  const v = useEngineView<CausalityView>(read, `${loaded}:${frozenTo}:${spanMs}:${selected}`, frozenTo === null ? tMs : 0, REFRESH_MS);
  const d = v.data;
  const cone = useMemo(() => (d?.cone ? new Set(d.cone.members) : null), [d]);

  const body: PanelBody = !loaded
    ? { kind: 'empty', text: 'Load "Causal cones across replicas" (or a scenario with a "causality" section) to see its events.' }
    : v.error
      ? { kind: 'error', error: v.error, hint: 'The causality lab needs a scenario with "causality" (and "clocks" for its nodes).' }
      : !d
        ? { kind: 'loading', text: 'Reading the happened-before graph…' }
        : { kind: 'ready' };

  const select = (id: number): void => {
    if (!d) return;
    setFrozenTo(d.window.toMs);
    setSelected(id === selected ? null : id);
  };
  const follow = (): void => {
    setFrozenTo(null);
    setSelected(null);
  };
  const shift = (dir: -1 | 1): void => {
    if (!d) return;
    setFrozenTo(Math.max(spanMs, Math.min(d.tMs, d.window.toMs + dir * spanMs)));
  };
  const exportLog = async (): Promise<void> => {
    if (!api) return;
    try {
      const f = await api().exportShiviz({});
      setExportError(null);
      downloadText(f.filename, f.mime, f.text);
    } catch (err) {
      setExportError(toApiError(err).message);
    }
  };

  const series = (d?.series ?? []).map((b) => ({ t: b.tSec, effectWithoutCause: b.effectWithoutCause, ...b.effectBelowCause }));
  const extra = d && (
    <span className="row">
      <button type="button" onClick={() => void exportLog()} title="Download the recorded events in ShiViz's log format (host, vector clock JSON, event line)">Export ShiViz log</button>
      {exportError && <span className="warn">{exportError}</span>}
    </span>
  );

  return (
    <Panel title="Causality: happened-before across replicas" testId="panel-causality" body={body} extra={extra}>
      {d && (
        <div className="insp corr">
          <div className="row">
            <span>{d.nodes.length} nodes, gossip {fmtInt(d.gossipMs)} ms; {fmtInt(d.totals.events)} events ({fmtInt(d.totals.recorded)} in the graph), {fmtInt(d.totals.edges)} happened-before edges</span>
            <label>window <select aria-label="Diagram window" value={spanMs} onChange={(e) => setSpanMs(Number(e.target.value))}>{SPANS.map((s) => <option key={s} value={s}>{s / 1000} s</option>)}</select></label>
            <button type="button" onClick={() => shift(-1)} disabled={d.window.fromMs <= 0}>◀ earlier</button>
            <button type="button" onClick={() => shift(1)} disabled={frozenTo === null}>later ▶</button>
            <button type="button" className={frozenTo === null ? 'primary' : undefined} onClick={follow} aria-pressed={frozenTo === null}>{frozenTo === null ? 'following live' : 'follow live'}</button>
            {d.window.truncated && <span className="note warn">showing the last {fmtInt(d.window.events.length)} events of this window</span>}
          </div>
          <div className="legend">
            {(Object.keys(KIND_COLOURS) as (keyof typeof KIND_COLOURS)[]).map((k) => <span key={k}><i style={{ background: KIND_COLOURS[k] }} />{k}</span>)}
            <span><i style={{ background: 'transparent', border: '2px solid #ef5350' }} />broke causality</span>
            <span>click a dot: its causal cone</span>
          </div>
          {d.window.events.length === 0 ? (
            <p className="note">No events in this window yet: press play.</p>
          ) : (
            <TimeSpaceDiagram nodes={d.nodes} events={d.window.events} fromMs={d.window.fromMs} toMs={d.window.toMs} cone={cone} selected={selected} onSelect={select} />
          )}
          {d.cone ? (
            <p className="cone" data-testid="causality-cone">
              Cone of event #{d.cone.event}: {fmtInt(d.cone.size)} events happened before it or are it ({fmtInt(d.cone.members.length)} in this window). Reverse DFS: {fmtInt(d.cone.visited)} events visited, {fmtInt(d.cone.edgesTraversed)} edges followed, {d.cone.micros} µs: O(|E| + |≺|), here |E| = {fmtInt(d.totals.recorded)}, |≺| = {fmtInt(d.totals.edges)} direct edges.
            </p>
          ) : (
            <p className="note">The article's is_causally_bound walks the happened-before graph backwards from an event; click one to see how far back its cone reaches and what the walk cost.</p>
          )}
          <div className="insp cols" style={{ padding: 0 }}>
            <section>
              <h3>What broke causality</h3>
              <table data-testid="causality-counts">
                <thead><tr><th>kind</th><th>raw ms</th><th>(ms &lt;&lt; 20) | seq</th><th>Snowflake</th><th>HLC</th></tr></thead>
                <tbody>
                  <tr><td>effect below its cause (pairs on {fmtInt(d.counters.feedChecks)} pages from Redis)</td>{d.counters.strategies.map((s) => <td key={s.name} className={s.effectBelowCause ? 'bad' : undefined}>{fmtInt(s.effectBelowCause)}</td>)}</tr>
                  <tr><td>pages with one</td>{d.counters.strategies.map((s) => <td key={s.name}>{fmtInt(s.readsWithViolation)}</td>)}</tr>
                </tbody>
              </table>
              <p>Reads that showed an effect without its cause (a reply or repost on a replica its post had not reached): <b className={d.counters.effectWithoutCause ? 'bad' : undefined} data-testid="effect-without-cause">{fmtInt(d.counters.effectWithoutCause)}</b></p>
              <p className="note">Of {fmtInt(d.counters.pairsChecked)} pairs on checked pages, {fmtInt(d.counters.orderedPairs)} are ordered by ≺ (the rest are concurrent: any order is right). The Timeline writes {STRATEGY_LABELS[d.strategy]} scores; the other columns re-sort the same posts by their own scores.</p>
            </section>
            <section className="corr-chart wide">
              <TimeSeriesChart
                title="Violations per simulated second"
                testId="causality-series"
                data={series}
                series={[{ key: 'effectWithoutCause', label: 'effect without cause', color: '#ef5350' }, ...(Object.keys(STRATEGY_LABELS) as ScoreStrategyName[]).map((s) => ({ key: s, label: `below cause: ${STRATEGY_LABELS[s]}`, color: STRATEGY_COLOURS[s], dashed: true }))]}
                format={(x) => fmtInt(x)}
                empty="No violations yet."
              />
            </section>
          </div>
          {d.examples.length > 0 && (
            <section>
              <h3>Latest violations</h3>
              <ul className="examples">{[...d.examples].reverse().map((x, i) => <li key={i}>{x}</li>)}</ul>
            </section>
          )}
        </div>
      )}
    </Panel>
  );
}
