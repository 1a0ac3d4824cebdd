/**
 * What every benchmark writes beside its printed figures: bench/results/<name>.json with the
 * machine (CPU model, cores, RAM), the versions (node, redis) and the date, so a figure is never
 * read without the machine it came from.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const RESULTS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'results');

export interface Machine {
  cpuModel: string;
  cores: number;
  ramBytes: number;
  platform: string;
  loadAverage1m: number;
}

export interface Versions {
  node: string;
  redis: string | null;
  redisBenchmark: string | null;
}

export interface BenchResult {
  name: string;
  title: string;
  date: string;
  quick: boolean;
  machine: Machine;
  versions: Versions;
  wallMs: number;
  /** Status of the benchmark: "ok", or "not run: <why>". */
  status: string;
  figures: Record<string, unknown>;
  notes: string[];
  /** The lines of the run's summary: label and value. */
  headlines?: { label: string; value: string }[];
}

export function machine(): Machine {
  const cpus = os.cpus();
  return {
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    ramBytes: os.totalmem(),
    platform: `${os.platform()} ${os.release()}`,
    loadAverage1m: Math.round(os.loadavg()[0] * 100) / 100,
  };
}

function versionOf(bin: string, pattern: RegExp): string | null {
  try {
    const out = execFileSync(bin, ['--version'], { encoding: 'utf8', timeout: 5000 });
    return pattern.exec(out)?.[1] ?? out.trim();
  } catch {
    return null;
  }
}

export function versions(): Versions {
  return {
    node: process.version,
    redis: versionOf('redis-server', /v=(\S+)/),
    redisBenchmark: versionOf('redis-benchmark', /redis-benchmark (\S+)/),
  };
}

export function writeResult(result: BenchResult): string {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const file = path.join(RESULTS_DIR, `${result.name}.json`);
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  return file;
}

/** The stored result of a benchmark, or null when it has never run here. */
export function readResult(name: string): BenchResult | null {
  try {
    return JSON.parse(readFileSync(path.join(RESULTS_DIR, `${name}.json`), 'utf8')) as BenchResult;
  } catch {
    return null;
  }
}
