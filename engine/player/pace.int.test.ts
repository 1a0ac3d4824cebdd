/**
 * The pace of a run as the user sees it, on the real private Redis: frames carry the speed
 * achieved over the last seconds and the engine's event-loop delay; report.json's `run` the speed
 * achieved over all playing, the capacity (simulated ms per wall ms inside ticks) and the event
 * loop's delay distribution.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { Frame } from '../api.js';
import { Engine } from '../Engine.js';
import { RANKER_FILE, ROOT, scenario } from '../test/helpers.js';

describe('Pace of a run', () => {
  const engine = new Engine({ rankerFile: RANKER_FILE });
  afterAll(() => engine.close());

  it('reports the speed achieved and the event-loop delay, in frames and report.json', async () => {
    const frames: Frame[] = [];
    engine.on((e) => {
      if (e.type === 'frame') frames.push(e.frame);
    });
    // 3 simulated s at 4x: about 750 ms of wall time, which a 40-user scenario keeps up with.
    await engine.load(scenario({ models: ['timeline'], workload: { durationSec: 3, postsPerSec: 20, readsPerSec: 20, pageSize: 10 } }), 'inline', ROOT);
    await engine.setSpeed(4);
    await engine.runToEnd();
    const live = frames.filter((f) => f.state === 'playing' && f.achievedSpeed !== null).map((f) => f.achievedSpeed!);
    expect(live.length).toBeGreaterThan(5);
    const late = live.slice(Math.floor(live.length / 2));
    for (const s of late) {
      expect(s).toBeGreaterThan(3);
      expect(s).toBeLessThan(4.6);
    }
    expect(frames.some((f) => f.eventLoop !== null)).toBe(true);
    const run = (await engine.report()).run;
    expect(run.achievedSpeed).toBeGreaterThan(3);
    expect(run.achievedSpeed).toBeLessThan(4.6);
    // Inside ticks the engine is faster than asked: it slept the rest.
    expect(run.capacity).toBeGreaterThan(run.achievedSpeed!);
    expect(run.eventLoop!.samples).toBeGreaterThan(20);
    expect(run.eventLoop!.p99Ms).toBeGreaterThanOrEqual(run.eventLoop!.p50Ms);
    expect(run.eventLoop!.distribution.at(-1)!.percentile).toBe(100);
  });
});
