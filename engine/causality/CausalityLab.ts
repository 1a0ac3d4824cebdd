/**
 * The causality lab (article 2.1): the drift lab's writer nodes as replicas, every event on them
 * carrying a vector clock, the happened-before graph of those events, causal cones, and what broke
 * causality, counted by kind and per score strategy on the same events.
 *
 * Events, per node (a node is a lane of the time-space diagram):
 * - post: written on node `id mod nodes` (as the drift lab stamps it); delivered to every other
 *   node after the drift lab's gossip delay (a `deliver` event there: merge, then tick).
 * - like / comment: the user's node (`user mod nodes`) records that the user saw a post; the
 *   user's client carries that post's clock (a session context, as causal stores such as COPS
 *   carry dependencies), so the user's next post is a repost (after a like) or a reply (after a
 *   comment) that depends on it.
 * - read: a read on the reader's node.
 *
 * Violations:
 * - effectWithoutCause: a read on a replica that already had a reply or repost but not yet the
 *   post it depends on (the reply was written on a node the post had not reached).
 * - effectBelowCause: on Timeline pages read from the real Redis, pairs A ≺ B where B (the
 *   effect) sorts below A, i.e. the feed says B is older than its cause: skew. Counted for the
 *   order Redis returned (the selected strategy) and for the other strategies' scores of the same
 *   posts (the drift lab stamps every post with all four).
 */
import type { ScoreStrategyName } from '../api/names.js';
import type { DriftLab } from '../drift/DriftLab.js';
import { STRATEGY_NAMES } from '../drift/strategies.js';
import type { FeedModel } from '../model.js';
import type { SimEvent } from '../scenario/events.js';
import { HappenedBefore } from './HappenedBefore.js';
import type { CausalityOptions } from './schema.js';
import { shivizLog } from './shiviz.js';
import { CAUSAL_EVENT_KINDS, type CorrectnessFrame, type CausalEvent, type CausalEventKind, type CausalityCounters, type CausalityReport, type CausalitySeriesPoint, type CausalityView } from './types.js';
import { happenedBefore, vcMergeInto, vcZero } from './vectorClock.js';

const POSTS_KEPT = 200_000;
const SERIES_MAX_BUCKETS = 900;
const EXAMPLES_KEPT = 20;
const WINDOW_DEFAULT_MS = 1500;
export const WINDOW_LIMIT_DEFAULT = 600;
export const CONE_COST = 'O(|E| + |≺|): a reverse DFS visits each event and each direct happened-before edge at most once';

interface PostInfo {
  id: number;
  event: number;
  node: number;
  author: number;
  vc: number[];
  /** Arrival time at each node (Infinity until delivered). */
  arrivals: number[];
  cause: number | null;
}

interface Context {
  vc: number[];
  post: number;
  type: 'like' | 'comment';
  event: number;
}

export interface CausalitySource {
  drift: DriftLab;
  /** The Timeline model, whose pages are checked (absent: no feed checks). */
  timeline: FeedModel | undefined;
  pageSize: number;
}

export class CausalityLab {
  private hb = new HappenedBefore();
  private events: CausalEvent[] = [];
  private names: string[] = [];
  private nodeVc: number[][] = [];
  private last: number[] = [];
  private posts = new Map<number, PostInfo>();
  private queue: { at: number; node: number; post: number }[] = [];
  private ctx = new Map<number, Context>();
  private arrivedEffects: number[][] = [];
  private counters!: CausalityCounters;
  private series: CausalitySeriesPoint[] = [];
  private examples: string[] = [];
  private total = 0;
  private byKind = zeroKinds();
  private budget = 0;
  private lastT = 0;

  constructor(
    private readonly options: CausalityOptions,
    private readonly src: CausalitySource,
  ) {
    this.reset();
  }

  reset(): void {
    const n = this.src.drift.clocks.nodes.length;
    this.names = this.src.drift.clocks.nodes.map((x, i) => (x.name.replace(/\s+/g, '_') || `n${i}`));
    this.hb = new HappenedBefore();
    this.events = [];
    this.nodeVc = Array.from({ length: n }, () => vcZero(n));
    this.last = new Array<number>(n).fill(-1);
    this.posts.clear();
    this.queue = [];
    this.ctx.clear();
    this.arrivedEffects = Array.from({ length: n }, () => []);
    this.counters = { effectWithoutCause: 0, feedChecks: 0, pairsChecked: 0, orderedPairs: 0, strategies: STRATEGY_NAMES.map((name) => ({ name, effectBelowCause: 0, readsWithViolation: 0 })) };
    this.series = [];
    this.examples = [];
    this.total = 0;
    this.byKind = zeroKinds();
    this.budget = 0;
    this.lastT = 0;
  }

