/**
 * The skiplist view of one live ZSET: the key's members are read in order (pages of
 * MAX_PAGE_ELEMENTS) and replayed into a SkiplistModel; its level histogram, towers and search
 * path are shown beside what the server says (encoding, ZCARD, MEMORY USAGE ... SAMPLES 0, the
 * listpack thresholds from CONFIG). Offset cost runs `ZRANGE key a b REV` (the ZREVRANGE code
 * path) at several offsets and reads the server-side time per call from INFO commandstats.
 */
import type { Redis } from 'ioredis';
import type { OffsetCostView, ZsetInspectView } from '../api.js';
import { FeedscopeError } from '../errors.js';
import { ARTICLE_P, SkiplistModel, theoreticalLevelShare } from '../structures/SkiplistModel.js';
import { DEFAULT_ZSET_CONFIG, estimateListpackZset, estimateSkiplistZset, expectedEncoding, simulateDictSlots, utf8Bytes, type ZsetConfig, type ZsetEntry, type ZsetMemoryEstimate } from '../structures/zsetMemory.js';
import { MAX_PAGE_ELEMENTS, parseInfo, parseScore } from './KeyInspector.js';

/**
 * Members replayed into the model at most; beyond, per-element components are scaled. The replay
 * runs on the engine's thread (about 1 s per 250k members on a small machine), so it is bounded.
 */
export const MODEL_MAX_MEMBERS = 250_000;
const PAGES_PER_PIPELINE = 20;
const MAX_PATH_STEPS = 256;
const CLIENT_TIMED_CALLS = 50;

export const REPLICA_NOTE = 'Towers are a statistical replica: Redis does not expose node levels, so the model replays the members in order with the same level distribution (ZSKIPLIST_P 0.25). Counts, encoding and memory are checked against the server.';
export const ARTICLE_NOTE = 'The article draws skiplist level k with probability 0.5^k; Redis uses ZSKIPLIST_P = 0.25 (src/server.h), so towers are lower: 75% of nodes have 1 level, 18.75% have 2.';

export interface ZsetReplay {
  key: string;
  length: number;
  encoding: string;
  entries: ZsetEntry[];
  model: SkiplistModel;
  config: ZsetConfig;
  configNote: string | null;
  seed: number;
}

async function zsetConfig(client: Redis): Promise<{ config: ZsetConfig; note: string | null }> {
  const get = async (name: string): Promise<number | null> => {
    const r = (await client.call('CONFIG', 'GET', name)) as string[];
    return r.length >= 2 ? Number(r[1]) : null;
  };
  try {
    const entries = (await get('zset-max-listpack-entries')) ?? (await get('zset-max-ziplist-entries'));
    const value = (await get('zset-max-listpack-value')) ?? (await get('zset-max-ziplist-value'));
    return { config: { maxListpackEntries: entries ?? DEFAULT_ZSET_CONFIG.maxListpackEntries, maxListpackValue: value ?? DEFAULT_ZSET_CONFIG.maxListpackValue }, note: null };
  } catch {
    return { config: DEFAULT_ZSET_CONFIG, note: 'CONFIG GET is not allowed on this server: assuming the default thresholds (128 entries, 64 bytes).' };
  }
}

/** Reads every member (up to MODEL_MAX_MEMBERS) in rank order and replays them into a model. */
export async function replayZset(client: Redis, key: string, seed: number): Promise<ZsetReplay> {
  const type = await client.type(key);
  if (type !== 'zset') {
    throw new FeedscopeError(type === 'none' ? 'NO_SUCH_KEY' : 'NOT_A_ZSET', type === 'none' ? `The key "${key}" does not exist: check its name (the key browser lists keys) or play the scenario further.` : `The key "${key}" is a ${type}, not a sorted set: the skiplist view needs a ZSET.`);
  }
  const [length, encoding, cfg] = await Promise.all([client.zcard(key), client.object('ENCODING', key) as Promise<string>, zsetConfig(client)]);
  const want = Math.min(length, MODEL_MAX_MEMBERS);
  const entries: ZsetEntry[] = [];
  for (let start = 0; start < want; start += MAX_PAGE_ELEMENTS * PAGES_PER_PIPELINE) {
    const pipe = client.pipeline();
    for (let p = 0; p < PAGES_PER_PIPELINE; p++) {
      const a = start + p * MAX_PAGE_ELEMENTS;
      if (a >= want) break;
      pipe.zrange(key, a, Math.min(want, a + MAX_PAGE_ELEMENTS) - 1, 'WITHSCORES');
    }
    for (const [err, flat] of (await pipe.exec()) ?? []) {
      if (err) throw new FeedscopeError('REDIS_COMMAND_FAILED', `Reading "${key}" failed: ${err.message}`, { cause: err });
      const f = flat as string[];
      for (let i = 0; i < f.length; i += 2) entries.push({ member: f[i], score: parseScore(f[i + 1]) });
    }
  }
  const model = new SkiplistModel(seed);
  // The key may change while it is read (a playing scenario): replay in (score, member) order.
  entries.sort((a, b) => a.score - b.score || (a.member < b.member ? -1 : a.member > b.member ? 1 : 0));
  const seen = new Set<string>();
  for (const e of entries) {
    if (seen.has(e.member)) continue;
    seen.add(e.member);
    model.insert(e.score, e.member);
  }
  return { key, length, encoding, entries, model, config: cfg.config, configNote: cfg.note, seed };
}

