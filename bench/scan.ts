/**
 * The key browser's complete, throttled scan (issue 15) on a private redis-server of 1M keys:
 * the server's latency as redis-benchmark sees it (GET of random existing keys, in parallel)
 * without a scan, then while a scan reads every key's type, encoding, TTL, MEMORY USAGE and
 * length at each time budget; and one complete scan's wall time. Driven through the command
 * table, as the app drives it. Figures only: nothing is asserted.
 */
import { Engine, RedisServer, RespWriter, respCommand, runCommand, type ScanFigures } from '../engine/index.js';
import { round, type Bench, type BenchContext, type BenchOutcome } from './lib/bench.js';
import { fixed, int, table } from './lib/format.js';
import { redisBenchmark } from './lib/redisBenchmark.js';

const BUDGETS = [10, 25, 100];

async function fill(port: number, n: number): Promise<void> {
  const w = await RespWriter.connect({ host: '127.0.0.1', port });
  try {
    for (let start = 0; start < n; start += 1000) {
      const args: (string | number)[] = ['MSET'];
      for (let i = start; i < Math.min(n, start + 1000); i++) args.push(`key:${String(i).padStart(12, '0')}`, `v${i}`);
      const errors = await w.exec(respCommand(args), 1);
      if (errors.length > 0) throw new Error(errors[0]);
    }
  } finally {
    w.close();
  }
}

async function run(ctx: BenchContext): Promise<BenchOutcome<ScanFigures>> {
  const n = ctx.quick ? 200_000 : 1_000_000;
  const requests = ctx.quick ? 50_000 : 200_000;
  const server = await RedisServer.start();
  const engine = new Engine({});
  try {
    await fill(server.port, n);
    // redis-benchmark's -r draws __rand_int__ in [0, n): "key:__rand_int__" names the keys filled above.
    const args = ['-n', String(requests), '-c', '20', '-r', String(n), 'get', 'key:__rand_int__'];
    const baseline = await redisBenchmark(server.port, args);
    ctx.log(`${int(n)} keys; baseline GET: ${int(baseline.rps)} rps, p50 ${baseline.p50Ms} ms, p99 ${baseline.p99Ms} ms`);
    await runCommand(engine, 'connectKeyBrowser', { url: server.url });
    const withScan: ScanFigures['withScan'] = [];
    for (const budgetPct of BUDGETS) {
      const before = await redisBenchmark(server.port, args);
      await runCommand(engine, 'startKeyScan', { budgetPct, details: true });
      await new Promise((r) => setTimeout(r, 1000));
      const b = await redisBenchmark(server.port, args);
      const v = await runCommand(engine, 'controlKeyScan', { action: 'cancel' });
      withScan.push({
        budgetPct, rps: b.rps, p50Ms: b.p50Ms, p99Ms: b.p99Ms, measuredPct: v.measuredPct,
        keysPerSec: round(v.seen / Math.max(0.001, v.elapsedMs / 1000), 0),
        baselineP99Ms: before.p99Ms,
        p99IncreaseMs: b.p99Ms === null || before.p99Ms === null ? null : round(b.p99Ms - before.p99Ms, 3),
      });
    }
    ctx.log(table(['budget %', 'measured %', 'keys/s', 'GET rps', 'p50 ms', 'p99 ms', 'p99 before ms', 'p99 +ms'], [
      ['none', '', '', int(baseline.rps), fixed(baseline.p50Ms ?? 0, 3), fixed(baseline.p99Ms ?? 0, 3), '', ''],
      ...withScan.map((w) => [String(w.budgetPct), fixed(w.measuredPct, 1), int(w.keysPerSec), int(w.rps), fixed(w.p50Ms ?? 0, 3), fixed(w.p99Ms ?? 0, 3), fixed(w.baselineP99Ms ?? 0, 3), fixed(w.p99IncreaseMs ?? 0, 3)]),
    ]));
    const t0 = performance.now();
    await runCommand(engine, 'startKeyScan', { budgetPct: 100, details: true });
    await engine.inspectors.keyBrowser.currentJob!.done;
    const wallMs = Math.round(performance.now() - t0);
    const end = (await runCommand(engine, 'getKeyScan', {}))!;
    const complete = { seen: end.seen, dbsize: end.dbsize, wallMs, batches: end.batches };
    ctx.log(`complete scan at 100%: ${int(end.seen)} of ${int(end.dbsize)} keys in ${(wallMs / 1000).toFixed(1)} s (${end.batches} batches)`);
    const at10 = withScan[0];
    return {
      figures: { keys: n, benchmarkArgs: args, baseline: { rps: baseline.rps, p50Ms: baseline.p50Ms, p99Ms: baseline.p99Ms }, withScan, complete },
      headlines: [
        { label: 'GET p99 just before / during a 10% scan', value: `${at10.baselineP99Ms} / ${at10.p99Ms} ms (${at10.p99IncreaseMs !== null && at10.p99IncreaseMs >= 0 ? '+' : ''}${at10.p99IncreaseMs} ms; scan took ${at10.measuredPct}%)` },
        { label: `complete scan of ${int(n)} keys (100%)`, value: `${(wallMs / 1000).toFixed(1)} s, ${end.seen === end.dbsize ? 'every key' : `${int(end.seen)} of ${int(end.dbsize)}`}` },
      ],
      notes: ['redis-benchmark and the scan share this machine\'s cores with the server: the p99 includes their competition for CPU, not only the server\'s.'],
    };
  } finally {
    await engine.close();
    await server.stop();
  }
}

export const scanBench: Bench<'scan'> = {
  name: 'scan',
  title: 'Key browser: complete throttled SCAN of 1M keys vs the server\'s p99 (redis-benchmark in parallel)',
  onlyWhenNamed: true,
  run,
};
