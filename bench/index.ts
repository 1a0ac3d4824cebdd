/**
 * `npm run bench [-- [--quick] [name ...]]`: runs the benchmarks (all, or the named ones), prints
 * each one's figures and ratios, writes bench/results/<name>.json, and ends with a summary.
 * Benchmarks print figures; they assert nothing (STYLE.md: benchmarks are not tests).
 */
import { BENCHES } from './registry.js';
import type { BenchOutcome } from './lib/bench.js';
import { machine, versions, writeResult } from './lib/results.js';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const names = args.filter((a) => !a.startsWith('--'));
const unknown = names.filter((n) => !BENCHES.some((b) => b.name === n));
if (unknown.length > 0) {
  process.stderr.write(`unknown benchmark ${unknown.map((n) => `"${n}"`).join(', ')}; choose from: ${BENCHES.map((b) => b.name).join(', ')}\n`);
  process.exit(2);
}
// `scale` is heavy (20M edges): it runs when named, not in the default pass.
const selected = names.length > 0 ? BENCHES.filter((b) => names.includes(b.name)) : BENCHES.filter((b) => !b.onlyWhenNamed);
const m = machine();
const v = versions();
const log = (line: string): void => void process.stdout.write(`${line}\n`);
log(`Feedscope benchmarks${quick ? ' (--quick)' : ''}: ${m.cpuModel}, ${m.cores} cores, ${(m.ramBytes / 2 ** 30).toFixed(1)} GiB RAM, load ${m.loadAverage1m}; node ${v.node}, redis ${v.redis}`);
const summary: [string, string, string][] = [];
const started = performance.now();
for (const b of selected) {
  log(`\n=== ${b.name}: ${b.title} ===`);
  const t0 = performance.now();
  let outcome: BenchOutcome;
  try {
    outcome = await b.run({ quick, log });
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    log(`FAILED: ${msg}`);
    outcome = { figures: {}, headlines: [], status: `failed: ${msg}` };
    process.exitCode = 1;
  }
  const wallMs = Math.round(performance.now() - t0);
  const file = writeResult({
    name: b.name, title: b.title, date: new Date().toISOString(), quick, machine: machine(), versions: v, wallMs,
    status: outcome.status ?? 'ok', figures: outcome.figures, notes: outcome.notes ?? [],
  });
  for (const n of outcome.notes ?? []) log(`note: ${n}`);
  log(`(${(wallMs / 1000).toFixed(1)} s; ${file})`);
  if (outcome.status && outcome.status !== 'ok') summary.push([b.name, outcome.status, '']);
  for (const h of outcome.headlines) summary.push([b.name, h.label, h.value]);
}
log(`\n=== summary (${((performance.now() - started) / 1000).toFixed(0)} s) ===`);
const w0 = Math.max(...summary.map((r) => r[0].length), 4);
const w1 = Math.max(...summary.map((r) => r[1].length), 4);
for (const [n, l, val] of summary) log(`${n.padEnd(w0)}  ${l.padEnd(w1)}  ${val}`);
process.exit();
