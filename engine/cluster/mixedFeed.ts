/**
 * Chapter 1's mixed feed ("同城+关注+AI推荐": local + following + recommended) read from three
 * ZSETs per user, four ways, to measure the article's claim that on a cluster "ZUNIONSTORE跨分片聚合
 * 性能极差" (aggregating across shards with ZUNIONSTORE performs very badly):
 * - `zunionstore`: ZUNIONSTORE dest 3 follow city recommended + ZREVRANGE dest 0 n-1 (+ UNLINK), the
 *   server-side merge. On one server it works; on a cluster with per-user hash tags the city list
 *   is shared by many users and hashes elsewhere, so Redis refuses it with CROSSSLOT.
 * - `colocated`: the same commands with every key under one hash tag: legal on a cluster, but one
 *   master then holds every mixed-feed key (the balance cost is measured as per-node memory).
 * - `client`: ZREVRANGE n WITHSCORES of each source (pipelined per node by the transport), merged
 *   in the client: works on any layout.
 * Keys live under their own prefix so that a run's reset removes them.
 */
import { FeedscopeError } from '../errors.js';
import { pipelineValues, type RedisCommand, type RedisTransport } from '../redis/transport/RedisTransport.js';

export type MixedVariant = 'zunionstore' | 'colocated' | 'client';

export interface MixedFeedLayout {
  prefix: string;
  users: number;
  cities: number;
  /** Entries in each source ZSET. */
  entries: number;
  /** Per-user hash tags ({u<id>}) or one tag for every key ({mix}). */
  tags: 'per-user' | 'one';
}

export function mixedKeys(l: MixedFeedLayout, user: number): { follow: string; city: string; rec: string; dest: string } {
  const city = user % l.cities;
  if (l.tags === 'one') return { follow: `${l.prefix}{mix}:follow:${user}`, city: `${l.prefix}{mix}:city:${city}`, rec: `${l.prefix}{mix}:rec:${user}`, dest: `${l.prefix}{mix}:dest:${user}` };
  return { follow: `${l.prefix}{u${user}}:follow`, city: `${l.prefix}{c${city}}:city`, rec: `${l.prefix}{u${user}}:rec`, dest: `${l.prefix}{u${user}}:mixed` };
}

/** Fills every source ZSET (deterministic scores: the same data on every layout). */
export async function fillMixedFeeds(t: RedisTransport, l: MixedFeedLayout): Promise<void> {
  const cmds: RedisCommand[] = [];
  const flush = async (): Promise<void> => {
    if (cmds.length > 0) await t.send(cmds.splice(0), 'ZADD', 'bulk');
  };
  const zadd = (key: string, seed: number): void => {
    const args: (string | number)[] = ['ZADD', key];
    for (let i = 0; i < l.entries; i++) args.push(1_767_225_600_000 + ((seed * 7919 + i * 104_729) % 86_400_000), `${seed}:${i}`);
    cmds.push(args);
  };
  for (let c = 0; c < l.cities; c++) zadd(mixedKeys(l, c).city, 1_000_000 + c);
  for (let u = 0; u < l.users; u++) {
    const k = mixedKeys(l, u);
    zadd(k.follow, u);
    zadd(k.rec, 2_000_000 + u);
    if (cmds.length >= 200) await flush();
  }
  await flush();
}

/** One mixed page of `n` items, newest first, read the given way. */
export async function readMixed(t: RedisTransport, l: MixedFeedLayout, user: number, n: number, variant: MixedVariant): Promise<string[]> {
  const k = mixedKeys(l, user);
  if (variant === 'client') {
    const lists = (await pipelineValues(t, [k.follow, k.city, k.rec].map((key) => ['ZREVRANGE', key, 0, n - 1, 'WITHSCORES']), 'ZREVRANGE')) as string[][];
    const merged: { m: string; s: number }[] = [];
    for (const flat of lists) for (let i = 0; i < flat.length; i += 2) merged.push({ m: flat[i], s: Number(flat[i + 1]) });
    merged.sort((a, b) => b.s - a.s || (a.m < b.m ? 1 : a.m > b.m ? -1 : 0));
    const out: string[] = [];
    const seen = new Set<string>();
    for (const x of merged) {
      if (seen.has(x.m)) continue;
      seen.add(x.m);
      out.push(x.m);
      if (out.length === n) break;
    }
    return out;
  }
  const res = await t.pipeline([
    ['ZUNIONSTORE', k.dest, 3, k.follow, k.city, k.rec, 'AGGREGATE', 'MAX'],
    ['ZREVRANGE', k.dest, 0, n - 1],
    ['UNLINK', k.dest],
  ]);
  const failed = res.find(([e]) => e);
  if (failed?.[0]) throw failed[0] instanceof FeedscopeError ? failed[0] : new FeedscopeError('REDIS_COMMAND_FAILED', `The mixed feed's ZUNIONSTORE failed: ${failed[0].message}`, { cause: failed[0] });
  return res[1][1] as string[];
}
