/**
 * Reading the benchmarks' results (bench/results/<name>.json) for the claims ledger, each file
 * parsed with its benchmark's schema (benchResults.ts, the one bench/ checks before writing). The
 * directory comes from the entry point (CLI, Electron main). A missing file is absent; a file
 * that is not JSON or does not match its schema (an older layout, a hand edit) is kept as
 * unreadable with its path and the JSON path of the problem, so its claims say "not measured
 * yet" and why, never an error.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { z } from 'zod';
import {
  AdjacencyResultSchema, BENCH_RESULT_SCHEMA_NAMES, checkBenchResult, ClusterResultSchema, DelayResultSchema, FanoutResultSchema, GraphResultSchema, PullReadResultSchema, RendererResultSchema,
  AlternativesResultSchema, ScaleResultSchema, SpeedResultSchema, WriterResultSchema, ZsetResultSchema, type BenchName, type BenchResult, ScanResultSchema,
  FaultsResultSchema,
} from './benchResults.js';

/** A results file that could not be used: which file, where in it, and what is wrong. */
export interface UnreadableBenchResult {
  /** `problem` reads after "<file> at <path>": "does not match ZsetResultSchema (...)", "is not JSON (...)". */
  unreadable: { file: string; path: string; problem: string };
}

/** What the results directory holds, per benchmark (absent: the benchmark never ran here). */
export type BenchResults = { [N in BenchName]?: BenchResult<N> | UnreadableBenchResult };

export async function readBenchResults(dir: string): Promise<BenchResults> {
  // One line per benchmark, so each file is parsed with its own schema's type.
  const all: { [N in BenchName]: BenchResults[N] } = {
    fanout: await readResult(dir, 'fanout', FanoutResultSchema),
    cluster: await readResult(dir, 'cluster', ClusterResultSchema),
    writer: await readResult(dir, 'writer', WriterResultSchema),
    pullread: await readResult(dir, 'pullread', PullReadResultSchema),
    delay: await readResult(dir, 'delay', DelayResultSchema),
    zset: await readResult(dir, 'zset', ZsetResultSchema),
    alternatives: await readResult(dir, 'alternatives', AlternativesResultSchema),
    adjacency: await readResult(dir, 'adjacency', AdjacencyResultSchema),
    graph: await readResult(dir, 'graph', GraphResultSchema),
    renderer: await readResult(dir, 'renderer', RendererResultSchema),
    scale: await readResult(dir, 'scale', ScaleResultSchema),
    speed: await readResult(dir, 'speed', SpeedResultSchema),
    scan: await readResult(dir, 'scan', ScanResultSchema),
    faults: await readResult(dir, 'faults', FaultsResultSchema),
  };
  return all;
}

/** `dir/<name>.json` parsed with `schema`; undefined when there is no such file. */
async function readResult<T>(dir: string, name: BenchName, schema: z.ZodType<T>): Promise<T | UnreadableBenchResult | undefined> {
  const file = path.join(dir, `${name}.json`);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    return isMissing(err) ? undefined : unreadable(file, '$', `could not be read (${messageOf(err)})`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    // A half-written file, or not ours.
    return unreadable(file, '$', `is not JSON (${messageOf(err)})`);
  }
  const checked = checkBenchResult(schema, raw);
  return checked.ok ? checked.result : unreadable(file, checked.path, `does not match ${BENCH_RESULT_SCHEMA_NAMES[name]} (${checked.message})`);
}

function unreadable(file: string, at: string, problem: string): UnreadableBenchResult {
  return { unreadable: { file, path: at, problem } };
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function isMissing(err: unknown): boolean {
  return typeof err === 'object' && err !== null && 'code' in err && err.code === 'ENOENT';
}
