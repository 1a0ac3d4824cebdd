/**
 * `feedscope compare` on two real runs (each a `feedscope run --report` child process against the
 * private redis-server it starts): A posts a lot and reads little, B the other way round, so B's
 * differential flame graph must show reads red (a larger share of B's time) and the fan-out blue.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const CLI = path.join(ROOT, 'bin/feedscope.mjs');
const dir = mkdtempSync(path.join(os.tmpdir(), 'feedscope-compare-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function cli(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const env = { ...process.env };
  delete env.REDIS_URL;
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, env, encoding: 'utf8', timeout: 120_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function run(name: string, postsPerSec: number, readsPerSec: number): string {
  const file = path.join(dir, `${name}.json`);
  writeFileSync(file, JSON.stringify({ name, seed: 2, models: ['timeline', 'graph'], graph: { kind: 'generator', users: 200, avgFollows: 8 }, workload: { durationSec: 3, postsPerSec, readsPerSec } }));
  const out = path.join(dir, name);
  const r = cli(['run', file, '--report', out]);
  expect(r.status, r.stderr).toBe(0);
  return path.join(out, 'report.json');
}

/** The fill of the frame whose tooltip starts with `name:` in the flame SVG. */
function fillOf(html: string, name: string): [number, number, number] {
  const m = new RegExp(`<title>${name.replace(/\./g, '\\.')}: [^<]*</title><rect [^>]*fill="rgb\\((\\d+),(\\d+),(\\d+)\\)"`).exec(html);
  expect(m, `frame ${name} in the flame graph`).not.toBeNull();
  return [Number(m![1]), Number(m![2]), Number(m![3])];
}

describe('feedscope compare', () => {
  let a = '';
  let b = '';
  beforeAll(() => {
    a = run('postsHeavy', 60, 4);
    // B still posts 15/s: with 4/s its fan-out was ~0.05% of its time, a frame under the flame
    // graph's half-pixel limit whenever its reads ran slower (a loaded machine).
    b = run('readsHeavy', 15, 60);
  }, 240_000);

  it('writes a self-contained compare.html with latency, memory, quality and a differential flame graph', () => {
    const out = path.join(dir, 'cmp');
    const r = cli(['compare', a, b, '--out', out]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('compare written to');
    expect(r.stdout).toMatch(/timeline\.fanoutWrite/);
    const html = readFileSync(path.join(out, 'compare.html'), 'utf8');
    expect(html).toContain('<h1>Feedscope: postsHeavy vs readsHeavy</h1>');
    expect(html).toContain('Latency per operation (ms)');
    expect(html).toMatch(/<td>timeline\.fanoutWrite<\/td>/);
    expect(html).toMatch(/<td>graph\.read<\/td>/);
    expect(html).toContain('Redis used_memory');
    expect(html).toContain('Jaccard@k of the two feeds');
    expect(html).toContain('Ranker AUC');
    expect(html).toContain('Differential flame graph');
    // Self-contained: no script, nothing fetched.
    expect(html).not.toMatch(/<script|src=|href="http|url\(/i);
    // B reads 15x more and posts 4x less: its reads take a larger share (red), the fan-out a smaller one (blue).
    const read = fillOf(html, 'graph.read');
    expect(read[0]).toBe(255);
    expect(read[2]).toBeLessThan(255);
    const fan = fillOf(html, 'timeline.fanoutWrite');
    expect(fan[2]).toBe(255);
    expect(fan[0]).toBeLessThan(255);
  });

  it('report.html of a run: the summary first, plots with axes, the flame graph embedded, self-contained', () => {
    const html = readFileSync(path.join(path.dirname(a), 'report.html'), 'utf8');
    const at = (s: string) => html.indexOf(s);
    expect(at('<h2>Summary</h2>')).toBeGreaterThan(0);
    expect(at('<h2>Summary</h2>')).toBeLessThan(at('<h2>Latency</h2>'));
    expect(html).toContain('Timeline: Redis ZSET fan-out');
    expect(html).toContain('Graph: recall + rank + stream cache');
    expect(html).toContain('latency, ms (log scale)');
    expect(html).toContain('simulated time, s');
    // Fan-out over time, from the monitor sampled with memory (report.json memory.series[].fanout).
    const report = JSON.parse(readFileSync(a, 'utf8')) as { memory: { series: { fanout?: { zadds: number } }[] } };
    const zadds = report.memory.series.map((p) => p.fanout?.zadds ?? -1);
    expect(zadds.every((z) => z >= 0)).toBe(true);
    expect(zadds.at(-1)).toBeGreaterThan(zadds[0]);
    expect(html).toContain('<h2>Fan-out</h2>');
    expect(html).toContain('fan-out ZADDs so far');
    expect(html).toMatch(/<h2>Flame graph of every span<\/h2>[\s\S]*<svg class="flame"/);
    expect(html).toMatch(/<title>graph\.read: [\d,]+ µs/);
    expect(html).not.toMatch(/<script|src=|href="http|url\(/i);
  });

  it('refuses a file that is not a report.json, naming what is missing, and writes nothing', () => {
    const notReport = path.join(dir, 'scenario.json');
    writeFileSync(notReport, JSON.stringify({ name: 'x' }));
    const out = path.join(dir, 'cmp-bad');
    const r = cli(['compare', a, notReport, '--out', out]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`${notReport} is not a Feedscope report.json (missing: feedscope, scenario, run, memory, spans)`);
    expect(existsSync(path.join(out, 'compare.html'))).toBe(false);
  });
});
