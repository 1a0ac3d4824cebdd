/**
 * bench/cluster.ts, part 2: chapter 1's mixed feed (local + following + recommended, three ZSETs
 * per reader) read through engine/cluster/mixedFeed.ts, to put figures on "ZUNIONSTORE跨分片聚合
 * 性能极差": ZUNIONSTORE and a client-side merge on one server; on the cluster, ZUNIONSTORE with
 * per-user hash tags (refused: CROSSSLOT), with every key under one tag (legal: where the memory
 * then sits) and the client-side merge (keys spread). Reads are one at a time, alternating the
 * variants on the same reader, so each variant sees the same data and the same machine load.
 */
import {
  FeedscopeError, fillMixedFeeds, openRedis, openTransport, Prng, readMixed, RedisServer,
  type ClusterConnection, type ClusterFigures, type MixedFeedLayout, type MixedVariant, type MixedVariantRow, type RedisTransport,
} from '../../engine/index.js';
import { percentile, round } from './bench.js';
import { usecPerCall } from './cpu.js';

const MIXED_PREFIX = 'bm:';
const CITIES = 20;
const PAGE = 20;

export type MixedFigures = ClusterFigures['mixed'];

interface Sizes {
  users: number;
  /** Entries per source ZSET (above 128: skiplist encoding, as a real feed's). */
  entries: number;
  reads: number;
}

/** Times one read per variant for `reads` random readers, alternating the order; refusals (CROSSSLOT) are counted, not timed. */
async function readVariants(t: RedisTransport, layouts: Map<MixedVariant, MixedFeedLayout>, setting: MixedVariantRow['setting'], reads: number, seed: number, firstError: { message: string | null }): Promise<MixedVariantRow[]> {
  const variants = [...layouts.keys()];
  const lat = new Map(variants.map((v) => [v, [] as number[]]));
  const refused = new Map(variants.map((v) => [v, 0]));
  const rng = new Prng(seed, 'bench-mixed');
  const users = layouts.get(variants[0])!.users;
  for (let i = 0; i < reads; i++) {
    const user = rng.int(users);
    const order = i % 2 === 0 ? variants : [...variants].reverse();
    for (const v of order) {
      const t0 = performance.now();
      try {
        await readMixed(t, layouts.get(v)!, user, PAGE, v);
        lat.get(v)!.push(performance.now() - t0);
      } catch (err) {
        if (!(err instanceof FeedscopeError && err.code === 'REDIS_CROSSSLOT')) throw err;
        refused.set(v, refused.get(v)! + 1);
        firstError.message ??= err.message;
      }
    }
  }
  return variants.map((v) => {
    const xs = lat.get(v)!;
    return {
      setting, variant: v, tags: layouts.get(v)!.tags, attempts: reads, refused: refused.get(v)!,
      p50Ms: xs.length ? round(percentile(xs, 50)) : null, p99Ms: xs.length ? round(percentile(xs, 99)) : null,
    };
  });
}

/** Fills `layout` on the cluster and returns where its bytes and keys went (used_memory and DBSIZE deltas per master). */
async function fillMeasured(conn: ClusterConnection, t: RedisTransport, layout: MixedFeedLayout): Promise<MixedFigures['memory'][number]> {
  const before = await conn.nodeStats();
  await fillMixedFeeds(t, layout);
  const after = await conn.nodeStats();
  const perNodeBytes = after.map((n, i) => Math.max(0, n.usedMemoryBytes - before[i].usedMemoryBytes));
  const perNodeKeys = after.map((n, i) => n.keys - before[i].keys);
  const total = perNodeBytes.reduce((a, b) => a + b, 0);
  return { tags: layout.tags, perNodeBytes, perNodeKeys, busiestShare: total > 0 ? round(Math.max(...perNodeBytes) / total) : 0 };
}

export async function mixedFeedFigures(conn: ClusterConnection, s: Sizes): Promise<MixedFigures> {
  const perUser: MixedFeedLayout = { prefix: MIXED_PREFIX, users: s.users, cities: CITIES, entries: s.entries, tags: 'per-user' };
  const oneTag: MixedFeedLayout = { ...perUser, tags: 'one' };
  const firstError = { message: null as string | null };

  // One server: the server-side merge works, beside the client-side one on the same data.
  const server = await RedisServer.start();
  let one: MixedVariantRow[];
  let zunionUs: number;
  try {
    const redis = await openRedis({ url: server.url });
    const t = await openTransport(redis.client);
    try {
      await fillMixedFeeds(t, perUser);
      await redis.client.call('CONFIG', 'RESETSTAT');
      one = await readVariants(t, new Map<MixedVariant, MixedFeedLayout>([['zunionstore', perUser], ['client', perUser]]), 'one server', s.reads, 1, firstError);
      zunionUs = await usecPerCall(redis.client, 'zunionstore');
    } finally {
      await t.close();
      await redis.close();
    }
  } finally {
    await server.stop();
  }

  // The cluster: each layout alone, so its memory delta is its own.
  const t = await conn.openTransport();
  let spread: MixedVariantRow[];
  let colocated: MixedVariantRow[];
  const memory: MixedFigures['memory'] = [];
  try {
    await conn.deletePrefix(MIXED_PREFIX);
    memory.push(await fillMeasured(conn, t, perUser));
    spread = await readVariants(t, new Map<MixedVariant, MixedFeedLayout>([['zunionstore', perUser], ['client', perUser]]), 'cluster', s.reads, 1, firstError);
    await conn.deletePrefix(MIXED_PREFIX);
    memory.push(await fillMeasured(conn, t, oneTag));
    colocated = await readVariants(t, new Map<MixedVariant, MixedFeedLayout>([['colocated', oneTag]]), 'cluster', s.reads, 1, firstError);
    await conn.deletePrefix(MIXED_PREFIX);
  } finally {
    await t.close();
  }

  const variants = [...one, ...spread, ...colocated];
  const oneZunion = one.find((r) => r.variant === 'zunionstore')!;
  const clusterClient = spread.find((r) => r.variant === 'client')!;
  const ratio = (a: number | null, b: number | null): number | null => (a !== null && b !== null && b > 0 ? round(a / b, 2) : null);
  return {
    masters: conn.masters.length, users: s.users, cities: CITIES, entriesPerSource: s.entries, pageSize: PAGE, variants,
    crossSlotMessage: firstError.message, memory,
    oneServerZunionstoreUsec: Number.isFinite(zunionUs) ? round(zunionUs, 2) : null,
    clientVsOneServerP50: ratio(clusterClient.p50Ms, oneZunion.p50Ms),
    clientVsOneServerP99: ratio(clusterClient.p99Ms, oneZunion.p99Ms),
  };
}
