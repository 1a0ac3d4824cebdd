/**
 * The article 2.4 read cache without a server: LRU and TTL on the simulated clock, expired
 * entries removed before live ones, and stale pages recognised from deliveries.
 */
import { describe, expect, it } from 'vitest';
import type { FeedItem } from './FeedItem.js';
import { changesPage, TimelineReadCache, type PageRef } from './ReadCache.js';

const first = (user: number, n = 3): PageRef => ({ user, n, offset: 0, below: null });
const items = (...scores: number[]): FeedItem[] => scores.map((s) => ({ postId: s, score: s }));

/** Reads `ref` as the engine does: a hit, or a miss filled with `page`. */
function read(c: TimelineReadCache, ref: PageRef, page: FeedItem[]): boolean {
  if (c.get(ref)) return true;
  c.put(c.begin(ref), page);
  return false;
}

describe('TimelineReadCache: LRU and TTL', () => {
  it('evicts the least recently used page when full, and counts hits and misses', () => {
    const c = new TimelineReadCache({ maxEntries: 2, ttlMs: 0 });
    expect(read(c, first(1), items(3, 2, 1))).toBe(false);
    expect(read(c, first(2), items(3, 2, 1))).toBe(false);
    expect(read(c, first(1), items(3, 2, 1))).toBe(true);
    read(c, first(3), items(3, 2, 1));
    // User 2's page was the least recently used.
    expect(read(c, first(2), items(3, 2, 1))).toBe(false);
    expect(read(c, first(1), items(3, 2, 1))).toBe(false);
    const v = c.view();
    expect(v).toMatchObject({ hits: 1, misses: 5, evicted: 3, entries: 2, peakEntries: 2, expiredOnRead: 0, expiredOnWrite: 0 });
    expect(v.hitRatio).toBeCloseTo(1 / 6, 4);
  });

  it('expires a page ttlMs of simulated time after it was put, however often it is read (no sliding TTL)', () => {
    const c = new TimelineReadCache({ maxEntries: 10, ttlMs: 1000 });
    c.advance(0);
    read(c, first(1), items(1));
    for (const t of [200, 600, 1000]) {
      c.advance(t);
      expect(c.get(first(1)), `read at ${t} ms`).not.toBeNull();
    }
    c.advance(1001);
    expect(c.get(first(1))).toBeNull();
    expect(c.view()).toMatchObject({ hits: 3, misses: 2, expiredOnRead: 1, entries: 0 });
  });

  it('removes expired pages before evicting a live one, even when the expired page was used recently', () => {
    const c = new TimelineReadCache({ maxEntries: 3, ttlMs: 1000 });
    c.advance(0);
    read(c, first(1), items(1));
    c.advance(600);
    read(c, first(2), items(1));
    read(c, first(3), items(1));
    // User 1's page is now the most recently used, and expired at 1001: the LRU tail is user 2's.
    c.advance(900);
    expect(c.get(first(1))).not.toBeNull();
    c.advance(1200);
    read(c, first(4), items(1));
    expect(c.view()).toMatchObject({ expiredOnWrite: 1, evicted: 0, entries: 3 });
    expect(c.get(first(2))).not.toBeNull();
    expect(c.get(first(3))).not.toBeNull();
    // The article's evict() would have removed the tail (user 2) and kept the expired page.
  });

  it('with ttlMs 0 never expires (pure LRU)', () => {
    const c = new TimelineReadCache({ maxEntries: 4, ttlMs: 0 });
    read(c, first(1), items(1));
    c.advance(86_000_000);
    expect(c.get(first(1))).not.toBeNull();
  });
});

describe('TimelineReadCache: stale reads', () => {
  it('marks a cached page stale when a newer post reaches the reader, with its age in simulated ms', () => {
    const c = new TimelineReadCache({ maxEntries: 10, ttlMs: 10_000 });
    c.advance(1000);
    read(c, first(7), items(30, 20, 10));
    // Not for this reader, already on the page, or older than the page's last item: still fresh.
    c.delivered([8], { postId: 40, score: 40 }, 1100);
    c.delivered([7], { postId: 20, score: 20 }, 1100);
    c.delivered([7], { postId: 5, score: 5 }, 1100);
    c.advance(1200);
    expect(c.get(first(7))).toMatchObject({ missing: 0, staleAgeMs: null });
    c.delivered([7, 9], { postId: 40, score: 40 }, 1300);
    c.delivered([7], { postId: 25, score: 25 }, 1400);
    c.advance(2000);
    expect(c.get(first(7))).toMatchObject({ missing: 2, staleAgeMs: 700 });
    const f = c.figures();
    expect(f).toMatchObject({ hits: 2, staleReads: 1, missingPosts: 2, staleShare: 0.5 });
    expect(f.staleAgeMs?.max).toBe(700);
  });

  it('checks posts delivered while the page was being read from Redis against the page that came back', () => {
    const c = new TimelineReadCache({ maxEntries: 10, ttlMs: 10_000 });
    const fillA = c.begin(first(1));
    const fillB = c.begin(first(2));
    c.delivered([1, 2], { postId: 50, score: 50 }, 10);
    // Reader 1's read saw the post, reader 2's ran before it landed.
    c.put(fillA, items(50, 30, 20));
    c.put(fillB, items(30, 20, 10));
    expect(c.get(first(1))?.missing).toBe(0);
    expect(c.get(first(2))?.missing).toBe(1);
  });

  it('knows which deliveries change which page', () => {
    const page = items(30, 20, 10);
    expect(changesPage(first(1), page, { postId: 15, score: 15 })).toBe(true);
    expect(changesPage(first(1), page, { postId: 9, score: 9 })).toBe(false);
    // A cursor page below 100 holds nothing newer than 100.
    expect(changesPage({ user: 1, n: 3, offset: 3, below: 100 }, items(90, 80, 70), { postId: 120, score: 120 })).toBe(false);
    expect(changesPage({ user: 1, n: 3, offset: 3, below: 100 }, items(90, 80, 70), { postId: 85, score: 85 })).toBe(true);
    // A short page takes any new post; a deep offset page shifts by one.
    expect(changesPage(first(1), items(30), { postId: 1, score: 1 })).toBe(true);
    expect(changesPage({ user: 1, n: 3, offset: 40, below: null }, page, { postId: 99, score: 99 })).toBe(true);
    expect(changesPage({ user: 1, n: 3, offset: 40, below: null }, [], { postId: 99, score: 99 })).toBe(false);
  });

  it('forgets pages and counters on clear', () => {
    const c = new TimelineReadCache({ maxEntries: 10, ttlMs: 100 });
    read(c, first(1), items(1));
    c.get(first(1));
    c.clear();
    expect(c.view()).toMatchObject({ hits: 0, misses: 0, entries: 0, hitRatio: null });
    expect(c.get(first(1))).toBeNull();
  });
});
