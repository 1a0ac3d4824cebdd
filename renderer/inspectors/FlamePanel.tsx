/**
 * Latency flame graph of the engine's spans: per model and per operation kind, left-heavy
 * (cumulative, heaviest first) or time-ordered (recent spans in order of start, over a time axis
 * of the window they cover), or the sandwich view (a function's callers above, callees below).
 * Click a frame to focus it, click the root row to go back up; the wheel zooms around the
 * pointer, and with the graph focused + / - / arrows zoom and pan (0 resets). Type to highlight
 * frames by name, hover for time and share. Export buttons hand folded stacks / speedscope JSON
 * to the caller.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import type { ApiError, FlameNode, FlameView } from '../../engine/api.js';
import { fmtInt, fmtMs } from '../format.js';
import { Panel, type PanelBody } from '../panels/Panel.js';
import { FlameGraph, placeFrames, type Placed } from './FlameGraph.js';
import { FlameSandwich } from './FlameSandwich.js';
import { FlameTimeAxis } from './FlameTimeAxis.js';
import { FULL, pan, wheelFactor, zoomAt, type ZoomWindow } from './flameZoom.js';
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

function find(root: FlameNode, path: string[]): FlameNode {
  let at = root;
  for (const name of path) {
    const next = at.children.find((c) => c.name === name);
    if (!next) return at;
    at = next;
  }
  return at;
}

/** Keys the focused graph takes (and keeps from the app's shortcuts). */
const ZOOM_KEYS: Record<string, (w: ZoomWindow) => ZoomWindow> = {
  '+': (w) => zoomAt(w, 0.5, 0.5),
  '=': (w) => zoomAt(w, 0.5, 0.5),
  '-': (w) => zoomAt(w, 0.5, 2),
  _: (w) => zoomAt(w, 0.5, 2),
  ArrowLeft: (w) => pan(w, -0.1),
  ArrowRight: (w) => pan(w, 0.1),
  ArrowUp: (w) => zoomAt(w, 0.5, 0.5),
  ArrowDown: (w) => zoomAt(w, 0.5, 2),
  '0': () => FULL,
};

