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

describe('Player achieved speed', () => {
  /** Plays ticks of 100 simulated ms that each take `tickWallMs` of wall time, at `speed`, for `wallMs`; the achieved speed seen near the end. */
  async function achieved(speed: number | 'max', tickWallMs: number, wallMs: number): Promise<{ live: number | null; overall: number | null }> {
    const started = performance.now();
    let live: number | null = null;
    const player: Player = new Player({
      async tick() {
        await new Promise((r) => setTimeout(r, tickWallMs));
        if (performance.now() - started > wallMs * 0.8) live ??= player.achievedSpeed();
        return performance.now() - started < wallMs;
      },
      frame() {},
      stateChanged() {},
    });
    player.tickMs = 100;
    player.setSpeed(speed);
    await player.play();
    expect(player.achievedSpeed()).toBeNull();
    return { live, overall: player.overallSpeed() };
  }

  it('reads the requested speed when the engine keeps up', async () => {
    // 100 simulated ms per tick at 5x: 20 ms of wall time each, of which the tick takes ~2.
    const { live, overall } = await achieved(5, 2, 600);
    expect(live).toBeGreaterThan(4);
    expect(live).toBeLessThan(5.5);
    expect(overall).toBeGreaterThan(4);
  });

  it('reads what the engine managed when it cannot keep up', async () => {
    // 100x asks for 1 ms per tick; each takes >= 20 ms: at most 5x.
    const { live, overall } = await achieved(100, 20, 600);
    expect(live).toBeLessThan(5.5);
    expect(live).toBeGreaterThan(1);
    expect(overall).toBeLessThan(5.5);
  });
});
