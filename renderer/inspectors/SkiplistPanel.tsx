/**
 * The skiplist view of one ZSET (article 4.1): encoding against the listpack thresholds, the
 * model's level histogram beside the theoretical 0.25^k curve (and the article's wrong 0.5^k),
 * towers of the first and last nodes, the search path of ZREVRANGE at an offset, the memory
 * estimate per component beside MEMORY USAGE, and the measured cost at several offsets.
 * Plain data in, callbacks out.
 */
import { useEffect, useState } from 'react';
import type { ApiError, OffsetCostView, ZsetInspectView, ZsetTowerView } from '../../engine/api.js';
import { fmtBytes, fmtInt } from '../format.js';
import { Panel, type PanelBody } from '../panels/Panel.js';
import './inspectors.css';
import { skiplistNotes } from './skiplistNotes.js';

export interface SkiplistPanelProps {
  /** The key being shown (null: none chosen yet). */
  keyName: string | null;
  view: ZsetInspectView | null;
  loading: boolean;
  error: ApiError | null;
  offsetCost: OffsetCostView | null;
  measuring: boolean;
  /** Re-inspects the key with the search path at `offset`. */
  onInspect(key: string, offset: number): void;
  onMeasure(key: string): void;
}

const ARTICLE_ERROR = 'The article draws level k with probability 0.5^k (levels halve). Redis uses ZSKIPLIST_P = 0.25 (src/server.h): 75% of nodes have one level, 18.75% two, 4.7% three.';

export function SkiplistPanel(p: SkiplistPanelProps) {
  const [keyInput, setKeyInput] = useState(p.keyName ?? '');
  const [offset, setOffset] = useState(p.view?.model.search?.offset ?? 0);
  useEffect(() => {
    if (p.keyName) setKeyInput(p.keyName);
  }, [p.keyName]);
  const key = p.keyName;
  const body: PanelBody = p.error
    ? { kind: 'error', error: p.error, hint: 'Pick a ZSET key (a timeline:{uid} key from the feed view or the key browser).' }
    : p.loading && !p.view
      ? { kind: 'loading', text: `Reading ${key ?? 'the key'} and replaying its members into the model…` }
      : !p.view
        ? { kind: 'empty', text: 'No sorted set chosen. Open one from the feed view or the key browser, or type a key name above.' }
        : { kind: 'ready' };
  const v = p.view;
  const notes = skiplistNotes(v?.notes ?? [], p.offsetCost?.notes ?? []);
  return (
    <Panel
      title="Skiplist levels"
      testId="panel-skiplist"
      body={body}
      extra={
        <form
          className="row"
          onSubmit={(e) => {
            e.preventDefault();
            if (keyInput.trim()) p.onInspect(keyInput.trim(), offset);
          }}
        >
          <input aria-label="ZSET key" placeholder="fs:timeline:0" value={keyInput} onChange={(e) => setKeyInput(e.target.value)} />
          <button type="submit" disabled={!keyInput.trim() || p.loading}>Inspect</button>
        </form>
      }
    >
      {v && (
        <div className="insp cols">
          <Summary v={v} />
          <p className="note warn" data-testid="article-error">{ARTICLE_ERROR}</p>
          {v.encoding === 'skiplist' ? (
            <>
              <Histogram v={v} />
              <Towers first={v.model.towers.first} last={v.model.towers.last} length={v.length} />
              <section>
                <h3>Search path of ZREVRANGE at an offset</h3>
                <form
                  className="row"
                  onSubmit={(e) => {
                    e.preventDefault();
                    p.onInspect(v.key, offset);
                  }}
                >
                  <label>offset <input type="number" min={0} max={v.length} value={offset} onChange={(e) => setOffset(Math.max(0, Number(e.target.value)))} /></label>
                  <button type="submit" disabled={p.loading}>Show path</button>
                </form>
                <SearchPath v={v} />
              </section>
            </>
          ) : (
            <p className="note" data-testid="encoding-note">{notes.encoding ?? `This key is ${v.encoding}: members live in one flat listpack until it has more than ${v.config.maxListpackEntries} entries or a member longer than ${v.config.maxListpackValue} bytes.`} There are no towers to draw yet.</p>
          )}
          <Memory v={v} />
          <OffsetCost cost={p.offsetCost} costNotes={notes.cost} measuring={p.measuring} onMeasure={() => p.onMeasure(v.key)} />
          {notes.view.map((n) => (
            <p key={n} className="note" data-testid="skiplist-note">{n}</p>
          ))}
        </div>
      )}
    </Panel>
  );
}

