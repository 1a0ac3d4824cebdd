/**
 * The flame graph's horizontal viewport: a window [x0, x1] over the focused frame's width, as
 * fractions (0..1). Wheel zoom keeps the point under the pointer fixed; keys zoom around the
 * centre and pan by a tenth of the view. Plus nice ticks for a time axis.
 */
export interface ZoomWindow {
  x0: number;
  x1: number;
}

export const FULL: ZoomWindow = { x0: 0, x1: 1 };
/** The narrowest window: 1/10,000 of the focused frame. */
export const MIN_WIDTH = 1e-4;

function clamp(w: ZoomWindow): ZoomWindow {
  const width = Math.min(1, Math.max(MIN_WIDTH, w.x1 - w.x0));
  if (width >= 1 - 1e-9) return FULL;
  const x0 = Math.min(1 - width, Math.max(0, w.x0));
  return { x0, x1: x0 + width };
}

/**
 * Zooms by `factor` (< 1 zooms in, > 1 out) keeping the point at `anchor` (0..1 across the
 * view, e.g. the pointer's x over the view's width) where it is.
 */
export function zoomAt(w: ZoomWindow, anchor: number, factor: number): ZoomWindow {
  const a = Math.min(1, Math.max(0, anchor));
  const width = w.x1 - w.x0;
  const next = Math.min(1, Math.max(MIN_WIDTH, width * factor));
  const at = w.x0 + a * width;
  return clamp({ x0: at - a * next, x1: at - a * next + next });
}

/** Pans by `by` view widths (negative: left). */
export function pan(w: ZoomWindow, by: number): ZoomWindow {
  const d = by * (w.x1 - w.x0);
  return clamp({ x0: w.x0 + d, x1: w.x1 + d });
}

/** Zoom factor of one wheel event (deltaY > 0 zooms out), bounded for big trackpad deltas. */
export function wheelFactor(deltaY: number): number {
  return Math.exp(Math.max(-1, Math.min(1, deltaY / 300)));
}

/** Maps a frame's [x, x + w] (fractions of the focus) to pixels in a view `px` wide. */
export function toPx(w: ZoomWindow, x: number, width: number, px: number): { left: number; width: number } {
  const scale = px / (w.x1 - w.x0);
  return { left: (x - w.x0) * scale, width: width * scale };
}

/** Round tick values (1, 2 or 5 times a power of ten) covering [lo, hi], about `count` of them. */
export function niceTicks(lo: number, hi: number, count = 6): number[] {
  if (!(hi > lo) || count < 1) return [lo];
  const raw = (hi - lo) / count;
  const pow = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * pow).find((s) => s >= raw) ?? 10 * pow;
  const out: number[] = [];
  for (let t = Math.ceil(lo / step) * step; t <= hi + step * 1e-9; t += step) out.push(Number(t.toFixed(10)));
  return out;
}
