import { describe, expect, it } from 'vitest';
import { FrameWindow, MAX_FRAME_EDGES, MAX_FRAME_POSTS, type FramePost } from './FrameWindow.js';

/** A wall clock the test moves by hand. */
function clock(): { now: () => number; advance: (ms: number) => void } {
  let t = 1000;
  return { now: () => t, advance: (ms) => (t += ms) };
}

const post = (id: number): FramePost => ({ id, author: id % 7, tMs: id * 10, followers: 3, pushed: id % 2 === 0 });

describe('FrameWindow', () => {
  it('counts events per window and in the running totals', () => {
    const w = new FrameWindow(clock().now);
    for (const k of ['post', 'post', 'read', 'follow', 'interact'] as const) w.count(k);
    const first = w.take();
    expect(first.counts).toEqual({ post: 2, read: 1, follow: 1, unfollow: 0, interact: 1 });
    expect(first.totals).toEqual(first.counts);
    w.count('unfollow');
    w.count('post');
    const second = w.take();
    expect(second.counts).toEqual({ post: 1, read: 0, follow: 0, unfollow: 1, interact: 0 });
    expect(second.totals).toEqual({ post: 3, read: 1, follow: 1, unfollow: 1, interact: 1 });
    expect(w.totals).toEqual(second.totals);
    // The totals handed out are copies: a frame already sent does not change under the next one.
    w.count('read');
    expect(second.totals.read).toBe(1);
    expect(w.totals.read).toBe(2);
  });

  it('keeps at most MAX_FRAME_POSTS posts, the first ones, and says when it is full', () => {
    const w = new FrameWindow(clock().now);
    for (let i = 0; i < MAX_FRAME_POSTS + 20; i++) {
      expect(w.hasRoomForPost).toBe(i < MAX_FRAME_POSTS);
      w.addPost(post(i));
    }
    const { posts } = w.take();
    expect(posts).toHaveLength(MAX_FRAME_POSTS);
    expect(posts[0]).toEqual(post(0));
    expect(posts.at(-1)!.id).toBe(MAX_FRAME_POSTS - 1);
    expect(w.hasRoomForPost).toBe(true);
  });

  it('keeps at most MAX_FRAME_EDGES follows and, separately, unfollows', () => {
    const w = new FrameWindow(clock().now);
    for (let i = 0; i < MAX_FRAME_EDGES + 5; i++) w.addEdge('follow', i, i + 1);
    w.addEdge('unfollow', 4, 2);
    const { graphDelta } = w.take();
    expect(graphDelta.follows).toHaveLength(MAX_FRAME_EDGES);
    expect(graphDelta.follows[0]).toEqual([0, 1]);
    expect(graphDelta.follows.at(-1)).toEqual([MAX_FRAME_EDGES - 1, MAX_FRAME_EDGES]);
    expect(graphDelta.unfollows).toEqual([[4, 2]]);
  });

  it('starts a fresh window after a take and hands over its arrays', () => {
    const w = new FrameWindow(clock().now);
    w.count('post');
    w.addPost(post(1));
    w.addEdge('follow', 1, 2);
    w.addEvents(10);
    const first = w.take();
    expect(first.seq).toBe(1);
    const second = w.take();
    expect(second.seq).toBe(2);
    expect(second.counts).toEqual({ post: 0, read: 0, follow: 0, unfollow: 0, interact: 0 });
    expect(second.posts).toEqual([]);
    expect(second.graphDelta).toEqual({ follows: [], unfollows: [] });
    expect(second.eventsPerSec).toBe(0);
    // Filling the new window leaves the taken frame as it was sent.
    w.addPost(post(2));
    w.addEdge('follow', 3, 4);
    expect(first.posts.map((p) => p.id)).toEqual([1]);
    expect(first.graphDelta.follows).toEqual([[1, 2]]);
  });

  it('reset rewinds the sequence and the totals, and empties the open window', () => {
    const w = new FrameWindow(clock().now);
    w.count('post');
    w.take();
    w.count('read');
    w.addPost(post(5));
    w.addEdge('unfollow', 1, 2);
    w.addEvents(3);
    w.reset();
    expect(w.totals).toEqual({ post: 0, read: 0, follow: 0, unfollow: 0, interact: 0 });
    const f = w.take();
    expect(f.seq).toBe(1);
    expect(f.counts.read).toBe(0);
    expect(f.posts).toEqual([]);
    expect(f.graphDelta.unfollows).toEqual([]);
    expect(f.eventsPerSec).toBe(0);
  });

  it('restarts its clock on reset: the first frame of a run counts from the reset', () => {
    const c = clock();
    const w = new FrameWindow(c.now);
    c.advance(10_000);
    w.reset();
    w.addEvents(100);
    c.advance(100);
    expect(w.take().eventsPerSec).toBe(1000);
  });

  it('reports events per wall second over the ms since the last take', () => {
    const c = clock();
    const w = new FrameWindow(c.now);
    w.addEvents(300);
    w.addEvents(200);
    c.advance(250);
    expect(w.take().eventsPerSec).toBe(2000);
    // The next window is timed from that take, not from construction.
    w.addEvents(7);
    c.advance(3);
    expect(w.take().eventsPerSec).toBe(2333);
    // Two takes in the same ms divide by 1 ms, not by zero.
    w.addEvents(4);
    expect(w.take().eventsPerSec).toBe(4000);
  });
});
