/**
 * One tick of simulated events applied to the feed models, in the order a service would see
 * them: the tick's writes (posts, follows, unfollows, interactions) one at a time in event order,
 * then its reads, each when it arrives (paced: at its wall time), with up to `readConcurrency` in
 * flight, then each model drains its background work (fan-out), so a tick ends with its writes visible to the next tick's reads.
 *
 * Who owns what: the engine owns the live state passed in (the follow graph, which follows and
 * unfollows change here; the post index; the drift lab; the frame window, which this fills with
 * counts and post and edge samples). The models own their Redis and graph-store I/O. Errors a
 * model reports in the background (ModelContext.onError) are the engine's to check afterwards.
 */
import type { DriftLab } from '../drift/DriftLab.js';
import type { FeedModel } from '../model.js';
import type { PostEvent, ReadEvent, SimEvent } from '../scenario/index.js';
import type { FollowGraph } from '../social/FollowGraph.js';
import type { FrameWindow } from './FrameWindow.js';

/** Posts kept in the post index (id -> event), the newest ones: the feed views' true publish times. */
export const POST_INDEX_LIMIT = 500_000;

export interface TickTarget {
  models: readonly FeedModel[];
  graph: FollowGraph;
  /** Post id -> its event; ids older than the last POST_INDEX_LIMIT are dropped. */
  posts: Map<number, PostEvent>;
  frame: FrameWindow;
  drift: DriftLab | null;
  /** Reads in flight at once (EngineOptions.readConcurrency). */
  readConcurrency: number;
  /** The wall time (performance.now scale) at which simulated time `t` is due, or null: not paced (Player.dueAt). */
  dueAt?: (t: number) => number | null;
  /**
   * Runs each model call; a run with faults counts, times and retries them there
   * (engine/faults/FaultRun.ts) instead of failing the tick. Absent: a call's error fails the tick.
   */
  guard?: TickGuard;
}

export type TickOp = 'post' | 'follow' | 'unfollow' | 'interact' | 'read' | 'drain';
export type TickGuard = (model: FeedModel, op: TickOp, e: SimEvent | null, call: () => Promise<void>) => Promise<void>;

const unguarded: TickGuard = (_m, _op, _e, call) => call();

export interface TickFigures {
  /** Wall ms the tick waited for a read's arrival with no read in flight: not the engine's work (Engine's capacity leaves it out). */
  idleMs: number;
}

export async function applyTick(events: readonly SimEvent[], t: TickTarget): Promise<TickFigures> {
  const reads: ReadEvent[] = [];
  const guard = t.guard ?? unguarded;
  for (const e of events) {
    t.frame.count(e.kind);
    switch (e.kind) {
      case 'post':
        t.posts.set(e.id, e);
        if (e.id > POST_INDEX_LIMIT) t.posts.delete(e.id - POST_INDEX_LIMIT);
        if (t.frame.hasRoomForPost) {
          const pushed = t.models.some((m) => m.pushes?.(e.author) ?? false);
          t.frame.addPost({ id: e.id, author: e.author, tMs: e.t, followers: t.graph.followerCount(e.author), pushed });
        }
        t.drift?.observe(e);
        for (const m of t.models) await guard(m, 'post', e, () => m.onPost(e));
        break;
      case 'follow':
      case 'unfollow': {
        const changed = e.kind === 'follow' ? t.graph.follow(e.user, e.target) : t.graph.unfollow(e.user, e.target);
        if (changed) t.frame.addEdge(e.kind, e.user, e.target);
        for (const m of t.models) await guard(m, e.kind, e, () => m.onFollow(e, changed));
        break;
      }
      case 'interact':
        t.drift?.observeInteraction(e);
        for (const m of t.models) await guard(m, 'interact', e, () => m.onInteract(e));
        break;
      case 'read':
        reads.push(e);
        break;
    }
  }
  const idleMs = await runReads(reads, t, guard);
  for (const m of t.models) await guard(m, 'drain', null, () => m.drain());
  return { idleMs };
}

/**
 * The tick's reads, each started when it arrives: at its simulated time's wall time when the
 * player paces the tick (`dueAt`), else at once; at most `readConcurrency` in flight. Arrivals
 * spread over the tick as they would reach a service, so a read's latency is its own plus the
 * queueing its neighbours really cause, not that of the whole tick's reads sent in one burst.
 * Resolves with the wall ms spent waiting for an arrival while no read was in flight.
 */
async function runReads(reads: readonly ReadEvent[], t: TickTarget, guard: TickGuard): Promise<number> {
  const inFlight = new Set<Promise<void>>();
  let failure: { error: unknown } | null = null;
  let idleMs = 0;
  // While waiting for an arrival: since when no read has been in flight (null: one is).
  let waiting = false;
  let idleSince: number | null = null;
  for (const e of reads) {
    const due = t.dueAt?.(e.t) ?? null;
    const wait = due === null ? 0 : due - performance.now();
    if (wait >= 1) {
      waiting = true;
      if (inFlight.size === 0) idleSince = performance.now();
      await new Promise((r) => setTimeout(r, wait));
      if (idleSince !== null) idleMs += performance.now() - idleSince;
      waiting = false;
      idleSince = null;
    }
    while (inFlight.size >= t.readConcurrency) await Promise.race(inFlight);
    if (failure) break;
    const read: Promise<void> = (async () => {
      for (const m of t.models) await guard(m, 'read', e, () => m.onRead(e));
    })()
      .catch((error: unknown) => void (failure ??= { error }))
      .finally(() => {
        inFlight.delete(read);
        if (waiting && inFlight.size === 0) idleSince = performance.now();
      });
    inFlight.add(read);
  }
  await Promise.all(inFlight);
  if (failure) throw (failure as { error: unknown }).error;
  return idleMs;
}
