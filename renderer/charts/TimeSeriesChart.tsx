/**
 * A line chart over simulated time, behind one small wrapper so panels never touch recharts.
 * Drawing is what costs here (recharts 3 in software rendering: 20-30 ms per chart redraw, most
 * of it recharts' own store and selectors), so while a scenario plays a chart redraws at most once
 * in its turn (one chart per CHART_TURN_MS, round-robin: never two in one long task), with at
 * most MAX_DRAWN_POINTS of its history (thinPoints); the axes take every tick of their scale
 * (interval 0: recharts then measures no tick label in the DOM) and draw their labels as plain
 * SVG text (plainTick). An emptied history (reset, new scenario) shows at once; the first points
 * wait for the chart's turn too. A redraw runs whole in its turn's task (flushSync), with props that
 * keep their identity unless their value changed (see Plot): recharts then has nothing to finish in
 * the next animation frame, the frame task where cytoscape draws the graph (issue 19: no main-thread
 * task over 50 ms while playing).
 */
import { memo, useEffect, useMemo, useRef, useState } from 'react';
import { flushSync } from 'react-dom';
import { CartesianGrid, Line, LineChart, ReferenceArea, ResponsiveContainer, Tooltip, XAxis, YAxis, type XAxisTickContentProps, type YAxisTickContentProps } from 'recharts';
import type { ChartBand } from './faultBands.js';
import { thinPoints, type ChartPoint } from '../store/history.js';
import { downloadChartCsv, downloadChartPng } from './exportChart.js';
import { timeTicks } from './ticks.js';

/** Points drawn per chart (the history keeps up to MAX_POINTS). */
const MAX_DRAWN_POINTS = 60;
/**
 * Charts take turns: every CHART_TURN_MS the next chart whose data changed redraws (round-robin),
 * so that one task never holds two charts' redraws (a redraw is 20-40 ms of main thread here, and
 * per-chart timers drifted into the same task). With 3-5 charts each redraws every 1.2-2 s.
 */
const CHART_TURN_MS = 400;
const turns: (() => boolean)[] = [];
let turn = 0;
let turnTimer: ReturnType<typeof setInterval> | null = null;

function nextTurn(): void {
  for (let k = 0; k < turns.length; k++) {
    turn = (turn + 1) % turns.length;
    if (turns[turn]()) return;
  }
}

/** Adds a chart's redraw (true when it redrew) to the turns; returns the removal. */
function takeTurns(redraw: () => boolean): () => void {
  turns.push(redraw);
  turnTimer ??= setInterval(nextTurn, CHART_TURN_MS);
  return () => {
    turns.splice(turns.indexOf(redraw), 1);
    if (turns.length === 0 && turnTimer !== null) {
      clearInterval(turnTimer);
      turnTimer = null;
    }
  };
}

/**
 * `value` as of this chart's last turn; an emptied value at once. A chart that gets its first
 * points also waits for its turn: when a scenario starts playing every chart gets its first points
 * in the same frame, and drawing its lines for the first time is a chart's costliest redraw.
 */
function useRedrawSlot<T extends readonly unknown[]>(value: T): T {
  const [shown, setShown] = useState(value);
  const latest = useRef(value);
  latest.current = value;
  const drawn = useRef(value);
  useEffect(
    () =>
      takeTurns(() => {
        if (drawn.current === latest.current) return false;
        drawn.current = latest.current;
        // The whole redraw in this task: React's render and commit, then (its effects flushed at
        // once) recharts' own pass when the chart's store hears of the new data. Rendered at
        // default priority, the effects waited for a later task, and an axis' new ticks (which
        // recharts announces at the next animation frame) could put that pass in the frame task
        // that also holds cytoscape's draw.
        flushSync(() => setShown(latest.current));
        return true;
      }),
    [],
  );
  // Emptied (reset, another scenario): forget what was shown, so the old points never come back.
  if (value.length === 0 && shown.length !== 0) {
    drawn.current = value;
    setShown(value);
  }
  return value.length === 0 ? value : shown;
}

/** recharts' Text, one line: the same tspan offsets (capHeight 0.71em). */
const TICK_DY = { start: '0.71em', middle: '0.355em', end: '0' } as const;

