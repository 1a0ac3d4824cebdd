/**
 * Pagination gaps: what a cursor reader never sees (the reader-side face of article 4.2).
 *
 * A reader opens a feed (page 1 from the top: the highest score it saw, `top`, is where a later
 * refresh, `ZREVRANGEBYSCORE key +inf (top`, starts) and pages down with
 * `ZREVRANGEBYSCORE key (cursor -inf LIMIT 0 n`, one page every PAGE_INTERVAL_MS. A post that
 * lands in the feed while the reader pages, with a score in (cursor, top], is skipped for good:
 * the refresh starts above it and the pages continue below it. With one exact clock new posts
 * land above `top`; a writer whose clock is behind stamps them lower, into the range the reader
 * already passed.
 *
 * Every cursor read of the scenario starts one such reader (at most MAX_READERS at a time) on
 * the reader's followees' posts. Each strategy's scores (the drift lab stamps every post with
 * all four) are paged separately, so the strategies are compared on the same posts and readers.
 * A post lands when it is published (the Timeline's fan-out ends within the tick). Its age when
 * it landed is the landing time minus the time its score claims.
 */
import type { ScoreStrategyName } from '../api/names.js';
import type { SimEvent } from '../scenario/events.js';
import type { FollowGraph } from '../social/FollowGraph.js';
import type { DriftLab } from './DriftLab.js';
import { scoreToMs, STRATEGY_NAMES } from './strategies.js';

export const PAGE_INTERVAL_MS = 1000;
export const MAX_READERS = 200;
const PAGES_PER_READER = 5;
const RECENT_POSTS = 20_000;
const AGES_KEPT = 5000;
const SAMPLE_REFRESHED = 3;
const SAMPLE_MAX_ITEMS = 150;

interface Recent {
  id: number;
  t: number;
  author: number;
  node: number;
  stamps: readonly number[];
}

interface Lane {
  /** Scores of the feed as the reader could page it (descending), with the post each belongs to. */
  feed: { s: number; id: number }[];
  top: number;
  cursor: number;
  seen: Set<number>;
  skipped: Set<number>;
  refreshed: Set<number>;
}

interface Reader {
  user: number;
  startMs: number;
  pagesLeft: number;
  nextPageMs: number;
  lanes: Lane[];
}

export interface GapsView {
  pageIntervalMs: number;
  pageSize: number;
  readers: number;
  /** Per strategy: posts skipped for good, per writer node (with its skew), and their age when they landed. */
  strategies: { name: ScoreStrategyName; skipped: number; caughtByRefresh: number; perNode: { node: string; skewMs: number; skipped: number }[]; ageMs: { p50: number; p99: number; max: number } | null }[];
  /** The latest reader that missed something under the selected strategy: its feed, each item marked. */
  sample: { user: number; startMs: number; strategy: ScoreStrategyName; items: { postId: number; node: string; score: number; trueMs: number; state: 'seen' | 'skipped' | 'refresh' | 'unread' }[] } | null;
}

export class CursorGaps {
  /** The newest RECENT_POSTS posts, oldest first, and the same posts by author (each oldest first) and by id. */
  private recent: Recent[] = [];
  private byAuthor = new Map<number, Recent[]>();
  private byId = new Map<number, Recent>();
  private readers: Reader[] = [];
  private started = 0;
  private skipped: number[][] = [];
  private refreshed: number[] = [];
  private ages: number[][] = [];
  private sample: GapsView['sample'] = null;

  constructor(
    private readonly drift: DriftLab,
    private readonly pageSize: number,
  ) {
    this.reset();
  }

  reset(): void {
    const n = this.drift.clocks.nodes.length;
    this.recent = [];
    this.byAuthor.clear();
    this.byId.clear();
    this.readers = [];
    this.started = 0;
    this.skipped = STRATEGY_NAMES.map(() => new Array<number>(n).fill(0));
    this.refreshed = STRATEGY_NAMES.map(() => 0);
    this.ages = STRATEGY_NAMES.map(() => []);
    this.sample = null;
  }

  /** One tick's events in time order, after the drift lab stamped its posts. */
  onTick(events: readonly SimEvent[], graph: FollowGraph): void {
    if (this.skipped[0].length !== this.drift.clocks.nodes.length) this.reset();
    for (const e of events) {
      this.pageUntil(e.t);
      if (e.kind === 'post') {
        const stamps = this.drift.stampsOf(e.id);
        if (!stamps) continue;
        const r: Recent = { id: e.id, t: e.t, author: e.author, node: this.drift.nodeOf(e.id), stamps };
        this.land(r, graph);
        this.remember(r);
      } else if (e.kind === 'read' && e.mode === 'cursor' && this.readers.length < MAX_READERS) {
        this.startReader(e.user, e.t, graph);
      }
    }
  }

  private remember(r: Recent): void {
    this.recent.push(r);
    this.byId.set(r.id, r);
    let mine = this.byAuthor.get(r.author);
    if (!mine) this.byAuthor.set(r.author, (mine = []));
    mine.push(r);
    while (this.recent.length > RECENT_POSTS) {
      const old = this.recent.shift()!;
      this.byId.delete(old.id);
      // Posts leave in publish order, so an author's oldest is at the head of its list.
      const list = this.byAuthor.get(old.author)!;
      list.shift();
      if (list.length === 0) this.byAuthor.delete(old.author);
    }
  }

