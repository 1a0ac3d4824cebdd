/**
 * Article 2.4's table, measured live (no server; a few tens of ms): the same stream of posts and
 * reads through three configurations of the Timeline read cache (engine/timeline/ReadCache.ts):
 * pure LRU (no TTL), pure TTL (every page fits, expired pages stay until a read finds them, as
 * lru-cache does without ttlAutopurge) and the article's LRU+TTL. Readers are Zipf-distributed,
 * so a few users read most pages (the table's "hot data"); each post reaches random followers at
 * once and changes their first page. Feeds live in memory: the cache's counters, not Redis, are
 * what the table is about (report.json readCache has the same counters from a real run).
 */
import { AliasTable, Prng } from '../scenario/prng.js';
import type { FeedItem } from '../timeline/FeedItem.js';
import { TimelineReadCache, type PageRef } from '../timeline/ReadCache.js';

const USERS = 2000;
/** Share of readers counted as hot: the most active 1%. */
const HOT_USERS = 20;
const READS_PER_SEC = 500;
const POSTS_PER_SEC = 40;
const FOLLOWERS_PER_POST = 15;
const DURATION_MS = 30_000;
const TICK_MS = 10;
const PAGE = 10;
const FEED_LENGTH = 50;
const MAX_ENTRIES = 200;
const TTL_MS = 2000;

export interface ReadCachePolicyFigures {
  hitRatio: number;
  /** Misses per 1,000 reads of the hot users' pages. */
  hotMissesPer1k: number;
  staleShare: number;
  /** Longest time a stale page had been missing a post when read (simulated ms); 0: never stale. */
  maxStaleAgeMs: number;
  peakEntries: number;
  /** Pages held at the end whose TTL had passed. */
  expiredHeldAtEnd: number;
}

export interface ReadCacheFigures {
  users: number;
  hotUsers: number;
  readsPerSec: number;
  postsPerSec: number;
  durationSec: number;
  maxEntries: number;
  ttlMs: number;
  lru: ReadCachePolicyFigures;
  ttl: ReadCachePolicyFigures;
  hybrid: ReadCachePolicyFigures;
}

function play(cache: TimelineReadCache): ReadCachePolicyFigures {
  const rng = new Prng(24, 'claims.readCache');
  const readers = new AliasTable(Array.from({ length: USERS }, (_, u) => 1 / (u + 1)));
  const feeds: FeedItem[][] = Array.from({ length: USERS }, () => []);
  let postId = 0;
  let hotReads = 0;
  let hotMisses = 0;
  for (let t = 0; t < DURATION_MS; t += TICK_MS) {
    cache.advance(t);
    for (let p = rng.poisson((POSTS_PER_SEC * TICK_MS) / 1000); p > 0; p--) {
      const item: FeedItem = { postId: ++postId, score: t };
      const to = Array.from({ length: FOLLOWERS_PER_POST }, () => rng.int(USERS));
      for (const u of to) feeds[u] = [item, ...feeds[u]].slice(0, FEED_LENGTH);
      cache.delivered(to, item, t);
    }
    for (let r = rng.poisson((READS_PER_SEC * TICK_MS) / 1000); r > 0; r--) {
      const user = readers.draw(rng);
      const ref: PageRef = { user, n: PAGE, offset: 0, below: null };
      const hit = cache.get(ref);
      if (user < HOT_USERS) hotReads++;
      if (hit) continue;
      if (user < HOT_USERS) hotMisses++;
      cache.put(cache.begin(ref), feeds[user].slice(0, PAGE));
    }
  }
  const f = cache.figures();
  return {
    hitRatio: f.hitRatio ?? 0,
    hotMissesPer1k: hotReads ? Math.round((hotMisses / hotReads) * 10_000) / 10 : 0,
    staleShare: f.staleShare ?? 0,
    maxStaleAgeMs: f.staleAgeMs?.max ?? 0,
    peakEntries: f.peakEntries,
    expiredHeldAtEnd: cache.expiredHeld(),
  };
}

export function measureReadCache(): ReadCacheFigures {
  return {
    users: USERS,
    hotUsers: HOT_USERS,
    readsPerSec: READS_PER_SEC,
    postsPerSec: POSTS_PER_SEC,
    durationSec: DURATION_MS / 1000,
    maxEntries: MAX_ENTRIES,
    ttlMs: TTL_MS,
    lru: play(new TimelineReadCache({ maxEntries: MAX_ENTRIES, ttlMs: 0 })),
    // Room for every user's page: nothing is evicted for space, and expiry is lazy.
    ttl: play(new TimelineReadCache({ maxEntries: USERS, ttlMs: TTL_MS }, { purgeOnPut: false })),
    hybrid: play(new TimelineReadCache({ maxEntries: MAX_ENTRIES, ttlMs: TTL_MS })),
  };
}
