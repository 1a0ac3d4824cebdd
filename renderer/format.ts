/** Number formatting for the UI (en-US, so screenshots and tests read the same everywhere). */

export function fmtInt(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** Simulated time, e.g. "12.3 s" or "2 min 05 s". */
export function fmtSimTime(ms: number): string {
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)} s`;
  const m = Math.floor(s / 60);
  return `${m} min ${String(Math.floor(s % 60)).padStart(2, '0')} s`;
}

export function fmtMs(ms: number): string {
  if (ms < 1) return `${(ms * 1000).toFixed(0)} µs`;
  if (ms < 100) return `${ms.toFixed(2)} ms`;
  return `${fmtInt(ms)} ms`;
}

/** Compact milliseconds for chart axes ("12 ms", "0.8 ms", "40 µs"). */
export function fmtMsShort(ms: number): string {
  if (ms === 0) return '0';
  if (ms < 0.1) return `${Math.round(ms * 1000)} µs`;
  if (ms < 10) return `${Number(ms.toFixed(1))} ms`;
  return `${fmtInt(ms)} ms`;
}

export function fmtBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** Age of a post in simulated time, e.g. "3.2 s ago". */
export function fmtAge(ms: number): string {
  return `${fmtSimTime(Math.max(0, ms))} ago`;
}

/** A distinct colour per city (or series), cycling after 12. */
const PALETTE = ['#4fc3f7', '#ff8a65', '#aed581', '#ba68c8', '#ffd54f', '#4db6ac', '#f06292', '#9575cd', '#e0e0e0', '#81c784', '#ffb74d', '#7986cb'];
export function colour(i: number): string {
  return PALETTE[((i % PALETTE.length) + PALETTE.length) % PALETTE.length];
}

/**
 * Cities are numbers in a scenario (0 to cities-1); on screen they get names, so a trainer can say
 * "the Lisbon users". Past the list: "city 12".
 */
const CITY_NAMES = ['Lisbon', 'Osaka', 'Lagos', 'Lima', 'Oslo', 'Pune', 'Quito', 'Hanoi', 'Dakar', 'Perth', 'Riga', 'Cusco'];
export function cityName(c: number): string {
  return CITY_NAMES[c] ?? `city ${c}`;
}
