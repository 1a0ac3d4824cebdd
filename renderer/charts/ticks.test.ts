import { describe, expect, it } from 'vitest';
import { TICK_LABEL_PX, timeTicks } from './ticks.js';

describe('timeTicks', () => {
  it('keeps labels apart: never more ticks than the width has room for', () => {
    for (const width of [120, 200, 260, 400, 800]) {
      for (const max of [1.3, 12.9, 13, 59.9, 120, 1234]) {
        const ticks = timeTicks(0.1, max, width);
        expect(ticks.length).toBeLessThanOrEqual(Math.max(2, Math.floor(width / TICK_LABEL_PX)));
        expect(ticks.every((t) => t >= 0.1 && t <= max)).toBe(true);
      }
    }
  });

  it('uses round steps, so the last two labels are one step apart (not "12s13s")', () => {
    expect(timeTicks(0, 13, 260)).toEqual([0, 5, 10]);
    expect(timeTicks(0.1, 2.7, 260)).toEqual([1, 2]);
  });
});
