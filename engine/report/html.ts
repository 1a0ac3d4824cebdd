/**
 * report.html: one self-contained page (no scripts, no external assets) with the report's tables
 * and SVG charts, for sharing a run. Every number comes from report.json.
 */
import type { LatencySummary } from '../trace/Tracer.js';
import type { Report } from './report.js';
import { graphSummaryLines } from '../graphfeed/summary.js';
import { timelineSummaryLines } from '../timeline/summary.js';

const esc = (s: unknown): string => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const fmt = (n: number): string => (n < 1 ? n.toFixed(3) : n < 100 ? n.toFixed(2) : Math.round(n).toLocaleString('en-US'));
const mib = (b: number): string => `${(b / 1024 / 1024).toFixed(2)} MiB`;

function latencyTable(title: string, ops: Record<string, LatencySummary>): string {
  const rows = Object.entries(ops)
    .map(([k, s]) => `<tr><td>${esc(k)}</td><td>${s.count.toLocaleString('en-US')}</td><td>${fmt(s.p50Ms)}</td><td>${fmt(s.p90Ms)}</td><td>${fmt(s.p99Ms)}</td><td>${fmt(s.p999Ms)}</td><td>${fmt(s.maxMs)}</td></tr>`)
    .join('');
  return `<h2>${esc(title)} latency (ms)</h2><table><tr><th>operation</th><th>count</th><th>p50</th><th>p90</th><th>p99</th><th>p999</th><th>max</th></tr>${rows}</table>${latencyBars(ops)}`;
}

/** Horizontal bars of p50 and p99 per operation on a log scale. */
function latencyBars(ops: Record<string, LatencySummary>): string {
  const entries = Object.entries(ops);
  if (entries.length === 0) return '';
  const max = Math.max(...entries.map(([, s]) => s.p99Ms), 0.01);
  const min = 0.01;
  const x = (v: number): number => 160 + (Math.log10(Math.max(v, min) / min) / Math.log10(max / min)) * 420;
  const rowH = 26;
  const bars = entries
    .map(([k, s], i) => {
      const y = 10 + i * rowH;
      return `<text x="155" y="${y + 14}" text-anchor="end">${esc(k)}</text>` +
        `<rect x="160" y="${y + 2}" width="${x(s.p99Ms) - 160}" height="9" fill="#e8a33d"><title>p99 ${fmt(s.p99Ms)} ms</title></rect>` +
        `<rect x="160" y="${y + 12}" width="${x(s.p50Ms) - 160}" height="9" fill="#3d7be8"><title>p50 ${fmt(s.p50Ms)} ms</title></rect>`;
    })
    .join('');
  const h = 20 + entries.length * rowH;
  return `<svg width="640" height="${h + 20}" role="img" aria-label="p50 and p99 latency per operation">${bars}<text x="160" y="${h + 12}">blue p50, orange p99; log scale up to ${fmt(max)} ms</text></svg>`;
}

/** The writer's counters per shard. */
function shardTable(w: NonNullable<Report['writer']>): string {
  const rows = w.perShard.map((s) => `<tr><td>${s.shard}</td><td>${s.written.toLocaleString('en-US')}</td><td>${s.rejected.toLocaleString('en-US')}</td><td>${s.batches.toLocaleString('en-US')}</td><td>${s.maxQueueDepth}</td></tr>`).join('');
  return `<table><tr><th>shard</th><th>written</th><th>rejected</th><th>pipelines</th><th>max queue depth</th></tr>${rows}</table>`;
}

