/**
 * Redis memory while a scenario plays: INFO used_memory (the whole server) and each model's
 * sampled estimate of its own keys, at most once per interval of wall time, kept as a series for
 * report.json; the latest sample goes into every frame.
 */
import type { Frame } from '../api.js';
import type { FeedModel } from '../model.js';
import type { RedisHandle } from './connect.js';

import type { MemorySample } from '../api/report.js';

export type { MemorySample };

export class MemorySampler {
  latest: Frame['memory'] = null;
  series: MemorySample[] = [];
  private lastAt = -Infinity;

  constructor(private readonly intervalMs: number) {}

  reset(): void {
    this.latest = null;
    this.series = [];
  }

  /** Whether the interval has passed since the last sample. */
  due(): boolean {
    return performance.now() - this.lastAt >= this.intervalMs;
  }

  /** `usedMemory`: the run's Redis memory when it is not one server's INFO (a cluster sums its masters). */
  async sample(redis: RedisHandle, models: readonly FeedModel[], tMs: number, usedMemory?: () => number): Promise<NonNullable<Frame['memory']>> {
    this.lastAt = performance.now();
    const usedMemoryBytes = usedMemory ? usedMemory() : Number(/used_memory:(\d+)/.exec(await redis.client.info('memory'))?.[1] ?? 0);
    const byModel: Record<string, number> = {};
    for (const m of models) byModel[m.name] = await m.memoryBytes();
    this.latest = { usedMemoryBytes, byModel };
    const f = models.map((m) => m.fanout()).find((v) => v !== null);
    this.series.push({ tMs, usedMemoryBytes, byModel, ...(f ? { fanout: { zadds: f.zadds, queueDepth: f.queueDepth, chunksInFlight: f.chunksInFlight, lastLagMs: f.lastLagMs, maxLagMs: f.maxLagMs } } : {}) });
    return this.latest;
  }
}
