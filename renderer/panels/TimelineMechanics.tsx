/**
 * The Timeline's writer (article 2.2) and read cache (article 2.4) as figures beside the charts:
 * each shard's queue now as a bar against its capacity, and the counters since t=0, from the
 * latest frame. Shown only when the scenario sets `timeline.writer` or `timeline.cache`.
 */
import type { ReactNode } from 'react';
import type { ReadCacheView, WriterView } from '../../engine/api.js';
import { fmtInt, fmtMs } from '../format.js';

const pct = (v: number | null): string => (v === null ? '–' : `${(v * 100).toFixed(1)}%`);

function Figure({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div className="mech-figure">
      <dt>{term}</dt>
      <dd>{children}</dd>
    </div>
  );
}

export function WriterFigures({ w }: { w: WriterView }) {
  // Sync has no bound: its one queue is scaled to the deepest it has been.
  const scale = Math.max(1, w.queueCapacity ?? w.maxQueueDepth);
  return (
    <figure className="chart mech" data-testid="writer-figures">
      <figcaption>
        <span>{w.kind === 'pipeline' ? `Write pipeline: ${w.queueDepths.length} shards, most queued in the last frame` : 'Sync writer: most posts waiting in the last frame'}</span>
      </figcaption>
      <div className="mech-bars" role="img" aria-label={`most events queued per shard in the last frame: ${w.peakQueueDepths.join(', ')}`}>
        {w.peakQueueDepths.map((d, i) => (
          <div key={i} className="mech-bar" title={`shard ${i}: at most ${d} queued in the last frame, ${w.queueDepths[i] ?? 0} now`}>
            <i style={{ height: `${Math.min(100, (d / scale) * 100)}%` }} />
            <span>{i}</span>
          </div>
        ))}
      </div>
      <dl className="mech-grid">
        <Figure term="written">{fmtInt(w.written)} of {fmtInt(w.submitted)}</Figure>
        <Figure term="pipelines">{fmtInt(w.batches)}{w.batches > 0 ? ` (mean ${(w.written / w.batches).toFixed(1)})` : ''}</Figure>
        <Figure term="rejected: timestamp">{fmtInt(w.rejectedTimestamp)}</Figure>
        <Figure term="rejected: > 10 KB">{fmtInt(w.rejectedSize)}</Figure>
        <Figure term="max queue">{fmtInt(w.maxQueueDepth)}{w.queueCapacity !== null ? ` / ${fmtInt(w.queueCapacity)}` : ''}</Figure>
        <Figure term="back-pressure waits">{fmtInt(w.backpressureWaits)}</Figure>
        <Figure term="post → written p50 / p99">{w.p50Ms === null || w.p99Ms === null ? '–' : `${fmtMs(w.p50Ms)} / ${fmtMs(w.p99Ms)}`}</Figure>
      </dl>
    </figure>
  );
}

export function ReadCacheFigures({ c }: { c: ReadCacheView }) {
  return (
    <figure className="chart mech" data-testid="cache-figures">
      <figcaption>
        <span>Read cache: LRU {fmtInt(c.maxEntries)} pages + TTL {c.ttlMs ? fmtMs(c.ttlMs) : 'none'}</span>
      </figcaption>
      <div className="mech-fill" role="img" aria-label={`${c.entries} of ${c.maxEntries} pages cached`}>
        <i style={{ width: `${Math.min(100, (c.entries / Math.max(1, c.maxEntries)) * 100)}%` }} />
        <span>{fmtInt(c.entries)} / {fmtInt(c.maxEntries)} pages</span>
      </div>
      <dl className="mech-grid">
        <Figure term="hit ratio">{pct(c.hitRatio)}</Figure>
        <Figure term="hits / misses">{fmtInt(c.hits)} / {fmtInt(c.misses)}</Figure>
        <Figure term="LRU evictions">{fmtInt(c.evicted)}</Figure>
        <Figure term="expired (read / put)">{fmtInt(c.expiredOnRead)} / {fmtInt(c.expiredOnWrite)}</Figure>
        <Figure term="stale hits">{fmtInt(c.staleReads)} ({pct(c.staleShare)} of hits)</Figure>
      </dl>
    </figure>
  );
}
