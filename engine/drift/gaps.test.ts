import { describe, expect, it } from 'vitest';
import { buildGraph, EventStream } from '../scenario/index.js';
import { ScenarioSchema } from '../scenario/schema.js';
import { FollowGraph } from '../social/FollowGraph.js';
import { DriftLab } from './DriftLab.js';
import { CursorGaps } from './gaps.js';

async function run(skews: number[], strategy: 'raw' | 'hlc' = 'raw') {
  const scenario = ScenarioSchema.parse({
    name: 'gaps', seed: 3,
    graph: { kind: 'generator', users: 60, avgFollows: 20 },
    workload: { durationSec: 20, tickMs: 100, postsPerSec: 60, readsPerSec: 20, cursorReadShare: 1, pageSize: 5 },
    clocks: { nodes: skews.map((s, i) => ({ name: `n${i}`, skewMs: s })), strategy, gossipMs: 20 },
  });
  const social = await buildGraph(scenario, '.');
  const graph = new FollowGraph(social);
  const drift = new DriftLab(scenario.clocks ?? null, scenario.workload.startEpochMs);
  const gaps = new CursorGaps(drift, 5);
  const stream = new EventStream(scenario, social);
  for (let evs = stream.nextTick(); evs; evs = stream.nextTick()) {
    for (const e of evs) if (e.kind === 'post') drift.observe(e);
    gaps.onTick(evs, graph);
  }
  return gaps.view();
}

describe('cursor gaps', () => {
  it('one exact clock: a cursor reader misses nothing', async () => {
    const v = await run([0]);
    expect(v.readers).toBeGreaterThan(50);
    for (const s of v.strategies) expect(s.skipped).toBe(0);
    expect(v.strategies[0].caughtByRefresh).toBeGreaterThan(0);
  });

  it('a slow writer clock drops posts behind cursors, counted on the slow node, aged by its skew; HLC skips fewer', async () => {
    const v = await run([-300, 0, 0]);
    const raw = v.strategies.find((s) => s.name === 'raw')!;
    expect(raw.skipped).toBeGreaterThan(0);
    const slow = raw.perNode[0].skipped;
    expect(slow).toBe(raw.skipped);
    expect(raw.ageMs!.p50).toBeGreaterThanOrEqual(250);
    expect(raw.ageMs!.max).toBeLessThanOrEqual(301);
    const hlc = v.strategies.find((s) => s.name === 'hlc')!;
    expect(hlc.skipped).toBeLessThan(raw.skipped);
    expect(v.sample?.items.some((i) => i.state === 'skipped')).toBe(true);
  });
});
