/**
 * report.html: one self-contained page (no script, no external asset; it prints) for sharing a
 * run. A summary first (Timeline and Graph side by side, the few numbers that matter), then the
 * plots with axes (latency per operation, memory over time), the capacity planner's projection
 * of this scenario beside what the run measured, the flame graph of every span, and the
 * details. Every number comes from report.json.
 */
import type { LatencySummary } from '../api/report.js';
import { graphSummaryLines } from '../graphfeed/summary.js';
import { timelineSummaryLines } from '../timeline/summary.js';
import { capacitySection } from './capacityHtml.js';
import { flameSvg } from './flameSvg.js';
import { flameTree, parseFolded } from './flameTree.js';
import { PAGE_STYLE, esc, fmtNum, mib } from './htmlParts.js';
import type { Report } from './report.js';
import { latencyBarsSvg, lineChartSvg } from './svgCharts.js';

const int = (n: number): string => Math.round(n).toLocaleString('en-US');
const ms = (n: number | null | undefined): string => (n === null || n === undefined ? '—' : `${fmtNum(n)} ms`);

function latencyTable(title: string, ops: Record<string, LatencySummary>): string {
  const rows = Object.entries(ops)
    .map(([k, s]) => `<tr><td>${esc(k)}</td><td>${int(s.count)}</td><td>${fmtNum(s.p50Ms)}</td><td>${fmtNum(s.p90Ms)}</td><td>${fmtNum(s.p99Ms)}</td><td>${fmtNum(s.p999Ms)}</td><td>${fmtNum(s.maxMs)}</td></tr>`)
    .join('');
  const bars = latencyBarsSvg(Object.entries(ops).map(([k, s]) => ({ label: k, p50: s.p50Ms, p99: s.p99Ms })), `${title}: p50 and p99 per operation`);
  return `<h3>${esc(title)} latency (ms)</h3><table><tr><th>operation</th><th>count</th><th>p50</th><th>p90</th><th>p99</th><th>p999</th><th>max</th></tr>${rows}</table>${bars}`;
}

/**
 * The engine's event-loop delay while playing (report.json run.eventLoop), as a histogram: how
 * long work that was ready waited for the engine's one thread. An operation's latency is server
 * time plus this queueing, so a p99 near the loop's own p99 is the engine's, not Redis's.
 */
function eventLoopSection(r: Report): string {
  const e = r.run.eventLoop;
  if (!e || e.samples === 0) return '';
  const rows = e.distribution.map((d) => `<tr><td>${fmtNum(d.percentile)}</td><td>${fmtNum(d.ms)}</td></tr>`).join('');
  return `<h3>Engine event-loop delay while playing (ms)</h3><p class="note">node:perf_hooks monitorEventLoopDelay at ${fmtNum(e.resolutionMs)} ms resolution, ${int(e.samples)} samples: p50 ${fmtNum(e.p50Ms)}, p90 ${fmtNum(e.p90Ms)}, p99 ${fmtNum(e.p99Ms)}, max ${fmtNum(e.maxMs)}, mean ${fmtNum(e.meanMs)}. This is how long ready work waited for the engine's thread (fan-out encoding, other reads, garbage collection): an operation's latency above is server time plus up to this much queueing per round trip.</p><table><tr><th>percentile</th><th>delay</th></tr>${rows}</table>`;
}

/** The slowest p99 among a model's operations whose name starts with `prefix`. */
function worst(ops: Record<string, LatencySummary> | undefined, prefix: string): LatencySummary | null {
  const found = Object.entries(ops ?? {}).filter(([k]) => k.startsWith(prefix)).map(([, s]) => s);
  return found.length === 0 ? null : found.reduce((a, b) => (b.p99Ms > a.p99Ms ? b : a));
}