  private get gossipMs(): number {
    return this.src.drift.clocks.gossipMs;
  }

  /** One tick's events in time order (after the models applied them); `tickMs` sets the feed-check budget. */
  async onTick(events: readonly SimEvent[], tickMs: number, tEndMs: number): Promise<void> {
    // The drift lab restarts its counters when the number of nodes changes; so do we.
    if (this.src.drift.clocks.nodes.length !== this.nodeVc.length) this.reset();
    const reads: { user: number; event: number }[] = [];
    for (const e of events) {
      this.deliverUntil(e.t);
      if (e.kind === 'post') this.onPost(e.id, e.author, e.t);
      else if (e.kind === 'interact') this.onInteract(e.user, e.post, e.type, e.t);
      else if (e.kind === 'read') reads.push({ user: e.user, event: this.onRead(e.user, e.t) });
    }
    this.deliverUntil(tEndMs);
    this.lastT = Math.max(this.lastT, tEndMs);
    this.budget += (this.options.feedChecksPerSec * tickMs) / 1000;
    const t = this.src.timeline;
    if (!t) return;
    for (const r of reads) {
      if (this.budget < 1) break;
      this.budget--;
      const page = await t.feedPage(r.user, { pageSize: this.src.pageSize, offset: 0, cursor: null });
      this.checkPage(page.items.map((it) => it.postId), r.event, tEndMs);
    }
    this.budget = Math.min(this.budget, this.options.feedChecksPerSec);
  }

  private record(node: number, kind: CausalEventKind, tMs: number, preds: number[], from: number[], label: string, violation?: string): { id: number; vc: number[] } {
    const vc = this.nodeVc[node];
    vc[node]++;
    this.total++;
    this.byKind[kind]++;
    const copy = [...vc];
    let id = -1;
    if (this.events.length < this.options.maxEvents && preds.every((p) => p < this.events.length)) {
      id = this.hb.add([this.last[node], ...preds]);
      const ev: CausalEvent = { id, node, kind, tMs, vc: copy, label, from: from.filter((f) => f >= 0) };
      if (violation) ev.violation = violation;
      this.events.push(ev);
    }
    this.last[node] = id;
    return { id, vc: copy };
  }

  private deliverUntil(tMs: number): void {
    let i = 0;
    for (; i < this.queue.length && this.queue[i].at <= tMs; i++) {
      const d = this.queue[i];
      const p = this.posts.get(d.post);
      if (!p) continue;
      vcMergeInto(this.nodeVc[d.node], p.vc);
      this.record(d.node, 'deliver', d.at, [p.event], [p.event], `deliver post ${p.id} from ${this.names[p.node]}`);
      p.arrivals[d.node] = d.at;
      if (p.cause !== null) this.arrivedEffects[d.node].push(p.id);
    }
    if (i > 0) this.queue.splice(0, i);
  }

  private onPost(id: number, author: number, tMs: number): void {
    const n = this.nodeVc.length;
    const node = this.src.drift.nodeOf(id);
    const c = this.ctx.get(author);
    const cause = c ? this.posts.get(c.post) : undefined;
    const kind: CausalEventKind = c && cause ? (c.type === 'comment' ? 'reply' : 'repost') : 'post';
    if (c && cause) vcMergeInto(this.nodeVc[node], c.vc);
    this.ctx.delete(author);
    const label = kind === 'post' ? `post ${id} by u${author}` : `${kind} ${id} by u${author} to post ${c?.post}`;
    const r = this.record(node, kind, tMs, c && cause ? [c.event] : [], c && cause ? [c.event] : [], label);
    const arrivals = new Array<number>(n).fill(Infinity);
    arrivals[node] = tMs;
    this.posts.set(id, { id, event: r.id, node, author, vc: r.vc, arrivals, cause: c && cause ? c.post : null });
    if (this.posts.size > POSTS_KEPT) this.posts.delete(this.posts.keys().next().value as number);
    if (c && cause) this.arrivedEffects[node].push(id);
    for (let j = 0; j < n; j++) if (j !== node) this.queue.push({ at: tMs + this.gossipMs, node: j, post: id });
  }

