/**
 * `feedscope compare A/report.json B/report.json --out DIR`: writes DIR/compare.html, two runs
 * side by side with a differential flame graph (engine/report/compare/), and prints the latency
 * changes. Reads only the two files it is given.
 */
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { errorInfo, FeedscopeError } from '../errors.js';
import { asReport, compareReports, type Comparison } from '../report/compare/compare.js';
import { renderCompareHtml } from '../report/compare/compareHtml.js';
import { ms, table } from './format.js';

async function readReport(file: string): Promise<ReturnType<typeof asReport>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new FeedscopeError('REPORT_UNREADABLE', `Cannot read ${file} (${errorInfo(err).message}): give the path of a report.json.`, { cause: err });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new FeedscopeError('REPORT_INVALID', `${file} is not JSON (${(err as Error).message}): give the report.json that \`feedscope run --report DIR\` wrote.`, { cause: err });
  }
  return asReport(json, file);
}

/** "runA" for runA/report.json, else the file's name: how the page and the table call each run. */
function runLabel(file: string): string {
  const base = path.basename(file);
  return base === 'report.json' ? path.basename(path.dirname(path.resolve(file))) : base;
}

/** Writes DIR/compare.html; returns its path and the comparison. */
export async function writeComparison(fileA: string, fileB: string, outDir: string): Promise<{ file: string; comparison: Comparison }> {
  const s = await stat(outDir).catch(() => null);
  if (s && !s.isDirectory()) throw new FeedscopeError('OUT_DIR_IS_A_FILE', `--out ${outDir} is a file, not a directory: give a directory for compare.html (it is created if missing).`);
  const [a, b] = await Promise.all([readReport(fileA), readReport(fileB)]);
  let [la, lb] = [runLabel(fileA), runLabel(fileB)];
  if (la === lb) [la, lb] = [`A (${la})`, `B (${lb})`];
  const comparison = compareReports(a, b, [la, lb]);
  await mkdir(outDir, { recursive: true });
  const file = path.join(outDir, 'compare.html');
  await writeFile(file, renderCompareHtml(comparison));
  return { file, comparison };
}

export function registerCompare(program: Command): void {
  program
    .command('compare')
    .description('compare two runs: writes DIR/compare.html (latency, memory, feed quality, a differential flame graph)')
    .argument('<a>', 'report.json of the first run (the baseline)')
    .argument('<b>', 'report.json of the second run')
    .requiredOption('--out <dir>', 'directory for compare.html')
    .action(async (fileA: string, fileB: string, opts: { out: string }) => {
      try {
        const { file, comparison: c } = await writeComparison(fileA, fileB, opts.out);
        const rows = c.latency.map((l) => [`${l.model}.${l.op}`, l.a ? ms(l.a.p99Ms) : '-', l.b ? ms(l.b.p99Ms) : '-']);
        if (rows.length > 0) process.stdout.write(`p99 latency (ms)\n${table(['operation', c.a.label, c.b.label], rows)}\n`);
        process.stdout.write(`compare written to ${file}\n`);
      } catch (err) {
        process.stderr.write(`feedscope: ${errorInfo(err).message}\n`);
        process.exitCode = 1;
      }
    });
}
