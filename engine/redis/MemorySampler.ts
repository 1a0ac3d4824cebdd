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

  async sample(redis: RedisHandle, models: readonly FeedModel[], tMs: number): Promise<NonNullable<Frame['memory']>> {
    this.lastAt = performance.now();
    const info = await redis.client.info('memory');
    const usedMemoryBytes = Number(/used_memory:(\d+)/.exec(info)?.[1] ?? 0);
    const byModel: Record<string, number> = {};
    for (const m of models) byModel[m.name] = await m.memoryBytes();
    this.latest = { usedMemoryBytes, byModel };
    this.series.push({ tMs, usedMemoryBytes, byModel });
    return this.latest;
  }
}
