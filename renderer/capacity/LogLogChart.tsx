/**
 * A log-log chart of a quantity against users, behind one small wrapper (as renderer/charts/ does
 * for time series) so the Capacity panel never touches recharts: the projection per model as a
 * line (solid inside the calibration's measured range, dashed beyond it), the measured range
 * shaded, and the calibration runs as points (measured, and what the model says for them).
 */
import { memo } from 'react';
import { CartesianGrid, ComposedChart, Legend, Line, ReferenceArea, ResponsiveContainer, Scatter, Tooltip, XAxis, YAxis } from 'recharts';

export interface LogSeries {
  key: string;
  label: string;
  color: string;
}

export interface LogPoint {
  users: number;
  [series: string]: number | null;
}

export interface MeasuredMark {
  users: number;
  measured: number;
  predicted: number;
  label: string;
}

interface Props {
  title: string;
  testId: string;
  series: LogSeries[];
  /** One row per user count; `<key>` inside the measured range, `<key>_x` beyond it (dashed). */
  data: LogPoint[];
  measured: MeasuredMark[];
  measuredRange: [number, number];
  format(v: number): string;
}

const compact = (v: number): string => (v >= 1e9 ? `${v / 1e9}B` : v >= 1e6 ? `${v / 1e6}M` : v >= 1e3 ? `${v / 1e3}k` : String(v));

/** Powers of ten between the extremes, for the log axes' ticks. */
function decades(lo: number, hi: number): number[] {
  const out: number[] = [];
  for (let e = Math.floor(Math.log10(Math.max(lo, 1e-9))); e <= Math.ceil(Math.log10(Math.max(hi, 1e-9))); e++) out.push(10 ** e);
  return out;
}

function LogLogChartImpl({ title, testId, series, data, measured, measuredRange, format }: Props) {
  const values = [
    ...data.flatMap((d) => series.flatMap((s) => [d[s.key], d[`${s.key}_x`]])),
    ...measured.flatMap((m) => [m.measured, m.predicted]),
  ].filter((v): v is number => typeof v === 'number' && v > 0);
  const yLo = Math.min(...values);
  const yHi = Math.max(...values);
  const xs = data.map((d) => d.users);
  const xTicks = decades(Math.min(...xs), Math.max(...xs)).filter((t) => t >= Math.min(...xs) && t <= Math.max(...xs));
  const yTicks = decades(yLo, yHi);
  return (
    <figure className="loglog" data-testid={testId}>
      <figcaption>{title} <span className="hint">(log-log; dashed: beyond the measured range)</span></figcaption>
      <div className="loglog-plot">
        <ResponsiveContainer width="100%" height="100%">
          <ComposedChart data={data} margin={{ top: 6, right: 14, bottom: 2, left: 4 }}>
            <CartesianGrid stroke="#22303c" />
            <XAxis dataKey="users" type="number" scale="log" domain={[Math.min(...xs), Math.max(...xs)]} ticks={xTicks} tickFormatter={compact} stroke="#8a99a8" fontSize={10} allowDataOverflow />
            <YAxis type="number" scale="log" domain={[yTicks[0], yTicks[yTicks.length - 1]]} ticks={yTicks} tickFormatter={format} stroke="#8a99a8" fontSize={10} width={62} allowDataOverflow />
            <ReferenceArea x1={measuredRange[0]} x2={measuredRange[1]} fill="#2e4a62" fillOpacity={0.35} ifOverflow="hidden" label={{ value: 'measured', fill: '#8a99a8', fontSize: 10, position: 'insideTop' }} />
            <Tooltip formatter={(v) => (typeof v === 'number' ? format(v) : String(v))} labelFormatter={(u) => `${Number(u).toLocaleString('en-US')} users`} contentStyle={{ background: '#10161c', border: '1px solid #2a3642', fontSize: 11 }} />
            <Legend wrapperStyle={{ fontSize: 10 }} />
            {series.map((s) => (
              <Line key={s.key} dataKey={s.key} name={s.label} stroke={s.color} strokeWidth={2} dot={false} isAnimationActive={false} connectNulls={false} />
            ))}
            {series.map((s) => (
              <Line key={`${s.key}_x`} dataKey={`${s.key}_x`} name={`${s.label}, extrapolated`} stroke={s.color} strokeDasharray="5 4" dot={false} isAnimationActive={false} connectNulls={false} legendType="none" />
            ))}
            <Scatter name="calibration runs (own workloads), measured" data={measured.map((m) => ({ users: m.users, value: m.measured }))} dataKey="value" fill="#ffd54f" isAnimationActive={false} tooltipType="none" />
            <Scatter name="model for those runs" data={measured.map((m) => ({ users: m.users, value: m.predicted }))} dataKey="value" fill="#ffffff" shape="cross" isAnimationActive={false} tooltipType="none" />
          </ComposedChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}

export const LogLogChart = memo(LogLogChartImpl);