export function FlamePanel(p: FlamePanelProps) {
  const [zoom, setZoom] = useState<string[]>([]);
  const [win, setWin] = useState<ZoomWindow>(FULL);
  const [mode, setMode] = useState<'flame' | 'sandwich'>('flame');
  const [fn, setFn] = useState<string | null>(null);
  const [search, setSearch] = useState('');
  const [hover, setHover] = useState<{ placed: Placed; x: number; y: number } | null>(null);
  const zoomBox = useRef<HTMLDivElement>(null);
  const wrap = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(900);
  // The graph's boxes exist once there are spans to draw: (re)attach the observers then.
  const drawn = !!p.view && p.view.root.totalUs > 0 && !p.error;
  useEffect(() => {
    const el = wrap.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setWidth(Math.max(200, Math.floor(el.clientWidth) - 20)));
    ro.observe(el);
    return () => ro.disconnect();
  }, [drawn]);
  // The wheel zooms around the pointer; a native listener, as React's wheel listener is passive.
  useEffect(() => {
    const el = zoomBox.current;
    if (!el) return;
    const onWheel = (e: WheelEvent): void => {
      if (e.deltaY === 0) return;
      e.preventDefault();
      const r = el.getBoundingClientRect();
      const anchor = (e.clientX - r.left) / Math.max(1, Math.min(r.width, width));
      setWin((w) => zoomAt(w, anchor, wheelFactor(e.deltaY)));
    };
    el.addEventListener('wheel', onWheel, { passive: false });
    return () => el.removeEventListener('wheel', onWheel);
  }, [drawn, width]);
  const v = p.view;
  const query: FlameQuery = { model: v?.model ?? null, operation: v?.operation ?? null, view: v?.view ?? 'left-heavy' };
  const focus = v ? find(v.root, zoom) : null;
  const placed = useMemo(() => (v && focus ? placeFrames(focus, zoom, win, width) : []), [v, focus, zoom, win, width]);
  const term = search.trim().toLowerCase();
  const matchedUs = useMemo(() => {
    if (!term || !focus) return 0;
    // Time of matching frames, not double-counting a match nested in a match.
    const walk = (n: FlameNode): number => (n.name.toLowerCase().includes(term) ? n.totalUs : n.children.reduce((s, c) => s + walk(c), 0));
    return walk(focus);
  }, [term, focus]);
  const onHover = (h: { placed: Placed; x: number; y: number } | null): void => {
    const r = zoomBox.current?.getBoundingClientRect();
    setHover(h && { placed: h.placed, x: h.x - (r?.left ?? 0) + 12, y: h.y - (r?.top ?? 0) + 12 });
  };
  const focusOn = (path: string[]): void => {
    setZoom(path);
    setWin(FULL);
  };

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
    focusOn([]);
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
            <span role="radiogroup" aria-label="Flame view">
              {(['flame', 'sandwich'] as const).map((m) => (
                <button key={m} type="button" role="radio" aria-checked={mode === m} className={mode === m ? 'on' : undefined} onClick={() => setMode(m)}>
                  {m === 'flame' ? 'Flame graph' : 'Sandwich'}
                </button>
              ))}
            </span>
            <input aria-label="Search frames" placeholder="search frames (e.g. ZADD)" value={search} onChange={(e) => setSearch(e.target.value)} />
            {term && mode === 'flame' && <span className="note" data-testid="flame-match">matches: {fmtMs(matchedUs / 1000)} = {focus.totalUs ? ((100 * matchedUs) / focus.totalUs).toFixed(1) : 0}% of {zoom.length ? zoom[zoom.length - 1] : 'all'}</span>}
            {(zoom.length > 0 || win !== FULL) && (
              <button type="button" onClick={() => focusOn([])}>Reset zoom</button>
            )}
            <span className="note">{v.coverage}</span>
          </div>
          {mode === 'flame' && v.view === 'time-ordered' && v.window && <FlameTimeAxis w={v.window} width={width} />}
          {mode === 'flame' && (
            <div className="note">
              {['all', ...zoom].map((z, i) => (
                <span key={i}>
                  {i > 0 && ' › '}
                  <button type="button" style={{ padding: '0 4px' }} onClick={() => focusOn(zoom.slice(0, i))}>{z}</button>
                </span>
              ))}
              {win !== FULL && <span data-testid="flame-zoom"> · showing {(100 * win.x0).toFixed(1)}–{(100 * win.x1).toFixed(1)}% ({(1 / (win.x1 - win.x0)).toFixed(1)}×)</span>}
            </div>
          )}
          <div
            ref={zoomBox}
            className="flame-zoom"
            tabIndex={0}
            aria-label="Flame graph: wheel or + and - zoom, arrow keys pan, 0 resets"
            data-testid="flame-zoom-box"
            onKeyDown={(e) => {
              const f = ZOOM_KEYS[e.key];
              if (!f || e.ctrlKey || e.metaKey || e.altKey) return;
              e.preventDefault();
              e.stopPropagation();
              setWin(f);
            }}
            style={{ position: 'relative' }}
          >
            {mode === 'flame' ? (
              <FlameGraph focus={focus} focusPath={zoom} win={win} width={width} term={term} testId="flame-graph" onFrame={(f) => focusOn(f.depth === 0 ? zoom.slice(0, -1) : f.path)} onHover={onHover} />
            ) : (
              <FlameSandwich root={v.root} fn={fn} onPick={(name) => { setFn(name); setWin(FULL); }} win={win} width={width} term={term} onHover={onHover} />
            )}
            {hover && (
              <div className="flame-tip" style={{ left: Math.min(hover.x, width - 300), top: hover.y }} data-testid="flame-tip">
                <strong>{hover.placed.node.name}</strong>
                <br />
                total {fmtMs(hover.placed.node.totalUs / 1000)} · self {fmtMs(hover.placed.node.selfUs / 1000)}
                <br />
                {v.root.totalUs ? ((100 * hover.placed.node.totalUs) / v.root.totalUs).toFixed(2) : 0}% of all
                {mode === 'flame' && zoom.length > 0 && focus.totalUs ? `, ${((100 * hover.placed.node.totalUs) / focus.totalUs).toFixed(2)}% of ${zoom[zoom.length - 1]}` : ''}
                <br />
                <span className="note">{hover.placed.path.join(' › ') || (mode === 'flame' ? 'all' : hover.placed.node.name)}</span>
              </div>
            )}
          </div>
          <p className="note">
            {mode === 'flame' ? `${fmtInt(placed.length)} frames drawn; root = ${fmtMs(focus.totalUs / 1000)} of span time. ` : ''}
            Wheel zooms around the pointer; click the graph, then + / − zoom, ← → pan, 0 resets. Concurrent spans (reads in flight together, pipelined fan-out) add up, so totals can exceed wall time.
          </p>
        </div>
      )}
    </Panel>
  );
}