  private startReader(user: number, tMs: number, graph: FollowGraph): void {
    // The followees' recent posts, from the by-author index: a visit per followee, not a follow
    // check per recent post (20,000 of them: ~40 ms a reader at 100k users, on the engine's thread).
    const mine: Recent[] = [];
    for (const f of graph.followees(user)) for (const p of this.byAuthor.get(f) ?? []) mine.push(p);
    const lanes = STRATEGY_NAMES.map((_, k) => {
      const feed = mine.map((p) => ({ s: p.stamps[k], id: p.id })).sort(byScoreDesc);
      const lane: Lane = { feed, top: feed[0]?.s ?? -Infinity, cursor: Infinity, seen: new Set(), skipped: new Set(), refreshed: new Set() };
      readPage(lane, this.pageSize);
      return lane;
    });
    this.started++;
    this.readers.push({ user, startMs: tMs, pagesLeft: PAGES_PER_READER - 1, nextPageMs: tMs + PAGE_INTERVAL_MS, lanes });
  }

  private pageUntil(tMs: number): void {
    for (const r of this.readers) {
      while (r.pagesLeft > 0 && r.nextPageMs <= tMs) {
        for (const lane of r.lanes) readPage(lane, this.pageSize);
        r.pagesLeft--;
        r.nextPageMs += PAGE_INTERVAL_MS;
      }
    }
    const done = this.readers.filter((r) => r.pagesLeft === 0);
    if (done.length) {
      for (const r of done) this.keepSample(r);
      this.readers = this.readers.filter((r) => r.pagesLeft > 0);
    }
  }

  /** A post lands in its author's followers' feeds: for each reader paging one of them, where does it fall? */
  private land(p: Recent, graph: FollowGraph): void {
    const epoch = this.drift.epochMs;
    for (const r of this.readers) {
      if (!graph.has(r.user, p.author)) continue;
      r.lanes.forEach((lane, k) => {
        const s = p.stamps[k];
        if (s > lane.top) {
          lane.refreshed.add(p.id);
          this.refreshed[k]++;
        } else if (s > lane.cursor || (s === lane.cursor && lane.cursor !== Infinity)) {
          lane.skipped.add(p.id);
          this.skipped[k][p.node]++;
          const a = this.ages[k];
          a.push(epoch + p.t - scoreToMs(STRATEGY_NAMES[k], s));
          if (a.length > AGES_KEPT) a.shift();
        }
        insertDesc(lane.feed, { s, id: p.id });
      });
    }
  }

  private keepSample(r: Reader): void {
    const k = STRATEGY_NAMES.indexOf(this.drift.strategy);
    const lane = r.lanes[k];
    if (lane.skipped.size === 0) return;
    const names = this.drift.clocks.nodes.map((n) => n.name);
    // The pages the reader read, the posts it skipped among them, and the newest few a refresh would bring.
    const newer = lane.feed.filter((f) => lane.refreshed.has(f.id)).slice(-SAMPLE_REFRESHED);
    const items = [...newer, ...lane.feed.filter((f) => lane.seen.has(f.id) || lane.skipped.has(f.id))]
      .slice(0, SAMPLE_MAX_ITEMS)
      .map((f) => {
        const p = this.byId.get(f.id);
        const state = lane.skipped.has(f.id) ? 'skipped' : lane.refreshed.has(f.id) ? 'refresh' : lane.seen.has(f.id) ? 'seen' : 'unread';
        return { postId: f.id, node: p ? names[p.node] ?? String(p.node) : '?', score: f.s, trueMs: p?.t ?? 0, state } as const;
      });
    this.sample = { user: r.user, startMs: r.startMs, strategy: this.drift.strategy, items };
  }

  view(): GapsView {
    const nodes = this.drift.clocks.nodes;
    return {
      pageIntervalMs: PAGE_INTERVAL_MS,
      pageSize: this.pageSize,
      readers: this.started,
      strategies: STRATEGY_NAMES.map((name, k) => ({
        name,
        skipped: this.skipped[k].reduce((a, b) => a + b, 0),
        caughtByRefresh: this.refreshed[k],
        perNode: nodes.map((n, i) => ({ node: n.name, skewMs: n.skewMs, skipped: this.skipped[k][i] ?? 0 })),
        ageMs: quantiles(this.ages[k]),
      })),
      sample: this.sample,
    };
  }
}

function byScoreDesc(a: { s: number; id: number }, b: { s: number; id: number }): number {
  return b.s - a.s || (String(b.id) > String(a.id) ? 1 : -1);
}

/** One ZREVRANGEBYSCORE key (cursor -inf LIMIT 0 n: the next n below the cursor; the cursor moves to the last. */
function readPage(lane: Lane, n: number): void {
  let got = 0;
  for (const f of lane.feed) {
    if (got >= n) break;
    if (f.s < lane.cursor) {
      lane.seen.add(f.id);
      lane.cursor = f.s;
      got++;
    }
  }
}

function insertDesc(feed: { s: number; id: number }[], x: { s: number; id: number }): void {
  let lo = 0;
  let hi = feed.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (byScoreDesc(feed[mid], x) <= 0) lo = mid + 1;
    else hi = mid;
  }
  feed.splice(lo, 0, x);
}

function quantiles(xs: readonly number[]): { p50: number; p99: number; max: number } | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const q = (p: number): number => Math.round(s[Math.min(s.length - 1, Math.floor(p * s.length))] * 1000) / 1000;
  return { p50: q(0.5), p99: q(0.99), max: Math.round(s[s.length - 1] * 1000) / 1000 };
}
