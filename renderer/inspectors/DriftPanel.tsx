/**
 * The score drift lab (article 4.2): writer nodes with skewed and drifting clocks, the four score
 * strategies side by side (order inversions against true publish order, ties, precision lost
 * beyond 2^53), inversions over time and per pair of nodes. Clocks and strategy are edited here
 * and applied live through `onSetClocks`.
 */
import { useEffect, useState } from 'react';
import type { ApiError, CommandInput, DriftView, ScoreStrategyName } from '../../engine/api.js';
import { TimeSeriesChart } from '../charts/TimeSeriesChart.js';
import { fmtInt } from '../format.js';
import { Panel, type PanelBody } from '../panels/Panel.js';
import './inspectors.css';

export interface DriftPanelProps {
  view: DriftView | null;
  loading: boolean;
  error: ApiError | null;
  onSetClocks(args: CommandInput<'setClocks'>): void;
}

type NodeDraft = { name: string; skewMs: number; driftPpm: number };

const LABELS: Record<ScoreStrategyName, string> = {
  raw: 'raw ms',
  shift20: 'article: (ms << 20) | seq',
  snowflake: 'Snowflake id (< 2^53)',
  hlc: 'hybrid logical clock',
};
const COLOURS: Record<ScoreStrategyName, string> = { raw: '#4fc3f7', shift20: '#ef5350', snowflake: '#ffd54f', hlc: '#a5d6a7' };
const PRESET: NodeDraft[] = [
  { name: 'west', skewMs: -50, driftPpm: 0 },
  { name: 'mid', skewMs: 0, driftPpm: 0 },
  { name: 'east', skewMs: 50, driftPpm: 100 },
];

