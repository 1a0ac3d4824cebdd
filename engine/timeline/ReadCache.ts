/**
 * The Timeline read cache of article 2.4 ("LRU-TTL 混合缓存"): pages of users' feeds kept in
 * memory in front of Redis, bounded by a count and by an age.
 *
 * Source: the article's Go `Cache[K, V]`: a map for lookup and a doubly linked list in access
 * order; each entry has accessTime (LRU order) and expireAt = Put time + ttl; evict() looks at the
 * list's tail "先验TTL,再LRU" (expired first, then least recently used). Ours is lru-cache 11
 * (isaacs/node-lru-cache: also a map plus a doubly linked list, over typed arrays), set up as
 * the article's text describes it:
 * - `max: maxEntries`: a set that would exceed max removes the least recently used entry
 *   (dispose reason 'evict'): the capacity rule.
 * - `ttl: ttlMs` with `updateAgeOnGet: false`: the expiry is fixed when the page is put, as the
 *   article's `time.Now().Add(ttl)` at Put; a read does not extend it (that would be a sliding
 *   TTL, which keeps hot pages forever and so as stale as pure LRU).
 * - `allowStale: false`: a read of an expired page gets nothing, and lru-cache deletes it
 *   (reason 'expire'): expiry checked on read.
 * - `ttlAutopurge: false`: lru-cache would arm one wall-clock timer per entry, while a scenario's
 *   TTL is simulated time. Instead every put first removes the entries whose TTL has passed,
 *   oldest first (a FIFO of put times; one TTL for all, so put order is expiry order), and only
 *   then lets lru-cache evict the LRU tail if the cache is still full: expired first, then LRU.
 * - `perf: { now }`: the simulated clock (ms, the latest read's time), `ttlResolution: 0` so
 *   lru-cache never caches a wall-clock reading of it.
 * How ours differs from the article: its evict() removes the tail in both branches, expired or
 * not (the `if` only names why), so an expired entry in the middle of the list outlives a live
 * tail; ours removes every expired entry before a live one.
 *
 * Stale reads: a hit whose page lacks a post delivered to the reader after the page was fetched
 * (TimelineModel reports each fan-out chunk, and each pulled author's outbox write, as it lands)
 * and which would change the page: it ranks above the page's last item (below the cursor for a
 * cursor page), or the page is short. Its age is simulated ms from the publication of the oldest
 * such post to the read. Deliveries during the Redis read of a page are checked against the page
 * when it is put (the page may or may not hold them).
 *
 * Who owns what: no I/O. The caller reads Redis on a miss and puts the page; the cache owns its
 * entries and counters.
 */
import * as hdr from 'hdr-histogram-js';
import { LRUCache } from 'lru-cache';
import type { ReadCacheView } from '../api.js';
import type { ReadCacheConfig, ReadCacheReport } from '../api/report.js';
import { compareFeedItems, type FeedItem } from './FeedItem.js';

/** `n` items of `user`'s feed: `offset` items from the newest, or (cursor pages) below `below`, an exclusive score. */
export interface PageRef {
  user: number;
  n: number;
  offset: number;
  /** Cursor pages: the score to continue below; null pages by offset (a cursor read's first page is offset 0). */
  below: number | null;
}

interface Entry {
  ref: PageRef;
  items: readonly FeedItem[];
  /** Simulated ms when the page was put. */
  cachedAtMs: number;
  /** Posts delivered after the fetch that would change this page, and the oldest one's publish time. */
  missing: number;
  oldestMissingT: number;
}

/** A Redis read of a page in progress: deliveries to its user meanwhile are kept to check against the page. */
export interface PageFill {
  readonly ref: PageRef;
  readonly late: { item: FeedItem; t: number }[];
}

export interface CachedPage {
  items: readonly FeedItem[];
  /** Posts the page lacks (0: fresh), and simulated ms since the oldest of them was published. */
  missing: number;
  staleAgeMs: number | null;
}

/** Stale ages are simulated ms; a day is the longest scenario. */
const HIGHEST_AGE_MS = 86_400_000;

/**
 * True when `item`, newly in the user's feed, changes what `ref` would read: it is not on the page,
 * and it ranks above the page's last item (so it lands on the page or shifts an item into it), or
 * the page is short. An empty page deep in a feed is taken as unchanged (one post rarely fills it).
 */
