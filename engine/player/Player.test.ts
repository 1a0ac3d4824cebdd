import { describe, expect, it } from 'vitest';
import { Player } from './Player.js';

describe('Player', () => {
  it('a speed change while a tick is running keeps playing (the pacing re-anchors)', async () => {
    const states: { state: string; error?: unknown }[] = [];
    let ticks = 0;
    const player: Player = new Player({
      async tick() {
        ticks++;
        // The speed changes while this tick awaits its I/O, as a UI command does mid-play.
        if (ticks === 3) player.setSpeed(1000);
        await new Promise((r) => setTimeout(r, 1));
        return ticks < 6;
      },
      frame() {},
      stateChanged(state, error) {
        states.push({ state, error });
      },
    });
    player.tickMs = 1;
    player.setSpeed(500);
    await player.play();
    expect(ticks).toBe(6);
    expect(states.map((s) => s.state)).toEqual(['playing', 'finished']);
    expect(states.every((s) => s.error === undefined)).toBe(true);
  });
});
