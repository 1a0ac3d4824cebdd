/**
 * The Migration tab (article 4.4): the gray migration's phase on the simulated clock, the share of
 * users the Graph serves, the checker's mismatches by kind (control vs candidate, and control vs
 * control for the noise), their rate over time, the async double writes, repairs, the capped
 * mismatch list in Redis and the scheduled field checks. Reads its own data while shown.
 */
import type { FeedscopeApi, MigrationPhase, MigrationView, MismatchKind } from '../../engine/api.js';
import { useEngineView } from '../causality/useEngineView.js';
import { TimeSeriesChart } from '../charts/TimeSeriesChart.js';
import { fmtInt } from '../format.js';
import { Panel, type PanelBody } from '../panels/Panel.js';
import '../inspectors/inspectors.css';
import '../causality/causality.css';

interface Props {
  api: (() => FeedscopeApi) | null;
  tMs: number;
  loaded: boolean;
  durationMs: number;
}

const REFRESH_MS = 1000;
const PHASE_LABELS: Record<MigrationPhase, string> = { doubleWrite: 'double write', shadowRead: 'shadow read', gray: 'gray switch', finish: 'finish' };
const PHASE_COLOURS: Record<MigrationPhase, string> = { doubleWrite: '#90a4ae', shadowRead: '#4fc3f7', gray: '#ffd54f', finish: '#a5d6a7' };
const KIND_LABELS: Record<MismatchKind, string> = { missing: 'missing', extra: 'extra', order: 'order', score: 'time beyond tolerance' };
const KIND_COLOURS: Record<MismatchKind, string> = { missing: '#ef5350', extra: '#ffb74d', order: '#ce93d8', score: '#4fc3f7' };
const KINDS = Object.keys(KIND_LABELS) as MismatchKind[];
const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;

