import { describe, expect, it } from 'vitest';
import { FULL, MIN_WIDTH, niceTicks, pan, toPx, wheelFactor, zoomAt } from './flameZoom.js';

describe('flame zoom window', () => {
  it('keeps the point under the pointer fixed when zooming in', () => {
    const w = zoomAt(FULL, 0.25, 0.5);
    expect(w.x1 - w.x0).toBeCloseTo(0.5);
    // the point at 25% of the view was 0.25 of the frame and stays at 25% of the view
    expect(w.x0 + 0.25 * (w.x1 - w.x0)).toBeCloseTo(0.25);
    const again = zoomAt(w, 0.5, 0.5);
    expect(again.x0 + 0.5 * (again.x1 - again.x0)).toBeCloseTo(w.x0 + 0.5 * (w.x1 - w.x0));
  });

  it('never zooms out past the whole frame nor in past the minimum width', () => {
    expect(zoomAt(zoomAt(FULL, 0.9, 0.5), 0.1, 10)).toEqual(FULL);
    let w = FULL;
    for (let i = 0; i < 100; i++) w = zoomAt(w, 0.3, 0.5);
    expect(w.x1 - w.x0).toBeCloseTo(MIN_WIDTH);
  });

  it('pans by view widths and stops at the edges', () => {
    const w = zoomAt(FULL, 0, 0.2);
    expect(w.x0).toBe(0);
    const right = pan(w, 0.5);
    expect(right.x0).toBeCloseTo(0.1);
    expect(pan(w, -1).x0).toBe(0);
    expect(pan(w, 100).x1).toBeCloseTo(1);
  });

  it('wheel down zooms out, up zooms in, bounded', () => {
    expect(wheelFactor(100)).toBeGreaterThan(1);
    expect(wheelFactor(-100)).toBeLessThan(1);
    expect(wheelFactor(100000)).toBeCloseTo(Math.E);
  });

  it('maps fractions to pixels through the window', () => {
    expect(toPx({ x0: 0.5, x1: 0.75 }, 0.5, 0.125, 800)).toEqual({ left: 0, width: 400 });
  });

  it('picks round ticks', () => {
    expect(niceTicks(0, 1000, 5)).toEqual([0, 200, 400, 600, 800, 1000]);
    expect(niceTicks(1234, 1290, 5)).toEqual([1240, 1260, 1280]);
    expect(niceTicks(5, 5)).toEqual([5]);
  });
});
