/**
 * compare.html: two runs side by side on one self-contained page (no script, no external asset;
 * it prints): what ran, latency per operation with the change, memory, feed quality, and a
 * differential flame graph (widths from B, red where B spent more of its time than A, blue less;
 * A normalised to B's total, as flamegraph.pl's difffolded.pl -n).
 */
import type { LatencySummary } from '../../api/report.js';
import { flameSvg } from '../flameSvg.js';
import { PAGE_STYLE, esc, fmtNum } from '../htmlParts.js';
import type { CompareRow, Comparison } from './compare.js';

function unitText(v: number | null, unit: CompareRow['unit']): string {
  if (v === null) return '—';
  switch (unit) {
    case 'ms': return `${fmtNum(v)} ms`;
    case 'MiB': return `${v.toFixed(2)} MiB`;
    case 's': return `${fmtNum(v)} s`;
    case 'x': return `${fmtNum(v)}×`;
    case 'ratio': return v.toFixed(3);
    case 'count': return Math.round(v).toLocaleString('en-US');
  }
}

/** "+12.3%" with a class saying whether B is better, worse, or just different. */
function change(a: number | null, b: number | null, better: CompareRow['better']): string {
  if (a === null || b === null) return '<td>—</td>';
  if (a === b) return '<td class="same">=</td>';
  const pct = a !== 0 ? `${b > a ? '+' : ''}${((100 * (b - a)) / Math.abs(a)).toFixed(1)}%` : 'new';
  const cls = better === null ? 'diff' : (better === 'higher') === b > a ? 'better' : 'worse';
  return `<td class="${cls}">${pct}</td>`;
}

function rowsTable(title: string, rows: CompareRow[], c: Comparison): string {
  if (rows.length === 0) return '';
  const body = rows.map((r) => `<tr><td>${esc(r.label)}</td><td>${unitText(r.a, r.unit)}</td><td>${unitText(r.b, r.unit)}</td>${change(r.a, r.b, r.better)}</tr>`).join('');
  return `<h2>${esc(title)}</h2><table><tr><th></th><th>${esc(c.a.label)}</th><th>${esc(c.b.label)}</th><th>change</th></tr>${body}</table>`;
}

function latencyTable(c: Comparison): string {
  const cell = (s: LatencySummary | null, k: 'p50Ms' | 'p99Ms') => (s ? fmtNum(s[k]) : '—');
  const body = c.latency
    .map((l) => `<tr><td>${esc(l.model)}.${esc(l.op)}</td><td>${l.a?.count.toLocaleString('en-US') ?? '—'}</td><td>${l.b?.count.toLocaleString('en-US') ?? '—'}</td><td>${cell(l.a, 'p50Ms')}</td><td>${cell(l.b, 'p50Ms')}</td>${change(l.a?.p50Ms ?? null, l.b?.p50Ms ?? null, 'lower')}<td>${cell(l.a, 'p99Ms')}</td><td>${cell(l.b, 'p99Ms')}</td>${change(l.a?.p99Ms ?? null, l.b?.p99Ms ?? null, 'lower')}</tr>`)
    .join('');
  const [a, b] = [esc(c.a.label), esc(c.b.label)];
  return `<h2>Latency per operation (ms)</h2><table class="latency"><tr><th>operation</th><th>count ${a}</th><th>count ${b}</th><th>p50 ${a}</th><th>p50 ${b}</th><th>p50 change</th><th>p99 ${a}</th><th>p99 ${b}</th><th>p99 change</th></tr>${body}</table>`;
}

function runLine(label: string, r: Comparison['a']['report']): string {
  return `<li><b>${esc(label)}</b>: ${esc(r.scenario.name)} (seed ${r.scenario.seed}; models ${esc(r.scenario.models.join(', '))}), ${r.graph.users.toLocaleString('en-US')} users, ${(r.run.simulatedMs / 1000).toFixed(1)} s simulated; Redis ${esc(r.redis.version)}; generated ${esc(r.feedscope.generatedAt)}</li>`;
}

export function renderCompareHtml(c: Comparison): string {
  const flame = c.flame.value > 0
    ? `<h2>Differential flame graph</h2><p class="note">Widths: where ${esc(c.b.label)} spent its time (span self time). Colour: <span class="swatch red"></span> red, ${esc(c.b.label)} spent a larger share there than ${esc(c.a.label)}; <span class="swatch blue"></span> blue, a smaller one; the deeper the colour, the larger the change. ${esc(c.a.label)} is normalised to ${esc(c.b.label)}'s total (difffolded.pl -n). Hover a frame for its figures.</p>${flameSvg(c.flame, { width: 1000 })}`
    : '<h2>Differential flame graph</h2><p class="note">Neither run recorded spans.</p>';
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Feedscope compare: ${esc(c.a.report.scenario.name)} vs ${esc(c.b.report.scenario.name)}</title>
<style>${PAGE_STYLE}</style></head><body>
<h1>Feedscope: ${esc(c.a.label)} vs ${esc(c.b.label)}</h1>
<ul class="runs">${runLine(c.a.label, c.a.report)}${runLine(c.b.label, c.b.report)}</ul>
<p class="note">Change is ${esc(c.b.label)} against ${esc(c.a.label)}: <span class="better">green</span> better, <span class="worse">red</span> worse (lower latency, memory and lag are better), grey just different.</p>
${latencyTable(c)}
${rowsTable('Memory', c.memory, c)}
${rowsTable('Feed quality and fan-out', c.quality, c)}
${rowsTable('The runs', c.run, c)}
${flame}
</body></html>
`;
}
