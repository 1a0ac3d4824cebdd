/**
 * A jump to a simulated time (a chapter, the scrubber): reset, play at "max" to a little short of
 * the target (JUMP_MARGIN_MS, for the frames still on their way when pause is asked), then step
 * tick by tick. Same seed, same events: the state at the target is the one the first play reached.
 * The speed the user chose is set again at the end.
 */
import type { Speed } from '../../engine/api.js';
import type { Store } from './store.js';

/** The player's calls a jump makes (the Controller's). */
export interface Player {
  play(): Promise<void>;
  pause(): Promise<void>;
  step(): Promise<void>;
  reset(): Promise<void>;
  setSpeed(speed: Speed): Promise<void>;
}

const JUMP_MARGIN_MS = 3000;
const POLL_MS = 30;

function until(done: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    const check = () => (done() ? resolve() : setTimeout(check, POLL_MS));
    check();
  });
}

export async function replayTo(p: Player, store: Store, tMs: number): Promise<void> {
  const s = store.get();
  const scenario = s.status?.scenario;
  if (!scenario || s.ui.jumpingTo !== null) return;
  const speed = s.status!.speed;
  const target = Math.min(tMs, scenario.durationMs);
  const state = () => store.get().status?.state;
  store.dispatch({ type: 'ui/jump', toMs: target });
  try {
    if (state() === 'playing') await p.pause();
    await p.reset();
    if (target - JUMP_MARGIN_MS > 0) {
      await p.setSpeed('max');
      await p.play();
      await until(() => store.get().tMs >= target - JUMP_MARGIN_MS || state() !== 'playing');
      await p.pause();
    }
    while (state() === 'ready' || state() === 'paused') {
      if ((store.get().status?.tMs ?? 0) + scenario.tickMs > target) break;
      await p.step();
    }
  } finally {
    await p.setSpeed(speed);
    store.dispatch({ type: 'ui/jump', toMs: null });
  }
}