  private onInteract(user: number, postId: number, type: 'like' | 'comment', tMs: number): void {
    const p = this.posts.get(postId);
    if (!p) return;
    const node = user % this.nodeVc.length;
    vcMergeInto(this.nodeVc[node], p.vc);
    const r = this.record(node, type, tMs, [p.event], [p.event], `${type} by u${user} on post ${postId}`);
    this.ctx.set(user, { vc: r.vc, post: postId, type, event: r.id });
  }

  /** A read on the reader's replica: the effects it holds whose cause it does not hold yet. */
  private onRead(user: number, tMs: number): number {
    const node = user % this.nodeVc.length;
    const broken: string[] = [];
    for (const id of this.arrivedEffects[node]) {
      const eff = this.posts.get(id);
      const cause = eff?.cause !== null && eff ? this.posts.get(eff.cause) : undefined;
      if (eff && cause && cause.arrivals[node] > tMs) broken.push(`${eff.id} without post ${cause.id}`);
    }
    this.arrivedEffects[node] = [];
    const violation = broken.length > 0 ? `read on ${this.names[node]} showed ${broken.join(', ')}` : undefined;
    if (violation) {
      this.counters.effectWithoutCause += broken.length;
      this.bucket(tMs).effectWithoutCause += broken.length;
      this.example(`t=${(tMs / 1000).toFixed(3)}s: ${violation}`);
    }
    return this.record(node, 'read', tMs, [], [], `read by u${user}`, violation).id;
  }

  /** One page (post ids top to bottom, as Redis returned them) against ≺, for every strategy. */
  checkPage(ids: readonly number[], readEvent: number, tMs: number): void {
    const items = ids.map((id) => ({ id, p: this.posts.get(id), stamps: this.src.drift.stampsOf(id) })).filter((x) => x.p && x.stamps) as { id: number; p: PostInfo; stamps: readonly number[] }[];
    this.counters.feedChecks++;
    const pairs = (items.length * (items.length - 1)) / 2;
    this.counters.pairsChecked += pairs;
    for (let i = 0; i < items.length; i++) for (let j = i + 1; j < items.length; j++) if (happenedBefore(items[i].p.vc, items[j].p.vc) || happenedBefore(items[j].p.vc, items[i].p.vc)) this.counters.orderedPairs++;
    const selected = STRATEGY_NAMES.indexOf(this.src.drift.strategy);
    const notes: string[] = [];
    for (let k = 0; k < STRATEGY_NAMES.length; k++) {
      const order = k === selected ? items : [...items].sort((a, b) => b.stamps[k] - a.stamps[k] || (String(b.id) > String(a.id) ? 1 : -1));
      let bad = 0;
      let first = '';
      for (let i = 0; i < order.length; i++) {
        for (let j = i + 1; j < order.length; j++) {
          // order[i] is shown above order[j]: newer. A cause above its effect says the effect is older.
          if (happenedBefore(order[i].p.vc, order[j].p.vc)) {
            bad++;
            if (!first) first = `post ${order[j].id} shown below post ${order[i].id}, which happened before it`;
          }
        }
      }
      const c = this.counters.strategies[k];
      c.effectBelowCause += bad;
      if (bad > 0) {
        c.readsWithViolation++;
        this.bucket(tMs).effectBelowCause[STRATEGY_NAMES[k]] += bad;
        if (k === selected) notes.push(first);
      }
    }
    if (notes.length > 0) {
      this.example(`t=${(tMs / 1000).toFixed(3)}s (${this.src.drift.strategy}): ${notes[0]}`);
      const ev = this.events[readEvent];
      if (ev) ev.violation = ev.violation ? `${ev.violation}; ${notes[0]}` : `page: ${notes[0]}`;
    }
  }

  private bucket(tMs: number): CausalitySeriesPoint {
    const tSec = Math.floor(tMs / 1000);
    let b = this.series[this.series.length - 1];
    if (!b || b.tSec < tSec) {
      b = { tSec, effectWithoutCause: 0, effectBelowCause: Object.fromEntries(STRATEGY_NAMES.map((s) => [s, 0])) as Record<ScoreStrategyName, number> };
      this.series.push(b);
      if (this.series.length > SERIES_MAX_BUCKETS) this.series.shift();
    }
    return b;
  }