export function estimateMemory(r: ZsetReplay): ZsetMemoryEstimate {
  if (r.encoding === 'listpack') return estimateListpackZset(r.key, r.entries);
  const est = estimateSkiplistZset(r.key, r.entries.map((e) => e.member), r.model.levels(), { dictSlots: simulateDictSlots(r.length, r.config.maxListpackEntries) });
  if (r.length <= r.entries.length || r.entries.length === 0) return est;
  // Only part of a very large key was replayed: scale the per-element components.
  const f = r.length / r.entries.length;
  const perElement = new Set(['dict entries', 'skiplist nodes', 'sds members']);
  const components = est.components.map((c) => (perElement.has(c.name) ? { ...c, bytes: Math.round(c.bytes * f), detail: `${c.detail}; scaled x${f.toFixed(2)} from ${r.entries.length} replayed members` } : c));
  return { ...est, components, estimatedBytes: components.reduce((s, c) => s + c.bytes, 0) };
}

export async function inspectZset(client: Redis, args: { key: string; offset: number; pageSize: number; towers: number; seed: number }, replay?: ZsetReplay): Promise<ZsetInspectView> {
  const r = replay ?? (await replayZset(client, args.key, args.seed));
  const memoryUsageBytes = Number(await client.call('MEMORY', 'USAGE', args.key, 'SAMPLES', '0'));
  const est = estimateMemory(r);
  const maxMemberBytes = r.entries.reduce((m, e) => Math.max(m, utf8Bytes(e.member)), 0);
  const skiplist = r.encoding === 'skiplist';
  const n = r.model.length;
  const hist = skiplist ? r.model.levelHistogram() : [];
  const levelHistogram = hist.slice(1).map((nodes, i) => ({ level: i + 1, nodes, expected: n * theoreticalLevelShare(i + 1), articleExpected: n * theoreticalLevelShare(i + 1, ARTICLE_P) }));
  let search: ZsetInspectView['model']['search'] = null;
  if (skiplist) {
    const cost = r.model.revRangeCost(args.offset, args.pageSize);
    search = {
      offset: args.offset,
      pageSize: args.pageSize,
      rank: cost.path?.rank ?? (cost.returned > 0 ? n : null),
      comparisons: cost.comparisons,
      backwardSteps: cost.backwardSteps,
      levelsVisited: cost.path?.levelsVisited ?? 0,
      steps: (cost.path?.steps ?? []).slice(0, MAX_PATH_STEPS),
    };
  }
  const notes = [REPLICA_NOTE, ARTICLE_NOTE];
  if (!skiplist) notes.push(`This key is ${r.encoding}-encoded (at most ${r.config.maxListpackEntries} members of at most ${r.config.maxListpackValue} bytes): there is no skiplist yet; a range walks the listpack linearly.`);
  if (r.configNote) notes.push(r.configNote);
  const info = parseInfo(`${await client.info('server')}\n${await client.info('memory')}`);
  const version = info.get('redis_version') ?? '?';
  const allocator = info.get('mem_allocator') ?? '?';
  if (!/^7\./.test(version)) notes.push(`The memory model follows Redis 7.0/7.2 structure sizes; this server is ${version}, so the estimate may be off by more than usual.`);
  if (!allocator.startsWith('jemalloc')) notes.push(`This server allocates with ${allocator}, not jemalloc: size classes differ, so the estimate may be off.`);
  if (r.length > r.entries.length) notes.push(`Only the first ${r.entries.length.toLocaleString('en-US')} of ${r.length.toLocaleString('en-US')} members were replayed.`);
  if (r.length !== n && r.length <= MODEL_MAX_MEMBERS) notes.push(`The key changed while it was read (ZCARD ${r.length}, replayed ${n}).`);
  return {
    key: args.key,
    encoding: r.encoding,
    expectedEncoding: expectedEncoding(r.length, maxMemberBytes, r.config),
    length: r.length,
    config: r.config,
    maxMemberBytes,
    memoryUsageBytes,
    model: {
      estimatedBytes: est.estimatedBytes,
      errorPct: memoryUsageBytes ? Math.round(((est.estimatedBytes - memoryUsageBytes) / memoryUsageBytes) * 10000) / 100 : 0,
      components: est.components,
      levelHistogram,
      maxLevel: skiplist ? r.model.level : 0,
      towers: skiplist ? r.model.towers(args.towers) : { first: [], last: [] },
      search,
      replayedMembers: n,
      seed: r.seed,
    },
    notes,
  };
}

