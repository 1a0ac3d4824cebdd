/**
 * The Timeline on private Redis Clusters (README "Redis Cluster"), each figure beside its
 * yardstick, measured in this run:
 * 1. fan-out ZADDs/s through the engine's write path (TimelineModel + ClusterTransport, hash tags
 *    on, one celebrity) on 1, 2 and 3 masters, beside redis-benchmark --cluster on the same nodes;
 *    ZADDs per master (balance) and who was on the CPUs (each Redis, the client, the machine);
 * 2. chapter 1's mixed feed: ZUNIONSTORE vs a client-side merge on one server and on 3 masters
 *    (clusterMixed.ts);
 * 3. resharding: slots moved with timelines in them, quiet and under the fan-out (clusterReshard.ts);
 * 4. a hot key: pull-mode reads all hitting the celebrity's outbox vs push-mode reads (clusterHotSpot.ts).
 */
import os from 'node:os';
import { ClusterConnection, FollowGraph, type ClusterFanoutRow, type ClusterFigures } from '../engine/index.js';
import { median, round, type Bench, type BenchContext, type BenchOutcome } from './lib/bench.js';
import { cpuSharesDuring, pct, usecPerCall, type CpuShares } from './lib/cpu.js';
import { fixed, int, table } from './lib/format.js';
import { celebrityGraph } from './lib/graphs.js';
import { hotSpotFigures } from './lib/clusterHotSpot.js';
import { mixedFeedFigures } from './lib/clusterMixed.js';
import { fillTimelines, reshardFigures, type ReshardPlan } from './lib/clusterReshard.js';
import { celebrityPosts, imbalance, PREFIX, perMaster, timelineConfig, timelineOn } from './lib/clusterTimeline.js';
import { redisBenchmark, type RedisBenchmarkFigure } from './lib/redisBenchmark.js';

const MASTER_COUNTS = [1, 2, 3] as const;

interface Sizes {
  followers: number;
  posts: number;
  redisBenchmarkN: number;
  repeats: number;
  mixed: { users: number; entries: number; reads: number };
  reshardPosts: number;
  reshards: ReshardPlan[];
  hotReads: number;
}

const FULL: Sizes = {
  followers: 100_000, posts: 8, redisBenchmarkN: 500_000, repeats: 3,
  mixed: { users: 3000, entries: 150, reads: 2000 },
  reshardPosts: 16,
  reshards: [{ slots: 1000, from: 0, to: 1, withWriter: false }, { slots: 4000, from: 0, to: 1, withWriter: false }, { slots: 500, from: 2, to: 0, withWriter: true }],
  hotReads: 10_000,
};
const QUICK: Sizes = {
  followers: 50_000, posts: 4, redisBenchmarkN: 200_000, repeats: 1,
  mixed: { users: 1000, entries: 150, reads: 500 },
  reshardPosts: 6,
  reshards: [{ slots: 1000, from: 0, to: 1, withWriter: false }, { slots: 300, from: 2, to: 0, withWriter: true }],
  hotReads: 3000,
};

/** Mean over the masters of each one's ZADD usec_per_call (INFO commandstats). */
async function meanZaddUsec(conn: ClusterConnection): Promise<number> {
  const xs = (await Promise.all(conn.masterClients().map((c) => usecPerCall(c, 'zadd')))).filter(Number.isFinite);
  return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN;
}

async function resetStats(conn: ClusterConnection): Promise<void> {
  await Promise.all(conn.masterClients().map((c) => c.call('CONFIG', 'RESETSTAT')));
}

/** One fan-out run into fresh timelines: ZADDs/s, ZADDs per master, CPU shares, Redis's time per ZADD. */
async function fanoutOnce(conn: ClusterConnection, graph: FollowGraph, posts: number): Promise<{ zaddsPerSec: number; perNode: number[]; cpu: CpuShares<void>; usec: number }> {
  await conn.deletePrefix(PREFIX);
  await resetStats(conn);
  const t = await conn.openTransport();
  const errors: unknown[] = [];
  try {
    const model = timelineOn(t, graph, timelineConfig('push'), errors);
    const cpu = await cpuSharesDuring(conn.masterClients(), () => celebrityPosts(model, 1, posts + 1));
    if (errors.length > 0) throw errors[0];
    return { zaddsPerSec: model.monitor().zadds / cpu.wallSec, perNode: perMaster(conn, t.nodeStats(), (s) => s.fanoutZadds), cpu, usec: await meanZaddUsec(conn) };
  } finally {
    await t.close();
  }
}

