/**
 * report.html's Capacity section, from report.json `capacity` (capacity.ts): the planner's
 * curves of Redis memory and commands/s against users (log-log, both models and their sum, the
 * calibration's measured range shaded, its runs as points, dashed beyond it) with this run's own
 * point on them, and `plan --scenario`'s prediction beside what this run measured.
 */
import type { CapacityProjection, CapacityRow, Report } from '../api/report.js';
import { esc, fmtNum, mib } from './htmlParts.js';
import { logLogChartSvg, type LineSeries, type MarkSeries } from './svgCharts.js';

/** The planner's 10% goal on memory and command counts (validate.ts VALIDATION_GOAL_PCT), for the error column's colour. */
const GOAL_PCT = 10;

const p3 = (x: number): string => String(Number(x.toPrecision(3)));
/** Decimal units on the axes: the ticks are powers of ten. */
const axisBytes = (v: number): string => (v >= 1e15 ? `${p3(v / 1e15)} PB` : v >= 1e12 ? `${p3(v / 1e12)} TB` : v >= 1e9 ? `${p3(v / 1e9)} GB` : v >= 1e6 ? `${p3(v / 1e6)} MB` : v >= 1e3 ? `${p3(v / 1e3)} kB` : `${p3(v)} B`);
const axisCount = (v: number): string => (v >= 1e9 ? `${p3(v / 1e9)}B` : v >= 1e6 ? `${p3(v / 1e6)}M` : v >= 1e3 ? `${p3(v / 1e3)}k` : p3(v));
const int = (n: number): string => Math.round(n).toLocaleString('en-US');

const COLOURS = { all: '#3d7be8', timeline: '#e8a33d', graph: '#2e9e6a', calibration: '#444', run: '#d6454d' };

function value(unit: CapacityRow['unit'], v: number): string {
  return unit === 'bytes' ? mib(v) : unit === 'commands/s' ? `${fmtNum(v)}/s` : int(v);
}

function errorCell(e: number | null): string {
  if (e === null) return '<td class="same">—</td>';
  return `<td class="${Math.abs(e) <= GOAL_PCT ? 'better' : 'worse'}">${e > 0 ? '+' : ''}${e.toFixed(1)}%</td>`;
}

function rowsTable(c: CapacityProjection): string {
  const rows = c.rows
    .map((r) => `<tr><td>${esc(r.metric)}</td><td title="${esc(r.plannedFrom)}">${value(r.unit, r.predicted)}${r.extrapolated ? '<sup>*</sup>' : ''}</td><td>${r.measured === null ? 'not measured' : value(r.unit, r.measured)}</td>${errorCell(r.errorPct)}<td class="from">${esc(r.measuredFrom)}</td></tr>`)
    .join('');
  const star = c.rows.some((r) => r.extrapolated) ? '<p class="note"><sup>*</sup> The planner extrapolates this figure: past the calibration\'s users, feed lengths or stream refreshes (hover the figure for what it comes from).</p>' : '';
  return `<table class="capacity"><tr><th>over ${fmtNum(c.horizonSec)} simulated s</th><th>planned</th><th>measured</th><th>error</th><th class="from">measured from</th></tr>${rows}</table>${star}`;
}

type Pick = (p: CapacityProjection['curve'][number]) => number | null;