export function changesPage(ref: PageRef, items: readonly FeedItem[], item: FeedItem): boolean {
  if (ref.below !== null && !(item.score < ref.below)) return false;
  if (items.some((i) => i.postId === item.postId)) return false;
  if (items.length < ref.n) return items.length > 0 || ref.offset === 0 || ref.below !== null;
  return compareFeedItems(item, items[items.length - 1]) < 0;
}

function pageKey(r: PageRef): string {
  return r.below !== null ? `${r.user}<${r.below}/${r.n}` : `${r.user}@${r.offset}/${r.n}`;
}

export class TimelineReadCache {
  private readonly lru: LRUCache<string, Entry>;
  /** lru-cache reads a start time of 0 as "no TTL": its clock is simulated ms + 1. */
  private clock = 1;
  /** Keys cached per user, for deliveries. */
  private readonly byUser = new Map<number, Set<string>>();
  private readonly fills = new Map<number, Set<PageFill>>();
  /** Put order (= expiry order): key, entry. */
  private fifo: { key: string; entry: Entry }[] = [];
  private fifoHead = 0;
  private readonly ages = hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: HIGHEST_AGE_MS, numberOfSignificantValueDigits: 3 });
  private c = { hits: 0, misses: 0, evicted: 0, expiredOnRead: 0, expiredOnWrite: 0, staleReads: 0, missingPosts: 0, peakEntries: 0 };

  /**
   * `purgeOnPut: false` leaves expired pages in place until a read finds them or the LRU evicts
   * them (lru-cache's own behaviour without ttlAutopurge): the claims ledger's "pure TTL" cache.
   */
  constructor(readonly config: ReadCacheConfig, private readonly options: { purgeOnPut?: boolean } = {}) {
    this.lru = new LRUCache<string, Entry>({
      max: config.maxEntries,
      ttl: config.ttlMs,
      ttlResolution: 0,
      ttlAutopurge: false,
      updateAgeOnGet: false,
      allowStale: false,
      perf: { now: () => this.clock },
      dispose: (entry, key, reason) => {
        if (reason === 'evict') this.c.evicted++;
        else if (reason === 'expire') this.c.expiredOnRead++;
        // 'set' replaces the value of a key that stays.
        if (reason !== 'set') this.unindex(entry.ref.user, key);
      },
    });
  }

  /** Simulated ms since t=0 of the latest read; the clock never goes back (reads of one tick run concurrently). */
  get nowMs(): number {
    return this.clock - 1;
  }

  advance(tMs: number): void {
    this.clock = Math.max(this.clock, tMs + 1);
  }

  /** The cached page, or null (a miss, also when it expired); counts the read. */
  get(ref: PageRef): CachedPage | null {
    const e = this.lru.get(pageKey(ref));
    if (!e) {
      this.c.misses++;
      return null;
    }
    this.c.hits++;
    if (e.missing === 0) return { items: e.items, missing: 0, staleAgeMs: null };
    this.c.staleReads++;
    this.c.missingPosts += e.missing;
    const age = Math.max(0, this.nowMs - e.oldestMissingT);
    this.ages.recordValue(Math.min(Math.round(age), HIGHEST_AGE_MS));
    return { items: e.items, missing: e.missing, staleAgeMs: age };
  }

  /** Call before reading `ref` from Redis; give the result to put(). */
  begin(ref: PageRef): PageFill {
    const fill: PageFill = { ref, late: [] };
    let set = this.fills.get(ref.user);
    if (!set) this.fills.set(ref.user, (set = new Set()));
    set.add(fill);
    return fill;
  }

  /** The page read from Redis for `fill`: cached after the expired entries are purged. */
  put(fill: PageFill, items: readonly FeedItem[]): void {
    this.endFill(fill);
    const entry: Entry = { ref: fill.ref, items, cachedAtMs: this.nowMs, missing: 0, oldestMissingT: Infinity };
    for (const l of fill.late) this.markIfChanged(entry, l.item, l.t);
    this.purgeExpired();
    const key = pageKey(fill.ref);
    this.lru.set(key, entry);
    let keys = this.byUser.get(fill.ref.user);
    if (!keys) this.byUser.set(fill.ref.user, (keys = new Set()));
    keys.add(key);
    if (this.config.ttlMs > 0 && this.options.purgeOnPut !== false) this.fifo.push({ key, entry });
    this.c.peakEntries = Math.max(this.c.peakEntries, this.lru.size);
  }

  /** A fill whose Redis read failed: nothing to cache. */
  abandon(fill: PageFill): void {
    this.endFill(fill);
  }

  /** `item` (published at simulated `t`) is now in the feeds of `users`. */
  delivered(users: readonly number[], item: FeedItem, t: number): void {
    for (const u of users) {
      const keys = this.byUser.get(u);
      if (keys) {
        for (const k of keys) {
          const e = this.lru.peek(k, { allowStale: true });
          if (e) this.markIfChanged(e, item, t);
        }
      }
      const fills = this.fills.get(u);
      if (fills) for (const f of fills) f.late.push({ item, t });
    }
  }

  /** Pages held whose TTL has passed (not yet found by a read, purged or evicted). */
  expiredHeld(): number {
    // keys() walks only live entries (allowStale is false).
    let live = 0;
    for (const _ of this.lru.keys()) live++;
    return this.lru.size - live;
  }

  /** Forgets every page and counter (a reset to t=0). */
  clear(): void {
    this.lru.clear();
    this.byUser.clear();
    this.fills.clear();
    this.fifo = [];
    this.fifoHead = 0;
    this.clock = 1;
    this.ages.reset();
    this.c = { hits: 0, misses: 0, evicted: 0, expiredOnRead: 0, expiredOnWrite: 0, staleReads: 0, missingPosts: 0, peakEntries: 0 };
  }

  view(): ReadCacheView {
    const c = this.c;
    const reads = c.hits + c.misses;
    return {
      maxEntries: this.config.maxEntries,
      ttlMs: this.config.ttlMs,
      entries: this.lru.size,
      peakEntries: c.peakEntries,
      hits: c.hits,
      misses: c.misses,
      hitRatio: reads ? round4(c.hits / reads) : null,
      evicted: c.evicted,
      expiredOnRead: c.expiredOnRead,
      expiredOnWrite: c.expiredOnWrite,
      staleReads: c.staleReads,
      staleShare: c.hits ? round4(c.staleReads / c.hits) : null,
    };
  }

  /** report.json's figures of the cache (latency is the caller's: it owns the spans). */
  figures(): Omit<ReadCacheReport, 'latency' | 'notes'> {
    const v = this.view();
    const a = this.ages;
    return {
      maxEntries: v.maxEntries,
      ttlMs: v.ttlMs,
      reads: v.hits + v.misses,
      hits: v.hits,
      misses: v.misses,
      hitRatio: v.hitRatio,
      evicted: v.evicted,
      expiredOnRead: v.expiredOnRead,
      expiredOnWrite: v.expiredOnWrite,
      entriesAtEnd: v.entries,
      peakEntries: v.peakEntries,
      staleReads: v.staleReads,
      staleShare: v.staleShare,
      missingPosts: this.c.missingPosts,
      staleAgeMs: a.totalCount ? { p50: a.getValueAtPercentile(50), p99: a.getValueAtPercentile(99), max: a.maxValue } : null,
    };
  }

  private markIfChanged(e: Entry, item: FeedItem, t: number): void {
    if (!changesPage(e.ref, e.items, item)) return;
    e.missing++;
    e.oldestMissingT = Math.min(e.oldestMissingT, t);
  }

  /** Expired first: removes every entry whose TTL has passed, oldest first. */
  private purgeExpired(): void {
    const ttl = this.config.ttlMs;
    if (ttl === 0 || this.options.purgeOnPut === false) return;
    while (this.fifoHead < this.fifo.length) {
      const { key, entry } = this.fifo[this.fifoHead];
      if (!(this.nowMs - entry.cachedAtMs > ttl)) break;
      this.fifoHead++;
      // The key may since have been evicted, read after expiry, or put again (a newer entry).
      if (this.lru.peek(key, { allowStale: true }) === entry) {
        this.lru.delete(key);
        this.c.expiredOnWrite++;
      }
    }
    if (this.fifoHead > 1024 && this.fifoHead * 2 > this.fifo.length) {
      this.fifo = this.fifo.slice(this.fifoHead);
      this.fifoHead = 0;
    }
  }

  private endFill(fill: PageFill): void {
    const set = this.fills.get(fill.ref.user);
    set?.delete(fill);
    if (set?.size === 0) this.fills.delete(fill.ref.user);
  }

  private unindex(user: number, key: string): void {
    const keys = this.byUser.get(user);
    keys?.delete(key);
    if (keys?.size === 0) this.byUser.delete(user);
  }
}

function round4(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}
