/** The Timeline's lines of `feedscope run`'s summary (and report.html): its writer (article 2.2) and read cache (article 2.4), from report.json. */
import type { Report } from '../api/report.js';
import { int, ms } from '../cli/format.js';

const ratio = (v: number | null): string => (v === null ? 'n/a' : v.toFixed(3));
const pct = (v: number | null): string => (v === null ? 'n/a' : `${(v * 100).toFixed(1)}%`);

export function timelineSummaryLines(r: Report): string[] {
  const out: string[] = [];
  const w = r.writer;
  if (w) {
    const how = w.kind === 'pipeline' ? `pipeline (${w.shards} shards by author, flush at ${w.flushBatch} events or ${w.flushIntervalMs} ms, queues of ${int(w.queueCapacity ?? 0)})` : 'sync (one write at a time, the post waits)';
    const lat = w.latency ? `; post to written p50 ${ms(w.latency.p50Ms)} ms, p99 ${ms(w.latency.p99Ms)} ms` : '';
    out.push(`\nWriter     ${how}: ${int(w.submitted)} posts, ${int(w.written)} written in ${int(w.batches)} pipelines (mean ${w.meanBatch === null ? 'n/a' : w.meanBatch.toFixed(1)}), rejected ${int(w.rejectedTimestamp)} for timestamps not increasing per shard and ${int(w.rejectedSize)} over ${int(w.maxBodyBytes)} B; max queue depth ${int(w.maxQueueDepth)}, ${int(w.backpressureWaits)} back-pressure waits${lat}`);
  }
  const c = r.readCache;
  if (c) {
    const age = c.staleAgeMs ? `, stale by p50 ${int(c.staleAgeMs.p50)} / p99 ${int(c.staleAgeMs.p99)} / max ${int(c.staleAgeMs.max)} ms simulated` : '';
    const lat = c.latency.hit && c.latency.miss && c.latency.page ? `; page p50/p99 ${ms(c.latency.page.p50Ms)} / ${ms(c.latency.page.p99Ms)} ms (hit ${ms(c.latency.hit.p50Ms)} / ${ms(c.latency.hit.p99Ms)}, miss to Redis ${ms(c.latency.miss.p50Ms)} / ${ms(c.latency.miss.p99Ms)})` : '';
    out.push(`${w ? '' : '\n'}Read cache LRU ${int(c.maxEntries)} pages + TTL ${c.ttlMs ? `${int(c.ttlMs)} ms` : 'none'}: ${int(c.reads)} page reads, hit ratio ${ratio(c.hitRatio)} (${int(c.hits)} hits, ${int(c.misses)} misses); ${int(c.evicted)} LRU evictions, ${int(c.expiredOnRead + c.expiredOnWrite)} expired (${int(c.expiredOnRead)} on read, ${int(c.expiredOnWrite)} before a put); ${int(c.staleReads)} stale hits (${pct(c.staleShare)} of hits, ${int(c.missingPosts)} posts missing${age})${lat}`);
  }
  return out;
}
