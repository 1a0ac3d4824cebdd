/**
 * report.json `capacity` and report.html's Capacity section on real runs (a private redis-server
 * and LadybugDB through the Engine, as `feedscope run` plays them): the prediction is the one
 * `plan --scenario` makes, the measurements are the run's (used_memory, fan-out ZADDs, read
 * commands from INFO commandstats since the load), the errors are computed from the two, and
 * a run the planner cannot project gets the reason instead of empty plots.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CapacityProjection, Report } from '../api/report.js';
import { Engine } from '../Engine.js';
import { readCalibration } from '../planner/calibrate.js';
import { fitCosts } from '../planner/costs.js';
import { scenarioPlanInputs } from '../planner/inputs.js';
import { rungScenario } from '../planner/ladder.js';
import { project } from '../planner/project.js';
import { RANKER_FILE, ROOT, scenario as smallScenario } from '../test/helpers.js';
import { capacityReport } from './capacity.js';
import { renderReportHtml } from './html.js';
import { mib } from './htmlParts.js';

const SAMPLE_GRAPHS = path.join(ROOT, 'sample-graphs');
const CALIBRATION = path.join(ROOT, 'models', 'capacity-calibration.json');
const SCENARIO = rungScenario({ label: 'report-1500', users: 1500, avgFollows: 40, postsPerSec: 120, readsPerSec: 40, durationSec: 4, hybridFollowerThreshold: 400 }, 31);

async function play(s: typeof SCENARIO, calibration: string | null): Promise<{ engine: Engine; report: Report }> {
  const engine = new Engine({ prefix: 'fscap:', sampleGraphsDir: SAMPLE_GRAPHS, rankerFile: RANKER_FILE, graphStore: { kind: 'ladybug' }, capacityCalibrationFile: calibration ?? undefined });
  await engine.redis();
  await engine.load(s, path.join(SAMPLE_GRAPHS, 'capacity-test.json'), SAMPLE_GRAPHS);
  await engine.runToEnd();
  return { engine, report: await engine.report() };
}

/** The error cell's text, from the two figures (to 0.01 as report.json keeps it, shown to 0.1). */
const pct = (predicted: number, measured: number): string => {
  const e = Math.round(((predicted - measured) / measured) * 100 * 100) / 100;
  return `${e > 0 ? '+' : ''}${e.toFixed(1)}%`;
};

