/**
 * The simulated clock. Ticks of `tickMs` simulated ms run one after another; at speed s a tick is
 * given tickMs/s of wall time (the player sleeps when ahead, and reports how far behind it is when
 * the engine cannot keep up); at "max" ticks run back to back. Frames go out at most every
 * FRAME_INTERVAL_MS of wall time (30 per second), so any speed produces a bounded stream.
 */
import type { Speed } from '../api.js';

export const FRAME_INTERVAL_MS = 1000 / 30;
/** Wall time over which the achieved speed is measured, ms: long enough to smooth a slow tick, short enough to follow a speed change. */
export const ACHIEVED_WINDOW_MS = 2000;

export interface PlayerHooks {
  /** Runs one tick; resolves false when the scenario has no more ticks. */
  tick(): Promise<boolean>;
  /** A frame is due (throttled); `final` for the last frame of a run or a step. */
  frame(final: boolean): void;
  /** The state changed (playing, paused, finished) or a tick failed. */
  stateChanged(state: 'playing' | 'paused' | 'finished', error?: unknown): void;
}

/** A speed as frames and report.json give it: 3 significant digits (null stays null). */
export function roundSpeed(x: number | null): number | null {
  return x === null ? null : Number(x.toPrecision(3));
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
    this.paced = this.paced.slice(this.paced.length - 1);
    this.pacedHead = 0;
  }

  private anchor: { wall: number; ticks: number } | null = null;
  /** Wall time (performance.now) at which the running tick is due to start, and the speed; null at "max" and for a step. */
  private tickDue: { wall: number; speed: number } | null = null;

  /**
   * When the running tick's events are due in wall time: `offsetMs` simulated ms into the tick is
   * due at this wall time (performance.now() scale). Null when nothing paces the tick (speed
   * "max", a step while paused): then its events run back to back.
   */
  dueAt(offsetMs: number): number | null {
    const d = this.tickDue;
    return d ? d.wall + offsetMs / d.speed : null;
  }
  /** Wall time at which tick number `ticks` of this play is due at `speed`, paced from `anchor`. */
  private dueWall(anchor: { wall: number; ticks: number }, ticks: number, speed: number): number {
    return anchor.wall + ((ticks - anchor.ticks) * this.tickMs) / speed;
  }

  /** (wall ms, ticks played) after each tick of the current play, the last ACHIEVED_WINDOW_MS of them. */
  private paced: { wall: number; ticks: number }[] = [];
  /** First entry of `paced` still inside the window (entries before it are dropped in batches). */
  private pacedHead = 0;
  /** Wall ms spent playing (sleeps included) and simulated ms played, over every play since the last resetPace. */
  private playedWallMs = 0;
  private playedTicks = 0;

  /**
   * Simulated ms per wall ms over the last ACHIEVED_WINDOW_MS of playing (at 10x a player that keeps
   * up reads ~10); null while not playing or before two ticks. Ticks paused in between do not count.
   */
  achievedSpeed(): number | null {
    if (!this.playing || this.paced.length - this.pacedHead < 2) return null;
    const a = this.paced[this.pacedHead];
    const b = this.paced[this.paced.length - 1];
    return b.wall > a.wall ? ((b.ticks - a.ticks) * this.tickMs) / (b.wall - a.wall) : null;
  }

  /** Simulated ms per wall ms over all playing since resetPace (null: nothing played). */
  overallSpeed(): number | null {
    return this.playedWallMs > 0 ? (this.playedTicks * this.tickMs) / this.playedWallMs : null;
  }

  /** Forgets the pace figures (a new load). */
  resetPace(): void {
    this.paced = [];
    this.pacedHead = 0;
    this.playedWallMs = 0;
    this.playedTicks = 0;
  }

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
    // The running tick's reads not yet started run at once: a pause at 0.1x need not wait out the tick.
    this.tickDue = null;
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
    let last = performance.now();
    this.paced = [{ wall: last, ticks: 0 }];
    this.pacedHead = 0;
    try {
      while (this.playing) {
        if (!this.anchor) this.anchor = { wall: performance.now(), ticks };
        const pace = this.speedValue;
        this.tickDue = pace === 'max' ? null : { wall: this.dueWall(this.anchor, ticks, pace), speed: pace };
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
          const due = this.dueWall(anchor, ticks, speed);
          const ahead = due - performance.now();
          this.behindMs = ahead < 0 ? -ahead * speed : 0;
          if (ahead > 0) await new Promise((r) => setTimeout(r, ahead));
          else await new Promise((r) => setImmediate(r));
        }
        const now = performance.now();
        this.playedWallMs += now - last;
        this.playedTicks++;
        last = now;
        this.paced.push({ wall: now, ticks });
        while (this.paced.length - this.pacedHead > 2 && now - this.paced[this.pacedHead + 1].wall >= ACHIEVED_WINDOW_MS) this.pacedHead++;
        if (this.pacedHead > 1024) {
          this.paced = this.paced.slice(this.pacedHead);
          this.pacedHead = 0;
        }
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
