/**
 * The Timeline model as a FeedModel: events in, reads traced, pages for the feed view.
 */
import type { FeedPage } from '../api.js';
import type { FeedAuditReport, ModelReport, SampledFeed } from '../api/report.js';
import type { FeedModel, FeedQuery, ModelContext, ModelDescription } from '../model.js';
import type { FollowEvent, InteractEvent, PostEvent, ReadEvent } from '../scenario/events.js';
import { estimateModelBytes } from '../redis/memory.js';
import { Prng } from '../scenario/prng.js';
import { resolveTimelineConfig } from './presets.js';
import { sampleTimelines } from './sampleFeeds.js';
import { TimelineModel, type FeedItem } from './TimelineModel.js';

/** Timelines replayed in memory and checked against Redis at the end of a run. */
const AUDITED_USERS = 48;

export class TimelineFeed implements FeedModel {
  readonly name = 'timeline' as const;
  private readonly model: TimelineModel;

  constructor(private readonly ctx: ModelContext) {
    this.model = new TimelineModel({
      transport: ctx.transport,
      keys: ctx.keys,
      tracer: ctx.tracer,
      graph: ctx.graph,
      config: resolveTimelineConfig(ctx.scenario.timeline),
      rng: new Prng(ctx.scenario.seed, 'timeline'),
      epochMs: ctx.epochMs,
      onError: ctx.onError,
    });
    // A spread of users whose timelines are checked against a replica at the end (auditFeeds).
    const users = ctx.graph.users;
    const step = Math.max(1, Math.floor(users / AUDITED_USERS));
    const watched: number[] = [];
    for (let u = 0; u < users && watched.length < AUDITED_USERS; u += step) watched.push(u);
    this.model.watch(watched);
  }

  async auditFeeds(): Promise<FeedAuditReport | null> {
    if (this.model.config.mode !== 'push') return null;
    await this.model.drain();
    return this.model.auditFeeds();
  }

  async load(): Promise<void> {}

  onPost(e: PostEvent): Promise<void> {
    return this.model.post(e);
  }

  async onFollow(_e: FollowEvent, _changed: boolean): Promise<void> {
    // Like Mastodon without its merge/unmerge workers: a new follow affects future posts only.
  }

  async onInteract(_e: InteractEvent): Promise<void> {}

  /** Offset reads fetch one page; cursor reads scroll page by page down to the event's offset. */
  async onRead(e: ReadEvent): Promise<void> {
    const n = this.ctx.scenario.workload.pageSize;
    if (e.mode === 'offset') {
      await this.model.readOffset(e.user, e.offset, n);
      return;
    }
    let cursor: number | null = null;
    for (let seen = 0; seen <= e.offset; seen += n) {
      const page = await this.model.readCursor(e.user, cursor, n, seen);
      if (page.length < n) break;
      cursor = page[page.length - 1].score;
    }
  }

  drain(): Promise<void> {
    return this.model.drain();
  }

  async feedPage(user: number, q: FeedQuery): Promise<FeedPage> {
    const t0 = performance.now();
    const items: FeedItem[] = q.cursor === null ? await this.model.readOffset(user, q.offset, q.pageSize) : await this.model.readCursor(user, q.cursor, q.pageSize, q.offset);
    const now = this.ctx.epochMs + this.ctx.now();
    const mode = this.model.config.mode;
    return {
      model: 'timeline',
      // Pull and hybrid pages are merged from outboxes: name them, not a key that the key browser would not find.
      key: mode === 'push' ? this.model.timelineKey(user) : `${this.ctx.keys.outboxPattern()} (${mode})`,
      items: items.map((it) => ({ postId: it.postId, author: this.ctx.posts.get(it.postId)?.author ?? -1, score: it.score, ageMs: now - it.score })),
      nextCursor: items.length === q.pageSize ? items[items.length - 1].score : null,
      latencyMs: Math.round((performance.now() - t0) * 1000) / 1000,
    };
  }

  memoryBytes(): Promise<number> {
    return estimateModelBytes(this.ctx.transport, this.ctx.graph.users, (u) => [this.model.timelineKey(u), this.model.outboxKey(u)]);
  }

  fanout() {
    return this.model.monitor();
  }

  describe(): ModelDescription {
    return { graphStore: null, ranker: null };
  }

  pushes(author: number): boolean {
    return this.model.isPushed(author);
  }

  setScorer(scorer: ((postId: number) => number | undefined) | null): void {
    this.model.setScorer(scorer);
  }

  feedKey(user: number): string {
    return this.model.timelineKey(user);
  }

  sampleFeeds(): Promise<SampledFeed[]> {
    return sampleTimelines(this.ctx.transport, this.ctx.graph, (u) => this.model.timelineKey(u));
  }

  async report(): Promise<ModelReport> {
    return { model: 'timeline', section: { config: this.model.config, fanout: this.model.monitor() } };
  }

  async reset(): Promise<void> {
    this.model.reset(new Prng(this.ctx.scenario.seed, 'timeline'));
  }

  async close(): Promise<void> {}
}
