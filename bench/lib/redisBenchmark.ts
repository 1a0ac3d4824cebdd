/**
 * redis-benchmark as the yardstick: the same private server, the figure it reports (requests per
 * second, from its CSV output), so our engine's throughput is printed as a ratio of it.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);
export const REDIS_BENCHMARK_BIN = '/usr/bin/redis-benchmark';

export interface RedisBenchmarkFigure {
  command: string;
  rps: number;
  p50Ms: number | null;
  p99Ms: number | null;
  args: string[];
}

/** Runs redis-benchmark against 127.0.0.1:port and returns the row of its CSV output. */
export async function redisBenchmark(port: number, args: string[]): Promise<RedisBenchmarkFigure> {
  const full = ['-h', '127.0.0.1', '-p', String(port), '--csv', ...args];
  const { stdout } = await run(REDIS_BENCHMARK_BIN, full, { timeout: 300_000, maxBuffer: 1 << 20 });
  const rows = stdout.trim().split('\n').filter((l) => l.startsWith('"'));
  const header = rows[0]?.split(',').map((c) => c.replace(/"/g, ''));
  const row = rows[1]?.split('","').map((c) => c.replace(/"/g, ''));
  if (!header || !row) throw new Error(`redis-benchmark printed no CSV row for ${full.join(' ')}: ${stdout.slice(0, 300)}`);
  const col = (name: string): number | null => {
    const i = header.indexOf(name);
    return i >= 0 ? Number(row[i]) : null;
  };
  return { command: row[0], rps: col('rps') ?? 0, p50Ms: col('p50_latency_ms'), p99Ms: col('p99_latency_ms'), args };
}