async function zrangeStats(client: Redis): Promise<{ calls: number; usec: number }> {
  const line = parseInfo(await client.info('commandstats')).get('cmdstat_zrange') ?? '';
  return { calls: Number(/calls=(\d+)/.exec(line)?.[1] ?? 0), usec: Number(/usec=(\d+)/.exec(line)?.[1] ?? 0) };
}

/** ZREVRANGE cost at each offset, measured on the server, beside the model's comparisons. */
export async function measureOffsetCost(client: Redis, args: { key: string; offsets: number[]; pageSize: number; repeats: number }, replay?: ZsetReplay): Promise<OffsetCostView> {
  const r = replay ?? (await replayZset(client, args.key, 1));
  const rows: OffsetCostView['rows'] = [];
  for (const offset of args.offsets) {
    if (offset >= r.length) {
      rows.push({ offset, serverUsPerCall: null, clientP50Us: null, clientP99Us: null, modelComparisons: null, modelLevelsVisited: null, backwardSteps: null, skipped: `the key has ${r.length.toLocaleString('en-US')} members` });
      continue;
    }
    const stop = offset + args.pageSize - 1;
    const before = await zrangeStats(client);
    const pipe = client.pipeline();
    for (let i = 0; i < args.repeats; i++) pipe.call('ZRANGE', args.key, offset, stop, 'REV');
    await pipe.exec();
    const after = await zrangeStats(client);
    const rtts: number[] = [];
    for (let i = 0; i < Math.min(CLIENT_TIMED_CALLS, args.repeats); i++) {
      const t0 = process.hrtime.bigint();
      await client.call('ZRANGE', args.key, offset, stop, 'REV');
      rtts.push(Number(process.hrtime.bigint() - t0) / 1000);
    }
    rtts.sort((a, b) => a - b);
    const calls = after.calls - before.calls;
    const cost = r.encoding === 'skiplist' ? r.model.revRangeCost(offset, args.pageSize) : null;
    rows.push({
      offset,
      serverUsPerCall: calls > 0 ? Math.round(((after.usec - before.usec) / calls) * 1000) / 1000 : null,
      clientP50Us: Math.round(rtts[Math.floor(rtts.length / 2)]),
      clientP99Us: Math.round(rtts[Math.min(rtts.length - 1, Math.floor(rtts.length * 0.99))]),
      modelComparisons: cost ? cost.comparisons : null,
      modelLevelsVisited: cost ? (cost.path?.levelsVisited ?? 0) : null,
      backwardSteps: cost ? cost.backwardSteps : null,
      skipped: null,
    });
  }
  const notes = [
    'Server time per call comes from INFO commandstats (cmdstat_zrange usec/calls) around a pipeline of ZRANGE key a b REV, the ZREVRANGE code path; other clients running ZRANGE at the same time would be counted too.',
    'Offset 0 starts at the tail (no search); deeper offsets search by rank from the header, O(log N), then walk M-1 backward pointers: the article\'s O(log N + M).',
  ];
  if (r.encoding !== 'skiplist') notes.push(`This key is ${r.encoding}-encoded: the model's comparisons apply to skiplists only.`);
  return { key: args.key, length: r.length, encoding: r.encoding, pageSize: args.pageSize, repeats: args.repeats, rows, notes };
}
