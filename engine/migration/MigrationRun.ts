/**
 * A gray migration from the Timeline (control, the old system) to the Graph model (candidate),
 * article 4.4, in phases on the simulated clock:
 *
 * - doubleWrite: both models receive every event (the engine gives them the same stream); the
 *   candidate's write is the article's async second write (`go s.mysqlWriter.AsyncWrite`): a
 *   share fails, is retried after `retryAfterSec` (the article's 30 s), and a share of the
 *   failures ends in the dead-letter queue, never written.
 * - shadowRead: the Timeline serves; sampled reads also read the candidate and compare.
 * - gray: users whose hash is below a rising share are served by the Graph; comparing goes on.
 * - finish: the Graph serves everyone; writes stay doubled (Scientist: keep write-side
 *   duplication well after the switch, for a roll back).
 *
 * The checker, in the style of GitHub's Scientist: per sampled read, control and candidate run
 * in an order drawn per read; a second control read calibrates the noise (control vs control);
 * mismatches by kind (compare.ts); every mismatching read LPUSHed to a Redis list trimmed with
 * `LTRIM key 0 keep` (Scientist's README: `ltrim key, 0, 1000`). A followee's post missing from
 * the candidate because its write was lost is re-inserted (repairs, counted). A scheduled check
 * every `schedule.everySec` compares the last `schedule.windowSec` of sampled users' feeds field
 * by field: id exact, time within `timeToleranceMs` (the article: status exact, updated_at
 * within 2 s, every 5 minutes over the last hour).
 *
 * The candidate read is the Graph store's follow path, newest first (FeedModel.followTimeline):
 * the same feed as the Timeline's, computed from the graph, so a mismatch is a fault, not
 * ranking. Owns: its Redis list (under the run's prefix, deleted with it), its counters.
 */
import type { DriftLab } from '../drift/DriftLab.js';
import { scoreToMs } from '../drift/strategies.js';
import type { FeedModel } from '../model.js';
import type { RedisTransport } from '../redis/transport/RedisTransport.js';
import type { PostEvent, SimEvent } from '../scenario/events.js';
import type { FollowGraph } from '../social/FollowGraph.js';
import { compareFeeds, phaseAt, phaseTable, servedByGraph, userHash, type Comparison, type FeedSide } from './compare.js';
import type { CorrectnessFrame } from '../causality/types.js';
import type { MigrationOptions } from './schema.js';
import { MISMATCH_KINDS, type ExperimentCounts, type KindCounts, type MigrationPoint, type MigrationReport, type MigrationView, type ScheduledCheck } from './types.js';

const SERIES_MAX = 900;
const EXAMPLES_KEPT = 20;
const SCHEDULE_DEPTH = 200;

export interface MigrationDeps {
  options: MigrationOptions;
  transport: RedisTransport;
  /** The Redis list of sampled mismatches. */
  key: string;
  posts: ReadonlyMap<number, PostEvent>;
  graph: FollowGraph;
  users: number;
  epochMs: number;
  /** The drift lab, when the Timeline's scores come from its clocks (they are converted back to ms). */
  drift(): DriftLab | null;
}

export class MigrationRun {
  private control: FeedModel | undefined;
  private candidate: FeedModel | undefined;
  private candidateCounts = emptyCounts();
  private calibration = emptyCounts();
  private served = { timeline: 0, graph: 0 };
  private writes = { doubleWritten: 0, failed: 0, retried: 0, deadLettered: 0 };
  private pending: { at: number; post: PostEvent }[] = [];
  private lost = new Map<number, PostEvent>();
  private repairs = 0;
  private ignoredOwn = 0;
  private pushed = 0;
  private scheduled: ScheduledCheck[] = [];
  private series: (MigrationPoint & { counts: KindCounts })[] = [];
  private examples: string[] = [];
  private budget = 0;
  private nextCheckMs: number;
  private tMs = 0;
  private tick = 0;

  constructor(private readonly d: MigrationDeps) {
    this.nextCheckMs = d.options.schedule.everySec * 1000;
  }

  /** The candidate as the engine sees it: its post writes go through the async double write. */
  wrapCandidate(model: FeedModel): FeedModel {
    this.candidate = model;
    const onPost = (e: PostEvent): Promise<void> => this.doubleWrite(e);
    return new Proxy(model, {
      get(target, prop) {
        if (prop === 'onPost') return onPost;
        const v = Reflect.get(target, prop, target) as unknown;
        return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
      },
    });
  }

  setControl(model: FeedModel | undefined): void {
    this.control = model;
  }

  private async doubleWrite(e: PostEvent): Promise<void> {
    const o = this.d.options;
    if (userHash(e.id ^ 0x5bd1e995) < o.writeFailureShare) {
      this.writes.failed++;
      if (userHash(Math.imul(e.id, 7) + 1) < o.deadLetterShare) {
        this.writes.deadLettered++;
        this.lost.set(e.id, e);
      } else this.pending.push({ at: e.t + o.retryAfterSec * 1000, post: e });
      return;
    }
    this.writes.doubleWritten++;
    await this.candidate?.onPost(e);
  }

