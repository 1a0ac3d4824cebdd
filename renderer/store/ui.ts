/**
 * The window's own slice of the state (issue 14): projector mode, the panel maximised on demand,
 * the help overlay, a pending keyboard reset of a big scenario, the first launch, and the samples
 * of wall clock vs simulated clock that say how fast the engine really runs. Small typed actions,
 * a pure reducer; nothing here is read from the engine except through frames.
 */
import type { Speed } from '../../engine/api.js';
import type { State } from './state.js';

export type MaxPanel = 'graph' | 'feeds' | 'lower';
export const MAX_PANELS: readonly MaxPanel[] = ['graph', 'feeds', 'lower'];

/** One batch of frames as it arrived: wall-clock ms (performance.now) and simulated ms. */
export interface ClockSample {
  wallMs: number;
  tMs: number;
}

export interface UiState {
  projector: boolean;
  maximised: MaxPanel | null;
  help: boolean;
  /** A keyboard reset of a big scenario waits for a yes. */
  confirmReset: boolean;
  /** 'pending' until the first launch has loaded (or decided not to load) a scenario. */
  launch: 'pending' | 'done';
  /** The last SPEED_WINDOW_MS of batches while playing (emptied on pause, load and reset). */
  clock: ClockSample[];
  /** A chapter jump replaying to this simulated ms, or null. */
  jumpingTo: number | null;
}

/** Achieved speed is measured over this much wall-clock time. */
export const SPEED_WINDOW_MS = 4000;
/** Below this share of the requested speed the engine is said to be the limit. */
export const SPEED_SHORTFALL = 0.9;
/** A keyboard reset of a scenario with more users than this asks first (it replays from t=0). */
export const CONFIRM_RESET_USERS = 20_000;

export const initialUi: UiState = { projector: false, maximised: null, help: false, confirmReset: false, launch: 'pending', clock: [], jumpingTo: null };

export type UiAction =
  | { type: 'ui/projector'; on: boolean }
  | { type: 'ui/maximise'; panel: MaxPanel | null }
  | { type: 'ui/help'; open: boolean }
  | { type: 'ui/confirmReset'; open: boolean }
  | { type: 'ui/launched' }
  | { type: 'ui/jump'; toMs: number | null }
  | { type: 'ui/clock'; sample: ClockSample | null };

export function isUiAction(a: { type: string }): a is UiAction {
  return a.type.startsWith('ui/');
}

/** Keeps the samples of the last SPEED_WINDOW_MS; a sample back in simulated time starts again. */
export function addClockSample(clock: readonly ClockSample[], s: ClockSample): ClockSample[] {
  const last = clock[clock.length - 1];
  if (last && s.tMs < last.tMs) return [s];
  return [...clock, s].filter((c) => s.wallMs - c.wallMs <= SPEED_WINDOW_MS);
}

/**
 * Simulated ms per wall ms over the samples (null with less than a second of them). The engine
 * runs ticks in bursts, so anything shorter reads the burst, not the speed.
 */
export function achievedSpeed(clock: readonly ClockSample[]): number | null {
  if (clock.length < 2) return null;
  const a = clock[0];
  const b = clock[clock.length - 1];
  const wall = b.wallMs - a.wallMs;
  if (wall < 1000) return null;
  return (b.tMs - a.tMs) / wall;
}

/** "running at 4.3x of 10x: the engine is the limit" when the engine cannot keep up, else null. */
export function speedShortfall(speed: Speed, achieved: number | null): string | null {
  if (speed === 'max' || achieved === null || achieved >= SPEED_SHORTFALL * speed) return null;
  const shown = achieved < 10 ? achieved.toFixed(1) : Math.round(achieved).toString();
  return `running at ${shown}x of ${speed}x: the engine is the limit`;
}

export function reduceUi(s: State, a: UiAction): State {
  const ui = s.ui;
  let next: UiState;
  switch (a.type) {
    case 'ui/projector':
      next = { ...ui, projector: a.on };
      break;
    case 'ui/maximise':
      next = { ...ui, maximised: a.panel };
      break;
    case 'ui/help':
      next = { ...ui, help: a.open };
      break;
    case 'ui/confirmReset':
      next = { ...ui, confirmReset: a.open };
      break;
    case 'ui/jump':
      next = { ...ui, jumpingTo: a.toMs };
      break;
    case 'ui/launched':
      next = ui.launch === 'done' ? ui : { ...ui, launch: 'done' };
      break;
    case 'ui/clock':
      if (a.sample === null && ui.clock.length === 0) return s;
      next = { ...ui, clock: a.sample ? addClockSample(ui.clock, a.sample) : [] };
      break;
  }
  return next === ui ? s : { ...s, ui: next };
}
