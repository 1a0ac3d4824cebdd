/**
 * The writer's figures (article 2.2) as a frame shows them and as report.json keeps them, from a
 * TimelineWriter's counters and the tracer's span of its writes.
 */
import type { WriterView } from '../api.js';
import type { WriterConfig, WriterReport } from '../api/report.js';
import type { Tracer } from '../trace/Tracer.js';
import type { TimelineWriter } from './ShardedWriter.js';

/** The span of one post's own writes through the writer, by kind. */
export const WRITER_SPANS = { sync: 'timeline.syncWrite', pipeline: 'timeline.pipelineWrite' } as const;

/** Which writes go through `config.writer` (report.json writer.writes). */
export const WRITER_WRITES = "each post's own writes, as one event: ZADD (and trim) of the author's timeline when the author is pushed, LPUSH + LTRIM of the author's outbox; fan-out to followers stays on the fan-out path and starts once the event is written";

const round3 = (x: number): number => Math.round(x * 1000) / 1000;

/** The writer's queues and counters for a frame: call once per frame (the peak depths since the previous call restart). */
export function writerView(writer: TimelineWriter, w: WriterConfig, tracer: Tracer): WriterView {
  const c = writer.counters();
  const lat = tracer.get(WRITER_SPANS[w.kind]);
  return {
    kind: w.kind,
    queueDepths: c.shards.map((s) => s.depth),
    peakQueueDepths: writer.takePeakDepths(),
    maxQueueDepth: c.maxQueueDepth,
    queueCapacity: w.queueCapacity,
    submitted: c.submitted,
    written: c.written,
    rejectedTimestamp: c.rejectedTimestamp,
    rejectedSize: c.rejectedSize,
    batches: c.batches,
    backpressureWaits: c.backpressureWaits,
    p50Ms: lat ? lat.p50Ms : null,
    p99Ms: lat ? lat.p99Ms : null,
  };
}

/** report.json `writer`. */
export function writerReport(writer: TimelineWriter, w: WriterConfig, tracer: Tracer): WriterReport {
  const c = writer.counters();
  return {
    ...w,
    writes: WRITER_WRITES,
    submitted: c.submitted,
    written: c.written,
    rejectedTimestamp: c.rejectedTimestamp,
    rejectedSize: c.rejectedSize,
    batches: c.batches,
    meanBatch: c.batches ? round3(c.written / c.batches) : null,
    maxQueueDepth: c.maxQueueDepth,
    backpressureWaits: c.backpressureWaits,
    perShard: c.shards.map((s, shard) => ({ shard, written: s.written, rejected: s.rejected, batches: s.batches, maxQueueDepth: s.maxDepth })),
    latency: tracer.get(WRITER_SPANS[w.kind]) ?? null,
  };
}
