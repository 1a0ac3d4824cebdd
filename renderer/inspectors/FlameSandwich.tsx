/**
 * The sandwich view (as speedscope has it): a table of every function with self and total time;
 * pick one to see its callers above it (inverted: the function at the bottom) and its callees
 * below it, both the width of its total time and zoomed through the same window.
 */
import { useMemo, useState } from 'react';
import type { FlameNode } from '../../engine/api.js';
import { fmtMs } from '../format.js';
import { FlameGraph, type Placed } from './FlameGraph.js';
import { calleesTree, callersTree, functionTable } from './flameSandwich.js';
import type { ZoomWindow } from './flameZoom.js';

const MAX_ROWS = 200;

export interface FlameSandwichProps {
  root: FlameNode;
  fn: string | null;
  onPick(fn: string): void;
  win: ZoomWindow;
  width: number;
  term: string;
  onHover(h: { placed: Placed; x: number; y: number } | null): void;
}

export function FlameSandwich(p: FlameSandwichProps) {
  const [sort, setSort] = useState<'totalUs' | 'selfUs'>('totalUs');
  const rows = useMemo(() => functionTable(p.root), [p.root]);
  const sorted = useMemo(() => [...rows].sort((a, b) => b[sort] - a[sort] || a.name.localeCompare(b.name)).slice(0, MAX_ROWS), [rows, sort]);
  const fn = p.fn && rows.some((r) => r.name === p.fn) ? p.fn : (sorted[0]?.name ?? null);
  const callers = useMemo(() => (fn ? callersTree(p.root, fn) : null), [p.root, fn]);
  const callees = useMemo(() => (fn ? calleesTree(p.root, fn) : null), [p.root, fn]);
  const all = p.root.totalUs || 1;
  return (
    <div className="sandwich" data-testid="flame-sandwich">
      <div className="sandwich-table">
        <table className="sandwich-rows">
          <thead>
            <tr>
              <th>
                <button type="button" className="linkish" onClick={() => setSort('totalUs')} aria-pressed={sort === 'totalUs'}>total{sort === 'totalUs' ? ' ▾' : ''}</button>
              </th>
              <th>
                <button type="button" className="linkish" onClick={() => setSort('selfUs')} aria-pressed={sort === 'selfUs'}>self{sort === 'selfUs' ? ' ▾' : ''}</button>
              </th>
              <th style={{ textAlign: 'left' }}>function</th>
            </tr>
          </thead>
          <tbody>
            {sorted.map((r) => (
              <tr key={r.name} className={r.name === fn ? 'picked' : undefined} onClick={() => p.onPick(r.name)} data-testid="sandwich-row">
                <td>{fmtMs(r.totalUs / 1000)} <span className="note">{((100 * r.totalUs) / all).toFixed(1)}%</span></td>
                <td>{fmtMs(r.selfUs / 1000)}</td>
                <td style={{ textAlign: 'left' }}>{r.name}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {rows.length > MAX_ROWS && <p className="note">The {MAX_ROWS} heaviest of {rows.length} functions.</p>}
      </div>
      {fn && callers && callees && (
        <div className="sandwich-graphs">
          <h4 className="note">Callers of <strong>{fn}</strong> (who calls it, read upwards)</h4>
          <FlameGraph focus={callers} focusPath={[]} win={p.win} width={p.width} term={p.term} inverted testId="flame-callers" onFrame={(f) => f.depth > 0 && p.onPick(f.node.name)} onHover={p.onHover} />
          <h4 className="note">Callees of <strong>{fn}</strong> (what it calls, read downwards)</h4>
          <FlameGraph focus={callees} focusPath={[]} win={p.win} width={p.width} term={p.term} testId="flame-callees" onFrame={(f) => f.depth > 0 && p.onPick(f.node.name)} onHover={p.onHover} />
        </div>
      )}
    </div>
  );
}
