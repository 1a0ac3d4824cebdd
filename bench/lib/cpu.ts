/**
 * Who used the CPUs during a piece of work: each Redis main thread (INFO cpu, Redis >= 6.2), this
 * Node process (process.cpuUsage) and the whole machine (os.cpus(), every process, other people's
 * included). On a 2-core machine where the client and every server share two CPUs, these say what
 * limits a figure, so the benchmarks print them beside it.
 */
import os from 'node:os';
import type { Redis } from 'ioredis';

/** CPU seconds Redis's main thread has used (INFO cpu used_cpu_{user,sys}_main_thread; NaN before Redis 6.2). */
export async function redisCpuSeconds(client: Redis): Promise<number> {
  const info = await client.info('cpu');
  const field = (k: string): number => Number(new RegExp(`${k}:([\\d.]+)`).exec(info)?.[1] ?? NaN);
  return field('used_cpu_user_main_thread') + field('used_cpu_sys_main_thread');
}

/** INFO commandstats usec_per_call of `command` (lower case, e.g. "zadd"); NaN when it never ran. */
export async function usecPerCall(client: Redis, command: string): Promise<number> {
  const info = await client.info('commandstats');
  return Number(new RegExp(`cmdstat_${command}:[^\\r\\n]*usec_per_call=([\\d.]+)`).exec(info)?.[1] ?? NaN);
}

export interface CpuShares<T> {
  out: T;
  wallSec: number;
  /** Per Redis client given, the share of the wall time its main thread was on a CPU (1 = one core). */
  redis: number[];
  /** This Node process's CPU time / wall time (1 = one core). */
  client: number;
  /** Busy share of all the machine's cores together (1 = every core busy). */
  machine: number;
}

/** Runs `work` and measures the CPU shares above over it. */
export async function cpuSharesDuring<T>(redis: readonly Redis[], work: () => Promise<T>): Promise<CpuShares<T>> {
  const r0 = await Promise.all(redis.map(redisCpuSeconds));
  const c0 = process.cpuUsage();
  const m0 = machineTimes();
  const t0 = performance.now();
  const out = await work();
  const wallSec = (performance.now() - t0) / 1000;
  const c = process.cpuUsage(c0);
  const m1 = machineTimes();
  const r1 = await Promise.all(redis.map(redisCpuSeconds));
  const total = m1.total - m0.total;
  return {
    out,
    wallSec,
    redis: r1.map((x, i) => (x - r0[i]) / wallSec),
    client: (c.user + c.system) / 1e6 / wallSec,
    machine: total > 0 ? 1 - (m1.idle - m0.idle) / total : NaN,
  };
}

function machineTimes(): { idle: number; total: number } {
  let idle = 0;
  let total = 0;
  for (const c of os.cpus()) {
    idle += c.times.idle;
    total += c.times.user + c.times.nice + c.times.sys + c.times.idle + c.times.irq;
  }
  return { idle, total };
}

export function pct(share: number): string {
  return Number.isFinite(share) ? `${Math.round(share * 100)}%` : 'n/a';
}
