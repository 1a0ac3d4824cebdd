/**
 * The Timeline model as a FeedModel: events in, reads traced, pages for the feed view. With
 * `timeline.cache` the workload's page reads go through the LRU+TTL read cache (ReadCache.ts):
 * span `timeline.readPage` per page, `timeline.cacheHit` or `timeline.cacheMiss` inside it (a
 * miss holds the Redis read, `timeline.readOffset`/`readCursor`/`pullRead`..., and the fill). The
 * feed view (feedPage) always reads Redis: it shows what the server holds.
 */
import type { FeedPage } from '../api.js';
import type { FeedAuditReport, ModelReport, SampledFeed } from '../api/report.js';
import type { AcknowledgedCheck, FeedModel, FeedQuery, ModelContext, ModelDescription, RebuildFigures } from '../model.js';
import { checkAcknowledgedOutboxes, rebuildOutboxes, type OutboxDeps } from './rebuild.js';
import type { FollowEvent, InteractEvent, PostEvent, ReadEvent } from '../scenario/events.js';
import { estimateModelBytes } from '../redis/memory.js';
import { call } from '../redis/transport/RedisTransport.js';
import { Prng } from '../scenario/prng.js';
import { resolveTimelineConfig } from './presets.js';
import { sampleTimelines } from './sampleFeeds.js';
import { TimelineModel, type FeedItem } from './TimelineModel.js';
import { TimelineReadCache, type PageRef } from './ReadCache.js';
import type { Span } from '../trace/Tracer.js';
import type { FanoutView } from '../api.js';
import type { ReadCacheReport } from '../api/report.js';

/** How the cache's options map onto the article's design (report.json readCache.notes). */
const READ_CACHE_NOTES = [
  'lru-cache 11: max = maxEntries (a put into a full cache evicts the least recently used page); ttl = ttlMs of simulated time fixed at put (updateAgeOnGet false, as the article\'s expireAt = Put time + ttl); allowStale false (a read of an expired page is a miss and removes it: expiredOnRead).',
  'ttlAutopurge is off (it would arm a wall-clock timer per entry); instead each put first removes every page whose TTL has passed, oldest first (expiredOnWrite), then lets lru-cache evict the LRU tail (evicted): expired first, then LRU, as the article\'s text says. Its code evicts the tail in both branches, expired or not.',
  'A stale read is a hit whose page lacks a post that reached the reader\'s feed after the page was read from Redis (each fan-out chunk, and each pulled author\'s outbox write, is reported as it lands) and would change the page; its age is simulated ms from that post\'s publication to the read.',
  'Without the cache every page costs the Redis read: timeline.readOffset / readCursor (or the pull reads) in report.json timeline, measured here on the misses.',
];

/** Timelines replayed in memory and checked against Redis at the end of a run. */
const AUDITED_USERS = 48;

export class TimelineFeed implements FeedModel {
  readonly name = 'timeline' as const;
  private readonly model: TimelineModel;
  private readonly cache: TimelineReadCache | null;

  constructor(private readonly ctx: ModelContext) {
    const config = resolveTimelineConfig(ctx.scenario.timeline);
    this.model = new TimelineModel({
      transport: ctx.transport,
      keys: ctx.keys,
      tracer: ctx.tracer,
      graph: ctx.graph,
      config,
      rng: new Prng(ctx.scenario.seed, 'timeline'),
      writerRng: new Prng(ctx.scenario.seed, 'timeline.writer'),
      activityRng: new Prng(ctx.scenario.seed, 'timeline.active'),
      epochMs: ctx.epochMs,
      onError: ctx.onError,
    });
    this.cache = config.readCache ? new TimelineReadCache(config.readCache) : null;
    const cache = this.cache;
    if (cache) this.model.onDelivery((users, item, t) => cache.delivered(users, item, t));
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

  /**
   * Offset reads fetch one page; cursor reads scroll page by page down to the event's offset. A
   * read is a sign-in: an inactive user's feed is regenerated before it (timeline.activeShare).
   * The feed view (feedPage) is an inspector, not a sign-in.
   */
  async onRead(e: ReadEvent): Promise<void> {
    const n = this.ctx.scenario.workload.pageSize;
    this.cache?.advance(e.t);
    await this.model.signIn(e.user);
    if (e.mode === 'offset') {
      await this.page({ user: e.user, n, offset: e.offset, below: null }, (parent) => this.model.readOffset(e.user, e.offset, n, parent));
      return;
    }
    let cursor: number | null = null;
    for (let seen = 0; seen <= e.offset; seen += n) {
      const below = cursor;
      const page = await this.page({ user: e.user, n, offset: seen, below }, (parent) => this.model.readCursor(e.user, below, n, seen, parent));
      if (page.length < n) break;
      cursor = page[page.length - 1].score;
    }
  }

  /** One page: from Redis, or through the read cache when the scenario has one. */
  private async page(ref: PageRef, read: (parent?: Span) => Promise<FeedItem[]>): Promise<readonly FeedItem[]> {
    const cache = this.cache;
    if (!cache) return read();
    const { tracer } = this.ctx;
    return tracer.span('timeline.readPage', undefined, async (pageSpan) => {
      const lookup = tracer.start('timeline.cacheHit', pageSpan);
      const cached = cache.get(ref);
      if (cached) {
        lookup.end();
        return cached.items;
      }
      return tracer.span('timeline.cacheMiss', pageSpan, async (miss) => {
        const fill = cache.begin(ref);
        try {
          const items = await read(miss);
          cache.put(fill, items);
          return items;
        } catch (err) {
          cache.abandon(fill);
          throw err;
        }
      });
    });
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
      ...(mode === 'push' ? {} : { sources: await this.pageSources(user, items) }),
      items: items.map((it) => ({ postId: it.postId, author: this.ctx.posts.get(it.postId)?.author ?? -1, score: it.score, ageMs: now - it.score })),
      nextCursor: items.length === q.pageSize ? items[items.length - 1].score : null,
      latencyMs: Math.round((performance.now() - t0) * 1000) / 1000,
    };
  }

