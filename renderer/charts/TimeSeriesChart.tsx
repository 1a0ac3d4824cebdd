/** A line chart over simulated time, behind one small wrapper so panels never touch recharts. */
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { ChartPoint } from '../store/history.js';

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
}

export function TimeSeriesChart({ title, testId, data, series, format, formatAxis = format, empty, legend }: Props) {
  const last = data[data.length - 1];
  return (
    <figure className="chart" data-testid={testId} data-points={data.length}>
      <figcaption>
        <span>{title}</span>
        {last && <span className="chart-last" data-testid={`${testId}-last`}>t = {last.t.toFixed(1)} s</span>}
      </figcaption>
      {data.length === 0 || series.length === 0 ? (
        <p className="panel-note">{empty}</p>
      ) : (
        <ResponsiveContainer width="100%" height="100%" minHeight={120}>
          <LineChart data={data} margin={{ top: 12, right: 12, bottom: 0, left: 4 }}>
            <CartesianGrid stroke="#26303b" />
            <XAxis dataKey="t" type="number" domain={['dataMin', 'dataMax']} tickFormatter={(t: number) => `${t.toFixed(0)}s`} stroke="#8796a5" fontSize={10} />
            <YAxis stroke="#8796a5" fontSize={10} width={56} tickFormatter={(v: number) => formatAxis(v)} />
            <Tooltip
              contentStyle={{ background: '#141b22', border: '1px solid #2d3946', fontSize: 11 }}
              labelFormatter={(t) => `t = ${Number(t).toFixed(1)} s`}
              formatter={(v) => format(Number(v))}
            />
            {!legend && <Legend wrapperStyle={{ fontSize: 10 }} />}
            {series.map((s) => (
              <Line key={s.key} dataKey={s.key} name={s.label} stroke={s.color} strokeDasharray={s.dashed ? '4 3' : undefined} dot={false} isAnimationActive={false} connectNulls strokeWidth={1.5} />
            ))}
          </LineChart>
        </ResponsiveContainer>
      )}
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
}