  private example(s: string): void {
    this.examples.push(s);
    if (this.examples.length > EXAMPLES_KEPT) this.examples.shift();
  }

  /** Totals for a frame (cheap: no copy of the events). */
  frameFigures(): NonNullable<CorrectnessFrame['causality']> {
    return { events: this.total, effectWithoutCause: this.counters.effectWithoutCause, effectBelowCause: Object.fromEntries(this.counters.strategies.map((s) => [s.name, s.effectBelowCause])) as Record<ScoreStrategyName, number> };
  }

  /** The reverse DFS from `event`, timed. */
  cone(event: number): { members: Set<number>; visited: number; edgesTraversed: number; micros: number } {
    const t0 = performance.now();
    const c = this.hb.cone(event);
    return { ...c, micros: Math.round((performance.now() - t0) * 1000 * 10) / 10 };
  }

  isCausallyBound(e1: number, e2: number): boolean {
    return this.hb.isCausallyBound(e1, e2);
  }

  get recorded(): readonly CausalEvent[] {
    return this.events;
  }

  view(q: { toMs?: number | null; spanMs?: number; limit?: number; cone?: number | null } = {}): CausalityView {
    const toMs = q.toMs ?? this.lastT;
    const fromMs = toMs - (q.spanMs ?? WINDOW_DEFAULT_MS);
    const limit = q.limit ?? WINDOW_LIMIT_DEFAULT;
    let lo = lowerBound(this.events, fromMs);
    const hi = lowerBound(this.events, toMs + 1e-9);
    const truncated = hi - lo > limit;
    if (truncated) lo = hi - limit;
    const events = this.events.slice(lo, hi);
    let cone = null;
    if (q.cone !== null && q.cone !== undefined && q.cone >= 0 && q.cone < this.events.length) {
      const c = this.cone(q.cone);
      cone = { event: q.cone, members: events.filter((e) => c.members.has(e.id)).map((e) => e.id), size: c.members.size, visited: c.visited, edgesTraversed: c.edgesTraversed, micros: c.micros };
    }
    return {
      enabled: true,
      nodes: this.names,
      gossipMs: this.gossipMs,
      strategy: this.src.drift.strategy,
      tMs: this.lastT,
      totals: { events: this.total, recorded: this.events.length, edges: this.hb.edges, byKind: { ...this.byKind } },
      window: { fromMs, toMs, events, truncated },
      cone,
      counters: structuredClone(this.counters),
      series: this.series.map((b) => ({ ...b, effectBelowCause: { ...b.effectBelowCause } })),
      examples: [...this.examples],
    };
  }

  report(): CausalityReport {
    const lastId = this.events.length - 1;
    const c = lastId >= 0 ? this.cone(lastId) : null;
    return {
      nodes: this.names,
      gossipMs: this.gossipMs,
      strategy: this.src.drift.strategy,
      events: { total: this.total, recorded: this.events.length, byKind: { ...this.byKind } },
      edges: this.hb.edges,
      counters: structuredClone(this.counters),
      largestCone: c ? { event: lastId, size: c.members.size, visited: c.visited, edgesTraversed: c.edgesTraversed, micros: c.micros } : null,
      cost: CONE_COST,
      series: this.series,
      examples: [...this.examples],
      notes: [
        'Effects are reposts (a user\'s next post after a like) and replies (after a comment); the user\'s client carries the clock of the post it saw.',
        'effectWithoutCause: a read on a replica that held the effect but not yet its cause. effectBelowCause: pairs A ≺ B on a Timeline page read from Redis where B sorts below A; the selected strategy is the order Redis returned, the others re-sort the same posts by their own scores.',
        `Events beyond ${this.options.maxEvents} are counted but not kept in the graph.`,
        'The checked pages are Timeline page reads on the run\'s Redis (as the feed view\'s are): they count in the Timeline\'s read latency figures.',
      ],
    };
  }

  /** The recorded events as a ShiViz log (see shiviz.ts). */
  shiviz(): string {
    return shivizLog(this.names, this.events);
  }
}

function zeroKinds(): Record<CausalEventKind, number> {
  return Object.fromEntries(CAUSAL_EVENT_KINDS.map((k) => [k, 0])) as Record<CausalEventKind, number>;
}

function lowerBound(events: readonly CausalEvent[], tMs: number): number {
  let lo = 0;
  let hi = events.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (events[mid].tMs < tMs) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