async function redisBenchmarkOnce(conn: ClusterConnection, args: string[]): Promise<{ rps: number; cpu: CpuShares<RedisBenchmarkFigure>; usec: number }> {
  await resetStats(conn);
  // redis-benchmark refuses --cluster on one node ("Invalid cluster: 1 node(s)"); that node serves every slot, so plain mode is the same load.
  const cluster = conn.masters.length > 1 ? ['--cluster'] : [];
  const cpu = await cpuSharesDuring(conn.masterClients(), () => redisBenchmark(conn.masters[0].port, [...cluster, ...args]));
  const usec = await meanZaddUsec(conn);
  await conn.deletePrefix(PREFIX);
  // -t zadd writes myzset:{<tag of each node>} (myzset in plain mode): ~100k members per master.
  if (conn.masters.length === 1) await conn.masterClients()[0].unlink('myzset');
  else await conn.deletePrefix('myzset:');
  return { rps: cpu.out.rps, cpu, usec };
}

function zaddArgs(s: Sizes): string[] {
  return ['-P', '16', '-t', 'zadd', '-r', '100000', '-n', String(s.redisBenchmarkN)];
}

/** The fan-out's key pattern: as many distinct timelines per master as the fan-out writes there. */
function zaddKeysArgs(s: Sizes, masters: number): string[] {
  return ['-P', '16', '-r', String(Math.ceil(s.followers / masters)), '-n', String(s.redisBenchmarkN), 'ZADD', `${PREFIX}rb:{tag}:tl:__rand_int__`, '__rand_int__', 'p:__rand_int__'];
}

/** The repeat whose `by` is the median (the upper one of an even count). */
function medianRun<T>(xs: readonly T[], by: (x: T) => number): T {
  return [...xs].sort((a, b) => by(a) - by(b))[xs.length >> 1];
}

async function fanoutRow(conn: ClusterConnection, graph: FollowGraph, s: Sizes): Promise<ClusterFanoutRow> {
  const masters = conn.masters.length;
  const ours: Awaited<ReturnType<typeof fanoutOnce>>[] = [];
  const rb: Awaited<ReturnType<typeof redisBenchmarkOnce>>[] = [];
  const rbKeys: Awaited<ReturnType<typeof redisBenchmarkOnce>>[] = [];
  for (let r = 0; r < s.repeats; r++) {
    rb.push(await redisBenchmarkOnce(conn, zaddArgs(s)));
    rbKeys.push(await redisBenchmarkOnce(conn, zaddKeysArgs(s, masters)));
    ours.push(await fanoutOnce(conn, graph, s.posts));
  }
  // Per-master and CPU figures are those of the run with the median throughput.
  const o = medianRun(ours, (x) => x.zaddsPerSec);
  const b = medianRun(rb, (x) => x.rps);
  const zadd = median(ours.map((x) => x.zaddsPerSec));
  const rbz = median(rb.map((x) => x.rps));
  const rbk = median(rbKeys.map((x) => x.rps));
  const nan = (x: number, d = 3): number | null => (Number.isFinite(x) ? round(x, d) : null);
  return {
    masters, zaddPerSec: round(zadd, 0), redisBenchmarkZaddPerSec: round(rbz, 0), redisBenchmarkKeysZaddPerSec: round(rbk, 0),
    ratio: round(zadd / rbz), ratioKeys: round(zadd / rbk), perNodeZadds: o.perNode, zaddBalance: round(imbalance(o.perNode), 3),
    redisBusyShare: o.cpu.redis.map((x) => nan(x)), redisBusyShareRedisBenchmark: b.cpu.redis.map((x) => nan(x)),
    clientCpuShare: round(o.cpu.client), machineBusyShare: nan(o.cpu.machine), machineBusyShareRedisBenchmark: nan(b.cpu.machine),
    redisUsecPerZadd: nan(o.usec), redisUsecPerZaddRedisBenchmark: nan(b.usec),
    runs: { zadd: ours.map((x) => round(x.zaddsPerSec, 0)), redisBenchmark: rb.map((x) => round(x.rps, 0)), redisBenchmarkKeys: rbKeys.map((x) => round(x.rps, 0)) },
  };
}

