/**
 * The score drift lab (article 4.2): writer nodes with skewed and drifting clocks stamp every
 * post; each strategy of strategies.ts stamps it too, and the lab counts, per strategy, the pairs
 * of posts a feed would show in the wrong order against true publish order (newest first; equal
 * scores fall back to member bytes, descending, as ZREVRANGE does), over time and per pair of
 * writer nodes. The selected strategy's score is what the Timeline model writes to Redis.
 *
 * A post goes to node `id mod nodes` (requests spread over writers). Only posts close enough in
 * true time to be inverted are compared: the window is the current spread of the clocks plus the
 * gossip delay plus WINDOW_MARGIN_MS, at most WINDOW_MAX_POSTS posts.
 */
import type { DriftView, ScoreStrategyName } from '../api.js';
import type { SimEvent } from '../scenario/events.js';
import type { FollowGraph } from '../social/FollowGraph.js';
import { CursorGaps } from './gaps.js';
import { createStrategy, DOUBLE_EXACT_LIMIT, STRATEGY_NAMES, type Hlc, type ScoreStrategy, type StrategyName } from './strategies.js';

export interface ClockNode {
  name: string;
  skewMs: number;
  driftPpm: number;
}

export interface ClocksSettings {
  nodes: ClockNode[];
  strategy: StrategyName;
  /** True-time delay after which a write is visible to the other nodes (HLC receive). */
  gossipMs: number;
}

const WINDOW_MARGIN_MS = 1000;
const WINDOW_MAX_POSTS = 4000;
const SERIES_BUCKET_MS = 1000;
const SERIES_MAX_BUCKETS = 900;
const SCORE_CACHE = 200_000;

export const DEFAULT_CLOCKS: ClocksSettings = { nodes: [{ name: 'n0', skewMs: 0, driftPpm: 0 }], strategy: 'raw', gossipMs: 20 };

interface Seen {
  id: number;
  t: number;
  node: number;
  scores: number[];
}

/** What the view reports per strategy, less its name. */
type Counters = Omit<DriftView['strategies'][number], 'name'>;

export class DriftLab {
  private settings: ClocksSettings;
  private strategies: ScoreStrategy[] = [];
  private counters: Counters[] = [];
  private recent: Seen[] = [];
  private gossip: { at: number; node: number; scores: number[] }[] = [];
  private gossipRead: number[] = [];
  private series: { tSec: number; inversions: number[] }[] = [];
  private scores = new Map<number, number>();
  /** Every strategy's score of recent posts (STRATEGY_NAMES order): the causality lab and the cursor gaps compare them. */
  private stamps = new Map<number, number[]>();
  private posts = 0;
  private lastT = 0;
  /** user -> the HLC score of the post the user last liked or commented on: the client carries it to the user's next post. */
  private carried = new Map<number, number>();
  /** False for the default single exact clock: the Timeline keeps raw publish ms. */
  configured: boolean;
  /** What cursor readers skipped for good (gaps.ts), on the same posts and scores. */
  readonly gaps: CursorGaps;

  /** `pageSize`: the cursor readers' page (the scenario's workload.pageSize). */
  constructor(settings: ClocksSettings | null, readonly epochMs: number, pageSize = 20) {
    this.settings = settings ?? DEFAULT_CLOCKS;
    this.configured = settings !== null;
    this.gaps = new CursorGaps(this, pageSize);
    this.reset();
  }

  /** After the tick's posts were observed: the cursor readers page and posts land in their feeds. */
  onTick(events: readonly SimEvent[], graph: FollowGraph): void {
    this.gaps.onTick(events, graph);
  }

  get strategy(): StrategyName {
    return this.settings.strategy;
  }

  reset(): void {
    this.strategies = STRATEGY_NAMES.map(createStrategy);
    this.counters = STRATEGY_NAMES.map(() => ({ inversions: 0, ties: 0, precisionLost: 0, stamped: 0, pairs: square(this.settings.nodes.length), example: null }));
    this.recent = [];
    this.gossip = [];
    this.gossipRead = this.settings.nodes.map(() => 0);
    this.series = [];
    this.scores.clear();
    this.stamps.clear();
    this.carried.clear();
    this.posts = 0;
    this.lastT = 0;
    // Called from the constructor before gaps exists.
    (this.gaps as CursorGaps | undefined)?.reset();
  }

  /** Changes clocks and strategy live; counters restart when the number of nodes changes. */
  setClocks(settings: ClocksSettings): void {
    const resize = settings.nodes.length !== this.settings.nodes.length;
    this.settings = settings;
    this.configured = true;
    if (resize) this.reset();
  }

  /** Local clock of `node` at true simulated time `tMs` (ms since t=0), epoch ms. */
  localMs(node: number, tMs: number): number {
    const n = this.settings.nodes[node];
    return this.epochMs + tMs + n.skewMs + (n.driftPpm * tMs) / 1e6;
  }

  private windowMs(tMs: number): number {
    const offs = this.settings.nodes.map((_, i) => this.localMs(i, tMs) - this.epochMs - tMs);
    return Math.max(...offs) - Math.min(...offs) + this.settings.gossipMs + WINDOW_MARGIN_MS;
  }

