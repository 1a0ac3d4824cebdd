import { describe, expect, it } from 'vitest';
import type { Frame } from '../../engine/api.js';
import type { FanoutView, ReadCacheView } from '../../engine/api.js';
import { appendPoint, frameToPoint, addSeriesKeys, CACHE_HIT_PCT, CACHE_STALE_PCT, MAX_POINTS, RATE_WINDOW_FRAMES, thinPoints, WRITER_DEEPEST, WRITER_MEAN, type ChartPoint } from './history.js';

function frame(over: Partial<Frame> = {}): Frame {
  return {
    seq: 1, state: 'playing', tMs: 1000, tick: 10, durationMs: 60_000, eventsPerSec: 100, behindMs: 0, achievedSpeed: null, eventLoop: null,
    counts: { post: 1, read: 3, follow: 0, unfollow: 0, interact: 0 },
    totals: { post: 1, read: 3, follow: 0, unfollow: 0, interact: 0 },
    posts: [], graphDelta: { follows: [], unfollows: [] },
    latency: {
      'timeline.readOffset': { count: 3, p50Ms: 0.4, p99Ms: 2, maxMs: 2 },
      'redis.ZREVRANGE': { count: 3, p50Ms: 0.1, p99Ms: 0.3, maxMs: 0.3 },
      'timeline.fanoutWrite': { count: 0, p50Ms: 0, p99Ms: 0, maxMs: 0 },
    },
    fanout: null,
    cluster: null,
    memory: { usedMemoryBytes: 2 * 1024 * 1024, byModel: { timeline: 1024 * 1024 } },
    caption: null,
    ...over,
  };
}

describe('chart history', () => {
  it('takes every number from the frame: model operations only, rates split by the counts, memory in MB', () => {
    const p = frameToPoint(frame());
    expect(p.t).toBe(1);
    expect(p['timeline.readOffset p99']).toBe(2);
    expect(p['redis.ZREVRANGE p50']).toBeUndefined();
    expect(p['timeline.fanoutWrite p50']).toBeUndefined();
    expect(p.readsPerSec).toBe(75);
    expect(p.postsPerSec).toBe(25);
    expect(p['mem used_memory']).toBe(2);
    expect(p['mem timeline']).toBe(1);
  });

  it('averages rates over the last frames and restarts when time goes back', () => {
    let h: ChartPoint[] = [];
    h = appendPoint(h, frameToPoint(frame({ tMs: 100, eventsPerSec: 0 })));
    h = appendPoint(h, frameToPoint(frame({ tMs: 200, eventsPerSec: 100 })));
    expect(h[1].eventsPerSec).toBe(50);
    expect(h[1]['raw eventsPerSec']).toBe(100);
    for (let i = 0; i < RATE_WINDOW_FRAMES; i++) h = appendPoint(h, frameToPoint(frame({ tMs: 300 + i * 100, eventsPerSec: 100 })));
    expect(h[h.length - 1].eventsPerSec).toBe(100);
    h = appendPoint(h, frameToPoint(frame({ tMs: 0 })));
    expect(h).toHaveLength(1);
  });

  it('thins the older half beyond MAX_POINTS and keeps the whole time range', () => {
    let h: ChartPoint[] = [];
    for (let i = 0; i < MAX_POINTS * 3; i++) h = appendPoint(h, frameToPoint(frame({ tMs: i * 100 })));
    expect(h.length).toBeLessThanOrEqual(MAX_POINTS);
    expect(h[0].t).toBe(0);
    expect(h[h.length - 1].t).toBe((MAX_POINTS * 3 - 1) / 10);
    for (let i = 1; i < h.length; i++) expect(h[i].t).toBeGreaterThan(h[i - 1].t);
    expect(h.reduce(addSeriesKeys, [] as readonly string[]).filter((k) => k.startsWith('mem '))).toEqual(['mem used_memory', 'mem timeline']);
  });

  it('keeps the series names as points arrive, the same array when nothing is new', () => {
    const k1 = addSeriesKeys([], { t: 0, a: 1 });
    expect(k1).toEqual(['a']);
    expect(addSeriesKeys(k1, { t: 1, a: 2 })).toBe(k1);
    expect(addSeriesKeys(k1, { t: 2, b: 1, a: 3 })).toEqual(['a', 'b']);
    expect(k1).toEqual(['a']);
  });
});