  /** After the tick's events reached both models. */
  async onTick(events: readonly SimEvent[], tickMs: number, tEndMs: number): Promise<void> {
    const c = this.candidate;
    const o = this.d.options;
    this.tMs = tEndMs;
    this.tick++;
    if (!c) return;
    while (this.pending.length > 0 && this.pending[0].at <= tEndMs) {
      const p = this.pending.shift() as { post: PostEvent };
      this.writes.retried++;
      await c.onPost(p.post);
    }
    const { phase, share } = phaseAt(o, tEndMs);
    const b = this.bucket(tEndMs, phase, share);
    const reads = events.filter((e) => e.kind === 'read');
    for (const r of reads) {
      const graph = phase === 'finish' || (phase === 'gray' && servedByGraph(r.user, share));
      if (graph) this.served.graph++;
      else this.served.timeline++;
    }
    if (phase !== 'doubleWrite' && this.control && c.followTimeline) {
      this.budget += (o.checksPerSec * tickMs) / 1000;
      for (const r of reads) {
        if (this.budget < 1) break;
        this.budget--;
        await this.experiment(r.user, tEndMs, phase, b);
      }
      this.budget = Math.min(this.budget, o.checksPerSec);
    }
    if (tEndMs >= this.nextCheckMs && this.control && c.followTimeline) {
      this.nextCheckMs += o.schedule.everySec * 1000;
      await this.scheduledCheck(tEndMs);
    }
    await c.drain();
  }

  private async experiment(user: number, tMs: number, phase: string, b: MigrationPoint & { counts: KindCounts }): Promise<void> {
    const o = this.d.options;
    const control = (): Promise<FeedSide[]> => this.controlRead(user, o.depth);
    const candidate = (): Promise<FeedSide[]> => this.candidateRead(user, o.depth);
    // Scientist runs use and try in a random order; so do we, drawn per read.
    let ctl: FeedSide[];
    let cand: FeedSide[];
    if (userHash(user ^ this.tick) < 0.5) {
      ctl = await control();
      cand = await candidate();
    } else {
      cand = await candidate();
      ctl = await control();
    }
    const ctl2 = await control();
    // A known difference, ignored as Scientist's `ignore` blocks do: the Timeline writes an author's
    // posts into their own feed (Mastodon's deliver_to_self), the Graph's follow path does not.
    const own = (id: number): boolean => this.d.posts.get(id)?.author === user;
    this.ignoredOwn += ctl.filter((s) => own(s.id)).length;
    const trueMs = (id: number): number | undefined => this.d.posts.get(id)?.t;
    const cmp = compareFeeds(ctl, cand, o.depth, o.timeToleranceMs, trueMs, own);
    count(this.candidateCounts, cmp);
    count(this.calibration, compareFeeds(ctl, ctl2, o.depth, o.timeToleranceMs, trueMs, own));
    b.reads++;
    for (const k of cmp.kinds) b.counts[k]++;
    if (cmp.kinds.length === 0) return;
    const sample = { tMs, user, phase, kinds: cmp.kinds, missing: cmp.missing, extra: cmp.extra, orderPairs: cmp.orderPairs, score: cmp.score };
    await this.d.transport.pipeline([['LPUSH', this.d.key, JSON.stringify(sample)], ['LTRIM', this.d.key, 0, o.keep]]);
    this.pushed++;
    if (this.examples.length < EXAMPLES_KEPT) this.examples.push(`t=${(tMs / 1000).toFixed(1)}s u${user}: ${describe(cmp)}`);
    if (o.repair) {
      for (const id of cmp.missing) {
        const post = this.lost.get(id) ?? this.pending.find((p) => p.post.id === id)?.post;
        if (!post || !this.d.graph.has(user, post.author)) continue;
        this.lost.delete(id);
        this.pending = this.pending.filter((p) => p.post.id !== id);
        await this.candidate?.onPost(post);
        this.repairs++;
        b.repairs++;
      }
    }
  }

  private async controlRead(user: number, depth: number): Promise<FeedSide[]> {
    const page = await (this.control as FeedModel).feedPage(user, { pageSize: depth, offset: 0, cursor: null });
    const drift = this.d.drift();
    const strategy = drift?.configured ? drift.strategy : 'raw';
    return page.items.map((it) => ({ id: it.postId, tMs: scoreToMs(strategy, it.score) - this.d.epochMs }));
  }

  private async candidateRead(user: number, depth: number): Promise<FeedSide[]> {
    const rows = await (this.candidate as FeedModel).followTimeline!(user, depth);
    return rows.map((r) => ({ id: r.postId, tMs: r.tMs }));
  }