  /** Stamps a post with every strategy and counts the inversions it makes. Posts come in true-time order. */
  observe(post: { id: number; t: number; author?: number }): number {
    const nodes = this.settings.nodes.length;
    const node = post.id % nodes;
    this.deliverGossip(node, post.t);
    this.receiveCarried(node, post.author);
    const local = this.localMs(node, post.t);
    const scores = this.strategies.map((s, k) => {
      const st = s.stamp(node, local);
      const c = this.counters[k];
      c.stamped++;
      if (st.precisionLost) {
        c.precisionLost++;
        if (!c.example && st.exact !== undefined) c.example = { exact: st.exact.toString(), stored: BigInt(st.score).toString() };
      }
      return st.score;
    });
    const win = this.windowMs(post.t);
    while (this.recent.length > 0 && (this.recent[0].t < post.t - win || this.recent.length >= WINDOW_MAX_POSTS)) this.recent.shift();
    const bucket = this.bucket(post.t);
    const member = String(post.id);
    for (const a of this.recent) {
      const am = String(a.id);
      for (let k = 0; k < scores.length; k++) {
        const sa = a.scores[k];
        const sb = scores[k];
        if (sa === sb) this.counters[k].ties++;
        if (sa > sb || (sa === sb && am > member)) {
          const c = this.counters[k];
          c.inversions++;
          if (c.pairs[a.node]) c.pairs[a.node][node]++;
          bucket.inversions[k]++;
        }
      }
    }
    this.recent.push({ id: post.id, t: post.t, node, scores });
    if (nodes > 1) this.gossip.push({ at: post.t + this.settings.gossipMs, node, scores });
    const selected = scores[STRATEGY_NAMES.indexOf(this.settings.strategy)];
    this.scores.set(post.id, selected);
    if (this.scores.size > SCORE_CACHE) this.scores.delete(this.scores.keys().next().value as number);
    this.stamps.set(post.id, scores);
    if (this.stamps.size > SCORE_CACHE) this.stamps.delete(this.stamps.keys().next().value as number);
    this.posts++;
    this.lastT = post.t;
    return selected;
  }

  /** The score the selected strategy gave this post (undefined if it was never observed). */
  scoreOf(postId: number): number | undefined {
    return this.scores.get(postId);
  }

  /**
   * A user liked or commented on a post: the user's next post depends on it (a repost or a reply,
   * engine/causality/), and the client carries the post's HLC timestamp to that write, as HLC
   * systems pass timestamps through their clients. Only the HLC uses it; the others have no receive.
   */
  observeInteraction(e: { user: number; post: number }): void {
    const s = this.stamps.get(e.post);
    if (!s) return;
    // The interaction itself is handled on the user's node (user mod nodes), which learns the timestamp;
    // the client leaves with that node's clock (everything the node had seen, as a vector clock would).
    const node = e.user % this.settings.nodes.length;
    const hlc = this.strategies[STRATEGY_NAMES.indexOf('hlc')] as Hlc;
    hlc.receive(node, s[STRATEGY_NAMES.indexOf('hlc')]);
    this.carried.set(e.user, hlc.current(node));
  }

  private receiveCarried(node: number, author: number | undefined): void {
    if (author === undefined) return;
    const c = this.carried.get(author);
    if (c === undefined) return;
    this.carried.delete(author);
    this.strategies[STRATEGY_NAMES.indexOf('hlc')].receive(node, c);
  }

  /** Every strategy's score of this post, in STRATEGY_NAMES order (undefined if never observed or long gone). */
  stampsOf(postId: number): readonly number[] | undefined {
    return this.stamps.get(postId);
  }

  /** The clocks now (names, skews, gossip delay). */
  get clocks(): ClocksSettings {
    return this.settings;
  }

  /** The writer node of a post (posts go to node id mod nodes). */
  nodeOf(postId: number): number {
    return postId % this.settings.nodes.length;
  }

  private deliverGossip(node: number, tMs: number): void {
    const hlc = this.strategies[STRATEGY_NAMES.indexOf('hlc')];
    let i = this.gossipRead[node] ?? 0;
    for (; i < this.gossip.length && this.gossip[i].at <= tMs; i++) {
      const g = this.gossip[i];
      if (g.node !== node) hlc.receive(node, g.scores[STRATEGY_NAMES.indexOf('hlc')]);
    }
    this.gossipRead[node] = i;
    const low = Math.min(...this.gossipRead);
    if (low > 1024) {
      this.gossip.splice(0, low);
      this.gossipRead = this.gossipRead.map((r) => r - low);
    }
  }

  private bucket(tMs: number): { tSec: number; inversions: number[] } {
    const tSec = Math.floor(tMs / SERIES_BUCKET_MS) * (SERIES_BUCKET_MS / 1000);
    let b = this.series[this.series.length - 1];
    if (!b || b.tSec !== tSec) {
      b = { tSec, inversions: STRATEGY_NAMES.map(() => 0) };
      this.series.push(b);
      if (this.series.length > SERIES_MAX_BUCKETS) this.series.shift();
    }
    return b;
  }

  view(): DriftView {
    const t = this.lastT;
    return {
      enabled: this.configured,
      strategy: this.settings.strategy,
      gossipMs: this.settings.gossipMs,
      nodes: this.settings.nodes.map((n, i) => ({ ...n, offsetNowMs: round3(this.localMs(i, t) - this.epochMs - t) })),
      tMs: t,
      posts: this.posts,
      windowMs: round3(this.windowMs(t)),
      doubleExactLimit: DOUBLE_EXACT_LIMIT,
      strategies: STRATEGY_NAMES.map((name, k) => {
        const c = this.counters[k];
        return { name: name as ScoreStrategyName, inversions: c.inversions, ties: c.ties, precisionLost: c.precisionLost, stamped: c.stamped, pairs: c.pairs.map((r) => [...r]), example: c.example };
      }),
      series: this.series.map((b) => ({ tSec: b.tSec, inversions: Object.fromEntries(STRATEGY_NAMES.map((n, k) => [n, b.inversions[k]])) as Record<ScoreStrategyName, number> })),
      gaps: this.gaps.view(),
    };
  }
}

function square(n: number): number[][] {
  return Array.from({ length: n }, () => new Array<number>(n).fill(0));
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
