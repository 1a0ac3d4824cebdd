/**
 * INFO commandstats as the planner counts commands: calls per lower-case command name
 * (`cmdstat_zadd`, `cmdstat_xgroup|create`), and what a run sent between two readings. The
 * calibration resets the counters after its load (measure.ts); a report of an ordinary run
 * subtracts the reading taken when its load finished instead, leaving the server's stats alone.
 */
import type { Redis } from 'ioredis';

export interface CommandStat {
  calls: number;
  usecPerCall: number;
}

export async function commandStats(client: Redis): Promise<Record<string, CommandStat>> {
  const info = await client.info('commandstats');
  const out: Record<string, CommandStat> = {};
  for (const m of info.matchAll(/^cmdstat_([^:]+):calls=(\d+),usec=\d+,usec_per_call=([\d.]+)/gm)) out[m[1]] = { calls: Number(m[2]), usecPerCall: Number(m[3]) };
  return out;
}

/** Calls per command from `before` to `now` (commands with none left out). */
export function callsSince(now: Record<string, CommandStat>, before: Record<string, CommandStat>): Record<string, { calls: number }> {
  const out: Record<string, { calls: number }> = {};
  for (const [name, s] of Object.entries(now)) {
    const calls = s.calls - (before[name]?.calls ?? 0);
    if (calls > 0) out[name] = { calls };
  }
  return out;
}
