/**
 * A line chart over simulated time, behind one small wrapper so panels never touch recharts.
 * Drawing is what costs here (recharts 3 in software rendering: 20-30 ms per chart redraw, most
 * of it recharts' own store and selectors), so while a scenario plays a chart redraws at most once
 * per CHART_REDRAW_MS, each chart in its own slot of that period (not all four in one long task),
 * with at most MAX_DRAWN_POINTS of its history (thinPoints); the axes take every tick of their
 * scale (interval 0: recharts then measures no tick label in the DOM). Every 2 s rather than every
 * second: the charts were ~2 ms of main thread per animation frame while a scenario plays, the
 * graph view's pan and zoom about 3. An emptied history (reset, new scenario) shows at once; the
 * first points wait for the chart's slot too.
 */
import { memo, useEffect, useMemo, useRef, useState } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ReferenceArea, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { ChartBand } from './faultBands.js';
import { thinPoints, type ChartPoint } from '../store/history.js';
import { downloadChartCsv, downloadChartPng } from './exportChart.js';
import { timeTicks } from './ticks.js';

/** Points drawn per chart (the history keeps up to MAX_POINTS). */
const MAX_DRAWN_POINTS = 60;
const CHART_REDRAW_MS = 2000;
/** Charts take turns: chart i redraws at phase (i mod CHART_SLOTS) of each CHART_REDRAW_MS. */
const CHART_SLOTS = 4;
let nextSlot = 0;

/**
 * `value` as of the last redraw slot of this chart; an emptied value at once. A chart that gets its
 * first points also waits for its slot: mounting a recharts tree is the costliest draw (~100 ms
 * here), and when a scenario starts playing every chart gets its first points in the same frame.
 */
function useRedrawSlot<T extends readonly unknown[]>(value: T): T {
  const [shown, setShown] = useState(value);
  const latest = useRef(value);
  latest.current = value;
  const slot = useRef(nextSlot++ % CHART_SLOTS);
  useEffect(() => {
    let timer: ReturnType<typeof setInterval> | undefined;
    const start = setTimeout(() => {
      setShown(latest.current);
      timer = setInterval(() => setShown(latest.current), CHART_REDRAW_MS);
    }, (slot.current * CHART_REDRAW_MS) / CHART_SLOTS);
    return () => {
      clearTimeout(start);
      clearInterval(timer);
    };
  }, []);
  // Emptied (reset, another scenario): forget what was shown, so the old points never come back.
  if (value.length === 0 && shown.length !== 0) setShown(value);
  return value.length === 0 ? value : shown;
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
  /** A compact legend instead of one entry per series (e.g. one per operation for p50 + p99 pairs). */
  legend?: { label: string; color: string }[];
  /** Time windows drawn as shaded bands behind the lines (the scenario's faults), seconds. */
  bands?: readonly ChartBand[];
}

export const TimeSeriesChart = memo(function TimeSeriesChart({ title, testId, data: live, series, format, formatAxis = format, empty, legend, bands = NO_BANDS }: Props) {
  const data = useRedrawSlot(live);
  const last = data[data.length - 1];
  const drawn = useMemo(() => thinPoints(data, MAX_DRAWN_POINTS), [data]);
  const seriesKey = series.map((s) => `${s.key}:${s.color}:${s.dashed ? 1 : 0}`).join('|');
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
  const plot = useMemo(() => <Plot data={drawn} series={series} format={format} formatAxis={formatAxis} legend={!!legend} axisPx={width} bands={bands} />, [drawn, seriesKey, format, formatAxis, legend === undefined, width, bands]);
  return (
    <figure className="chart" data-testid={testId} data-points={data.length} ref={figure}>
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
      {data.length === 0 || series.length === 0 ? <p className="panel-note">{empty}</p> : plot}
      {legend && data.length > 0 && (
        <ul className="chart-legend">
          {legend.map((l) => (
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

function Plot({ data, series, format, formatAxis, legend, axisPx, bands }: { data: readonly ChartPoint[]; series: Series[]; format(v: number): string; formatAxis(v: number): string; legend: boolean; axisPx: number; bands: readonly ChartBand[] }) {
  const ticks = data.length > 0 ? timeTicks(data[0].t, data[data.length - 1].t, axisPx) : [];
  return (
    <ResponsiveContainer width="100%" height="100%" minHeight={120}>
      <LineChart data={data as ChartPoint[]} margin={{ top: 12, right: 12, bottom: 0, left: 4 }}>
        <CartesianGrid stroke="#26303b" vertical={false} />
        <XAxis dataKey="t" type="number" domain={['dataMin', 'dataMax']} ticks={ticks} interval={0} tickFormatter={(t: number) => `${Number(t.toFixed(t < 10 ? 1 : 0))}s`} stroke="#8796a5" fontSize={10} />
        <YAxis stroke="#8796a5" fontSize={10} width={56} interval={0} tickFormatter={(v: number) => formatAxis(v)} />
        <Tooltip
          isAnimationActive={false}
          contentStyle={{ background: '#141b22', border: '1px solid #2d3946', fontSize: 11 }}
          labelFormatter={(t) => `t = ${Number(t).toFixed(1)} s`}
          formatter={(v) => format(Number(v))}
        />
        {!legend && <Legend wrapperStyle={{ fontSize: 10 }} />}
        {bands.map((b) => (
          <ReferenceArea key={`${b.startS}-${b.label}`} x1={b.startS} x2={b.endS} fill="#ff8a65" fillOpacity={0.15} stroke="#ff8a65" strokeOpacity={0.4} ifOverflow="hidden" label={{ value: b.label, position: 'insideTopLeft', fill: '#ffab91', fontSize: 9 }} />
        ))}
        {series.map((s) => (
          <Line key={s.key} dataKey={s.key} name={s.label} stroke={s.color} strokeDasharray={s.dashed ? '4 3' : undefined} dot={false} isAnimationActive={false} connectNulls strokeWidth={1.5} />
        ))}
      </LineChart>
    </ResponsiveContainer>
  );
}