function Summary({ v }: { v: ZsetInspectView }) {
  return (
    <dl className="kv" data-testid="skiplist-summary">
      <dt>key</dt>
      <dd className="mono">{v.key}</dd>
      <dt>encoding</dt>
      <dd>
        {v.encoding} {v.expectedEncoding !== v.encoding && <span className="warn">(thresholds predict {v.expectedEncoding}: the set was bigger before and shrank; Redis does not convert back)</span>}
      </dd>
      <dt>entries</dt>
      <dd>{fmtInt(v.length)} (listpack up to {v.config.maxListpackEntries} entries, members up to {v.config.maxListpackValue} B; longest member {v.maxMemberBytes} B)</dd>
      <dt>MEMORY USAGE</dt>
      <dd>{fmtBytes(v.memoryUsageBytes)} ({fmtInt(v.memoryUsageBytes)} B, SAMPLES 0)</dd>
      <dt>model estimate</dt>
      <dd data-testid="skiplist-estimate">
        {fmtBytes(v.model.estimatedBytes)} ({v.model.errorPct >= 0 ? '+' : ''}
        {v.model.errorPct}%)
      </dd>
    </dl>
  );
}

function Histogram({ v }: { v: ZsetInspectView }) {
  const rows = v.model.levelHistogram;
  const W = 360;
  const H = 150;
  const pad = 28;
  const max = Math.max(1, ...rows.map((r) => Math.max(r.nodes, r.articleExpected)));
  // Log scale: level 5 has ~1/256 of level 1's nodes.
  const y = (n: number): number => H - pad - (Math.log10(1 + n) / Math.log10(1 + max)) * (H - pad - 8);
  const bw = (W - pad) / Math.max(1, rows.length);
  const x = (i: number): number => pad + i * bw;
  const curve = (key: 'expected' | 'articleExpected'): string => rows.map((r, i) => `${i ? 'L' : 'M'}${x(i) + bw / 2},${y(r[key])}`).join(' ');
  return (
    <section>
      <h3>Level histogram (model, {fmtInt(v.model.replayedMembers)} nodes, max level {v.model.maxLevel})</h3>
      <svg width={W} height={H} role="img" aria-label="level histogram" data-testid="level-histogram">
        {rows.map((r, i) => (
          <g key={r.level}>
            <rect x={x(i) + 2} y={y(r.nodes)} width={bw - 4} height={H - pad - y(r.nodes)} fill="#4fc3f7">
              <title>{`level ${r.level}: ${fmtInt(r.nodes)} nodes (p=0.25 expects ${r.expected.toFixed(1)}, the article's p=0.5 would give ${r.articleExpected.toFixed(1)})`}</title>
            </rect>
            <text x={x(i) + bw / 2} y={H - pad + 12} fontSize={10} fill="#8796a5" textAnchor="middle">{r.level}</text>
          </g>
        ))}
        <path d={curve('expected')} stroke="#a5d6a7" fill="none" strokeWidth={2} />
        <path d={curve('articleExpected')} stroke="#ef5350" fill="none" strokeWidth={1.5} strokeDasharray="4 3" />
        <text x={pad} y={H - 2} fontSize={10} fill="#8796a5">level (log-scaled node counts)</text>
      </svg>
      <p className="note">
        <span style={{ color: '#4fc3f7' }}>■</span> model nodes · <span style={{ color: '#a5d6a7' }}>—</span> Redis theory N·0.75·0.25^(k−1) · <span style={{ color: '#ef5350' }}>- -</span> the article's 0.5^k
      </p>
    </section>
  );
}

function Towers({ first, last, length }: { first: ZsetTowerView[]; last: ZsetTowerView[]; length: number }) {
  const all = [...first, ...(last.length && first.length && last[0].rank <= first[first.length - 1].rank ? last.filter((t) => t.rank > first[first.length - 1].rank) : last)];
  const maxLevel = Math.max(1, ...all.map((t) => t.level));
  const cell = 14;
  const colW = 58;
  const gap = first.length && last.length && last[0].rank > first[first.length - 1].rank + 1 ? 30 : 0;
  const W = all.length * colW + gap + 10;
  const H = (maxLevel + 1) * cell + 30;
  return (
    <section className="wide">
      <h3>Towers of the first and last nodes (a statistical replica)</h3>
      <svg width={W} height={H} role="img" aria-label="towers" data-testid="towers">
        {all.map((t, i) => {
          const gx = i * colW + (i >= first.length ? gap : 0) + 5;
          return (
            <g key={t.rank}>
              {t.spans.map((span, lvl) => (
                <g key={lvl}>
                  <rect x={gx} y={H - 30 - (lvl + 1) * cell} width={colW - 8} height={cell - 2} fill={lvl === 0 ? '#2f7aa3' : '#4fc3f7'}>
                    <title>{`rank ${t.rank}, level ${lvl + 1}: span ${span}${span === 0 ? ' (points past the tail)' : ''}`}</title>
                  </rect>
                  <text x={gx + 3} y={H - 30 - lvl * cell - 4} fontSize={9} fill="#0f1419">{span}</text>
                </g>
              ))}
              <text x={gx} y={H - 16} fontSize={9} fill="#8796a5">#{t.rank}</text>
              <text x={gx} y={H - 5} fontSize={9} fill="#8796a5">
                <title>{`${t.member} (score ${t.score})`}</title>
                {t.member.length > 8 ? `${t.member.slice(0, 7)}…` : t.member}
              </text>
            </g>
          );
        })}
        {gap > 0 && <text x={first.length * colW + 8} y={H - 40} fontSize={12} fill="#8796a5">…</text>}
      </svg>
      <p className="note">Numbers are spans (level-0 steps a forward link jumps). {fmtInt(length)} nodes in all.</p>
    </section>
  );
}