const shares = (xs: readonly (number | null)[]): string => xs.map((x) => (x === null ? 'n/a' : pct(x))).join(' / ');

function printFanout(ctx: BenchContext, rows: ClusterFanoutRow[]): void {
  ctx.log(table(['masters', 'engine ZADD/s', 'rb -t zadd', 'ratio', 'rb fan-out keys', 'ratio', 'ZADDs per master', 'max/mean', 'Redis CPU (engine)', 'Redis CPU (rb)', 'client CPU', 'machine (engine / rb)'],
    rows.map((r) => [String(r.masters), int(r.zaddPerSec), int(r.redisBenchmarkZaddPerSec), fixed(r.ratio), int(r.redisBenchmarkKeysZaddPerSec), fixed(r.ratioKeys),
      r.perNodeZadds.map(int).join(' / '), fixed(r.zaddBalance, 3), shares(r.redisBusyShare), shares(r.redisBusyShareRedisBenchmark), pct(r.clientCpuShare),
      `${shares([r.machineBusyShare])} / ${shares([r.machineBusyShareRedisBenchmark])}`])));
  ctx.log(`Redis time per ZADD (INFO commandstats, mean of the masters): ${rows.map((r) => `${r.masters} master${r.masters > 1 ? 's' : ''} ${fixed(r.redisUsecPerZadd ?? NaN)} us (rb ${fixed(r.redisUsecPerZaddRedisBenchmark ?? NaN)} us)`).join('; ')}`);
}

function printMixed(ctx: BenchContext, m: ClusterFigures['mixed']): void {
  const base = m.variants.find((v) => v.setting === 'one server' && v.variant === 'zunionstore');
  ctx.log(`mixed feed: ${int(m.users)} readers, 3 sources of ${m.entriesPerSource} entries (follow, city of ${m.cities}, recommended), pages of ${m.pageSize}, ${int(m.variants[0].attempts)} reads per variant`);
  ctx.log(table(['where', 'variant', 'keys', 'p50 ms', 'p99 ms', 'refused', 'p50 / one-server ZUNIONSTORE'],
    m.variants.map((v) => [v.setting === 'cluster' ? `cluster (${m.masters} masters)` : v.setting, v.variant, v.tags, v.p50Ms === null ? '-' : fixed(v.p50Ms, 3), v.p99Ms === null ? '-' : fixed(v.p99Ms, 3),
      `${int(v.refused)} of ${int(v.attempts)}`, v.p50Ms !== null && base?.p50Ms ? `${fixed(v.p50Ms / base.p50Ms)}x` : '-'])));
  if (m.crossSlotMessage) ctx.log(`the refusal, once: ${m.crossSlotMessage}`);
  for (const l of m.memory) ctx.log(`memory of the ${l.tags === 'one' ? 'co-located ({mix})' : 'per-user'} layout per master: ${l.perNodeBytes.map((b) => `${fixed(b / 2 ** 20, 1)} MiB`).join(' / ')} (keys ${l.perNodeKeys.map(int).join(' / ')}); busiest master ${pct(l.busiestShare)}`);
  if (m.oneServerZunionstoreUsec !== null) ctx.log(`Redis's own time per ZUNIONSTORE of the 3 sources on one server: ${fixed(m.oneServerZunionstoreUsec)} us`);
}

function printReshard(ctx: BenchContext, r: ClusterFigures['reshard']): void {
  ctx.log(`resharding ${int(r.timelines)} timelines of ${r.entriesPerTimeline} entries on ${r.masters} masters:`);
  ctx.log(table(['slots', 'from -> to', 'writer', 's', 'keys', 'MiB', 'ms/slot', 'ms/MiB', 'MIGRATE calls', 'us/MIGRATE', 'MOVED', 'ASK', 'lost / extra (audited)'],
    r.rows.map((x) => [int(x.slots), `${x.fromMaster} -> ${x.toMaster}`, x.writer ? `${int(x.writer.posts)} posts, ${x.writer.pauseMs} ms apart` : 'none', fixed(x.durationMs / 1000), int(x.keysMoved), fixed(x.bytesMoved / 2 ** 20, 1),
      fixed(x.msPerSlot, 2), x.msPerMiB === null ? '-' : fixed(x.msPerMiB, 0), int(x.migrateCalls), int(x.migrateMeanUs),
      x.writer ? int(x.writer.moved) : '-', x.writer ? int(x.writer.ask) : '-', x.writer ? `${x.writer.lost} / ${x.writer.extra} (${x.writer.auditedUsers} users)` : '-'])));
}