export function DriftPanel(p: DriftPanelProps) {
  const v = p.view;
  const [nodes, setNodes] = useState<NodeDraft[]>(v?.nodes.map(({ name, skewMs, driftPpm }) => ({ name, skewMs, driftPpm })) ?? PRESET);
  const [strategy, setStrategy] = useState<ScoreStrategyName>(v?.strategy ?? 'raw');
  const [gossipMs, setGossipMs] = useState(v?.gossipMs ?? 20);
  const [pairStrategy, setPairStrategy] = useState<ScoreStrategyName>('raw');
  const [dirty, setDirty] = useState(false);
  useEffect(() => {
    // Follow the engine (a new scenario, another window) unless the user is editing.
    if (!v || dirty) return;
    setNodes(v.nodes.map(({ name, skewMs, driftPpm }) => ({ name, skewMs, driftPpm })));
    setStrategy(v.strategy);
    setGossipMs(v.gossipMs);
  }, [v, dirty]);

  const body: PanelBody = p.error
    ? { kind: 'error', error: p.error, hint: 'The drift lab needs a loaded scenario.' }
    : !v
      ? p.loading
        ? { kind: 'loading', text: 'Reading the clocks…' }
        : { kind: 'empty', text: 'Load a scenario to see its writer clocks. Without a "clocks" section every post is stamped by one exact clock.' }
      : { kind: 'ready' };

  const edit = (i: number, patch: Partial<NodeDraft>): void => {
    setDirty(true);
    setNodes(nodes.map((n, k) => (k === i ? { ...n, ...patch } : n)));
  };
  const apply = (): void => {
    setDirty(false);
    p.onSetClocks({ nodes, strategy, gossipMs });
  };
  const pairs = v?.strategies.find((s) => s.name === pairStrategy)?.pairs ?? [];
  const pairMax = Math.max(1, ...pairs.flat());
  const series = (v?.series ?? []).map((b) => ({ t: b.tSec, ...b.inversions }));

  return (
    <Panel title="Score drift lab" testId="panel-drift" body={body} extra={v && <span>{v.enabled ? `Timeline scores: ${LABELS[v.strategy]}` : 'one exact clock (no "clocks" in the scenario)'}</span>}>
      {v && (
        <div className="insp cols">
          <section>
            <h3>Writer clocks</h3>
            <table data-testid="drift-nodes">
              <thead>
                <tr><th>node</th><th>skew ms</th><th>drift ppm</th><th>offset now</th><th /></tr>
              </thead>
              <tbody>
                {nodes.map((n, i) => (
                  <tr key={i}>
                    <td><input aria-label={`node ${i + 1} name`} value={n.name} onChange={(e) => edit(i, { name: e.target.value || `n${i}` })} /></td>
                    <td><input type="number" aria-label={`node ${i + 1} skew`} value={n.skewMs} step={10} onChange={(e) => edit(i, { skewMs: Number(e.target.value) })} /></td>
                    <td><input type="number" aria-label={`node ${i + 1} drift`} value={n.driftPpm} step={50} onChange={(e) => edit(i, { driftPpm: Number(e.target.value) })} /></td>
                    <td>{v.nodes[i] ? `${v.nodes[i].offsetNowMs >= 0 ? '+' : ''}${v.nodes[i].offsetNowMs} ms` : '–'}</td>
                    <td><button type="button" aria-label={`remove node ${i + 1}`} disabled={nodes.length <= 1} onClick={() => { setDirty(true); setNodes(nodes.filter((_, k) => k !== i)); }}>×</button></td>
                  </tr>
                ))}
              </tbody>
            </table>
            <div className="row">
              <button type="button" disabled={nodes.length >= 32} onClick={() => { setDirty(true); setNodes([...nodes, { name: `n${nodes.length}`, skewMs: 0, driftPpm: 0 }]); }}>Add node</button>
              <label>
                strategy{' '}
                <select aria-label="Score strategy" value={strategy} onChange={(e) => { setDirty(true); setStrategy(e.target.value as ScoreStrategyName); }}>
                  {(Object.keys(LABELS) as ScoreStrategyName[]).map((s) => <option key={s} value={s}>{LABELS[s]}</option>)}
                </select>
              </label>
              <label>gossip ms <input type="number" min={0} value={gossipMs} onChange={(e) => { setDirty(true); setGossipMs(Math.max(0, Number(e.target.value))); }} /></label>
              <button type="button" className="primary" onClick={apply}>Apply live</button>
              {dirty && <span className="note warn">not applied yet</span>}
            </div>
            <p className="note">Posts go to node (post id mod nodes). Changing the number of nodes restarts the counters. HLC nodes see each other's writes after the gossip delay. Switching the strategy mid-run mixes score scales in feeds that already hold posts (as a real migration would): reset the scenario to start clean. Reset also restores the scenario's own clocks.</p>
          </section>

          <section>
            <h3>Strategies on the same {fmtInt(v.posts)} posts (compared within {fmtInt(v.windowMs)} ms of each other)</h3>
            <table data-testid="drift-strategies">
              <thead>
                <tr><th>strategy</th><th>inversions</th><th>ties</th><th>precision lost</th><th>example (intended → stored double)</th></tr>
              </thead>
              <tbody>
                {v.strategies.map((s) => (
                  <tr key={s.name} className={s.name === v.strategy && v.enabled ? 'selected' : undefined}>
                    <td><span style={{ color: COLOURS[s.name] }}>■</span> {LABELS[s.name]}</td>
                    <td>{fmtInt(s.inversions)}</td>
                    <td>{fmtInt(s.ties)}</td>
                    <td className={s.precisionLost ? 'warn' : undefined}>{fmtInt(s.precisionLost)} of {fmtInt(s.stamped)}</td>
                    <td className="mono" style={{ textAlign: 'left' }}>{s.example ? `${s.example.exact} → ${s.example.stored}` : ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <p className="note">
              The article's <code>(ms &lt;&lt; 20) | seq</code> is about 1.85·10^18, beyond 2^53 = {fmtInt(v.doubleExactLimit)}, the largest range where a double (a Redis score) holds every integer: the low bits, most of seq, are rounded away, so posts of one millisecond tie and order falls back to member bytes.
            </p>
          </section>

          <section style={{ height: 220, display: 'grid', gridTemplateRows: '100%', gridTemplateColumns: '100%' }}>
            <TimeSeriesChart
              title="Inversions per simulated second"
              testId="drift-series"
              data={series}
              series={(Object.keys(LABELS) as ScoreStrategyName[]).map((s) => ({ key: s, label: LABELS[s], color: COLOURS[s] }))}
              format={(x) => fmtInt(x)}
              empty="No posts yet: press play."
            />
          </section>

          <section>
            <div className="row">
              <h3>Inversions per node pair</h3>
              <select aria-label="Pair strategy" value={pairStrategy} onChange={(e) => setPairStrategy(e.target.value as ScoreStrategyName)}>
                {(Object.keys(LABELS) as ScoreStrategyName[]).map((s) => <option key={s} value={s}>{LABELS[s]}</option>)}
              </select>
            </div>
            <table data-testid="drift-pairs">
              <thead>
                <tr><th>older post on ↓ / newer on →</th>{v.nodes.map((n) => <th key={n.name}>{n.name}</th>)}</tr>
              </thead>
              <tbody>
                {pairs.map((row, i) => (
                  <tr key={i}>
                    <td>{v.nodes[i]?.name ?? i}</td>
                    {row.map((c, j) => (
                      <td key={j} style={{ background: c ? `rgba(239, 83, 80, ${0.15 + (0.7 * c) / pairMax})` : undefined }}>{fmtInt(c)}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
            <p className="note">An inversion: an older post shown above a newer one. A fast clock (positive skew) makes its posts look newer than they are.</p>
          </section>

          <GapsSection v={v} />
        </div>
      )}
    </Panel>
  );
}

const GAP_STATE_LABELS = { seen: 'read', skipped: 'skipped for good', refresh: 'new (a refresh brings it)', unread: 'not read yet' } as const;

/** Pagination gaps: the posts cursor readers skipped for good (engine/drift/gaps.ts), per strategy and writer node, and one reader's feed. */
function GapsSection({ v }: { v: DriftView }) {
  const g = v.gaps;
  const sample = g.sample;
  return (
    <section className="wide" data-testid="drift-gaps">
      <h3>What cursor readers never saw ({fmtInt(g.readers)} readers, a page of {g.pageSize} every {fmtInt(g.pageIntervalMs)} ms)</h3>
      <table>
        <thead>
          <tr><th>strategy</th><th>skipped for good</th>{v.nodes.map((n) => <th key={n.name}>from {n.name} ({n.skewMs >= 0 ? '+' : ''}{n.skewMs} ms)</th>)}<th>age when they landed p50 / p99 / max</th><th>new above the top (a refresh gets them)</th></tr>
        </thead>
        <tbody>
          {g.strategies.map((s) => (
            <tr key={s.name} className={s.name === v.strategy && v.enabled ? 'selected' : undefined}>
              <td><span style={{ color: COLOURS[s.name] }}>■</span> {LABELS[s.name]}</td>
              <td className={s.skipped ? 'warn' : undefined}>{fmtInt(s.skipped)}</td>
              {s.perNode.map((n) => <td key={n.node}>{fmtInt(n.skipped)}</td>)}
              <td>{s.ageMs ? `${fmtInt(s.ageMs.p50)} / ${fmtInt(s.ageMs.p99)} / ${fmtInt(s.ageMs.max)} ms` : '–'}</td>
              <td>{fmtInt(s.caughtByRefresh)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="note">A reader pages with ZREVRANGEBYSCORE key (cursor -inf; a refresh asks for what is above the first score it saw. A post that lands between the two, stamped by a clock behind the others, is in neither: skipped for good. Its age when it landed is the landing time minus the time its score claims.</p>
      {sample ? (
        <>
          <h3>User {sample.user}'s feed, paged from t={(sample.startMs / 1000).toFixed(1)} s ({LABELS[sample.strategy]})</h3>
          <div className="gapfeed" data-testid="drift-gap-feed" style={{ display: 'flex', flexWrap: 'wrap', gap: 3 }}>
            {sample.items.map((it) => (
              <span
                key={it.postId}
                title={`post ${it.postId} from ${it.node}, published t=${(it.trueMs / 1000).toFixed(3)} s, score ${it.score}: ${GAP_STATE_LABELS[it.state]}`}
                data-state={it.state}
                style={{ padding: '1px 5px', borderRadius: 3, fontSize: 11, border: `1px solid ${it.state === 'skipped' ? '#ef5350' : '#33414f'}`, background: it.state === 'skipped' ? 'rgba(239, 83, 80, 0.25)' : it.state === 'refresh' ? 'rgba(165, 214, 167, 0.15)' : undefined, color: it.state === 'unread' ? '#7d8b99' : undefined }}
              >
                {it.state === 'skipped' ? '✕ ' : ''}{it.postId}·{it.node}
              </span>
            ))}
          </div>
          <p className="note">Newest first as the score sorts them; red: skipped for good; green: new above the top.</p>
        </>
      ) : (
        <p className="note">No reader has skipped a post under {LABELS[v.strategy]} yet{v.enabled ? '' : ': without "clocks" every post is stamped by one exact clock'}.</p>
      )}
    </section>
  );
}
