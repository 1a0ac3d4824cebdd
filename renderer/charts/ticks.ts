/**
 * Time-axis ticks at a round step (1, 2, 5 x 10^n seconds), few enough for their labels not to
 * touch: recharts with `interval={0}` draws every tick it is given and measures none, so the
 * labels' room is decided here, from the axis width.
 */

/** About this many CSS px per tick label ("12s", "1.5s") with room around it. */
export const TICK_LABEL_PX = 44;

export function niceStep(span: number, maxTicks: number): number {
  const raw = span / Math.max(1, maxTicks);
  const mag = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 5, 10]) if (m * mag >= raw) return m * mag;
  return 10 * mag;
}

/** Ticks inside [min, max] at a round step, at most one per TICK_LABEL_PX of `widthPx`. */
export function timeTicks(min: number, max: number, widthPx: number): number[] {
  if (!(max > min)) return [min];
  const maxTicks = Math.max(2, Math.floor(widthPx / TICK_LABEL_PX));
  const step = niceStep(max - min, maxTicks - 1);
  const out: number[] = [];
  for (let t = Math.ceil(min / step) * step; t <= max + 1e-9; t += step) out.push(Number(t.toFixed(6)));
  return out;
}