function SearchPath({ v }: { v: ZsetInspectView }) {
  const s = v.model.search;
  if (!s) return null;
  if (s.rank === null) return <p className="note">Offset {fmtInt(s.offset)} is past the end ({fmtInt(v.length)} entries).</p>;
  if (s.offset === 0) return <p className="note" data-testid="search-summary">Offset 0 starts at the tail: no search, then {s.backwardSteps} backward steps.</p>;
  return (
    <>
      <p className="note" data-testid="search-summary">
        Rank search for {fmtInt(s.rank)} (= length − offset): <strong>{s.comparisons} comparisons</strong> over {s.levelsVisited} levels, {s.steps.length} hops, then {s.backwardSteps} backward steps.
      </p>
      <table>
        <thead>
          <tr><th>hop</th><th>level</th><th>from rank</th><th>to rank</th><th>span</th></tr>
        </thead>
        <tbody>
          {s.steps.map((st, i) => (
            <tr key={i}><td>{i + 1}</td><td>{st.level}</td><td>{fmtInt(st.fromRank)}</td><td>{fmtInt(st.toRank)}</td><td>{fmtInt(st.span)}</td></tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

function Memory({ v }: { v: ZsetInspectView }) {
  const max = Math.max(1, ...v.model.components.map((c) => c.bytes));
  return (
    <section>
      <h3>Memory per component (model) vs MEMORY USAGE {fmtInt(v.memoryUsageBytes)} B</h3>
      <table data-testid="memory-components">
        <tbody>
          {v.model.components.map((c) => (
            <tr key={c.name} title={c.detail}>
              <td>{c.name}</td>
              <td>{fmtInt(c.bytes)} B</td>
              <td style={{ textAlign: 'left' }}><span className="bar" style={{ width: `${(c.bytes / max) * 160}px` }} /></td>
              <td style={{ textAlign: 'left' }} className="note">{c.detail}</td>
            </tr>
          ))}
          <tr><td><strong>total</strong></td><td><strong>{fmtInt(v.model.estimatedBytes)} B</strong></td><td colSpan={2} style={{ textAlign: 'left' }}>{v.model.errorPct >= 0 ? '+' : ''}{v.model.errorPct}% vs the server</td></tr>
        </tbody>
      </table>
    </section>
  );
}

function OffsetCost({ cost, costNotes, measuring, onMeasure }: { cost: OffsetCostView | null; costNotes: string[]; measuring: boolean; onMeasure(): void }) {
  return (
    <section>
      <div className="row">
        <h3>Offset cost: ZREVRANGE at 0, 1k, 10k, 100k</h3>
        <button type="button" onClick={onMeasure} disabled={measuring}>{measuring ? 'Measuring…' : 'Measure on the server'}</button>
      </div>
      {cost && (
        <>
          <table data-testid="offset-cost">
            <thead>
              <tr><th>offset</th><th>server µs/call</th><th>client p50 µs</th><th>client p99 µs</th><th>model comparisons</th><th>levels</th></tr>
            </thead>
            <tbody>
              {cost.rows.map((r) => (
                <tr key={r.offset}>
                  <td>{fmtInt(r.offset)}</td>
                  {r.skipped ? (
                    <td colSpan={5} style={{ textAlign: 'left' }} className="note">skipped: {r.skipped}</td>
                  ) : (
                    <>
                      <td>{r.serverUsPerCall ?? '–'}</td>
                      <td>{r.clientP50Us ?? '–'}</td>
                      <td>{r.clientP99Us ?? '–'}</td>
                      <td>{r.modelComparisons ?? '–'}</td>
                      <td>{r.modelLevelsVisited ?? '–'}</td>
                    </>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
          {costNotes.map((n) => (
            <p key={n} className="note">{n}</p>
          ))}
        </>
      )}
    </section>
  );
}
