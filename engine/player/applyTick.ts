/**
 * One tick of simulated events applied to the feed models, in the order a service would see
 * them: the tick's writes (posts, follows, unfollows, interactions) one at a time in event order,
 * then its reads with up to `readConcurrency` in flight, then each model drains its background
 * work (fan-out), so a tick ends with its writes visible to the next tick's reads.
 *
 * Who owns what: the engine owns the live state passed in (the follow graph, which follows and
 * unfollows change here; the post index; the drift lab; the frame window, which this fills with
 * counts and post and edge samples). The models own their Redis and graph-store I/O. Errors a
 * model reports in the background (ModelContext.onError) are the engine's to check afterwards.
 */
import type { DriftLab } from '../drift/DriftLab.js';
import type { FeedModel } from '../model.js';
import type { PostEvent, SimEvent } from '../scenario/index.js';
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
  /**
   * Runs each model call; a run with faults counts, times and retries them there
   * (engine/faults/FaultRun.ts) instead of failing the tick. Absent: a call's error fails the tick.
   */
  guard?: TickGuard;
}

export type TickOp = 'post' | 'follow' | 'unfollow' | 'interact' | 'read' | 'drain';
export type TickGuard = (model: FeedModel, op: TickOp, e: SimEvent | null, call: () => Promise<void>) => Promise<void>;

const unguarded: TickGuard = (_m, _op, _e, call) => call();

export async function applyTick(events: readonly SimEvent[], t: TickTarget): Promise<void> {
  const reads: SimEvent[] = [];
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
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < reads.length) {
      const e = reads[next++];
      if (e.kind === 'read') for (const m of t.models) await guard(m, 'read', e, () => m.onRead(e));
    }
  };
  await Promise.all(Array.from({ length: Math.min(t.readConcurrency, reads.length) }, worker));
  for (const m of t.models) await guard(m, 'drain', null, () => m.drain());
}