/**
 * An axis label as recharts' own <Text> draws a one-line label, without its word measuring: Text
 * measures every new label in the DOM (a forced layout each), which was a large share of a redraw.
 */
function plainTick({ x, y, textAnchor, verticalAnchor, fill, fontSize, className, index, payload, tickFormatter }: (XAxisTickContentProps | YAxisTickContentProps) & { fontSize?: number | string }) {
  const v = payload.value as number;
  return (
    <text x={x} y={y} textAnchor={textAnchor} fill={fill} stroke="none" fontSize={fontSize} className={`recharts-text ${className ?? ''}`}>
      <tspan x={x} dy={TICK_DY[verticalAnchor]}>
        {tickFormatter ? tickFormatter(v, index) : String(v)}
      </tspan>
    </text>
  );
}

export interface Series {
  key: string;
  label: string;
  color: string;
  dashed?: boolean;
}

interface Props {
  title: string;
  testId: string;
  data: ChartPoint[];
  series: Series[];
  /** Formats a y value for axis and tooltip. */
  format(v: number): string;
  /** Shorter format for the y axis (defaults to `format`). */
  formatAxis?(v: number): string;
  empty: string;
  /** A compact legend instead of one entry per series (e.g. one per operation for p50 + p99 pairs); by default one per series. */
  legend?: { label: string; color: string }[];
  /** Time windows drawn as shaded bands behind the lines (the scenario's faults), seconds. */
  bands?: readonly ChartBand[];
}

