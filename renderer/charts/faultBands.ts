/**
 * The fault windows to draw as bands on the time axis of every chart: each fault of the
 * schedule seen in a frame, from its start to its end (the end it was given; a fault without a
 * window is drawn 0.2 s wide). The list starts over when the clock goes back (reset, new scenario).
 */
import { useRef } from 'react';
import type { ActiveFault } from '../../engine/api.js';

export interface ChartBand {
  startS: number;
  endS: number;
  label: string;
}

/** Bands of the faults seen so far, given the latest frame's faults and its time. */
export function useFaultBands(faults: readonly ActiveFault[] | undefined, tMs: number | undefined): ChartBand[] {
  const seen = useRef<{ lastT: number; bands: Map<number, ChartBand>; list: ChartBand[] }>({ lastT: -1, bands: new Map(), list: [] });
  const s = seen.current;
  if (tMs !== undefined && tMs < s.lastT) {
    s.bands = new Map();
    s.list = [];
  }
  if (tMs !== undefined) s.lastT = tMs;
  let changed = false;
  for (const f of faults ?? []) {
    if (s.bands.has(f.index)) continue;
    s.bands.set(f.index, { startS: f.startMs / 1000, endS: Math.max(f.endMs, f.startMs + 200) / 1000, label: f.kind });
    changed = true;
  }
  if (changed) s.list = [...s.bands.values()];
  return s.list;
}
