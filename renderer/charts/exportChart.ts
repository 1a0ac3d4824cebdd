/**
 * A chart's exports: its points as CSV (simulated seconds, then one column per series) and its
 * drawing as PNG (the chart's SVG drawn onto a canvas at 2x, on the panel's background), both as
 * downloads; no server round trip.
 */
import type { ChartPoint } from '../store/history.js';
import { downloadBlob, downloadText } from '../api/download.js';

const BG = '#151c24';

export function chartCsv(data: readonly ChartPoint[], series: { key: string; label: string }[]): string {
  const head = ['t_s', ...series.map((s) => s.label)].map((h) => (/[",\n]/.test(h) ? `"${h.replace(/"/g, '""')}"` : h)).join(',');
  const rows = data.map((p) => [p.t, ...series.map((s) => p[s.key])].map((v) => (v === undefined || Number.isNaN(v) ? '' : String(v))).join(','));
  return `${[head, ...rows].join('\n')}\n`;
}

export function downloadChartCsv(name: string, data: readonly ChartPoint[], series: { key: string; label: string }[]): void {
  downloadText(`${name}.csv`, 'text/csv', chartCsv(data, series));
}

/** The plot's SVG inside `figure` (the largest: legend icons are SVGs too) as a PNG download. */
export async function downloadChartPng(name: string, figure: HTMLElement): Promise<void> {
  const area = (e: Element) => e.getBoundingClientRect().width * e.getBoundingClientRect().height;
  const svg = Array.from(figure.querySelectorAll('svg')).sort((a, b) => area(b) - area(a))[0];
  if (!svg) return;
  const { width, height } = svg.getBoundingClientRect();
  const clone = svg.cloneNode(true) as SVGSVGElement;
  clone.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  clone.setAttribute('width', String(width));
  clone.setAttribute('height', String(height));
  // Text takes the page's font and colour through CSS; in an image it needs them inline.
  clone.querySelectorAll('text').forEach((t) => {
    if (!t.getAttribute('fill')) t.setAttribute('fill', '#8796a5');
    t.setAttribute('font-family', 'system-ui, sans-serif');
  });
  const url = URL.createObjectURL(new Blob([new XMLSerializer().serializeToString(clone)], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    await new Promise<void>((resolve, reject) => {
      img.onload = () => resolve();
      img.onerror = () => reject(new Error('the chart could not be drawn as an image'));
      img.src = url;
    });
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(width * 2);
    canvas.height = Math.round(height * 2);
    const ctx = canvas.getContext('2d')!;
    ctx.fillStyle = BG;
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.scale(2, 2);
    ctx.drawImage(img, 0, 0, width, height);
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
    if (blob) downloadBlob(`${name}.png`, blob);
  } finally {
    URL.revokeObjectURL(url);
  }
}
