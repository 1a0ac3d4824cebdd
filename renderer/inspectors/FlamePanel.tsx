/**
 * Latency flame graph of the engine's spans: per model and per operation kind, left-heavy
 * (cumulative, heaviest first) or time-ordered (recent spans in order of start). Click a frame to
 * zoom into it, click the root row to zoom out, type to highlight frames by name, hover for time
 * and share. Export buttons hand folded stacks / speedscope JSON to the caller.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import type { ApiError, FlameNode, FlameView } from '../../engine/api.js';
import { fmtInt, fmtMs } from '../format.js';
import { Panel, type PanelBody } from '../panels/Panel.js';
import './inspectors.css';

export interface FlameQuery {
  model: string | null;
  operation: string | null;
  view: 'left-heavy' | 'time-ordered';
}

export interface FlamePanelProps {
  view: FlameView | null;
  loading: boolean;
  error: ApiError | null;
  onQuery(q: FlameQuery): void;
  onExport(format: 'folded' | 'speedscope', q: FlameQuery): void;
}

const ROW_PX = 18;
/** Frames narrower than this are not drawn (their time is still in their parent's width). */
const MIN_FRAME_PX = 2;

interface Placed {
  node: FlameNode;
  path: string[];
  depth: number;
  x: number;
  w: number;
}

function hue(name: string): string {
  let h = 0;
  for (let i = 0; i < name.length; i++) h = (h * 31 + name.charCodeAt(i)) >>> 0;
  const family = name.startsWith('redis.') ? 20 : name.startsWith('graph') ? 280 : name.startsWith('timeline') ? 195 : 90;
  return `hsl(${family + (h % 30)}, 70%, ${55 + (h % 15)}%)`;
}

function find(root: FlameNode, path: string[]): FlameNode {
  let at = root;
  for (const name of path) {
    const next = at.children.find((c) => c.name === name);
    if (!next) return at;
    at = next;
  }
  return at;
}

function layout(focus: FlameNode, focusPath: string[], width: number): Placed[] {
  const out: Placed[] = [];
  const scale = focus.totalUs > 0 ? width / focus.totalUs : 0;
  const walk = (n: FlameNode, path: string[], depth: number, x: number): void => {
    const w = n.totalUs * scale;
    if (w < MIN_FRAME_PX) return;
    out.push({ node: n, path, depth, x, w });
    let cx = x;
    for (const c of n.children) {
      walk(c, [...path, c.name], depth + 1, cx);
      cx += c.totalUs * scale;
    }
  };
  walk(focus, focusPath, 0, 0);
  return out;
}

