/**
 * What every benchmark writes beside its printed figures: bench/results/<name>.json with the
 * machine (CPU model, cores, RAM), the versions (node, redis) and the date, so a figure is never
 * read without the machine it came from. The file's layout is its schema's
 * (engine/claims/benchResults.ts), checked before it is written.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BENCH_RESULT_SCHEMA_NAMES, BenchEnvelopeSchema, checkBenchFile, machineInfo, type BenchEnvelope, type BenchMachine, type BenchName, type BenchVersions } from '../../engine/index.js';

export const RESULTS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'results');

/** A results file as bench/ writes it; its figures are checked against the benchmark's schema on writing. */
export type BenchResult = Omit<BenchEnvelope, 'figures'> & { figures: unknown };

/** This machine as the results file records it: the planner's calibration records the same (engine machineInfo). */
export function machine(): BenchMachine {
  return machineInfo();
}

function versionOf(bin: string, pattern: RegExp): string | null {
  try {
    const out = execFileSync(bin, ['--version'], { encoding: 'utf8', timeout: 5000 });
    return pattern.exec(out)?.[1] ?? out.trim();
  } catch {
    return null;
  }
}

export function versions(): BenchVersions {
  return {
    node: process.version,
    redis: versionOf('redis-server', /v=(\S+)/),
    redisBenchmark: versionOf('redis-benchmark', /redis-benchmark (\S+)/),
  };
}

/**
 * Writes bench/results/<name>.json once `result` matches the benchmark's schema in its JSON form
 * (every figure declared, of its declared type); otherwise throws, naming the bench, the schema
 * and the JSON path, and writes nothing.
 */
export function writeResult(result: BenchResult): string {
  const text = `${JSON.stringify(result, null, 2)}\n`;
  const checked = checkBenchFile(result.name, JSON.parse(text), { strict: true });
  const file = path.join(RESULTS_DIR, `${result.name}.json`);
  if (!checked.ok) {
    throw new Error(`bench "${result.name}": its results do not match ${BENCH_RESULT_SCHEMA_NAMES[result.name]} (engine/claims/benchResults.ts) at ${checked.path}: ${checked.message}; ${path.relative(process.cwd(), file)} was not written`);
  }
  mkdirSync(RESULTS_DIR, { recursive: true });
  writeFileSync(file, text);
  return file;
}

/** The stored result of a benchmark (its figures unread), or null when it has never run here or its file is not a results file. */
export function readResult(name: BenchName): BenchEnvelope | null {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path.join(RESULTS_DIR, `${name}.json`), 'utf8'));
  } catch {
    return null;
  }
  const parsed = BenchEnvelopeSchema.safeParse(raw);
  return parsed.success ? parsed.data : null;
}