describe('report.html Capacity section', () => {
  let engine: Engine;
  let report: Report;
  let c: CapacityProjection;
  beforeAll(async () => {
    ({ engine, report } = await play(SCENARIO, CALIBRATION));
    if (!report.capacity?.projected) throw new Error(`not projected: ${JSON.stringify(report.capacity)}`);
    c = report.capacity;
  }, 150_000);
  afterAll(async () => {
    await engine?.close();
  });

  it('predicts what plan --scenario predicts, beside what this run measured', async () => {
    const cal = await readCalibration(CALIBRATION);
    const { degrees, workload, replay } = await scenarioPlanInputs(SCENARIO, SAMPLE_GRAPHS, cal);
    const planned = project(degrees, workload, fitCosts(cal), replay);
    expect(c.horizonSec).toBe(SCENARIO.workload.durationSec);
    const byMetric = Object.fromEntries(c.rows.map((r) => [r.metric, r]));
    const memory = byMetric['Redis used_memory at the end'];
    expect(memory.predicted).toBe(planned.usedMemory.value);
    expect(memory.measured).toBe(report.memory.usedMemoryBytes);
    const zadds = byMetric['fan-out ZADDs'];
    expect(zadds.predicted).toBe(planned.timeline!.totals.zadds);
    expect(zadds.measured).toBe(report.fanout!.zadds);
    expect(byMetric['Timeline read commands'].predicted).toBe(planned.timeline!.totals.readCommands);
    expect(byMetric['Graph read commands'].predicted).toBe(planned.graph!.totals.readCommands);
    for (const r of c.rows) {
      expect(r.measured, r.metric).not.toBeNull();
      expect(r.errorPct, r.metric).toBeCloseTo(((r.predicted - r.measured!) / r.measured!) * 100, 1);
    }
    // The planner's own check (planner.int.test.ts) holds 10% on these.
    expect(Math.abs(byMetric['Timeline read commands'].errorPct!)).toBeLessThan(15);
    expect(Math.abs(memory.errorPct!)).toBeLessThan(15);
    expect(c.commands!.zadd).toBeGreaterThanOrEqual(report.fanout!.zadds);
    expect(c.run).toEqual({ users: 1500, usedMemoryBytes: report.memory.usedMemoryBytes, commandsPerSec: byMetric['all commands per simulated second'].measured });
    expect(c.measured.map((m) => m.label)).toEqual(cal.runs.map((r) => r.label));
    expect(c.curve.some((p) => p.extrapolated)).toBe(true);
  });

  it('carries the engine\'s event-loop delay of the run as a percentile table (issue 19: engine queueing told from server time)', () => {
    const e = report.run.eventLoop!;
    expect(e.samples).toBeGreaterThan(0);
    const html = renderReportHtml(report);
    const section = html.slice(html.indexOf('<h3>Engine event-loop delay while playing (ms)</h3>'), html.indexOf('<h2>Memory</h2>'));
    expect(section).toContain(`${e.samples.toLocaleString('en-US')} samples`);
    const rows = [...section.matchAll(/<tr><td>([\d.,]+)<\/td><td>([\d.,]+)<\/td><\/tr>/g)];
    expect(rows.length).toBe(e.distribution.length);
    // Ascending delays, ending at the run's max.
    const delays = rows.map((m) => Number(m[2].replace(/,/g, '')));
    for (let i = 1; i < delays.length; i++) expect(delays[i]).toBeGreaterThanOrEqual(delays[i - 1]);
  });

  it('draws both plots with the run on them and tables the run\'s own figures with their errors', () => {
    const html = renderReportHtml(report);
    const section = html.slice(html.indexOf('<h2>Capacity</h2>'), html.indexOf('<h2>Flame graph'));
    expect(section.length).toBeGreaterThan(1000);
    const memory = c.rows[0];
    // The measured used_memory and the error computed from it and the prediction, in one table row.
    const cells = (metric: string): string[] => {
      const tr = new RegExp(`<tr><td>${metric}</td>(.*?)</tr>`).exec(section);
      expect(tr, metric).not.toBeNull();
      return [...tr![1].matchAll(/<td[^>]*>(.*?)<\/td>/g)].map((m) => m[1].replace(/<sup>\*<\/sup>$/, ''));
    };
    expect(cells('Redis used_memory at the end').slice(0, 3)).toEqual([mib(memory.predicted), mib(memory.measured!), pct(memory.predicted, memory.measured!)]);
    expect(section).toContain(`<td class="${Math.abs(memory.errorPct!) <= 10 ? 'better' : 'worse'}">${pct(memory.predicted, memory.measured!)}</td>`);
    const zadds = c.rows.find((r) => r.metric === 'fan-out ZADDs')!;
    expect(cells('fan-out ZADDs').slice(0, 3)).toEqual([Math.round(zadds.predicted).toLocaleString('en-US'), report.fanout!.zadds.toLocaleString('en-US'), pct(zadds.predicted, zadds.measured!)]);
    expect(section).toContain('aria-label="Redis memory vs users"');
    expect(section).toContain('aria-label="Redis commands/s vs users"');
    // Dashed beyond the measured range, the range shaded, the calibration runs and this run marked.
    expect(section).toContain('stroke-dasharray="6 4"');
    expect(section).toMatch(/<rect [^>]*fill="#e3ecf8"\/><text [^>]*>measured<\/text>/);
    // Each calibration run twice in each plot (as measured, as modelled): its title names it.
    for (const m of c.measured) expect(section.split(`<title>${m.label}: `).length - 1).toBeGreaterThanOrEqual(4);
    expect(section).toContain(`<title>this run: 1,500 users, `);
    expect(section).toContain('Timeline keys');
    expect(section).toContain('Graph keys');
    expect(html).not.toMatch(/<script|src=|href="http|url\(/i);
  });

  it('says why instead of drawing when the run cannot be projected', async () => {
    const cluster = await capacityReport(report, SCENARIO, { calibrationFile: CALIBRATION, social: engine.socialGraph!, commandsSinceLoad: null, clusterMasters: 3 });
    expect(cluster).toEqual({ projected: false, reason: expect.stringContaining('a cluster of 3 masters') });
    const html = renderReportHtml({ ...report, capacity: cluster });
    expect(html).toContain('The capacity planner cannot project this run: this run&#39;s Redis was a cluster of 3 masters');
    expect(html).not.toContain('aria-label="Redis memory vs users"');

    const missing = await capacityReport(report, SCENARIO, { calibrationFile: path.join(ROOT, 'no-such-calibration.json'), social: engine.socialGraph!, commandsSinceLoad: null, clusterMasters: null });
    expect(missing).toEqual({ projected: false, reason: expect.stringContaining('No calibration file at') });
  });

  it('counts the commands since the load: a second play on the same server measures what the first did', async () => {
    await engine.reset();
    await engine.runToEnd();
    const again = await engine.report();
    if (!again.capacity?.projected) throw new Error('not projected');
    const reads = (r: CapacityProjection, metric: string): number => r.rows.find((x) => x.metric === metric)!.measured!;
    for (const metric of ['Timeline read commands', 'Graph read commands']) {
      // Counted since the server started, the second play would count both plays.
      expect(reads(again.capacity, metric) / reads(c, metric), metric).toBeCloseTo(1, 1);
    }
    expect(again.capacity.commands!.zadd).toBeLessThan(1.2 * c.commands!.zadd);
  }, 120_000);

  it('a run without a calibration file: report.json says so, report.html explains it', async () => {
    const { engine: bare, report: r } = await play(smallScenario({ models: ['timeline'], workload: { durationSec: 1, postsPerSec: 20, readsPerSec: 20, pageSize: 10 } }), null);
    try {
      expect(r.capacity).toEqual({ projected: false, reason: expect.stringContaining('no calibration file was configured') });
      const html = renderReportHtml(r);
      expect(html).toContain('<h2>Capacity</h2><p class="note capacity-why">The capacity planner cannot project this run: no calibration file was configured');
    } finally {
      await bare.close();
    }
  }, 60_000);
});