function printHotSpot(ctx: BenchContext, h: ClusterFigures['hotspot']): void {
  ctx.log(`hot key: ${int(h.followers)} followers of one celebrity read their feeds (${h.celebrityKeys[0]} in every pull read):`);
  ctx.log(table(['mode', 'reads/s', 'p50 ms', 'p99 ms', 'commands per master', 'share', 'max/mean', 'celebrity master share', 'Redis CPU per master'],
    h.rows.map((r) => [r.mode, int(r.readsPerSec), fixed(r.p50Ms, 3), fixed(r.p99Ms, 3), r.perNodeCommands.map(int).join(' / '), r.perNodeCommandShare.map(pct).join(' / '), fixed(r.imbalance), `${pct(r.hotMasterShare)} (master ${r.hotMaster})`, shares(r.redisBusyShare)])));
}

async function run(ctx: BenchContext): Promise<BenchOutcome<ClusterFigures>> {
  const s = ctx.quick ? QUICK : FULL;
  const graph = new FollowGraph(celebrityGraph(s.followers));
  const base = timelineConfig('push');
  ctx.log(`one author, ${int(s.followers)} followers, ${s.posts} posts per run; batch ${base.batchSize}, ${base.fanoutConcurrency} pipelines in flight; median of ${s.repeats}; clusters of ${MASTER_COUNTS.join(', ')} masters started together`);
  // All three start at once: most of a start is Redis's 2 s CLUSTER_WRITABLE_DELAY, and idle nodes cost nothing measurable.
  const conns = await Promise.allSettled(MASTER_COUNTS.map((nodes) => ClusterConnection.open({ nodes, replicas: 0 })));
  try {
    const failed = conns.find((c) => c.status === 'rejected');
    if (failed) throw failed.reason;
    const [c1, c2, c3] = conns.map((c) => (c as PromiseFulfilledResult<ClusterConnection>).value);
    const rows: ClusterFanoutRow[] = [];
    for (const c of [c1, c2, c3]) {
      rows.push(await fanoutRow(c, graph, s));
      if (c !== c3) await c.close();
    }
    printFanout(ctx, rows);
    const scaling = rows.map((r) => ({ masters: r.masters, engine: round(r.zaddPerSec / rows[0].zaddPerSec), redisBenchmark: round(r.redisBenchmarkZaddPerSec / rows[0].redisBenchmarkZaddPerSec) }));
    ctx.log(`scaling vs 1 master: engine ${scaling.map((x) => `${x.masters}: ${fixed(x.engine)}x`).join(', ')}; redis-benchmark ${scaling.map((x) => `${x.masters}: ${fixed(x.redisBenchmark)}x`).join(', ')}`);

    await c3.deletePrefix(PREFIX);
    const mixed = await mixedFeedFigures(c3, s.mixed);
    printMixed(ctx, mixed);
    // Timelines filled once: read for the hot spot while the slots are spread evenly, then resharded.
    const filled = await fillTimelines(c3, graph, s.reshardPosts);
    let hotspot: ClusterFigures['hotspot'];
    try {
      hotspot = await hotSpotFigures(c3, graph, s.hotReads);
    } catch (err) {
      await filled.transport.close();
      throw err;
    }
    printHotSpot(ctx, hotspot);
    const reshard = await reshardFigures(c3, filled, graph.users, s.reshards);
    printReshard(ctx, reshard);
    await c3.deletePrefix(PREFIX);

    const figures: ClusterFigures = {
      cores: os.cpus().length,
      fanout: { followers: s.followers, posts: s.posts, batchSize: base.batchSize, fanoutConcurrency: base.fanoutConcurrency, repeats: s.repeats, rows, scaling, redisBenchmarkArgs: { zadd: zaddArgs(s), zaddKeys: zaddKeysArgs(s, 3) } },
      mixed, reshard, hotspot,
    };
    return { figures, ...summary(figures) };
  } finally {
    await Promise.all(conns.map((c) => (c.status === 'fulfilled' ? c.value.close() : undefined)));
  }
}