function memoryChart(series: Report['memory']['series']): string {
  if (series.length < 2) return '';
  const w = 640;
  const h = 160;
  const maxT = Math.max(...series.map((p) => p.tMs), 1);
  const maxB = Math.max(...series.map((p) => p.usedMemoryBytes), 1);
  const pts = series.map((p) => `${(40 + (p.tMs / maxT) * (w - 60)).toFixed(1)},${(h - 20 - (p.usedMemoryBytes / maxB) * (h - 40)).toFixed(1)}`).join(' ');
  return `<h2>Redis used_memory over simulated time</h2><svg width="${w}" height="${h}" role="img" aria-label="used memory"><polyline fill="none" stroke="#3d7be8" stroke-width="2" points="${pts}"/><text x="40" y="14">${mib(maxB)}</text><text x="${w - 20}" y="${h - 4}" text-anchor="end">${(maxT / 1000).toFixed(1)} s</text></svg>`;
}

export function renderReportHtml(r: Report): string {
  const sections: string[] = [];
  if (r.timeline) sections.push(latencyTable('Timeline model', r.timeline));
  if (r.writer) sections.push(`<h2>Timeline writer (article 2.2): ${esc(r.writer.kind)}</h2><pre>${esc(timelineSummaryLines({ ...r, readCache: undefined }).join('\n').trim())}</pre>${shardTable(r.writer)}`);
  if (r.readCache) sections.push(`<h2>Timeline read cache (article 2.4)</h2><pre>${esc(timelineSummaryLines({ ...r, writer: undefined }).join('\n').trim())}</pre><ul>${r.readCache.notes.map((n) => `<li>${esc(n)}</li>`).join('')}</ul>`);
  const graphOps = r.graphModel as Record<string, LatencySummary> | undefined;
  if (graphOps && Object.keys(graphOps).length > 0) sections.push(latencyTable('Graph model', graphOps));
  const graphLines = graphSummaryLines(r);
  if (graphLines.length > 0) sections.push(`<h2>Graph model: recall, ranker, streams, quality</h2><pre>${esc(graphLines.join('\n').trim())}</pre>`);
  const feeds = r.memory.feeds
    .map((f) => `<tr><td>${esc(f.key)}</td><td>${esc(f.why)}</td><td>${esc(f.encoding)}</td><td>${f.entries}</td><td>${f.memoryUsageBytes.toLocaleString('en-US')}</td></tr>`)
    .join('');
  return `<!doctype html><html><head><meta charset="utf-8"><title>Feedscope report: ${esc(r.scenario.name)}</title>
<style>body{font:14px system-ui,sans-serif;margin:2em;max-width:60em;color:#222}table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ccc;padding:2px 8px;text-align:right}td:first-child,th:first-child{text-align:left}svg text{font:11px system-ui,sans-serif}</style></head><body>
<h1>Feedscope report: ${esc(r.scenario.name)}</h1>
<p>Seed ${r.scenario.seed}; models ${esc(r.scenario.models.join(', '))}; generated ${esc(r.feedscope.generatedAt)}.<br>
Redis ${esc(r.redis.version)} (${esc(r.redis.url)}, port ${r.redis.port}).<br>
Graph: ${r.graph.users.toLocaleString('en-US')} users, ${r.graph.follows.toLocaleString('en-US')} follows, ${r.graph.posts.toLocaleString('en-US')} posts; max in-degree ${r.graph.maxInDegree}, max out-degree ${r.graph.maxOutDegree}.<br>
Run: ${(r.run.simulatedMs / 1000).toFixed(1)} s simulated in ${(r.run.wallMs / 1000).toFixed(1)} s.${r.writeAmplification !== undefined ? ` Write amplification ${r.writeAmplification} ZADDs per post.` : ''}</p>
${sections.join('\n')}
<h2>Memory</h2><p>used_memory ${mib(r.memory.usedMemoryBytes)}; by model (sampled keys x users): ${esc(Object.entries(r.memory.byModel).map(([k, v]) => `${k} ${mib(v)}`).join(', ') || 'n/a')}</p>
${feeds ? `<table><tr><th>sampled feed</th><th>why</th><th>encoding</th><th>entries</th><th>MEMORY USAGE (bytes)</th></tr>${feeds}</table>` : ''}
${memoryChart(r.memory.series)}
<p>Folded stacks of every span are in report.json (<code>spans</code>).</p>
</body></html>
`;
}
