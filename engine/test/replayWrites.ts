/**
 * Plays a scenario's write events into a graph store the way GraphFeed writes them: each tick's
 * posts in one batch (addPosts), flushed before the next follow, unfollow or interaction, and at
 * the end of the tick. The backends' integration tests share it, so both stores see the same
 * writes in the same order as the engine's.
 */
import { EventStream, type InteractEvent, type PostEvent } from '../scenario/events.js';
import type { SocialGraph } from '../scenario/graph.js';
import type { Scenario } from '../scenario/schema.js';
import type { FollowGraph } from '../social/FollowGraph.js';
import type { GraphStore } from '../backends/GraphStore.js';

/**
 * Writes every post, follow, unfollow (those that change `live`, which is updated) and interaction
 * (with `decayPerDay`; `onInteract` sees each after it is written). Returns the posts in order.
 */
export async function replayWrites(store: GraphStore, sc: Scenario, social: SocialGraph, live: FollowGraph, decayPerDay: number, onInteract?: (e: InteractEvent) => void): Promise<PostEvent[]> {
  const posts: PostEvent[] = [];
  let batch: PostEvent[] = [];
  const flush = async (): Promise<void> => {
    await store.addPosts(batch);
    batch = [];
  };
  const stream = new EventStream(sc, social);
  for (let evs = stream.nextTick(); evs; evs = stream.nextTick()) {
    for (const e of evs) {
      if (e.kind === 'post') {
        posts.push(e);
        batch.push(e);
        continue;
      }
      await flush();
      if (e.kind === 'follow' && live.follow(e.user, e.target)) await store.follow(e.user, e.target);
      else if (e.kind === 'unfollow' && live.unfollow(e.user, e.target)) await store.unfollow(e.user, e.target);
      else if (e.kind === 'interact') {
        await store.interact(e.user, e.author, e.t, decayPerDay);
        onInteract?.(e);
      }
    }
    await flush();
  }
  return posts;
}
