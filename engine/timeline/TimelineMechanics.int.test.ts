/**
 * `timeline.writer` and `timeline.cache` through the whole engine on a private redis-server:
 * frames carry the writer's queues and the cache's counters, report.json has `writer` and
 * `readCache` exactly when the scenario sets them, and the figures agree with the spans.
 */
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Frame } from '../api.js';
import { Engine } from '../Engine.js';
import { ScenarioSchema } from '../scenario/schema.js';
import { ROOT, scenario } from '../test/helpers.js';

describe('Timeline writer and read cache in scenarios', () => {
  const engine = new Engine({ sampleGraphsDir: path.join(ROOT, 'sample-graphs') });
  const frames: Frame[] = [];
  engine.on((e) => {
    if (e.type === 'frame') frames.push(e.frame);
  });
  afterAll(() => engine.close());

  async function play(s: ReturnType<typeof scenario>) {
    frames.length = 0;
    await engine.load(s, 'inline', ROOT);
    await engine.setSpeed('max');
    await engine.runToEnd();
    return engine.report();
  }

  it('sends posts through the sharded pipeline: queues per shard in frames, report.json writer', async () => {
    const report = await play(scenario({
      graph: { kind: 'generator', users: 300, avgFollows: 8 },
      workload: { durationSec: 3, tickMs: 500, postsPerSec: 200, readsPerSec: 20, pageSize: 10 },
      timeline: { writer: 'pipeline', writerPipeline: { shards: 4, flushIntervalMs: 20 }, oversizeBodyShare: 0.1 },
    }));
    const w = report.writer!;
    expect(w).toMatchObject({ kind: 'pipeline', shards: 4, flushBatch: 50, flushIntervalMs: 20, queueCapacity: 1024, maxBodyBytes: 10 * 1024 });
    expect(w.submitted).toBe(report.run.events.post);
    expect(w.written + w.rejectedSize + w.rejectedTimestamp).toBe(w.submitted);
    expect(w.rejectedSize).toBeGreaterThan(0);
    expect(w.rejectedTimestamp).toBe(0);
    expect(w.perShard).toHaveLength(4);
    expect(w.perShard.reduce((a, s) => a + s.written, 0)).toBe(w.written);
    expect(w.latency?.count).toBe(w.submitted);
    expect(report.timeline!.pipelineWrite.count).toBe(w.submitted);
    expect(report.timeline!.outboxWrite).toBeUndefined();
    // Only written posts are fanned out (and only those whose author has followers: the author's own ZADD went through the writer).
    expect(report.fanout!.posts).toBe(w.written);
    expect(report.timeline!.fanoutWrite.count).toBeLessThanOrEqual(w.written);
    expect(report.timeline!.fanoutWrite.count).toBeGreaterThan(w.written * 0.8);
    expect(report.fanout!.zadds).toBeGreaterThan(w.written);
    expect(report.readCache).toBeUndefined();
    const last = frames[frames.length - 1].fanout!.writer!;
    expect(last.queueDepths).toEqual([0, 0, 0, 0]);
    expect(last.written).toBe(w.written);
    expect(frames.some((f) => (f.fanout?.writer?.batches ?? 0) > 0 && f.tMs < 3000)).toBe(true);
  });

  it('sends posts through the synchronous writer', async () => {
    const report = await play(scenario({ workload: { durationSec: 2, postsPerSec: 30, readsPerSec: 10, pageSize: 10 }, timeline: { writer: 'sync' } }));
    expect(report.writer).toMatchObject({ kind: 'sync', shards: null, queueCapacity: null, backpressureWaits: 0, rejectedSize: 0 });
    expect(report.writer!.batches).toBe(report.writer!.written);
    expect(report.timeline!.syncWrite.count).toBe(report.run.events.post);
  });

  it('reads pages through the LRU+TTL cache: counters in frames, report.json readCache, spans for hits and misses', async () => {
    const report = await play(scenario({
      graph: { kind: 'generator', users: 100, avgFollows: 6 },
      workload: { durationSec: 4, postsPerSec: 10, readsPerSec: 300, pageSize: 10, cursorReadShare: 0.3 },
      timeline: { cache: { maxEntries: 40, ttlMs: 1000 } },
    }));
    const c = report.readCache!;
    expect(c).toMatchObject({ maxEntries: 40, ttlMs: 1000 });
    expect(c.hits + c.misses).toBe(c.reads);
    expect(c.hits).toBeGreaterThan(0);
    expect(c.evicted).toBeGreaterThan(0);
    expect(c.expiredOnRead + c.expiredOnWrite).toBeGreaterThan(0);
    expect(c.staleReads).toBeGreaterThan(0);
    expect(c.staleAgeMs!.max).toBeLessThanOrEqual(1000 + 100);
    expect(c.peakEntries).toBeLessThanOrEqual(40);
    expect(c.latency.page?.count).toBe(c.reads);
    expect(c.latency.hit?.count).toBe(c.hits);
    expect(c.latency.miss?.count).toBe(c.misses);
    // Misses are the Redis reads; a hit never reaches Redis.
    expect(report.timeline!.readOffset.count + report.timeline!.readCursor.count).toBe(c.misses);
    expect(c.latency.hit!.p50Ms).toBeLessThan(c.latency.miss!.p50Ms);
    expect(report.spans.some((l) => /^timeline\.readPage;timeline\.cacheMiss;timeline\.readOffset;redis\.ZREVRANGE \d+$/.test(l))).toBe(true);
    expect(c.notes.join(' ')).toContain('ttlAutopurge');
    expect(report.writer).toBeUndefined();
    const last = frames[frames.length - 1].fanout!.readCache!;
    expect(last.hits).toBe(c.hits);
    expect(last.hitRatio).toBe(c.hitRatio);
  });

  it('without either option: no writer, no cache, in frames or report', async () => {
    const report = await play(scenario({ workload: { durationSec: 1, postsPerSec: 20, readsPerSec: 20, pageSize: 10 } }));
    expect(report.writer).toBeUndefined();
    expect(report.readCache).toBeUndefined();
    expect(report.timeline!.outboxWrite.count).toBe(report.run.events.post);
    expect(frames.every((f) => f.fanout?.writer === undefined && f.fanout?.readCache === undefined)).toBe(true);
  });

  it('refuses writer settings without a writer, naming the fix', () => {
    const bad = ScenarioSchema.safeParse({ ...scenario(), timeline: { writerPipeline: { shards: 4 } } });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0].path).toEqual(['timeline', 'writerPipeline']);
    expect(bad.error?.issues[0].message).toContain('"writer": "pipeline"');
    expect(ScenarioSchema.safeParse({ ...scenario(), timeline: { oversizeBodyShare: 0.1 } }).success).toBe(false);
    expect(ScenarioSchema.safeParse({ ...scenario(), timeline: { cache: { maxEntries: 0, ttlMs: 10 } } }).success).toBe(false);
  });
});
