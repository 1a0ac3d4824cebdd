/** Figures of bench/alternatives.ts (article 4.3, alternatives to the ZSET). */
import { z } from 'zod';
import { count } from './common.js';

/** The stores one user's feed is paged from, declared once (bench/alternatives.ts measures them in this order). */
export const ALTERNATIVE_STORES = ['redis-zset', 'btree', 'leveldb', 'ladybug'] as const;
export const AlternativeStoreSchema = z.enum(ALTERNATIVE_STORES);
export type AlternativeStore = (typeof ALTERNATIVE_STORES)[number];

/** What a store's bytes per entry are: Redis's MEMORY USAGE of the key, the JS heap's growth, or the database directory's size. */
export const ALTERNATIVE_MEMORY_KINDS = ['MEMORY USAGE', 'heap delta', 'on disk'] as const;

const AlternativePageSchema = z.object({
  /** Entries skipped before the page (0: the newest page). */
  offset: count,
  p50Ms: z.number(),
  p99Ms: z.number(),
  /** Reads timed (fewer than the run's maximum when a read is slow: each offset has a time budget). */
  samples: count,
});
export type AlternativePage = z.infer<typeof AlternativePageSchema>;

const AlternativeSizeRowSchema = z.object({
  entries: count,
  loadMs: z.number(),
  bytesPerEntry: z.number(),
  /** Newest pages read one after another (one in flight): the median of 5 windows that together last the run's qpsSeconds. */
  newestPageQps: z.number(),
  pages: z.array(AlternativePageSchema).min(1),
});
export type AlternativeSizeRow = z.infer<typeof AlternativeSizeRowSchema>;

const AlternativeStoreRowSchema = z.object({
  store: AlternativeStoreSchema,
  /** The store as the table prints it ("Redis ZSET (ZREVRANGE)"). */
  label: z.string(),
  /** Package or server and its version. */
  version: z.string(),
  memoryKind: z.enum(ALTERNATIVE_MEMORY_KINDS),
  /** null when measured; otherwise the exact error that kept it from running. */
  error: z.string().nullable(),
  rows: z.array(AlternativeSizeRowSchema),
});
export type AlternativeStoreRow = z.infer<typeof AlternativeStoreRowSchema>;

/** bench/alternatives.ts (article 4.3): one user's feed paged from a ZSET, a B+tree, LevelDB and LadybugDB. */
export const AlternativesFiguresSchema = z.object({
  pageSize: count,
  sizes: z.array(count).min(1),
  offsets: z.array(count).min(1),
  qpsSeconds: z.number(),
  maxSamples: count,
  stores: z.array(AlternativeStoreRowSchema).length(ALTERNATIVE_STORES.length),
  /** The article's 4.3 table: range-scan QPS of Go's "SortedMap", BadgerDB and TiKV (3 nodes). */
  article: z.object({ sortedMapQps: z.number(), badgerQps: z.number(), tikvQps: z.number() }),
});
export type AlternativesFigures = z.infer<typeof AlternativesFiguresSchema>;