export function FlamePanel(p: FlamePanelProps) {
  const [zoom, setZoom] = useState<string[]>([]);
  const [search, setSearch] = useState('');
  const [hover, setHover] = useState<{ placed: Placed; x: number; y: number } | null>(null);
  const box = useRef<HTMLDivElement>(null);
  const wrap = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(900);
  useEffect(() => {
    const el = wrap.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setWidth(Math.max(200, Math.floor(el.clientWidth) - 20)));
    ro.observe(el);
    return () => ro.disconnect();
  }, [p.view !== null]);
  const v = p.view;
  const query: FlameQuery = { model: v?.model ?? null, operation: v?.operation ?? null, view: v?.view ?? 'left-heavy' };
  const focus = v ? find(v.root, zoom) : null;
  const placed = useMemo(() => (v && focus ? layout(focus, zoom, width) : []), [v, focus, zoom, width]);
  const depth = placed.reduce((m, f) => Math.max(m, f.depth), 0) + 1;
  const term = search.trim().toLowerCase();
  const matchedUs = useMemo(() => {
    if (!term || !focus) return 0;
    // Time of matching frames, not double-counting a match nested in a match.
    const walk = (n: FlameNode): number => (n.name.toLowerCase().includes(term) ? n.totalUs : n.children.reduce((s, c) => s + walk(c), 0));
    return walk(focus);
  }, [term, focus]);

  const body: PanelBody = p.error
    ? { kind: 'error', error: p.error }
    : !v
      ? p.loading
        ? { kind: 'loading', text: 'Folding spans…' }
        : { kind: 'empty', text: 'No spans yet: load a scenario and press play; every operation is traced.' }
      : v.root.totalUs === 0
        ? { kind: 'empty', text: 'No spans for this selection yet: play the scenario, or pick another model or operation.' }
        : { kind: 'ready' };

  const set = (q: Partial<FlameQuery>): void => {
    setZoom([]);
    p.onQuery({ ...query, ...q });
  };

  return (
    <Panel
      title="Latency flame graph"
      testId="panel-flame"
      body={body}
      extra={
        <div className="row">
          <select aria-label="Model" value={query.model ?? ''} onChange={(e) => set({ model: e.target.value || null, operation: null })}>
            <option value="">all models</option>
            {v?.models.map((m) => <option key={m} value={m}>{m}</option>)}
          </select>
          <select aria-label="Operation" value={query.operation ?? ''} onChange={(e) => set({ operation: e.target.value || null })}>
            <option value="">all operations</option>
            {v?.operations.filter((o) => !query.model || o.startsWith(`${query.model}.`) || o === query.model).map((o) => <option key={o} value={o}>{o}</option>)}
          </select>
          <select aria-label="Layout" value={query.view} onChange={(e) => set({ view: e.target.value as FlameQuery['view'] })}>
            <option value="left-heavy">left-heavy</option>
            <option value="time-ordered">time-ordered</option>
          </select>
          <button type="button" onClick={() => p.onExport('folded', query)} disabled={!v}>Export folded</button>
          <button type="button" onClick={() => p.onExport('speedscope', query)} disabled={!v}>Export speedscope</button>
        </div>
      }
    >
      {v && focus && (
        <div className="insp" ref={wrap}>
          <div className="row">
            <input aria-label="Search frames" placeholder="search frames (e.g. ZADD)" value={search} onChange={(e) => setSearch(e.target.value)} />
            {term && <span className="note" data-testid="flame-match">matches: {fmtMs(matchedUs / 1000)} = {focus.totalUs ? ((100 * matchedUs) / focus.totalUs).toFixed(1) : 0}% of {zoom.length ? zoom[zoom.length - 1] : 'all'}</span>}
            {zoom.length > 0 && <button type="button" onClick={() => setZoom([])}>Reset zoom</button>}
            <span className="note">{v.coverage}</span>
          </div>
          <div className="note">
            {['all', ...zoom].map((z, i) => (
              <span key={i}>
                {i > 0 && ' › '}
                <button type="button" style={{ padding: '0 4px' }} onClick={() => setZoom(zoom.slice(0, i))}>{z}</button>
              </span>
            ))}
          </div>
          <div
            ref={box}
            className="flame"
            style={{ width, height: depth * ROW_PX + 4 }}
            data-testid="flame-graph"
            data-frames={placed.length}
            onMouseLeave={() => setHover(null)}
          >
            {placed.map((f) => {
              const hit = term !== '' && f.node.name.toLowerCase().includes(term);
              return (
                <div
                  key={f.path.join(';') || 'root'}
                  className={`fr${term && !hit ? ' dim' : ''}${hit ? ' hit' : ''}`}
                  style={{ left: f.x, width: Math.max(1, f.w - 1), top: f.depth * ROW_PX, background: f.depth === 0 ? '#8796a5' : hue(f.node.name) }}
                  onClick={() => setZoom(f.depth === 0 ? zoom.slice(0, -1) : f.path)}
                  onMouseMove={(e) => {
                    const r = box.current?.getBoundingClientRect();
                    setHover({ placed: f, x: e.clientX - (r?.left ?? 0) + 12, y: e.clientY - (r?.top ?? 0) + 12 });
                  }}
                >
                  {f.w > 30 ? f.node.name : ''}
                </div>
              );
            })}
            {hover && (
              <div className="flame-tip" style={{ left: Math.min(hover.x, width - 300), top: hover.y }} data-testid="flame-tip">
                <strong>{hover.placed.node.name}</strong>
                <br />
                total {fmtMs(hover.placed.node.totalUs / 1000)} · self {fmtMs(hover.placed.node.selfUs / 1000)}
                <br />
                {v.root.totalUs ? ((100 * hover.placed.node.totalUs) / v.root.totalUs).toFixed(2) : 0}% of all
                {zoom.length > 0 && focus.totalUs ? `, ${((100 * hover.placed.node.totalUs) / focus.totalUs).toFixed(2)}% of ${zoom[zoom.length - 1]}` : ''}
                <br />
                <span className="note">{hover.placed.path.join(' › ') || 'all'}</span>
              </div>
            )}
          </div>
          <p className="note">
            {fmtInt(placed.length)} frames drawn; root = {fmtMs(focus.totalUs / 1000)} of span time. Concurrent spans (reads in flight together, pipelined fan-out) add up, so totals can exceed wall time.
          </p>
        </div>
      )}
    </Panel>
  );
}
