/**
 * `npm run bench -- faults`: each fault kind on one Redis (the cluster kinds on a private cluster of
 * 3 masters with a replica each) played through the whole engine with
 * both models (Timeline and the graph model on LadybugDB), one run per kind: p99 and error counts
 * per operation before, during and after the fault, what failed by code, what was replayed and
 * rebuilt (and how long the rebuild took), and acknowledgedLost. The figures are report.json
 * `faults` of each run (engine/faults/FaultRun.ts).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Engine, ScenarioSchema, type FaultBenchRow, type FaultsFigures } from '../engine/index.js';
import type { Bench, BenchContext, BenchOutcome } from './lib/bench.js';
import { fixed, int, table } from './lib/format.js';

const RANKER_FILE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'models', 'ranker.onnx');
const MODELS = ['timeline', 'graph'] as const;

const FAULTS = [
  { kind: 'redisDelay', atSec: 3, durationSec: 3, baseMs: 2, spikeMs: 150, spikeProbability: 0.05 },
  { kind: 'redisKill', atSec: 3, durationSec: 3 },
  { kind: 'redisPause', atSec: 3, durationSec: 2 },
  { kind: 'connectionDrop', atSec: 3, durationSec: 1 },
  { kind: 'graphStoreStop', atSec: 3, durationSec: 3 },
  { kind: 'clusterNodeKill', atSec: 3, durationSec: 3, node: 1 },
  { kind: 'partition', atSec: 3, durationSec: 2, node: 2 },
] as const;

async function playOne(fault: (typeof FAULTS)[number], users: number, durationSec: number): Promise<{ row: FaultBenchRow; commandTimeoutMs: number }> {
  const scenario = ScenarioSchema.parse({
    name: `bench faults: ${fault.kind}`,
    seed: 16,
    models: [...MODELS],
    graph: { kind: 'generator', users, avgFollows: 20 },
    workload: { durationSec, postsPerSec: 20, readsPerSec: 60, pageSize: 20 },
    faults: [fault],
  });
  const onCluster = fault.kind === 'clusterNodeKill' || fault.kind === 'partition';
  const engine = new Engine({ rankerFile: RANKER_FILE, ...(onCluster ? { cluster: { nodes: 3, replicas: 1 as const } } : {}) });
  try {
    await engine.load(scenario, `bench:faults-${fault.kind}`, process.cwd());
    // 2x real time: the fault's window lasts long enough in wall time for timeouts and backoff to show.
    await engine.setSpeed(2);
    await engine.runToEnd();
    const f = (await engine.report()).faults!;
    const w = f.schedule[0];
    return {
      commandTimeoutMs: f.commandTimeoutMs,
      row: {
        kind: fault.kind,
        label: w.label,
        applyMs: w.applyMs,
        recoverMs: w.recoverMs,
        phases: w.phases,
        failedByCode: f.events.failed,
        retried: f.events.retried,
        rebuilt: f.events.rebuilt,
        rebuildMs: w.rebuilt.reduce((a, r) => a + r.ms, 0),
        acknowledgedLost: f.acknowledgedLost,
        ...(onCluster ? { failoverMs: w.cluster?.failoverMs ?? null } : {}),
      },
    };
  } finally {
    await engine.close();
  }
}

async function run(ctx: BenchContext): Promise<BenchOutcome<FaultsFigures>> {
  const users = ctx.quick ? 500 : 2000;
  const durationSec = ctx.quick ? 8 : 12;
  const rows: FaultBenchRow[] = [];
  let commandTimeoutMs = 0;
  for (const fault of FAULTS) {
    const r = await playOne(fault, users, durationSec);
    rows.push(r.row);
    commandTimeoutMs = r.commandTimeoutMs;
    ctx.log(`${r.row.label}: applied in ${fixed(r.row.applyMs)} ms, undone in ${fixed(r.row.recoverMs)} ms; retried ${int(r.row.retried)}, rebuilt ${int(r.row.rebuilt)} (${fixed(r.row.rebuildMs)} ms), acknowledgedLost ${r.row.acknowledgedLost}${r.row.failoverMs ? `; failover in ${fixed(r.row.failoverMs)} ms` : ''}`);
  }
  const lines: string[][] = [];
  for (const r of rows) {
    for (const [op, p] of Object.entries(r.phases)) {
      if (op.endsWith('.drain')) continue;
      lines.push([r.kind, op, ...(['before', 'during', 'after'] as const).flatMap((ph) => [fixed(p[ph].p99Ms), `${int(p[ph].errors)}/${int(p[ph].count)}`])]);
    }
  }
  ctx.log(table(['fault', 'operation', 'p99 before', 'errors', 'p99 during', 'errors', 'p99 after', 'errors'], lines));
  const lost = rows.reduce((a, r) => a + r.acknowledgedLost, 0);
  return {
    figures: { users, durationSec, commandTimeoutMs, models: [...MODELS], rows },
    headlines: [{ label: 'faults on one Redis and on a 3+3 cluster, both models', value: `${rows.length} kinds played to the end; acknowledgedLost ${lost}; command timeout ${commandTimeoutMs} ms` }],
    notes: ['p99 is wall ms per model call of an event (a read, a post...); errors/count per phase; before and after last as long as the fault, at least 2 s.'],
  };
}

export const faultsBench: Bench<'faults'> = { name: 'faults', title: 'faults on a schedule: p99 and errors through each fault kind, both models', run };
