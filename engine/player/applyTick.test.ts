/**
 * A tick's reads arrive when they are due, not in one burst: with a pace (Player.dueAt), each read
 * starts at its own wall time and the waits with nothing in flight are counted as idle; without
 * one (speed "max", a step), all start at once. The model here only records when its reads start.
 */
import { describe, expect, it } from 'vitest';
import type { FeedModel } from '../model.js';
import type { ReadEvent, SimEvent } from '../scenario/index.js';
import type { FollowGraph } from '../social/FollowGraph.js';
import { applyTick } from './applyTick.js';
import { FrameWindow } from './FrameWindow.js';

function recorder(serviceMs: number): { model: FeedModel; starts: number[] } {
  const starts: number[] = [];
  const none = async (): Promise<void> => undefined;
  const model = {
    name: 'timeline',
    onPost: none,
    onFollow: none,
    onInteract: none,
    drain: none,
    onRead: async () => {
      starts.push(performance.now());
      await new Promise((r) => setTimeout(r, serviceMs));
    },
  } as unknown as FeedModel;
  return { model, starts };
}

const read = (t: number, user: number): ReadEvent => ({ kind: 'read', t, user, mode: 'offset', offset: 0, deep: false });
const READS: SimEvent[] = [read(0, 1), read(40, 2), read(80, 3), read(120, 4)];

function target(model: FeedModel, dueAt?: (t: number) => number | null) {
  return { models: [model], graph: {} as FollowGraph, posts: new Map(), frame: new FrameWindow(), drift: null, readConcurrency: 16, dueAt };
}

describe('applyTick reads', () => {
  it('start at their due times when paced, and the waits with nothing in flight are idle time', async () => {
    const { model, starts } = recorder(5);
    const base = performance.now();
    const { idleMs } = await applyTick(READS, target(model, (t) => base + t));
    const offsets = starts.map((s) => s - base);
    for (const [i, e] of READS.entries()) {
      // setTimeout counts whole milliseconds from its own clock reading: a timer may fire up to
      // ~1 ms before the performance.now() instant it was meant for.
      expect(offsets[i]).toBeGreaterThanOrEqual(e.t - 1.5);
      expect(offsets[i]).toBeLessThan(e.t + 30);
    }
    // Three gaps of ~40 ms, each with the previous 5 ms read done before it ends.
    expect(idleMs).toBeGreaterThan(60);
    expect(idleMs).toBeLessThan(125);
  });

  it('start together when nothing paces the tick', async () => {
    const { model, starts } = recorder(20);
    const t0 = performance.now();
    const { idleMs } = await applyTick(READS, target(model, () => null));
    expect(Math.max(...starts) - t0).toBeLessThan(15);
    expect(idleMs).toBe(0);
  });

  it('never more than readConcurrency at once, and a failed read fails the tick after the others', async () => {
    let inFlight = 0;
    let most = 0;
    let done = 0;
    const model = {
      name: 'timeline',
      drain: async () => undefined,
      onRead: async (e: ReadEvent) => {
        inFlight++;
        most = Math.max(most, inFlight);
        await new Promise((r) => setTimeout(r, 10));
        inFlight--;
        if (e.user === 2) throw new Error('read of user 2 failed');
        done++;
      },
    } as unknown as FeedModel;
    const t = { ...target(model), readConcurrency: 2 };
    await expect(applyTick(READS, t)).rejects.toThrow('read of user 2 failed');
    expect(most).toBe(2);
    expect(inFlight).toBe(0);
    expect(done).toBeGreaterThanOrEqual(1);
  });
});
