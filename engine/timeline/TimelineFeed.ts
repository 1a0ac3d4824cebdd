/**
 * The Timeline model as a FeedModel: events in, reads traced, pages for the feed view.
 */
import type { FeedPage } from '../api.js';
import type { FeedModel, FeedQuery, ModelContext } from '../model.js';
import type { FollowEvent, InteractEvent, PostEvent, ReadEvent } from '../scenario/events.js';
import { estimateModelBytes } from '../redis/memory.js';
import { Prng } from '../scenario/prng.js';
import { resolveTimelineConfig } from './presets.js';
import { TimelineModel, type FeedItem } from './TimelineModel.js';
import { RespWriter } from '../redis/RespWriter.js';


export class TimelineFeed implements FeedModel {
  readonly name = 'timeline' as const;
  readonly model: TimelineModel;

  constructor(private readonly ctx: ModelContext) {
    this.model = new TimelineModel({
      redis: ctx.redis.client,
      prefix: ctx.prefix,
      tracer: ctx.tracer,
      graph: ctx.graph,
      config: resolveTimelineConfig(ctx.scenario.timeline),
      rng: new Prng(ctx.scenario.seed, 'timeline'),
      epochMs: ctx.epochMs,
      onError: ctx.onError,
    });
  }

  private writer: RespWriter | null = null;

  /** Opens the fan-out's own RESP connection (not over TLS, where ioredis keeps the job). */
  async load(): Promise<void> {
    this.writer = await RespWriter.forClient(this.ctx.redis.client);
    this.model.useWriter(this.writer);
  }

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
    return {
      model: 'timeline',
      key: this.model.config.mode === 'push' ? this.model.timelineKey(user) : `${this.ctx.prefix}outbox:* (${this.model.config.mode})`,
      items: items.map((it) => ({ postId: it.postId, author: this.ctx.posts.get(it.postId)?.author ?? -1, score: it.score, ageMs: now - it.score })),
      nextCursor: items.length === q.pageSize ? items[items.length - 1].score : null,
      latencyMs: Math.round((performance.now() - t0) * 1000) / 1000,
    };
  }

  memoryBytes(): Promise<number> {
    return estimateModelBytes(this.ctx.redis.client, this.ctx.graph.users, (u) => [this.model.timelineKey(u), this.model.outboxKey(u)]);
  }

  fanout() {
    return this.model.monitor();
  }

  async report(): Promise<Record<string, unknown>> {
    return { config: this.model.config, fanout: this.model.monitor() };
  }

  async reset(): Promise<void> {
    this.model.reset(new Prng(this.ctx.scenario.seed, 'timeline'));
  }

  async close(): Promise<void> {
    this.writer?.close();
    this.writer = null;
    this.model.useWriter(null);
  }
}
