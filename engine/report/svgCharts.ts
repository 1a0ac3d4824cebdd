/**
 * Static SVG charts for report.html, with real axes (ticks, labels, units): a horizontal bar chart
 * of p50/p99 per operation on a log scale, and a line chart over simulated time. No script.
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
  const x = (v: number): number => left + (Math.log10(Math.max(v, min) / min) / Math.log10(max / min)) * plotW;
  const h = top + rows.length * rowH;
  const parts: string[] = [`<text x="${left}" y="14" font-weight="600">${esc(title)}</text>`];
  for (let d = min; d <= max * 1.0001; d *= 10) {
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
}

/** Lines over x (simulated seconds) with both axes ticked and labelled. */
export function lineChartSvg(series: LineSeries[], o: { title: string; xLabel: string; yLabel: string; yFormat(v: number): string }): string {
  const all = series.flatMap((s) => s.points);
  if (all.length < 2) return '';
  const left = 64;
  const top = 24;
  const w = 600;
  const h = 180;
  const xMax = Math.max(...all.map((p) => p.x), 1e-9);
  const xs = linearTicks(xMax, 6);
  const ys = linearTicks(Math.max(...all.map((p) => p.y), 1e-9), 4);
  const xTop = xs[xs.length - 1];
  const yTop = ys[ys.length - 1];
  const px = (v: number) => left + (v / xTop) * w;
  const py = (v: number) => top + h - (v / yTop) * h;
  const parts: string[] = [`<text x="${left}" y="14" font-weight="600">${esc(o.title)}</text>`];
  for (const t of ys) parts.push(`<line x1="${left}" y1="${py(t).toFixed(1)}" x2="${left + w}" y2="${py(t).toFixed(1)}" stroke="#eee"/><text x="${left - 6}" y="${(py(t) + 4).toFixed(1)}" text-anchor="end">${esc(o.yFormat(t))}</text>`);
  for (const t of xs) parts.push(`<line x1="${px(t).toFixed(1)}" y1="${top + h}" x2="${px(t).toFixed(1)}" y2="${top + h + 4}" stroke="#888"/><text x="${px(t).toFixed(1)}" y="${top + h + 16}" text-anchor="middle">${fmtNum(t)}</text>`);
  parts.push(`<line x1="${left}" y1="${top}" x2="${left}" y2="${top + h}" stroke="#888"/><line x1="${left}" y1="${top + h}" x2="${left + w}" y2="${top + h}" stroke="#888"/>`);
  parts.push(`<text x="${left + w / 2}" y="${top + h + 32}" text-anchor="middle">${esc(o.xLabel)}</text><text transform="translate(12 ${top + h / 2}) rotate(-90)" text-anchor="middle">${esc(o.yLabel)}</text>`);
  series.forEach((s, i) => {
    parts.push(`<polyline fill="none" stroke="${s.color}" stroke-width="2" points="${s.points.map((p) => `${px(p.x).toFixed(1)},${py(p.y).toFixed(1)}`).join(' ')}"/>`);
    parts.push(`<text x="${left + 10 + i * 170}" y="${top + h + 48}" fill="${s.color}">■ ${esc(s.label)}</text>`);
  });
  return `<svg width="${left + w + 30}" height="${top + h + 58}" role="img" aria-label="${esc(o.title)}">${parts.join('')}</svg>`;
}
