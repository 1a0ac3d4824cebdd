/**
 * A flame graph as one static SVG (no script: report.html and compare.html stay self-contained
 * and print): frames bottom-up, widths by value, each frame's full name and figures in its
 * <title> tooltip. Plain trees are coloured warm by name (flamegraph.pl's "hot" palette, hashed so
 * a name keeps its colour); differential trees red where a frame grew, blue where it shrank,
 * deeper with the size of the change, as flamegraph.pl colours difffolded output.
 */
import type { FlameNode } from './flameTree.js';

const ROW_PX = 17;
const MIN_DRAWN_PX = 0.5;
const CHAR_PX = 6.4;

const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function hash(name: string): number {
  let h = 0;
  for (let i = 0; i < name.length; i++) h = (h * 31 + name.charCodeAt(i)) >>> 0;
  return h;
}

/** flamegraph.pl's "hot": red 205-255, green 0-230, blue 0-55, from the name. */
function hot(name: string): string {
  const h = hash(name);
  const v1 = (h % 1000) / 1000;
  const v2 = ((h >>> 10) % 1000) / 1000;
  return `rgb(${205 + Math.round(50 * v2)},${Math.round(230 * v1)},${Math.round(55 * v2)})`;
}

/** Red for growth, blue for shrinkage; white-ish for no change (the strength is |delta| / the largest |delta|). */
function diffColour(delta: number, maxAbs: number): string {
  const s = maxAbs > 0 ? Math.min(1, Math.abs(delta) / maxAbs) : 0;
  const fade = Math.round(210 - 190 * s);
  return delta > 0 ? `rgb(255,${fade},${fade})` : delta < 0 ? `rgb(${fade},${fade},255)` : 'rgb(225,225,225)';
}

function depth(n: FlameNode): number {
  return 1 + Math.max(0, ...n.children.map(depth));
}

function maxAbsDelta(n: FlameNode): number {
  const own = n.before === undefined ? 0 : Math.abs(n.value - n.before);
  return Math.max(own, ...n.children.map(maxAbsDelta));
}

export interface FlameSvgOptions {
  width?: number;
  /** What a value is, for tooltips ("µs"). */
  unit?: string;
  title?: string;
}

export function flameSvg(root: FlameNode, o: FlameSvgOptions = {}): string {
  const width = o.width ?? 1000;
  const unit = o.unit ?? 'µs';
  const rows = depth(root);
  const top = o.title ? 22 : 4;
  const height = top + rows * ROW_PX + 4;
  const maxAbs = maxAbsDelta(root);
  const total = root.value || 1;
  const rects: string[] = [];
  const walk = (n: FlameNode, x: number, level: number): void => {
    const w = (n.value / total) * width;
    if (w < MIN_DRAWN_PX) return;
    const y = height - 4 - (level + 1) * ROW_PX;
    const share = ((100 * n.value) / total).toFixed(2);
    let fill = hot(n.name);
    let tip = `${n.name}: ${Math.round(n.value).toLocaleString('en-US')} ${unit} (${share}%)`;
    if (n.before !== undefined) {
      const d = n.value - n.before;
      fill = diffColour(d, maxAbs);
      const pct = n.before > 0 ? `${d >= 0 ? '+' : ''}${((100 * d) / n.before).toFixed(1)}%` : 'new';
      tip = `${n.name}: ${Math.round(n.value).toLocaleString('en-US')} ${unit} in B, ${Math.round(n.before).toLocaleString('en-US')} in A (normalised): ${pct}`;
    }
    const label = w > 3 * CHAR_PX ? n.name.slice(0, Math.floor((w - 4) / CHAR_PX)) : '';
    rects.push(
      `<g><title>${esc(tip)}</title><rect x="${x.toFixed(2)}" y="${y}" width="${Math.max(0, w - 0.5).toFixed(2)}" height="${ROW_PX - 1}" fill="${fill}" rx="1"/>` +
        (label ? `<text x="${(x + 3).toFixed(2)}" y="${y + 12}">${esc(label.length < n.name.length ? `${label.slice(0, -1)}…` : label)}</text>` : '') +
        '</g>',
    );
    let cx = x;
    for (const c of n.children) {
      walk(c, cx, level + 1);
      cx += (c.value / total) * width;
    }
  };
  walk(root, 0, 0);
  const title = o.title ? `<text x="0" y="14" class="flame-title">${esc(o.title)}</text>` : '';
  return `<svg class="flame" xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${esc(o.title ?? 'flame graph')}"><style>.flame text{font:11px ui-monospace,monospace;fill:#000}.flame .flame-title{font:bold 12px system-ui,sans-serif}</style>${title}${rects.join('')}</svg>`;
}
