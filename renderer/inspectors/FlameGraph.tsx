/**
 * One flame graph drawn through a horizontal zoom window (flameZoom): frames as absolutely
 * positioned boxes, root row on top, or at the bottom when `inverted` (the callers half of the
 * sandwich view, where the chosen function sits under its callers).
 */
import type { FlameNode } from '../../engine/api.js';
import { toPx, type ZoomWindow } from './flameZoom.js';

export const ROW_PX = 18;
/** Frames narrower than this are not drawn (their time is still in their parent's width). */
const MIN_FRAME_PX = 2;

export interface Placed {
  node: FlameNode;
  path: string[];
  depth: number;
  left: number;
  width: number;
}

export function hue(name: string): string {
  let h = 0;
  for (let i = 0; i < name.length; i++) h = (h * 31 + name.charCodeAt(i)) >>> 0;
  const family = name.startsWith('redis.') ? 20 : name.startsWith('graph') ? 280 : name.startsWith('timeline') ? 195 : 90;
  return `hsl(${family + (h % 30)}, 70%, ${55 + (h % 15)}%)`;
}

/** Frames of `focus` that are at least MIN_FRAME_PX wide and inside the window, in pixels. */
export function placeFrames(focus: FlameNode, focusPath: string[], win: ZoomWindow, px: number): Placed[] {
  const out: Placed[] = [];
  if (focus.totalUs <= 0) return out;
  const walk = (n: FlameNode, path: string[], depth: number, x: number): void => {
    const frac = n.totalUs / focus.totalUs;
    const r = toPx(win, x, frac, px);
    if (r.width < MIN_FRAME_PX || r.left > px || r.left + r.width < 0) return;
    const left = Math.max(0, r.left);
    out.push({ node: n, path, depth, left, width: Math.min(px, r.left + r.width) - left });
    let cx = x;
    for (const c of n.children) {
      walk(c, [...path, c.name], depth + 1, cx);
      cx += c.totalUs / focus.totalUs;
    }
  };
  walk(focus, focusPath, 0, 0);
  return out;
}

export interface FlameGraphProps {
  focus: FlameNode;
  focusPath: string[];
  win: ZoomWindow;
  width: number;
  term: string;
  inverted?: boolean;
  testId: string;
  onFrame(p: Placed): void;
  /** Pointer in client coordinates, or null when it leaves. */
  onHover(h: { placed: Placed; x: number; y: number } | null): void;
}

export function FlameGraph(p: FlameGraphProps) {
  const placed = placeFrames(p.focus, p.focusPath, p.win, p.width);
  const depth = placed.reduce((m, f) => Math.max(m, f.depth), 0) + 1;
  return (
    <div className="flame" style={{ width: p.width, height: depth * ROW_PX + 4, ...(p.inverted ? { minHeight: 0 } : {}) }} data-testid={p.testId} data-frames={placed.length} onMouseLeave={() => p.onHover(null)}>
      {placed.map((f) => {
        const hit = p.term !== '' && f.node.name.toLowerCase().includes(p.term);
        return (
          <div
            key={f.path.join(';') || 'root'}
            className={`fr${p.term && !hit ? ' dim' : ''}${hit ? ' hit' : ''}`}
            style={{ left: f.left, width: Math.max(1, f.width - 1), top: (p.inverted ? depth - 1 - f.depth : f.depth) * ROW_PX, background: f.depth === 0 && !p.inverted ? '#8796a5' : hue(f.node.name) }}
            onClick={() => p.onFrame(f)}
            onMouseMove={(e) => p.onHover({ placed: f, x: e.clientX, y: e.clientY })}
          >
            {f.width > 30 ? f.node.name : ''}
          </div>
        );
      })}
    </div>
  );
}