function chart(c: CapacityProjection, o: { title: string; yLabel: string; yFormat(v: number): string; all: Pick; timeline: Pick; graph: Pick; calibration(m: CapacityProjection['measured'][number]): [number, number]; run: number | null; planned: number; what: string }): string {
  const line = (label: string, color: string, pick: Pick): LineSeries => ({ label, color, points: c.curve.map((p) => ({ x: p.users, y: pick(p) ?? 0 })) });
  const lines: LineSeries[] = [{ ...line('one server: both models + baseline', COLOURS.all, o.all), wide: true }];
  if (c.projection.timeline) lines.push(line('Timeline keys', COLOURS.timeline, o.timeline));
  if (c.projection.graph) lines.push(line('Graph keys', COLOURS.graph, o.graph));
  const u = c.run.users;
  const marks: MarkSeries[] = [
    { label: 'calibration runs, measured', color: COLOURS.calibration, shape: 'dot', points: c.measured.map((m) => ({ x: m.users, y: o.calibration(m)[0], note: `${m.label}: ${int(m.users)} users, measured ${o.yFormat(o.calibration(m)[0])}` })) },
    { label: 'model for those runs', color: COLOURS.calibration, shape: 'cross', points: c.measured.map((m) => ({ x: m.users, y: o.calibration(m)[1], note: `${m.label}: the model says ${o.yFormat(o.calibration(m)[1])}` })) },
    { label: 'this run, planned', color: COLOURS.run, shape: 'ring', points: [{ x: u, y: o.planned, note: `plan --scenario: ${o.yFormat(o.planned)} ${o.what}` }] },
  ];
  if (o.run !== null) marks.push({ label: 'this run, measured', color: COLOURS.run, shape: 'diamond', points: [{ x: u, y: o.run, note: `this run: ${int(u)} users, ${o.yFormat(o.run)} ${o.what}` }] });
  return logLogChartSvg({
    title: o.title,
    xLabel: 'users (log scale)',
    yLabel: o.yLabel,
    xFormat: axisCount,
    yFormat: o.yFormat,
    lines,
    dashedBeyond: c.measuredRange[1],
    band: { from: c.measuredRange[0], to: c.measuredRange[1], label: 'measured' },
    marks,
    dashedLabel: 'beyond the measured users',
  });
}

function projected(c: CapacityProjection): string {
  const p = c.projection;
  const cmds = (t: number | null, g: number | null): number => (t ?? 0) + (g ?? 0);
  const memory = chart(c, {
    title: 'Redis memory vs users',
    yLabel: 'bytes (log scale)',
    yFormat: axisBytes,
    all: (x) => x.usedMemoryBytes,
    timeline: (x) => x.timelineMemoryBytes,
    graph: (x) => x.graphMemoryBytes,
    calibration: (m) => [m.usedMemoryBytes, m.predictedUsedMemoryBytes],
    run: c.run.usedMemoryBytes,
    planned: p.usedMemory.value,
    what: 'used_memory',
  });
  const commands = chart(c, {
    title: 'Redis commands/s vs users',
    yLabel: 'commands per simulated s (log scale)',
    yFormat: (v) => `${axisCount(v)}/s`,
    all: (x) => x.commandsPerSec,
    timeline: (x) => x.timelineCommandsPerSec,
    graph: (x) => x.graphCommandsPerSec,
    calibration: (m) => [m.commandsPerSec, m.predictedCommandsPerSec],
    run: c.run.commandsPerSec,
    planned: cmds(p.timeline?.commandsPerSec.value ?? null, p.graph?.commandsPerSec.value ?? null),
    what: 'commands/s',
  });
  const cal = c.calibration;
  const partial = c.horizonSec < c.scenarioDurationSec ? ` (the run stopped there; the scenario lasts ${fmtNum(c.scenarioDurationSec)} s)` : '';
  return [
    `<p class="note">What the capacity planner predicts for this scenario (<code>feedscope plan --scenario</code>) over the ${fmtNum(c.horizonSec)} simulated seconds this run played${partial}, beside what the run measured; the calibration is ${esc(cal.file)} (${esc(cal.measuredAt.slice(0, 10))}, runs of ${cal.runs.map((r) => int(r.users)).join(', ')} users, Redis ${esc(cal.redis)}). Error: (planned − measured) / measured; green within the planner's ${GOAL_PCT}% goal.</p>`,
    rowsTable(c),
    `<div class="charts">${memory}${commands}</div>`,
    `<p class="note">Lines: the planner's fleet model (generator degrees, expected draws) at this scenario's rates per user and feed settings, from ${int(c.curve[0]?.users ?? 0)} to ${int(c.curve[c.curve.length - 1]?.users ?? 0)} users; the shaded band is the users the calibration measured (${int(c.measuredRange[0])}–${int(c.measuredRange[1])}). Points: this run, as measured and as planned; the calibration runs, measured and as the model gives them for their own workloads (other rates than this scenario's, hence off these lines). Hover a point for its figures.</p>`,
    `<ul class="note">${c.notes.map((n) => `<li>${esc(n)}</li>`).join('')}</ul>`,
  ].join('\n');
}

export function capacitySection(r: Report): string {
  const c = r.capacity;
  const body = !c
    ? '<p class="note">This report.json has no capacity section (it was built without the planner\'s inputs).</p>'
    : c.projected
      ? projected(c)
      : `<p class="note capacity-why">The capacity planner cannot project this run: ${esc(c.reason)}</p>`;
  return `<h2>Capacity</h2>${body}`;
}