describe('Timeline writer and read cache series', () => {
  const fanout: FanoutView = { queueDepth: 0, chunksQueued: 0, chunksInFlight: 0, lastLagMs: 0, maxLagMs: 0, posts: 0, zadds: 0, trims: 0, droppedLossy: 0, writeAmplification: 0 };
  const cache = (hits: number, misses: number, staleReads: number): ReadCacheView => ({ maxEntries: 10, ttlMs: 100, entries: 1, peakEntries: 1, hits, misses, hitRatio: null, evicted: 0, expiredOnRead: 0, expiredOnWrite: 0, staleReads, staleShare: null });

  it('charts the deepest and the mean shard queue of the frame', () => {
    const writer = { kind: 'pipeline' as const, queueDepths: [0, 0, 0, 0], peakQueueDepths: [3, 9, 0, 4], maxQueueDepth: 9, queueCapacity: 64, submitted: 1, written: 1, rejectedTimestamp: 0, rejectedSize: 0, batches: 1, backpressureWaits: 0, p50Ms: 1, p99Ms: 2 };
    const p = frameToPoint(frame({ fanout: { ...fanout, writer } }));
    expect(p[WRITER_DEEPEST]).toBe(9);
    expect(p[WRITER_MEAN]).toBe(4);
    expect(frameToPoint(frame({ fanout }))[WRITER_MEAN]).toBeUndefined();
  });

  it('turns the cache\'s cumulative counters into ratios over the rate window', () => {
    let h: ChartPoint[] = [];
    h = appendPoint(h, frameToPoint(frame({ tMs: 100, fanout: { ...fanout, readCache: cache(0, 10, 0) } })));
    expect(h[0][CACHE_HIT_PCT]).toBe(0);
    expect(h[0][CACHE_STALE_PCT]).toBeUndefined();
    // Since the window's first point: 90 more reads, 80 of them hits, 20 of those stale.
    h = appendPoint(h, frameToPoint(frame({ tMs: 200, fanout: { ...fanout, readCache: cache(80, 20, 20) } })));
    expect(h[1][CACHE_HIT_PCT]).toBe(88.9);
    expect(h[1][CACHE_STALE_PCT]).toBe(25);
    for (let i = 0; i < RATE_WINDOW_FRAMES; i++) h = appendPoint(h, frameToPoint(frame({ tMs: 300 + i * 100, fanout: { ...fanout, readCache: cache(80 + (i + 1) * 5, 20 + (i + 1) * 5, 20) } })));
    // The window now holds only the later reads: half of them hit, none stale.
    expect(h[h.length - 1][CACHE_HIT_PCT]).toBe(50);
    expect(h[h.length - 1][CACHE_STALE_PCT]).toBe(0);
  });
});

describe('thinPoints', () => {
  const pts = Array.from({ length: 401 }, (_, i) => ({ t: i / 10, v: i }));
  it('keeps short histories as they are', () => {
    expect(thinPoints(pts.slice(0, 100), 150)).toHaveLength(100);
  });
  it('draws at most `max` points, evenly spaced, first and last included, in order', () => {
    const out = thinPoints(pts, 150);
    expect(out).toHaveLength(150);
    expect(out[0]).toBe(pts[0]);
    expect(out[149]).toBe(pts[400]);
    for (let i = 1; i < out.length; i++) {
      const gap = out[i].t - out[i - 1].t;
      expect(gap).toBeGreaterThan(0.19);
      expect(gap).toBeLessThan(0.31);
    }
  });
});
