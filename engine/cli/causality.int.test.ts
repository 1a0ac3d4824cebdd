/**
 * `feedscope run --report DIR` on a causality scenario, then `feedscope causality DIR --shiviz FILE`
 * as a person runs them (child processes of bin/feedscope.mjs; a private redis-server each run).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { Report } from '../api/report.js';
import { parseShiviz, SHIVIZ_REGEX } from '../causality/shiviz.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CLI = path.join(ROOT, 'bin/feedscope.mjs');
const dir = mkdtempSync(path.join(os.tmpdir(), 'feedscope-causality-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function cli(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const env = { ...process.env };
  delete env.REDIS_URL;
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, env, encoding: 'utf8', timeout: 120_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('feedscope causality', () => {
  it('summarises a run\'s causality lab and writes its ShiViz log, whole or one cone', () => {
    const file = path.join(dir, 'caus.json');
    writeFileSync(file, JSON.stringify({
      name: 'cli causality', seed: 5, models: ['timeline'],
      graph: { kind: 'generator', users: 50, avgFollows: 10 },
      workload: { durationSec: 4, postsPerSec: 40, readsPerSec: 30, interactionsPerSec: 30 },
      clocks: { nodes: [{ name: 'a', skewMs: -100 }, { name: 'b', skewMs: 100 }], gossipMs: 150 },
      causality: {},
    }));
    const out = path.join(dir, 'out');
    const run = cli(['run', file, '--report', out]);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toContain('causality.events.json');
    expect(run.stdout).toMatch(/Causality +\d[\d,]* events on a, b/);
    expect(run.stdout).toMatch(/Cursor gaps/);
    const report = JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8')) as Report;
    expect(report.causality?.events.recorded).toBeGreaterThan(100);

    const log = path.join(dir, 'log.shiviz');
    const r = cli(['causality', out, '--shiviz', log]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain(`ShiViz log of ${report.causality!.events.recorded.toLocaleString('en-US')} events`);
    const text = readFileSync(log, 'utf8');
    expect(text.split('\n')[0]).toBe(SHIVIZ_REGEX);
    expect(parseShiviz(text).length).toBe(report.causality!.events.recorded);

    const coneLog = path.join(dir, 'cone.shiviz');
    const c = cli(['causality', out, '--cone', '50', '--shiviz', coneLog]);
    expect(c.status, c.stderr).toBe(0);
    const cone = parseShiviz(readFileSync(coneLog, 'utf8'));
    expect(cone.length).toBeGreaterThan(1);
    expect(cone.length).toBeLessThanOrEqual(51);

    const missing = cli(['causality', dir]);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('feedscope run SCENARIO --report');
  });
});
