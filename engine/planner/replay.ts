/**
 * A scenario's own draws, without servers: its seeded event stream (engine/scenario/events.ts,
 * the same events a run plays) replayed over its graph to count which author posts how often,
 * which timelines receive how many entries, who reads, and what each read sends. The planner
 * then multiplies these counts by the measured unit costs, so the error of `plan --scenario`
 * is the cost model's, not the luck of a heavy-tailed draw (one post by a 20,000-follower
 * author moves a short run's ZADDs by percents). Follows and unfollows during the run are not
 * applied (a few per second against millions of follows).
 */
import { EventStream } from '../scenario/events.js';
import { degree, type SocialGraph } from '../scenario/graph.js';
import type { Scenario } from '../scenario/schema.js';
import { isPushed, type FanoutMode } from './degrees.js';

export interface Replay {
  posts: number;
  reads: number;
  distinctReaders: number;
  /**
   * Graph stream refreshes by the reader's time rule (engine/graphfeed/DeviceReader.ts: a first
   * read, or one more than refreshAfterSec after the last refresh); the rule's other refresh, of a
   * page that came back short, depends on the feeds and is not counted here.
   */
  graphRefreshes: number;
  zadds: number;
  /** Timelines by entries held at the end (min(received, cap)): entries -> keys. */
  timelineSizes: Map<number, number>;
  /** Outboxes by entries (min(posts, outboxMaxLength)). */
  outboxSizes: Map<number, number>;
  /** Commands the reads send to Redis: ZSET pages and pulled outboxes (LRANGE). */
  timelineReadCommands: number;
}

export interface ReplaySettings {
  mode: FanoutMode;
  hybridFollowerThreshold: number;
  /** The trim's cap on a timeline. */
  cap: number;
  outboxMaxLength: number;
  pageSize: number;
  /** The graph model's refreshAfterSec. */
  refreshAfterSec: number;
}

function histogram(counts: Uint32Array, cap: number): Map<number, number> {
  const h = new Map<number, number>();
  for (const c of counts) {
    if (c === 0) continue;
    const k = Math.min(c, cap);
    h.set(k, (h.get(k) ?? 0) + 1);
  }
  return h;
}

export function replayScenario(s: Scenario, g: SocialGraph, o: ReplaySettings): Replay {
  const n = g.users;
  const pushed = new Uint8Array(n);
  for (let u = 0; u < n; u++) pushed[u] = isPushed(o.mode, degree(g.followers, u), o.hybridFollowerThreshold) ? 1 : 0;
  // Outboxes a page read of u must LRANGE: its own when pulled, and each pulled account it follows.
  const pulledOf = new Uint32Array(n);
  if (o.mode !== 'push') {
    for (let u = 0; u < n; u++) {
      let c = pushed[u] ? 0 : 1;
      for (let i = g.followees.offsets[u]; i < g.followees.offsets[u + 1]; i++) c += 1 - pushed[g.followees.targets[i]];
      pulledOf[u] = c;
    }
  }
  const received = new Uint32Array(n);
  const postsBy = new Uint32Array(n);
  const readers = new Uint8Array(n);
  const lastRefreshMs = new Float64Array(n).fill(-Infinity);
  let refreshes = 0;
  const refreshAfterMs = o.refreshAfterSec * 1000;
  let posts = 0;
  let reads = 0;
  let zadds = 0;
  let readCommands = 0;
  const stream = new EventStream(s, g);
  for (let events = stream.nextTick(); events; events = stream.nextTick()) {
    for (const e of events) {
      if (e.kind === 'post') {
        posts++;
        postsBy[e.author]++;
        if (o.mode === 'pull' || !pushed[e.author]) continue;
        received[e.author]++;
        const f = g.followers;
        for (let i = f.offsets[e.author]; i < f.offsets[e.author + 1]; i++) received[f.targets[i]]++;
        zadds += 1 + f.offsets[e.author + 1] - f.offsets[e.author];
      } else if (e.kind === 'read') {
        reads++;
        readers[e.user] = 1;
        if (e.t - lastRefreshMs[e.user] >= refreshAfterMs) {
          refreshes++;
          lastRefreshMs[e.user] = e.t;
        }
        const pages = e.mode === 'offset' ? 1 : Math.floor(e.offset / o.pageSize) + 1;
        readCommands += pages * ((o.mode === 'pull' ? 0 : 1) + pulledOf[e.user]);
      }
    }
  }
  return {
    posts,
    reads,
    distinctReaders: readers.reduce((a, b) => a + b, 0),
    graphRefreshes: refreshes,
    zadds,
    timelineSizes: histogram(received, o.cap),
    outboxSizes: histogram(postsBy, o.outboxMaxLength),
    timelineReadCommands: readCommands,
  };
}