export function MigrationPanel({ api, tMs, loaded, durationMs }: Props) {
  const read = api && loaded ? () => api().getMigration({}) : null;
  const v = useEngineView<MigrationView>(read, String(loaded), tMs, REFRESH_MS);
  const d = v.data;
  const body: PanelBody = !loaded
    ? { kind: 'empty', text: 'Load "Gray migration: Timeline to Graph" (or a scenario with a "migration" section) to watch users move from one feed system to the other.' }
    : v.error
      ? { kind: 'error', error: v.error, hint: 'The migration needs a scenario with "migration" and both models.' }
      : !d
        ? { kind: 'loading', text: 'Reading the checker…' }
        : { kind: 'ready' };
  const totalSec = Math.max(1, durationMs / 1000);
  const series = (d?.series ?? []).map((p) => ({ t: p.tSec, share: p.share, ...p.rate }));
  const c = d?.candidate;
  return (
    <Panel title="Gray migration: Timeline → Graph" testId="panel-migration" body={body} extra={d && <span>phase <b data-testid="migration-phase">{PHASE_LABELS[d.phase]}</b>, Graph serves <b data-testid="migration-share">{pct(d.share)}</b></span>}>
      {d && c && (
        <div className="insp corr">
          <div className="phases" aria-label="Migration phases">
            {d.phases.map((p) => {
              const to = p.toSec ?? totalSec;
              const w = Math.max(0, Math.min(totalSec, to) - p.fromSec) / totalSec;
              return w > 0 ? <div key={p.phase} style={{ width: `${w * 100}%`, background: PHASE_COLOURS[p.phase], opacity: d.phase === p.phase ? 1 : 0.55 }}>{PHASE_LABELS[p.phase]} {p.fromSec}–{p.toSec ?? Math.round(totalSec)} s</div> : null;
            })}
            <span className="now" style={{ left: `${Math.min(100, (d.tMs / 1000 / totalSec) * 100)}%` }} />
          </div>
          <div className="insp cols" style={{ padding: 0 }}>
            <section>
              <h3>Consistency checker (Scientist-style)</h3>
              <table data-testid="migration-kinds">
                <thead><tr><th>mismatch</th><th>control vs candidate</th><th>rate</th><th>items</th><th>control vs control</th></tr></thead>
                <tbody>
                  {KINDS.map((k) => (
                    <tr key={k}>
                      <td><span style={{ color: KIND_COLOURS[k] }}>■</span> {KIND_LABELS[k]}</td>
                      <td>{fmtInt(c.byKind[k])}</td>
                      <td>{c.reads ? pct(c.byKind[k] / c.reads) : '–'}</td>
                      <td>{fmtInt(c.items[k])}</td>
                      <td>{fmtInt(d.calibration.byKind[k])}</td>
                    </tr>
                  ))}
                  <tr><td>reads mismatched</td><td>{fmtInt(c.mismatched)} of {fmtInt(c.reads)}</td><td>{c.reads ? pct(c.mismatched / c.reads) : '–'}</td><td /><td>{fmtInt(d.calibration.mismatched)} of {fmtInt(d.calibration.reads)}</td></tr>
                </tbody>
              </table>
              <p className="note">Control: the Timeline page; candidate: the graph store's follow path, newest first; compared where both lists reach. Time tolerance {fmtInt(d.timeToleranceMs)} ms. The reader's own posts ({fmtInt(d.ignoredOwnPosts)} so far) are ignored: the Timeline delivers them to their author, the follow path does not.</p>
            </section>
            <section>
              <h3>Writes, repairs, what was kept</h3>
              <dl className="kv">
                <dt>served</dt><dd>Timeline {fmtInt(d.served.timeline)} reads, Graph {fmtInt(d.served.graph)} reads</dd>
                <dt>async double writes</dt><dd>{fmtInt(d.writes.doubleWritten)} written, {fmtInt(d.writes.failed)} failed: {fmtInt(d.writes.retried)} retried, {fmtInt(d.writes.pendingRetry)} waiting, {fmtInt(d.writes.deadLettered)} dead-lettered</dd>
                <dt>repairs</dt><dd data-testid="migration-repairs">{fmtInt(d.repairs)} followee posts re-inserted into the Graph</dd>
                <dt>mismatch list</dt><dd><code>{d.mismatchList.key}</code>: {fmtInt(d.mismatchList.kept)} of {fmtInt(d.mismatchList.pushed)} kept (LPUSH, then LTRIM 0 {fmtInt(d.mismatchList.cap - 1)})</dd>
              </dl>
              <h3>Scheduled field checks (id exact, time within tolerance)</h3>
              {d.scheduled.length === 0 ? (
                <p className="note">None yet.</p>
              ) : (
                <table data-testid="migration-scheduled">
                  <thead><tr><th>at</th><th>users</th><th>ids</th><th>missing</th><th>extra</th><th>time &gt; tol.</th></tr></thead>
                  <tbody>{d.scheduled.slice(-6).map((s) => <tr key={s.tSec}><td>{s.tSec.toFixed(0)} s</td><td>{s.users}</td><td>{fmtInt(s.compared)}</td><td>{fmtInt(s.missing)}</td><td>{fmtInt(s.extra)}</td><td>{fmtInt(s.timeBeyondTolerance)}</td></tr>)}</tbody>
                </table>
              )}
            </section>
            <section className="corr-chart wide">
              <TimeSeriesChart
                title="Mismatch rate by kind (share of compared reads), and the share switched"
                testId="migration-series"
                data={series}
                series={[...KINDS.map((k) => ({ key: k, label: KIND_LABELS[k], color: KIND_COLOURS[k] })), { key: 'share', label: 'share served by Graph', color: '#ffffff', dashed: true }]}
                format={(x) => pct(x)}
                empty="No reads compared yet: the checker starts with the shadow read."
              />
            </section>
            {d.examples.length > 0 && (
              <section>
                <h3>First mismatches</h3>
                <ul className="examples">{d.examples.map((x, i) => <li key={i}>{x}</li>)}</ul>
              </section>
            )}
          </div>
        </div>
      )}
    </Panel>
  );
}
