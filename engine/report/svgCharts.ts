/**
 * Static SVG charts for report.html, with real axes (ticks, labels, units): a horizontal bar chart
 * of p50/p99 per operation on a log scale, a line chart over simulated time, and a log-log chart
 * (the capacity planner's curves against users, with measured points). The line and log-log
 * charts share one plot frame (axes, grid, labels) and one legend. No script.
 */
import { esc, fmtNum } from './htmlParts.js';

/** Round ticks (1, 2, 5 x 10^n) covering [0, max], about `count` of them. */
export function linearTicks(max: number, count = 5): number[] {
  if (!(max > 0)) return [0];
  const raw = max / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const out: number[] = [];
  for (let t = 0; t <= max * 1.0001 + step; t += step) {
    out.push(Number(t.toPrecision(12)));
    if (t >= max) break;
  }
  return out;
}

export interface BarRow {
  label: string;
  p50: number;
  p99: number;
}

/** p50 and p99 per operation, log-scale x axis in ms with a tick per decade. */
export function latencyBarsSvg(rows: BarRow[], title: string): string {
  if (rows.length === 0) return '';
  const left = 190;
  const plotW = 520;
  const rowH = 24;
  const top = 24;
  const min = 10 ** Math.floor(Math.log10(Math.max(1e-3, Math.min(...rows.map((r) => Math.max(r.p50, 1e-3))))));
  const max = 10 ** Math.ceil(Math.log10(Math.max(...rows.map((r) => r.p99), min * 10)));
  const axis = logAxis(min, max, fmtNum);
  const x = (v: number): number => left + axis.at(Math.max(v, min)) * plotW;
  const h = top + rows.length * rowH;
  const parts: string[] = [`<text x="${left}" y="14" font-weight="600">${esc(title)}</text>`];
  for (const d of axis.ticks) {
    const xx = x(d).toFixed(1);
    parts.push(`<line x1="${xx}" y1="${top - 4}" x2="${xx}" y2="${h}" stroke="#ddd"/><text x="${xx}" y="${h + 14}" text-anchor="middle">${fmtNum(d)}</text>`);
  }
  rows.forEach((r, i) => {
    const y = top + i * rowH;
    parts.push(
      `<text x="${left - 6}" y="${y + 14}" text-anchor="end">${esc(r.label)}</text>` +
        `<rect x="${left}" y="${y + 2}" width="${(x(r.p99) - left).toFixed(1)}" height="9" fill="#e8a33d"><title>${esc(r.label)} p99 ${fmtNum(r.p99)} ms</title></rect>` +
        `<rect x="${left}" y="${y + 12}" width="${(x(r.p50) - left).toFixed(1)}" height="9" fill="#3d7be8"><title>${esc(r.label)} p50 ${fmtNum(r.p50)} ms</title></rect>`,
    );
  });
  parts.push(`<line x1="${left}" y1="${h}" x2="${left + plotW}" y2="${h}" stroke="#888"/><text x="${left + plotW / 2}" y="${h + 30}" text-anchor="middle">latency, ms (log scale) · <tspan fill="#3d7be8">■ p50</tspan> <tspan fill="#e8a33d">■ p99</tspan></text>`);
  return `<svg width="${left + plotW + 30}" height="${h + 40}" role="img" aria-label="${esc(title)}">${parts.join('')}</svg>`;
}

export interface LineSeries {
  label: string;
  color: string;
  points: { x: number; y: number }[];
  /** A wide, pale line (a sum drawn under its parts stays visible where they meet it). */
  wide?: boolean;
}

/** Where a value sits along an axis (0 at the origin, 1 at the end), and the axis's ticks. */
interface Axis {
  ticks: number[];
  at(v: number): number;
  format(v: number): string;
}

function linearAxis(max: number, count: number, format: (v: number) => string): Axis {
  const ticks = linearTicks(max, count);
  const end = ticks[ticks.length - 1];
  return { ticks, at: (v) => v / end, format };
}

/** Decades covering [lo, hi] (both > 0), a tick at each power of ten. */
export function logAxis(lo: number, hi: number, format: (v: number) => string): Axis {
  const a = Math.floor(Math.log10(lo));
  const b = Math.max(a + 1, Math.ceil(Math.log10(hi)));
  const ticks: number[] = [];
  for (let e = a; e <= b; e++) ticks.push(10 ** e);
  return { ticks, at: (v) => (Math.log10(v) - a) / (b - a), format };
}

interface FrameBox {
  left: number;
  top: number;
  w: number;
  h: number;
}