function card(title: string, rows: [string, string][]): string {
  return `<div class="card"><h3>${esc(title)}</h3><dl>${rows.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v)}</dd>`).join('')}</dl></div>`;
}

function summary(r: Report): string {
  const cards: string[] = [];
  if (r.timeline) {
    const read = worst(r.timeline, 'read');
    const write = worst(r.timeline, 'fanout') ?? worst(r.timeline, 'post');
    cards.push(card('Timeline: Redis ZSET fan-out', [
      ['read p50 / p99', read ? `${ms(read.p50Ms)} / ${ms(read.p99Ms)}` : '—'],
      ['fan-out write p99', ms(write?.p99Ms)],
      ['write amplification', r.writeAmplification !== undefined ? `${fmtNum(r.writeAmplification)} ZADDs per post` : '—'],
      ['fan-out lag, max', ms(r.fanout?.maxLagMs)],
      ['lossy drops', r.fanout ? int(r.fanout.droppedLossy) : '—'],
      ['memory (sampled keys x users)', r.memory.byModel.timeline !== undefined ? mib(r.memory.byModel.timeline) : '—'],
    ]));
  }
  const g = r.graphModel;
  if (g && Object.keys(g).length > 0) {
    const read = worst(g, 'read');
    cards.push(card('Graph: recall + rank + stream cache', [
      ['read p50 / p99', read ? `${ms(read.p50Ms)} / ${ms(read.p99Ms)}` : '—'],
      ['post write p99', ms(worst(g, 'post')?.p99Ms)],
      ['recall candidates per read', r.recall?.mergedPerCall != null ? fmtNum(r.recall.mergedPerCall) : '—'],
      ['ranker AUC (baseline)', r.ranker ? `${r.ranker.auc.toFixed(3)} (${r.ranker.baselineAuc.toFixed(3)})` : '—'],
      [`Jaccard@${r.quality?.k ?? 'k'} with the Timeline feed`, r.quality?.jaccardAtK != null ? r.quality.jaccardAtK.toFixed(3) : '—'],
      ['memory (sampled keys x users)', r.memory.byModel.graph !== undefined ? mib(r.memory.byModel.graph) : '—'],
    ]));
  }
  cards.push(card('The run', [
    ['users / follows', `${int(r.graph.users)} / ${int(r.graph.follows)}`],
    ['posts', int(r.graph.posts)],
    ['simulated in wall time', `${(r.run.simulatedMs / 1000).toFixed(1)} s in ${(r.run.wallMs / 1000).toFixed(1)} s`],
    ['achieved speed', r.run.achievedSpeed != null ? `${fmtNum(r.run.achievedSpeed)}x` : '—'],
    ['Redis used_memory', mib(r.memory.usedMemoryBytes)],
  ]));
  return `<h2>Summary</h2><div class="cards">${cards.join('')}</div>`;
}

function memoryChart(r: Report): string {
  const s = r.memory.series;
  if (s.length < 2) return '';
  const MB = 1024 * 1024;
  const models = [...new Set(s.flatMap((p) => Object.keys(p.byModel)))];
  const colours = ['#e8a33d', '#2e9e6a', '#a44dd6'];
  const series = [
    { label: 'used_memory (all)', color: '#3d7be8', points: s.map((p) => ({ x: p.tMs / 1000, y: p.usedMemoryBytes / MB })) },
    ...models.map((m, i) => ({ label: `${m} keys (sampled)`, color: colours[i % colours.length], points: s.map((p) => ({ x: p.tMs / 1000, y: (p.byModel[m] ?? 0) / MB })) })),
  ];
  return lineChartSvg(series, { title: 'Redis memory over simulated time', xLabel: 'simulated time, s', yLabel: 'MiB', yFormat: (v) => fmtNum(v) });
}

/** Fan-out over simulated time from the sampled monitor: ZADDs so far, and the lag of the latest post with the backlog. */
function fanoutCharts(r: Report): string {
  const s = r.memory.series.filter((p) => p.fanout);
  if (s.length < 2) return '';
  const zadds = lineChartSvg([{ label: 'fan-out ZADDs so far', color: '#e8a33d', points: s.map((p) => ({ x: p.tMs / 1000, y: p.fanout!.zadds })) }], { title: 'Fan-out over simulated time', xLabel: 'simulated time, s', yLabel: 'ZADDs', yFormat: (v) => fmtNum(v) });
  const lag = lineChartSvg([
    { label: 'lag of the latest post', color: '#d6454d', points: s.map((p) => ({ x: p.tMs / 1000, y: p.fanout!.lastLagMs })) },
    { label: 'chunks queued + in flight', color: '#3d7be8', points: s.map((p) => ({ x: p.tMs / 1000, y: p.fanout!.queueDepth + p.fanout!.chunksInFlight })) },
  ], { title: 'Fan-out lag and backlog', xLabel: 'simulated time, s', yLabel: 'ms / chunks', yFormat: (v) => fmtNum(v) });
  return `<h2>Fan-out</h2><p class="note">Sampled with Redis memory (about once a second of wall time, and at the end).</p>${zadds}${lag}`;
}

function flame(r: Report): string {
  const tree = flameTree(parseFolded(r.spans));
  if (tree.value === 0) return '';
  return `<h2>Flame graph of every span</h2><p class="note">Width: share of all traced time (span self time, ${int(tree.value)} µs in all); frames from the bottom up, alphabetical, as flamegraph.pl draws them. Hover a frame for its figures; the folded stacks are in report.json (<code>spans</code>).</p>${flameSvg(tree, { width: 1000 })}`;
}

function shardTable(w: NonNullable<Report['writer']>): string {
  const rows = w.perShard.map((s) => `<tr><td>${s.shard}</td><td>${int(s.written)}</td><td>${int(s.rejected)}</td><td>${int(s.batches)}</td><td>${s.maxQueueDepth}</td></tr>`).join('');
  return `<table><tr><th>shard</th><th>written</th><th>rejected</th><th>pipelines</th><th>max queue depth</th></tr>${rows}</table>`;
}

function details(r: Report): string {
  const out: string[] = [];
  if (r.writer) out.push(`<h3>Timeline writer (article 2.2): ${esc(r.writer.kind)}</h3><pre>${esc(timelineSummaryLines({ ...r, readCache: undefined }).join('\n').trim())}</pre>${shardTable(r.writer)}`);
  if (r.readCache) out.push(`<h3>Timeline read cache (article 2.4)</h3><pre>${esc(timelineSummaryLines({ ...r, writer: undefined }).join('\n').trim())}</pre><ul>${r.readCache.notes.map((n) => `<li>${esc(n)}</li>`).join('')}</ul>`);
  const graphLines = graphSummaryLines(r);
  if (graphLines.length > 0) out.push(`<h3>Graph model: recall, ranker, streams, quality</h3><pre>${esc(graphLines.join('\n').trim())}</pre>`);
  const feeds = r.memory.feeds.map((f) => `<tr><td>${esc(f.key)}</td><td>${esc(f.why)}</td><td>${esc(f.encoding)}</td><td>${f.entries}</td><td>${int(f.memoryUsageBytes)}</td></tr>`).join('');
  if (feeds) out.push(`<h3>Sampled feeds</h3><table><tr><th>key</th><th>why</th><th>encoding</th><th>entries</th><th>MEMORY USAGE (bytes)</th></tr>${feeds}</table>`);
  return out.length > 0 ? `<h2>Details</h2>${out.join('\n')}` : '';
}

export function renderReportHtml(r: Report): string {
  const latency: string[] = [];
  if (r.timeline) latency.push(latencyTable('Timeline model', r.timeline));
  if (r.graphModel && Object.keys(r.graphModel).length > 0) latency.push(latencyTable('Graph model', r.graphModel));
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Feedscope report: ${esc(r.scenario.name)}</title>
<style>${PAGE_STYLE}</style></head><body>
<h1>Feedscope report: ${esc(r.scenario.name)}</h1>
<p class="note">Seed ${r.scenario.seed}; models ${esc(r.scenario.models.join(', '))}; Redis ${esc(r.redis.version)} (${esc(r.redis.url)}, port ${r.redis.port}); graph of ${int(r.graph.users)} users, ${int(r.graph.follows)} follows (max in-degree ${int(r.graph.maxInDegree)}, max out-degree ${int(r.graph.maxOutDegree)}); generated ${esc(r.feedscope.generatedAt)}.</p>
${summary(r)}
<h2>Latency</h2>
${latency.join('\n')}
${eventLoopSection(r)}
<h2>Memory</h2><p>used_memory at the end ${mib(r.memory.usedMemoryBytes)}; by model (sampled keys x users): ${esc(Object.entries(r.memory.byModel).map(([k, v]) => `${k} ${mib(v)}`).join(', ') || 'n/a')}</p>
${memoryChart(r)}
${fanoutCharts(r)}
${capacitySection(r)}
${flame(r)}
${details(r)}
</body></html>
`;
}