export const TimeSeriesChart = memo(function TimeSeriesChart({ title, testId, data: live, series, format, formatAxis = format, empty, legend, bands = NO_BANDS }: Props) {
  const data = useRedrawSlot(live);
  const last = data[data.length - 1];
  const drawn = useMemo(() => thinPoints(data, MAX_DRAWN_POINTS), [data]);
  // Until its first points the chart is drawn empty and hidden under the note: mounting a recharts
  // tree is its costliest draw, done here when the scenario loads rather than when it starts
  // playing. Its series wait too, so that names arriving with the first frames redraw nothing yet.
  const waiting = data.length === 0 || series.length === 0;
  const plotted = waiting ? NO_SERIES : series;
  const seriesKey = plotted.map((s) => `${s.key}:${s.color}:${s.dashed ? 1 : 0}`).join('|');
  // The x axis gets as many ticks as its width has room for (rounded to 40 px so a resize by a few pixels redraws nothing).
  const figure = useRef<HTMLElement>(null);
  const [width, setWidth] = useState(240);
  useEffect(() => {
    const el = figure.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setWidth(Math.max(80, Math.round((el.clientWidth - 72) / 40) * 40)));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  // The recharts tree only changes with the drawn points or the series (not with each parent render).
  // The tooltip is mounted while the pointer is over the chart only: recharts' Tooltip subscribes to
  // the chart's store and takes part in every redraw, for a box that shows on hover.
  const [hover, setHover] = useState(false);
  const plot = useMemo(() => <Plot data={drawn} series={plotted} format={format} formatAxis={formatAxis} axisPx={width} bands={bands} tooltip={hover} hidden={waiting} />, [drawn, seriesKey, format, formatAxis, width, bands, hover, waiting]);
  // Our own legend, not recharts' <Legend>: that one measures its box in the DOM and dispatches
  // the size into the chart's store on every redraw (a forced layout and a second render pass).
  const legendItems = useMemo(() => legend ?? series.map((s) => ({ label: s.label, color: s.color })), [legend, seriesKey]);
  return (
    <figure className="chart" data-testid={testId} data-points={data.length} ref={figure} onPointerEnter={() => setHover(true)} onPointerLeave={() => setHover(false)}>
      <figcaption>
        <span>{title}</span>
        {last && <span className="chart-last" data-testid={`${testId}-last`}>t = {last.t.toFixed(1)} s</span>}
        {data.length > 0 && series.length > 0 && (
          <span className="chart-export">
            <button type="button" title={`Download this chart as PNG (${testId}.png)`} aria-label={`${title}: PNG`} onClick={() => figure.current && void downloadChartPng(testId, figure.current)}>
              PNG
            </button>
            <button type="button" title={`Download this chart's points as CSV (${testId}.csv)`} aria-label={`${title}: CSV`} onClick={() => downloadChartCsv(testId, live, series)}>
              CSV
            </button>
          </span>
        )}
      </figcaption>
      {waiting && <p className="panel-note chart-note">{empty}</p>}
      {plot}
      {data.length > 0 && legendItems.length > 0 && (
        <ul className="chart-legend">
          {legendItems.map((l) => (
            <li key={l.label}>
              <i style={{ background: l.color }} />
              {l.label}
            </li>
          ))}
        </ul>
      )}
    </figure>
  );
});

const NO_BANDS: readonly ChartBand[] = [];
const NO_SERIES: Series[] = [];
const NO_TICKS: number[] = [];

/** The x axis's tick labels ("1.5s", "12s"). */
const fmtTimeTick = (t: number): string => `${Number(t.toFixed(t < 10 ? 1 : 0))}s`;
const PLOT_MARGIN = { top: 12, right: 12, bottom: 0, left: 4 };
const X_DOMAIN = ['dataMin', 'dataMax'];
const BAND_LABEL_STYLE = { position: 'insideTopLeft', fill: '#ffab91', fontSize: 9 } as const;

/** `next`, or the previous array when it holds the same numbers (so that a prop compared by identity stays equal). */
function useSameNumbers(next: number[]): number[] {
  const prev = useRef(next);
  const p = prev.current;
  if (p !== next && (p.length !== next.length || p.some((v, i) => v !== next[i]))) prev.current = next;
  return prev.current;
}

/**
 * The recharts tree. Every prop of the axes, lines and bands keeps its identity from one redraw
 * to the next unless its value changed (constants, memoized ticks and bands): recharts' axes and
 * lines are memoized on their props, and each one that renders again puts its settings in the
 * chart's store with an action that recharts batches to the next animation frame, so the chart's
 * second render pass ran in the frame task that also holds cytoscape's draw (20-30 ms more there).
 * With only `data` changed, the chart's store hears of it at once, in the redraw's own task.
 */
function Plot({ data, series, format, formatAxis, axisPx, bands, tooltip, hidden }: { data: readonly ChartPoint[]; series: Series[]; format(v: number): string; formatAxis(v: number): string; axisPx: number; bands: readonly ChartBand[]; tooltip: boolean; hidden: boolean }) {
  const ticks = useSameNumbers(data.length > 0 ? timeTicks(data[0].t, data[data.length - 1].t, axisPx) : NO_TICKS);
  const bandAreas = useMemo(
    () =>
      bands.map((b) => (
        <ReferenceArea key={`${b.startS}-${b.label}`} x1={b.startS} x2={b.endS} fill="#ff8a65" fillOpacity={0.15} stroke="#ff8a65" strokeOpacity={0.4} ifOverflow="hidden" label={{ value: b.label, ...BAND_LABEL_STYLE }} />
      )),
    [bands],
  );
  return (
    <ResponsiveContainer width="100%" height="100%" minHeight={120} className={hidden ? 'chart-waiting' : undefined}>
      <LineChart data={data as ChartPoint[]} margin={PLOT_MARGIN}>
        <CartesianGrid stroke="#26303b" vertical={false} />
        <XAxis dataKey="t" type="number" domain={X_DOMAIN} ticks={ticks} interval={0} tick={plainTick} tickFormatter={fmtTimeTick} stroke="#8796a5" fontSize={10} />
        <YAxis stroke="#8796a5" fontSize={10} width={56} interval={0} tick={plainTick} tickFormatter={formatAxis} />
        {tooltip && (
          <Tooltip
            isAnimationActive={false}
            contentStyle={{ background: '#141b22', border: '1px solid #2d3946', fontSize: 11 }}
            labelFormatter={(t) => `t = ${Number(t).toFixed(1)} s`}
            formatter={(v) => format(Number(v))}
          />
        )}
        {bandAreas}
        {series.map((s) => (
          <Line key={s.key} dataKey={s.key} name={s.label} stroke={s.color} strokeDasharray={s.dashed ? '4 3' : undefined} dot={false} isAnimationActive={false} connectNulls strokeWidth={1.5} />
        ))}
      </LineChart>
    </ResponsiveContainer>
  );
}