/** Title, grid, both axes with ticks and labels; returns the SVG parts and the value-to-pixel maps. */
function plotFrame(box: FrameBox, x: Axis, y: Axis, o: { title: string; xLabel: string; yLabel: string }): { parts: string[]; px(v: number): number; py(v: number): number } {
  const { left, top, w, h } = box;
  const px = (v: number): number => left + x.at(v) * w;
  const py = (v: number): number => top + h - y.at(v) * h;
  const parts: string[] = [`<text x="${left}" y="14" font-weight="600">${esc(o.title)}</text>`];
  for (const t of y.ticks) parts.push(`<line x1="${left}" y1="${py(t).toFixed(1)}" x2="${left + w}" y2="${py(t).toFixed(1)}" stroke="#eee"/><text x="${left - 6}" y="${(py(t) + 4).toFixed(1)}" text-anchor="end">${esc(y.format(t))}</text>`);
  for (const t of x.ticks) parts.push(`<line x1="${px(t).toFixed(1)}" y1="${top + h}" x2="${px(t).toFixed(1)}" y2="${top + h + 4}" stroke="#888"/><text x="${px(t).toFixed(1)}" y="${top + h + 16}" text-anchor="middle">${esc(x.format(t))}</text>`);
  parts.push(`<line x1="${left}" y1="${top}" x2="${left}" y2="${top + h}" stroke="#888"/><line x1="${left}" y1="${top + h}" x2="${left + w}" y2="${top + h}" stroke="#888"/>`);
  parts.push(`<text x="${left + w / 2}" y="${top + h + 32}" text-anchor="middle">${esc(o.xLabel)}</text><text transform="translate(12 ${top + h / 2}) rotate(-90)" text-anchor="middle">${esc(o.yLabel)}</text>`);
  return { parts, px, py };
}

/** How a point mark is drawn (legend and plot alike). */
export type MarkShape = 'dot' | 'cross' | 'diamond' | 'ring';

function markSvg(shape: MarkShape, x: number, y: number, color: string, r = 4): string {
  const cx = x.toFixed(1);
  const cy = y.toFixed(1);
  if (shape === 'dot') return `<circle cx="${cx}" cy="${cy}" r="${r}" fill="${color}"/>`;
  if (shape === 'ring') return `<circle cx="${cx}" cy="${cy}" r="${r + 2}" fill="none" stroke="${color}" stroke-width="2"/>`;
  if (shape === 'diamond') return `<path d="M${cx} ${(y - r - 2).toFixed(1)}l${r + 2} ${r + 2}l-${r + 2} ${r + 2}l-${r + 2} -${r + 2}z" fill="${color}" stroke="#fff" stroke-width="1"/>`;
  return `<path d="M${(x - r).toFixed(1)} ${(y - r).toFixed(1)}l${2 * r} ${2 * r}m0 -${2 * r}l-${2 * r} ${2 * r}" stroke="${color}" stroke-width="2" fill="none"/>`;
}

interface LegendItem {
  label: string;
  color: string;
  /** A line sample (dashed or not), or a point mark. */
  dash?: boolean;
  wide?: boolean;
  mark?: MarkShape;
}

/** Legend entries in rows within `width`; returns the parts and the rows' height. */
function legend(items: LegendItem[], x0: number, y0: number, width: number): { parts: string[]; height: number } {
  const parts: string[] = [];
  let x = x0;
  let y = y0;
  for (const it of items) {
    const w = 26 + it.label.length * 6.2;
    if (x > x0 && x + w > x0 + width) {
      x = x0;
      y += 16;
    }
    const sample = it.mark ? markSvg(it.mark, x + 9, y - 4, it.color, 3.5) : `<line x1="${x}" y1="${y - 4}" x2="${x + 18}" y2="${y - 4}" stroke="${it.color}" stroke-width="${it.wide ? 5 : 2}"${it.wide ? ' stroke-opacity="0.45"' : ''}${it.dash ? ' stroke-dasharray="5 3"' : ''}/>`;
    parts.push(`${sample}<text x="${x + 22}" y="${y}">${esc(it.label)}</text>`);
    x += w + 12;
  }
  return { parts, height: y - y0 + 16 };
}

/** Lines over x (simulated seconds) with both axes ticked and labelled. */
export function lineChartSvg(series: LineSeries[], o: { title: string; xLabel: string; yLabel: string; yFormat(v: number): string }): string {
  const all = series.flatMap((s) => s.points);
  if (all.length < 2) return '';
  const box = { left: 64, top: 24, w: 600, h: 180 };
  const x = linearAxis(Math.max(...all.map((p) => p.x), 1e-9), 6, fmtNum);
  const y = linearAxis(Math.max(...all.map((p) => p.y), 1e-9), 4, o.yFormat);
  const { parts, px, py } = plotFrame(box, x, y, o);
  for (const s of series) parts.push(`<polyline fill="none" stroke="${s.color}" stroke-width="2" points="${s.points.map((p) => `${px(p.x).toFixed(1)},${py(p.y).toFixed(1)}`).join(' ')}"/>`);
  const key = legend(series.map((s) => ({ label: s.label, color: s.color })), box.left + 10, box.top + box.h + 48, box.w);
  parts.push(...key.parts);
  return `<svg width="${box.left + box.w + 30}" height="${box.top + box.h + 42 + key.height}" role="img" aria-label="${esc(o.title)}">${parts.join('')}</svg>`;
}