  /** The keys a pull or hybrid page was read from, for links that open what exists. */
  private async pageSources(user: number, items: readonly FeedItem[]): Promise<NonNullable<FeedPage['sources']>> {
    const tk = this.model.timelineKey(user);
    const timelineKey = this.model.config.mode === 'hybrid' && Number(await call(this.ctx.transport, ['EXISTS', tk])) === 1 ? tk : null;
    const authors = new Set<number>();
    for (const it of items) {
      const a = this.ctx.posts.get(it.postId)?.author;
      if (a !== undefined && !this.model.isPushed(a)) authors.add(a);
    }
    const outboxes = [...authors].slice(0, 5).map((a) => this.model.outboxKey(a));
    const pulledOutboxes = [user, ...this.ctx.graph.followees(user)].filter((a) => !this.model.isPushed(a)).length;
    return { timelineKey, outboxes, pulledOutboxes };
  }

  memoryBytes(): Promise<number> {
    return estimateModelBytes(this.ctx.transport, this.ctx.graph.users, (u) => [this.model.timelineKey(u), this.model.outboxKey(u)]);
  }

  /**
   * The fan-out monitor, with the writer's queues and the read cache's counters when the scenario
   * has them. Called once per frame (Engine.emitFrame): the writer's peak queue depths are per frame.
   */
  fanout(): FanoutView {
    const view: FanoutView = this.model.monitor();
    const writer = this.model.takeWriterView();
    if (writer) view.writer = writer;
    if (this.cache) view.readCache = this.cache.view();
    return view;
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
    const writer = this.model.writerReport();
    const readCache = this.readCacheReport();
    return { model: 'timeline', section: { config: this.model.config, fanout: this.model.monitor(), ...(writer ? { writer } : {}), ...(readCache ? { readCache } : {}) } };
  }

  private readCacheReport(): ReadCacheReport | null {
    if (!this.cache) return null;
    const { tracer } = this.ctx;
    return {
      ...this.cache.figures(),
      latency: { page: tracer.get('timeline.readPage') ?? null, hit: tracer.get('timeline.cacheHit') ?? null, miss: tracer.get('timeline.cacheMiss') ?? null },
      notes: READ_CACHE_NOTES,
    };
  }

  private outboxDeps(): OutboxDeps {
    return { transport: this.ctx.transport, outboxKey: (a) => this.model.outboxKey(a), outboxMaxLength: this.model.config.outboxMaxLength, score: (p) => this.model.score(p) };
  }

  /** Redis came back empty: outboxes from the posts table, home feeds regenerated at each user's next read (rebuild.ts). */
  async rebuild(): Promise<RebuildFigures> {
    const t0 = performance.now();
    await this.model.drain().catch(() => undefined);
    const entries = await rebuildOutboxes(this.outboxDeps(), this.ctx.posts);
    this.model.forgetFeeds();
    this.cache?.clear();
    return { model: 'timeline', what: 'outboxes from the posts table; home feeds marked missing, each regenerated from the outboxes at its user\'s next read', entries, ms: performance.now() - t0 };
  }

  checkAcknowledged(postIds: readonly number[]): Promise<AcknowledgedCheck> {
    return checkAcknowledgedOutboxes(this.outboxDeps(), this.ctx.posts, postIds);
  }

  async reset(): Promise<void> {
    this.model.reset(new Prng(this.ctx.scenario.seed, 'timeline'), new Prng(this.ctx.scenario.seed, 'timeline.writer'), new Prng(this.ctx.scenario.seed, 'timeline.active'));
    this.cache?.clear();
  }

  async close(): Promise<void> {
    await this.model.close();
  }
}