function summary(f: ClusterFigures): Pick<BenchOutcome<ClusterFigures>, 'headlines' | 'notes'> {
  const rows = f.fanout.rows;
  const last = rows[rows.length - 1];
  const m = f.mixed;
  const one = m.variants.find((v) => v.setting === 'one server' && v.variant === 'zunionstore')!;
  const cross = m.variants.find((v) => v.setting === 'cluster' && v.variant === 'zunionstore')!;
  const client = m.variants.find((v) => v.setting === 'cluster' && v.variant === 'client')!;
  const colo = m.variants.find((v) => v.variant === 'colocated')!;
  const coloMem = m.memory.find((x) => x.tags === 'one');
  const quiet = f.reshard.rows.filter((r) => !r.writer);
  const busy = f.reshard.rows.find((r) => r.writer);
  const [pull, push] = f.hotspot.rows;
  const redisSum = (r: ClusterFanoutRow): number => r.redisBusyShare.reduce<number>((a, b) => a + (b ?? 0), 0);
  const ms = (x: number | null): string => (x === null ? '-' : fixed(x, 3));
  return {
    headlines: [
      { label: 'cluster fan-out ZADD / redis-benchmark --cluster -P 16', value: rows.map((r) => `${r.masters}m ${int(r.zaddPerSec)} vs ${int(r.redisBenchmarkZaddPerSec)} = ${fixed(r.ratio)}`).join('; ') + `; ZADDs per master max/mean ${fixed(last.zaddBalance, 3)} at ${last.masters}` },
      { label: 'mixed feed (3 sources) p50/p99 ms', value: `one server ZUNIONSTORE ${ms(one.p50Ms)}/${ms(one.p99Ms)}; cluster: ZUNIONSTORE refused ${cross.refused}/${cross.attempts} (CROSSSLOT), client merge ${ms(client.p50Ms)}/${ms(client.p99Ms)} (${m.clientVsOneServerP50 ?? '-'}x p50), co-located ${ms(colo.p50Ms)}/${ms(colo.p99Ms)} with ${coloMem ? pct(coloMem.busiestShare) : '?'} of its memory on one master` },
      { label: 'reshard cost', value: quiet.map((r) => `${int(r.slots)} slots ${fixed(r.durationMs / 1000)} s (${fixed(r.msPerSlot, 2)} ms/slot, ${r.msPerMiB === null ? '-' : fixed(r.msPerMiB, 0)} ms/MiB, ${int(r.migrateMeanUs)} us/MIGRATE)`).join('; ') + (busy?.writer ? `; under the fan-out: ${int(busy.writer.moved)} MOVED, ${int(busy.writer.ask)} ASK, ${busy.writer.lost} lost, ${busy.writer.extra} extra` : '') },
      { label: 'hot key: commands max/mean per master', value: `pull ${fixed(pull.imbalance)} (celebrity's master ${pct(pull.hotMasterShare)}), push ${fixed(push.imbalance)}` },
    ],
    notes: [
      `${f.cores} cores for everything: at ${last.masters} masters the fan-out ran with the client (one Node thread) at ${pct(last.clientCpuShare)} of a core and the Redis main threads at ${pct(redisSum(last))} of a core together (${shares(last.redisBusyShare)}), the machine ${last.machineBusyShare === null ? 'n/a' : pct(last.machineBusyShare)} busy (every process on it, not only this bench's: the rest is other work sharing the cores). More masters split Redis's work but add no CPU: once client + servers fill both cores, throughput cannot scale with masters here; on real hardware each master has cores of its own.`,
      'redis-benchmark refuses --cluster on a single node, so on 1 master it runs in plain mode (that node serves every slot). redis-benchmark --cluster -t zadd writes one ZSET per master (myzset:{tag}, random members); the fan-out-keys row writes random keys among as many timelines per master as the fan-out does. redis-benchmark runs 50 clients in one thread; its own CPU is part of the machine figure.',
      'Mixed feed reads are one at a time, variants alternating on the same reader; a CROSSSLOT refusal is counted, not timed. Memory shares are used_memory gained per master while a layout was filled.',
      'Reshards: engine/redis/clusterReshard.ts, 100 keys per MIGRATE, bytes = MEMORY USAGE of each key before it moved; the writer case audits sampled timelines against a replay of their deliveries (TimelineModel.auditFeeds).',
    ],
  };
}

export const clusterBench: Bench<'cluster'> = { name: 'cluster', title: 'Timeline on a Redis Cluster: fan-out per master count, the mixed feed, resharding, a hot key', run };
