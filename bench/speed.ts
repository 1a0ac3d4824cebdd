/**
 * Achieved speed (issue 19): each sample scenario played at 1x, 10x, 100x and max for a window of
 * wall time, through the engine as the app plays it. Per run: the speed achieved (simulated ms per
 * wall ms, report.json run.achievedSpeed), its ratio to the one requested (target: >= 0.9, or say
 * where the limit is), the capacity (simulated ms per wall ms inside ticks: what the engine could
 * do with no sleeps), how far behind the player fell, and the event loop's delay.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Engine, parseScenarioText, type Speed, type SpeedFigures, type SpeedRow } from '../engine/index.js';
import { round, type Bench, type BenchContext, type BenchOutcome } from './lib/bench.js';
import { fixed, int, table } from './lib/format.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SAMPLES = path.join(ROOT, 'sample-graphs');
const RANKER_FILE = path.join(ROOT, 'models', 'ranker.onnx');
const KEEP_UP_RATIO = 0.9;
const SPEEDS: Speed[] = [1, 10, 100, 'max'];

interface Plan {
  windowSec: number;
  /** Scenario files and the speeds each is played at (scale-100k loads for ~30 s, so fewer). */
  scenarios: { file: string; speeds: Speed[] }[];
}
const FULL: Plan = {
  windowSec: 6,
  scenarios: [
    { file: 'tiny-demo.json', speeds: SPEEDS },
    { file: 'timeline-vs-graph.json', speeds: SPEEDS },
    { file: 'celebrity-fanout.json', speeds: SPEEDS },
    { file: 'scale-100k.json', speeds: [1, 10] },
  ],
};
const QUICK: Plan = { windowSec: 3, scenarios: [{ file: 'tiny-demo.json', speeds: SPEEDS }, { file: 'timeline-vs-graph.json', speeds: SPEEDS }] };

/** Where the limit is when the player did not keep up: the ticks' own time, or time between them (the event loop). */
function limitOf(requested: number | null, achieved: number | null, capacity: number | null, loopP99: number | null): string | null {
  if (requested === null || achieved === null || achieved >= requested * KEEP_UP_RATIO) return null;
  if (capacity !== null && capacity < requested * KEEP_UP_RATIO) return `engine CPU and servers: ticks alone run at ${fixed(capacity, 1)}x`;
  return `between ticks: event-loop delay p99 ${loopP99 === null ? '?' : fixed(loopP99, 1)} ms (timers and I/O callbacks late)`;
}

async function playWindow(engine: Engine, file: string, speed: Speed, windowSec: number): Promise<SpeedRow> {
  const text = readFileSync(path.join(SAMPLES, file), 'utf8');
  const scenario = parseScenarioText(text, path.join(SAMPLES, file));
  await engine.load(scenario, path.join(SAMPLES, file), SAMPLES);
  let maxBehindMs = 0;
  const off = engine.on((e) => {
    if (e.type === 'frame') maxBehindMs = Math.max(maxBehindMs, e.frame.behindMs);
  });
  try {
    await engine.setSpeed(speed);
    const t0 = performance.now();
    await engine.play();
    while (performance.now() - t0 < windowSec * 1000 && engine.status().state === 'playing') await new Promise((r) => setTimeout(r, 50));
    await engine.pause();
    const wallMs = performance.now() - t0;
    const run = (await engine.report()).run;
    const requested = speed === 'max' ? null : speed;
    return {
      scenario: scenario.name, users: engine.status().scenario?.users ?? 0, requested, achieved: run.achievedSpeed, ratio: requested && run.achievedSpeed !== null ? round(run.achievedSpeed / requested, 3) : null,
      capacity: run.capacity, maxBehindMs, eventLoopP99Ms: run.eventLoop?.p99Ms ?? null, eventLoopMaxMs: run.eventLoop?.maxMs ?? null, wallMs: round(wallMs, 0),
      limit: limitOf(requested, run.achievedSpeed, run.capacity, run.eventLoop?.p99Ms ?? null),
    };
  } finally {
    off();
  }
}

async function run(ctx: BenchContext): Promise<BenchOutcome<SpeedFigures>> {
  const plan = ctx.quick ? QUICK : FULL;
  ctx.log(`each sample scenario loaded afresh and played for ${plan.windowSec} s of wall time (or to its end) at each speed; target: achieved / requested >= ${KEEP_UP_RATIO}, or the limit named`);
  const engine = new Engine({ sampleGraphsDir: SAMPLES, rankerFile: RANKER_FILE });
  const rows: SpeedRow[] = [];
  try {
    for (const s of plan.scenarios) for (const speed of s.speeds) rows.push(await playWindow(engine, s.file, speed, plan.windowSec));
  } finally {
    await engine.close();
  }
  const x = (v: number | null) => (v === null ? '-' : `${fixed(v, v < 10 ? 2 : 1)}x`);
  ctx.log(table(['scenario', 'users', 'requested', 'achieved', 'ratio', 'capacity', 'max behind', 'event loop p99 / max', 'limit'], rows.map((r) => [
    r.scenario, int(r.users), r.requested === null ? 'max' : `${r.requested}x`, x(r.achieved), r.ratio === null ? '-' : fixed(r.ratio, 2), x(r.capacity), `${int(r.maxBehindMs)} ms`,
    r.eventLoopP99Ms === null ? '-' : `${fixed(r.eventLoopP99Ms, 1)} / ${fixed(r.eventLoopMaxMs ?? 0, 1)} ms`, r.limit ?? (r.requested === null ? '' : 'keeps up'),
  ])));
  const missed = rows.filter((r) => r.limit !== null);
  return {
    figures: { windowSec: plan.windowSec, keepUpRatio: KEEP_UP_RATIO, rows },
    headlines: [
      { label: 'achieved speed', value: missed.length === 0 ? `every scenario keeps up at every requested speed (ratio >= ${KEEP_UP_RATIO})` : missed.map((r) => `${r.scenario} at ${r.requested}x: ${x(r.achieved)} (${r.limit})`).join('; ') },
      { label: 'max speed', value: rows.filter((r) => r.requested === null).map((r) => `${r.scenario} ${x(r.achieved)}`).join('; ') },
    ],
    notes: ['Achieved speed includes the player\'s sleeps; capacity is simulated time over the wall time inside ticks only. At max there is nothing to keep up with: the achieved speed is the engine\'s pace.'],
  };
}

export const speedBench: Bench<'speed'> = { name: 'speed', title: 'achieved speed of the sample scenarios at 1x, 10x, 100x and max', run };
