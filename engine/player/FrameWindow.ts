/**
 * The frame window: what happened in the simulation between two frames. The engine feeds it every
 * event of every tick (runTick) and takes it when the Player says a frame is due (emitFrame); a
 * take returns the event part of a Frame and opens a fresh window. Posts and graph edges are kept
 * as samples for the graph view (author pulses, follow deltas), the first ones of the window up to
 * MAX_FRAME_POSTS and MAX_FRAME_EDGES, so a frame stays small however many ticks it covers.
 *
 * Who owns what: the window owns its counters, the running totals since t=0 and the frame
 * sequence number; a take hands its arrays over to the Frame and keeps none of them. Everything
 * else in a Frame (player state, simulated time, latency, fan-out, memory, caption) the engine
 * adds. Times are wall-clock ms of `now` (performance.now() unless a test passes a clock).
 */
import type { Frame } from '../api.js';
import type { SimEvent } from '../scenario/index.js';
import type { Tracer } from '../trace/Tracer.js';

/** Posts sampled per frame (Frame['posts'] promises at most 50). */
export const MAX_FRAME_POSTS = 50;
/** Follows, and separately unfollows, sampled per frame. */
export const MAX_FRAME_EDGES = 200;

export type EventCounts = Frame['counts'];
export type FramePost = Frame['posts'][number];

/** The part of a Frame a window fills. */
export type FrameWindowPart = Pick<Frame, 'seq' | 'eventsPerSec' | 'counts' | 'totals' | 'posts' | 'graphDelta'>;

const zeroCounts = (): EventCounts => ({ post: 0, read: 0, follow: 0, unfollow: 0, interact: 0 });

export class FrameWindow {
  private seq = 0;
  private counts = zeroCounts();
  private totalCounts = zeroCounts();
  private posts: FramePost[] = [];
  private follows: [number, number][] = [];
  private unfollows: [number, number][] = [];
  /** Events of completed ticks in this window (eventsPerSec). */
  private events = 0;
  /** Wall ms when the window opened: the last take, or construction. */
  private startedAt: number;

  constructor(private readonly now: () => number = () => performance.now()) {
    this.startedAt = now();
  }

  /**
   * Back to t=0 (a load or reset): sequence, totals and the open window, whose clock restarts
   * (the first frame's eventsPerSec counts from here, not from a frame of the previous run).
   */
  reset(): void {
    this.seq = 0;
    this.totalCounts = zeroCounts();
    this.counts = zeroCounts();
    this.posts = [];
    this.follows = [];
    this.unfollows = [];
    this.events = 0;
    this.startedAt = this.now();
  }

  /** One event of the simulation, in this window's counts and the totals. */
  count(kind: SimEvent['kind']): void {
    this.counts[kind]++;
    this.totalCounts[kind]++;
  }

  /** Whether another post would be kept: lets the caller skip building one that would not. */
  get hasRoomForPost(): boolean {
    return this.posts.length < MAX_FRAME_POSTS;
  }

  /** Keeps the post unless this window already holds MAX_FRAME_POSTS. */
  addPost(post: FramePost): void {
    if (this.hasRoomForPost) this.posts.push(post);
  }

  /** A follow or unfollow that changed the graph; kept unless its list holds MAX_FRAME_EDGES. */
  addEdge(kind: 'follow' | 'unfollow', user: number, target: number): void {
    const list = kind === 'follow' ? this.follows : this.unfollows;
    if (list.length < MAX_FRAME_EDGES) list.push([user, target]);
  }

  /** `n` events of a completed tick, for eventsPerSec. */
  addEvents(n: number): void {
    this.events += n;
  }

  /** Events since t=0 by kind (a copy). */
  get totals(): EventCounts {
    return { ...this.totalCounts };
  }

  /**
   * Closes the window: the next sequence number (from 1 after a reset), this window's counts,
   * samples and events per wall second (over at least 1 ms), and the totals; a new window opens.
   */
  take(): FrameWindowPart {
    const now = this.now();
    const elapsedMs = Math.max(1, now - this.startedAt);
    const part: FrameWindowPart = {
      seq: ++this.seq,
      eventsPerSec: Math.round((this.events * 1000) / elapsedMs),
      counts: this.counts,
      totals: this.totals,
      posts: this.posts,
      graphDelta: { follows: this.follows, unfollows: this.unfollows },
    };
    this.counts = zeroCounts();
    this.posts = [];
    this.follows = [];
    this.unfollows = [];
    this.events = 0;
    this.startedAt = now;
    return part;
  }
}

/** The tracer's latency per operation since the last frame, in the frame's shape (then a new window). */
export function latencyWindow(tracer: Tracer): Frame['latency'] {
  const latency: Frame['latency'] = {};
  for (const [name, s] of Object.entries(tracer.takeWindow())) latency[name] = { count: s.count, p50Ms: s.p50Ms, p99Ms: s.p99Ms, maxMs: s.maxMs };
  return latency;
}