export interface MarkSeries {
  label: string;
  color: string;
  shape: MarkShape;
  /** `note`: the mark's tooltip. */
  points: { x: number; y: number; note: string }[];
}

export interface LogLogChart {
  title: string;
  xLabel: string;
  yLabel: string;
  xFormat(v: number): string;
  yFormat(v: number): string;
  /** Lines, solid up to `dashedBeyond` on x and dashed past it (the two parts meet at the last solid point). */
  lines: LineSeries[];
  dashedBeyond: number;
  /** An x range shaded and named (the measured range). */
  band: { from: number; to: number; label: string } | null;
  marks: MarkSeries[];
  /** Legend text of the dashed part. */
  dashedLabel: string;
}

/** Lines and point marks on log-log axes (values <= 0 cannot be placed and are left out). */
export function logLogChartSvg(c: LogLogChart): string {
  const lines = c.lines.map((s) => ({ ...s, points: s.points.filter((p) => p.x > 0 && p.y > 0) })).filter((s) => s.points.length > 0);
  const marks = c.marks.map((m) => ({ ...m, points: m.points.filter((p) => p.x > 0 && p.y > 0) })).filter((m) => m.points.length > 0);
  const all = [...lines.flatMap((s) => s.points), ...marks.flatMap((m) => m.points)];
  if (all.length < 2) return '';
  const box = { left: 64, top: 24, w: 340, h: 220 };
  const x = logAxis(Math.min(...all.map((p) => p.x)), Math.max(...all.map((p) => p.x)), c.xFormat);
  const y = logAxis(Math.min(...all.map((p) => p.y)), Math.max(...all.map((p) => p.y)), c.yFormat);
  const { parts, px, py } = plotFrame(box, x, y, c);
  if (c.band) {
    const x1 = Math.max(box.left, px(c.band.from));
    const x2 = Math.min(box.left + box.w, px(c.band.to));
    parts.splice(1, 0, `<rect x="${x1.toFixed(1)}" y="${box.top}" width="${Math.max(2, x2 - x1).toFixed(1)}" height="${box.h}" fill="#e3ecf8"/><text x="${((x1 + x2) / 2).toFixed(1)}" y="${box.top + 12}" text-anchor="middle" fill="#5a7090">${esc(c.band.label)}</text>`);
  }
  const path = (pts: { x: number; y: number }[]): string => pts.map((p) => `${px(p.x).toFixed(1)},${py(p.y).toFixed(1)}`).join(' ');
  for (const s of lines) {
    const stroke = `stroke="${s.color}" stroke-width="${s.wide ? 5 : 2}"${s.wide ? ' stroke-opacity="0.45"' : ''}`;
    const solid = s.points.filter((p) => p.x <= c.dashedBeyond);
    const beyond = s.points.filter((p) => p.x > c.dashedBeyond);
    const joined = solid.length > 0 ? [solid[solid.length - 1], ...beyond] : beyond;
    if (solid.length > 1) parts.push(`<polyline fill="none" ${stroke} points="${path(solid)}"><title>${esc(s.label)}</title></polyline>`);
    if (joined.length > 1) parts.push(`<polyline fill="none" ${stroke} stroke-dasharray="6 4" points="${path(joined)}"><title>${esc(s.label)}, ${esc(c.dashedLabel)}</title></polyline>`);
  }
  for (const m of marks) for (const p of m.points) parts.push(`<g>${markSvg(m.shape, px(p.x), py(p.y), m.color)}<title>${esc(p.note)}</title></g>`);
  const key = legend([
    ...lines.map((s) => ({ label: s.label, color: s.color, wide: s.wide })),
    { label: c.dashedLabel, color: '#888', dash: true },
    ...marks.map((m) => ({ label: m.label, color: m.color, mark: m.shape })),
  ], 10, box.top + box.h + 50, box.left + box.w + 10);
  parts.push(...key.parts);
  return `<svg width="${box.left + box.w + 30}" height="${box.top + box.h + 44 + key.height}" role="img" aria-label="${esc(c.title)}">${parts.join('')}</svg>`;
}
