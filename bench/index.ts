/**
 * `npm run bench [-- [--quick] [name ...]]`: runs the benchmarks (all, or the named ones), prints
 * each one's figures and ratios, writes bench/results/<name>.json, and ends with a summary. With
 * several, each runs in a process of its own (runInChild).
 * Benchmarks print figures; they assert nothing (STYLE.md: benchmarks are not tests).
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BENCHES } from './registry.js';
import type { AnyBench, BenchOutcome } from './lib/bench.js';
import { machine, readResult, versions, writeResult, type BenchResult } from './lib/results.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const quick = args.includes('--quick');
/** Set on the child processes of a multi-benchmark run: no header, no summary. */
const child = args.includes('--child');
const names = args.filter((a) => !a.startsWith('--'));
const unknown = names.filter((n) => !BENCHES.some((b) => b.name === n));
if (unknown.length > 0) {
  process.stderr.write(`unknown benchmark ${unknown.map((n) => `"${n}"`).join(', ')}; choose from: ${BENCHES.map((b) => b.name).join(', ')}\n`);
  process.exit(2);
}
// Every benchmark not marked onlyWhenNamed (all of them, scale included), or the named ones.
const selected = names.length > 0 ? BENCHES.filter((b) => names.includes(b.name)) : BENCHES.filter((b) => !b.onlyWhenNamed);
const m = machine();
const v = versions();
const log = (line: string): void => void process.stdout.write(`${line}\n`);
if (!child) log(`Feedscope benchmarks${quick ? ' (--quick)' : ''}: ${m.cpuModel}, ${m.cores} cores, ${(m.ramBytes / 2 ** 30).toFixed(1)} GiB RAM, load ${m.loadAverage1m}; node ${v.node}, redis ${v.redis}`);
const summary: [string, string, string][] = [];
const started = performance.now();

/**
 * One benchmark in this process: its figures printed and written to bench/results/<name>.json.
 * Figures that do not match the benchmark's schema fail the run like an exception would: the
 * error names the bench and the JSON path, and the file records the failure instead.
 */
async function runHere(b: AnyBench): Promise<void> {
  log(`\n=== ${b.name}: ${b.title} ===`);
  const t0 = performance.now();
  let outcome: BenchOutcome<unknown>;
  try {
    outcome = await b.run({ quick, log });
  } catch (err) {
    outcome = failed(err);
  }
  const wallMs = Math.round(performance.now() - t0);
  const result = (o: BenchOutcome<unknown>): BenchResult => ({
    name: b.name, title: b.title, date: new Date().toISOString(), quick, machine: machine(), versions: v, wallMs,
    status: o.status ?? 'ok', figures: o.figures, notes: o.notes ?? [], headlines: o.headlines,
  });
  let file: string;
  try {
    file = writeResult(result(outcome));
  } catch (err) {
    outcome = failed(err);
    file = writeResult(result(outcome));
  }
  for (const n of outcome.notes ?? []) log(`note: ${n}`);
  log(`(${(wallMs / 1000).toFixed(1)} s; ${file})`);
  if (outcome.status && outcome.status !== 'ok') summary.push([b.name, outcome.status, '']);
  for (const h of outcome.headlines) summary.push([b.name, h.label, h.value]);
}

function failed(err: unknown): BenchOutcome<unknown> {
  const msg = err instanceof Error ? err.message : String(err);
  log(`FAILED: ${msg}`);
  process.exitCode = 1;
  return { figures: {}, headlines: [], status: `failed: ${msg}` };
}

/**
 * One benchmark in a process of its own (a run of several): each starts from a fresh heap, so
 * one benchmark's garbage (20M-edge adjacency sets, a 100k-user graph) does not become the next
 * one's GC pauses. Its summary lines come back through its results file.
 */
function runInChild(b: AnyBench): Promise<void> {
  const before = readResult(b.name)?.date ?? null;
  return new Promise((resolve) => {
    const c = spawn(process.execPath, [path.join(ROOT, 'bin', 'run-ts.mjs'), path.join(ROOT, 'bench', 'index.ts'), b.name, '--child', ...(quick ? ['--quick'] : [])], { cwd: process.cwd(), stdio: 'inherit' });
    c.on('exit', (code) => {
      const r = readResult(b.name);
      if (code !== 0) process.exitCode = 1;
      if (!r || r.date === before) {
        summary.push([b.name, `failed: its process exited with code ${code} before writing its results`, '']);
        process.exitCode = 1;
      } else {
        if (r.status !== 'ok') summary.push([b.name, r.status, '']);
        for (const h of r.headlines ?? []) summary.push([b.name, h.label, h.value]);
      }
      resolve();
    });
  });
}

for (const b of selected) {
  if (selected.length > 1 && !child) await runInChild(b);
  else await runHere(b);
}
if (!child) {
  log(`\n=== summary (${((performance.now() - started) / 1000).toFixed(0)} s) ===`);
  const w0 = Math.max(...summary.map((r) => r[0].length), 4);
  const w1 = Math.max(...summary.map((r) => r[1].length), 4);
  for (const [n, l, val] of summary) log(`${n.padEnd(w0)}  ${l.padEnd(w1)}  ${val}`);
}
process.exit();
