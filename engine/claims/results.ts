/**
 * Reading the benchmarks' results (bench/results/<name>.json) for the claims ledger. The
 * directory comes from the entry point (CLI, Electron main); a missing or unreadable file is
 * "not measured yet", never an error.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

/** The part of a bench result the ledger reads (bench/lib/results.ts writes the whole). */
export interface StoredBenchResult {
  name: string;
  date: string;
  quick: boolean;
  status: string;
  machine: { cpuModel: string; cores: number; ramBytes: number; loadAverage1m?: number };
  versions: { node: string; redis: string | null };
  figures: Record<string, unknown>;
}

export type BenchResults = Record<string, StoredBenchResult | undefined>;

export async function readBenchResults(dir: string): Promise<BenchResults> {
  const out: BenchResults = {};
  let files: string[];
  try {
    files = (await readdir(dir)).filter((f) => f.endsWith('.json'));
  } catch {
    return out;
  }
  for (const f of files) {
    try {
      const r = JSON.parse(await readFile(path.join(dir, f), 'utf8')) as StoredBenchResult;
      if (r && typeof r === 'object' && r.figures && typeof r.name === 'string') out[r.name] = r;
    } catch {
      // A half-written or foreign file: the claims it feeds stay "not measured yet".
    }
  }
  return out;
}
