/**
 * What a run's commands cost Redis, without resetting the server's stats (the calibration may
 * CONFIG RESETSTAT its private server; a user's Redis keeps its counters): INFO commandstats read
 * when the load has finished, and subtracted from a reading at the report. One server only; on a
 * cluster nothing is read (report.json's capacity section says why it does not project one).
 */
import type { Redis } from 'ioredis';
import { callsSince, commandStats, type CommandStat } from '../planner/commandStats.js';

export class CommandsSinceLoad {
  private atLoad: Record<string, CommandStat> | null = null;

  /** At the end of a load (or a reset); a failed INFO leaves the run unmeasured, not failed. */
  async mark(client: Redis | null): Promise<void> {
    this.atLoad = client ? await commandStats(client).catch(() => null) : null;
  }

  /** Calls per command since `mark`; null when there was no reading then or none can be taken now. */
  async since(client: Redis | null): Promise<Record<string, { calls: number }> | null> {
    if (!this.atLoad || !client) return null;
    const now = await commandStats(client).catch(() => null);
    return now ? callsSince(now, this.atLoad) : null;
  }
}
