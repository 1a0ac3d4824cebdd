/**
 * The time axis of the time-ordered flame graph: the wall-clock window its spans cover, with
 * ticks, and per operation kind a strip of how busy each slice of the window was.
 */
import type { FlameWindow } from '../../engine/api.js';
import { fmtMs } from '../format.js';
import { hue } from './FlameGraph.js';
import { niceTicks } from './flameZoom.js';

const LANE_PX = 11;
const LABEL_PX = 150;

function fmtT(ms: number, stepMs: number): string {
  return stepMs >= 1000 ? `${(ms / 1000).toFixed(stepMs >= 10_000 ? 0 : 1)} s` : `${(ms / 1000).toFixed(stepMs >= 100 ? 1 : stepMs >= 10 ? 2 : 3)} s`;
}

export function FlameTimeAxis({ w, width }: { w: FlameWindow; width: number }) {
  const plot = Math.max(100, width - LABEL_PX);
  const span = Math.max(w.endMs - w.startMs, 1e-3);
  const x = (ms: number): number => LABEL_PX + ((ms - w.startMs) / span) * plot;
  const ticks = niceTicks(w.startMs, w.endMs, Math.max(2, Math.floor(plot / 110)));
  const step = ticks.length > 1 ? ticks[1] - ticks[0] : span;
  const bins = w.lanes[0]?.busyUs.length ?? 1;
  const max = Math.max(1, ...w.lanes.flatMap((l) => l.busyUs));
  const h = w.lanes.length * LANE_PX + 26;
  return (
    <figure className="flame-axis" data-testid="flame-time-axis" data-start-ms={w.startMs} data-end-ms={w.endMs}>
      <figcaption className="note">
        {w.spans.toLocaleString('en-US')} operations (root spans) from t = {(w.startMs / 1000).toFixed(3)} s to {(w.endMs / 1000).toFixed(3)} s of wall clock ({fmtMs(span)}); strips: span time per {fmtMs(w.binUs / 1000)} slice, darker = busier.
      </figcaption>
      <svg width={width} height={h} role="img" aria-label="time axis of the spans">
        {w.lanes.map((l, i) => (
          <g key={l.name}>
            <text x={LABEL_PX - 6} y={i * LANE_PX + 9} textAnchor="end" className="axis-label">{l.name}</text>
            {l.busyUs.map((v, b) => (v > 0 ? <rect key={b} x={LABEL_PX + (b / bins) * plot} y={i * LANE_PX + 1} width={Math.max(1, plot / bins - 0.5)} height={LANE_PX - 2} fill={hue(l.name)} opacity={0.25 + (0.75 * v) / max} /> : null))}
          </g>
        ))}
        <line x1={LABEL_PX} x2={LABEL_PX + plot} y1={w.lanes.length * LANE_PX + 2} y2={w.lanes.length * LANE_PX + 2} className="axis-line" />
        {ticks.map((t) => (
          <g key={t}>
            <line x1={x(t)} x2={x(t)} y1={w.lanes.length * LANE_PX + 2} y2={w.lanes.length * LANE_PX + 7} className="axis-line" />
            <text x={Math.min(x(t), LABEL_PX + plot - 20)} y={w.lanes.length * LANE_PX + 20} textAnchor="middle" className="axis-label" data-testid="flame-tick">{fmtT(t, step)}</text>
          </g>
        ))}
      </svg>
    </figure>
  );
}
