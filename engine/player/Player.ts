/**
 * The simulated clock. Ticks of `tickMs` simulated ms run one after another; at speed s a tick is
 * given tickMs/s of wall time (the player sleeps when ahead, and reports how far behind it is when
 * the engine cannot keep up); at "max" ticks run back to back. Frames go out at most every
 * FRAME_INTERVAL_MS of wall time (30 per second), so any speed produces a bounded stream.
 */
import type { Speed } from '../api.js';

export const FRAME_INTERVAL_MS = 1000 / 30;

export interface PlayerHooks {
  /** Runs one tick; resolves false when the scenario has no more ticks. */
  tick(): Promise<boolean>;
  /** A frame is due (throttled); `final` for the last frame of a run or a step. */
  frame(final: boolean): void;
  /** The state changed (playing, paused, finished) or a tick failed. */
  stateChanged(state: 'playing' | 'paused' | 'finished', error?: unknown): void;
}

export class Player {
  private playing = false;
  private running: Promise<void> | null = null;
  private speedValue: Speed = 1;
  private lastFrameAt = 0;
  behindMs = 0;
  /** Simulated ms per tick, set from the loaded scenario. */
  tickMs = 100;

  constructor(private readonly hooks: PlayerHooks) {}

  get speed(): Speed {
    return this.speedValue;
  }

  get isPlaying(): boolean {
    return this.playing;
  }

  setSpeed(speed: Speed): void {
    this.speedValue = speed;
    // Re-anchor the pacing so a speed change does not count earlier ticks against the new speed.
    this.anchor = null;
  }

  private anchor: { wall: number; ticks: number } | null = null;

  /** Starts playing; resolves when playback stops (pause, end, error). */
  play(): Promise<void> {
    if (this.running) return this.running;
    this.playing = true;
    this.anchor = null;
    this.hooks.stateChanged('playing');
    this.running = this.loop().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /** Stops after the current tick; resolves when it has stopped. */
  async pause(): Promise<void> {
    this.playing = false;
    await this.running;
  }

  /** One tick while paused. Resolves false at the end of the scenario. */
  async step(): Promise<boolean> {
    await this.pause();
    const more = await this.hooks.tick();
    this.hooks.frame(true);
    if (!more) this.hooks.stateChanged('finished');
    return more;
  }

  private async loop(): Promise<void> {
    let ticks = 0;
    try {
      while (this.playing) {
        if (!this.anchor) this.anchor = { wall: performance.now(), ticks };
        const more = await this.hooks.tick();
        ticks++;
        if (!more) {
          this.playing = false;
          this.hooks.frame(true);
          this.hooks.stateChanged('finished');
          return;
        }
        const speed = this.speedValue;
        if (speed === 'max') {
          this.behindMs = 0;
          // Let I/O and commands (pause, status) in between ticks.
          if (performance.now() - this.lastFrameAt >= FRAME_INTERVAL_MS) await new Promise((r) => setImmediate(r));
        } else {
          // setSpeed drops the anchor, also while the tick above was running: pace from here then.
          const anchor = (this.anchor ??= { wall: performance.now(), ticks });
          const due = anchor.wall + ((ticks - anchor.ticks) * this.tickMs) / speed;
          const ahead = due - performance.now();
          this.behindMs = ahead < 0 ? -ahead * speed : 0;
          if (ahead > 0) await new Promise((r) => setTimeout(r, ahead));
          else await new Promise((r) => setImmediate(r));
        }
        const now = performance.now();
        if (now - this.lastFrameAt >= FRAME_INTERVAL_MS) {
          this.lastFrameAt = now;
          this.hooks.frame(false);
        }
      }
      this.hooks.frame(true);
      this.hooks.stateChanged('paused');
    } catch (err) {
      this.playing = false;
      this.hooks.frame(true);
      this.hooks.stateChanged('paused', err);
    }
  }
}