  private async scheduledCheck(tMs: number): Promise<void> {
    const o = this.d.options;
    const since = tMs - o.schedule.windowSec * 1000;
    const inWindow = (s: FeedSide): boolean => (this.d.posts.get(s.id)?.t ?? s.tMs) >= since;
    const check: ScheduledCheck = { tSec: tMs / 1000, users: 0, compared: 0, missing: 0, extra: 0, timeBeyondTolerance: 0 };
    const step = Math.max(1, Math.floor(this.d.users / o.schedule.users));
    for (let i = 0; i < o.schedule.users && i < this.d.users; i++) {
      const user = (i * step + this.scheduled.length) % this.d.users;
      const ctl = (await this.controlRead(user, SCHEDULE_DEPTH)).filter(inWindow);
      const cand = (await this.candidateRead(user, SCHEDULE_DEPTH)).filter(inWindow);
      const cmp = compareFeeds(ctl, cand, SCHEDULE_DEPTH, o.timeToleranceMs, (id) => this.d.posts.get(id)?.t, (id) => this.d.posts.get(id)?.author === user);
      check.users++;
      check.compared += cmp.compared;
      check.missing += cmp.missing.length;
      check.extra += cmp.extra.length;
      check.timeBeyondTolerance += cmp.score.length;
    }
    this.scheduled.push(check);
  }

  private bucket(tMs: number, phase: MigrationPoint['phase'], share: number): MigrationPoint & { counts: KindCounts } {
    const tSec = Math.floor(tMs / 1000);
    let b = this.series[this.series.length - 1];
    if (!b || b.tSec < tSec) {
      b = { tSec, phase, share: round3(share), reads: 0, rate: zeroKinds(), repairs: 0, counts: zeroKinds() };
      this.series.push(b);
      if (this.series.length > SERIES_MAX) this.series.shift();
    }
    b.phase = phase;
    b.share = round3(share);
    return b;
  }

  /** Totals for a frame. */
  frameFigures(): NonNullable<CorrectnessFrame['migration']> {
    const { phase, share } = phaseAt(this.d.options, this.tMs);
    return { phase, share: round3(share), reads: this.candidateCounts.reads, mismatched: this.candidateCounts.mismatched, repairs: this.repairs };
  }

  view(): MigrationView {
    const { phase, share } = phaseAt(this.d.options, this.tMs);
    return {
      phase,
      share: round3(share),
      tMs: this.tMs,
      phases: phaseTable(this.d.options),
      served: { ...this.served },
      candidate: structuredClone(this.candidateCounts),
      calibration: structuredClone(this.calibration),
      writes: { ...this.writes, pendingRetry: this.pending.length },
      repairs: this.repairs,
      ignoredOwnPosts: this.ignoredOwn,
      mismatchList: { key: this.d.key, kept: Math.min(this.pushed, this.d.options.keep + 1), cap: this.d.options.keep + 1, pushed: this.pushed },
      scheduled: [...this.scheduled],
      series: this.series.map(({ counts, ...p }) => ({ ...p, rate: rates(counts, p.reads) })),
      examples: [...this.examples],
      timeToleranceMs: this.d.options.timeToleranceMs,
    };
  }

  async report(): Promise<MigrationReport> {
    const v = this.view();
    const [[err, len]] = await this.d.transport.pipeline([['LLEN', this.d.key]]);
    if (!err) v.mismatchList.kept = Number(len);
    return {
      ...v,
      notes: [
        'Control: the Timeline page (ZREVRANGE); candidate: the graph store\'s follow path, newest first. Both are compared where both lists reach (true publish time at or above the older list\'s oldest item).',
        'missing: in control, not in candidate; extra: the other way; order: common items in another order (pairs); score: the same id with times further apart than the tolerance.',
        'calibration: the control read twice per sampled read; what differs there is noise, not the candidate.',
        'ignored: the reader\'s own posts (the Timeline delivers them to the author\'s feed, the follow path does not), as a Scientist ignore block would.',
        'The checker\'s reads are real reads of both stores: the Timeline\'s count in its read latency figures.',
        `Repairs re-insert a followee's post whose double write failed; mismatches of other causes (a follow or unfollow the two systems handle differently) are reported, not repaired.`,
      ],
    };
  }
}

function zeroKinds(): KindCounts {
  return Object.fromEntries(MISMATCH_KINDS.map((k) => [k, 0])) as KindCounts;
}

function emptyCounts(): ExperimentCounts {
  return { reads: 0, mismatched: 0, byKind: zeroKinds(), items: zeroKinds() };
}

function count(c: ExperimentCounts, cmp: Comparison): void {
  c.reads++;
  if (cmp.kinds.length) c.mismatched++;
  for (const k of cmp.kinds) c.byKind[k]++;
  c.items.missing += cmp.missing.length;
  c.items.extra += cmp.extra.length;
  c.items.order += cmp.orderPairs;
  c.items.score += cmp.score.length;
}

function rates(c: KindCounts, reads: number): KindCounts {
  return Object.fromEntries(MISMATCH_KINDS.map((k) => [k, reads ? round3(c[k] / reads) : 0])) as KindCounts;
}

function describe(c: Comparison): string {
  const parts: string[] = [];
  if (c.missing.length) parts.push(`missing ${c.missing.slice(0, 5).join(', ')}`);
  if (c.extra.length) parts.push(`extra ${c.extra.slice(0, 5).join(', ')}`);
  if (c.orderPairs) parts.push(`${c.orderPairs} pairs out of order`);
  if (c.score.length) parts.push(`time beyond tolerance for ${c.score.slice(0, 5).join(', ')}`);
  return parts.join('; ');
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
