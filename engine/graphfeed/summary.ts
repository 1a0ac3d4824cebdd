/** The graph model's lines of `feedscope run`'s summary, from report.json's sections. */
import { bytes, int, table } from '../cli/format.js';
import type { Report } from '../report/report.js';

interface Sections {
  graphStore?: { kind: string; location: string; version: string; loadMs: number } | null;
  recall?: { calls: number; mergedPerCall: number | null; candidatesPerPath: Record<string, { total: number; perCall: number | null; limit: number }> };
  ranker?: { file: string; auc: number; baselineAuc: number; scored: number } | null;
  cache?: { refreshes: number; xadds: number; delivered: number; acked: number; expired: number; crashes: number; reclaimed: number; duplicatesAfterAck: number };
  quality?: { k: number; users: number; jaccardAtK: number | null; meanAgeSec: Record<string, number | null>; followeeShare: Record<string, number | null> };
  modelMemory?: { users: number; graph: { streamBytesPerUser: number; bytesPerEntry: number | null; bodyHashBytes: number }; timeline: { zsetBytesPerUser: number; bytesPerEntry: number | null } | null };
}

const fmt = (v: number | null | undefined, digits = 3): string => (v === null || v === undefined ? 'n/a' : v.toFixed(digits));

export function graphSummaryLines(report: Report): string[] {
  const r = report as Report & Sections;
  if (!r.recall) return [];
  const out: string[] = [];
  if (r.graphStore) out.push(`\nGraph store ${r.graphStore.kind} ${r.graphStore.version} at ${r.graphStore.location} (loaded in ${int(r.graphStore.loadMs)} ms)`);
  out.push(`Recall     ${int(r.recall.calls)} recalls, ${fmt(r.recall.mergedPerCall, 1)} merged candidates per recall`);
  out.push(table(['path', 'candidates', 'per recall', 'limit'], Object.entries(r.recall.candidatesPerPath).map(([p, v]) => [p, int(v.total), fmt(v.perCall, 1), int(v.limit)])));
  if (r.ranker) out.push(`Ranker     ${r.ranker.file}: AUC ${fmt(r.ranker.auc)} on held-out users (recency-only baseline ${fmt(r.ranker.baselineAuc)}), ${int(r.ranker.scored)} candidates scored`);
  if (r.cache) {
    const c = r.cache;
    out.push(`Streams    ${int(c.refreshes)} refreshes, ${int(c.xadds)} items XADDed, ${int(c.delivered)} delivered, ${int(c.acked)} acked, ${int(c.expired)} expired, ${int(c.crashes)} reader crashes, ${int(c.reclaimed)} reclaimed by XAUTOCLAIM, ${int(c.duplicatesAfterAck)} duplicates after ack`);
  }
  if (r.quality) {
    const q = r.quality;
    out.push(`Quality    top-${q.k} over ${q.users} users: Jaccard(timeline, graph) ${fmt(q.jaccardAtK)}; mean age s timeline ${fmt(q.meanAgeSec.timeline, 1)} / graph ${fmt(q.meanAgeSec.graph, 1)}; from followees timeline ${fmt(q.followeeShare.timeline)} / graph ${fmt(q.followeeShare.graph)}`);
  }
  if (r.modelMemory) {
    const m = r.modelMemory;
    const perEntry = (v: number | null): string => (v === null ? 'n/a' : bytes(v));
    out.push(`Feed memory per user (${m.users} sampled): stream ${bytes(m.graph.streamBytesPerUser)} (${perEntry(m.graph.bytesPerEntry)}/entry)${m.timeline ? ` vs ZSET ${bytes(m.timeline.zsetBytesPerUser)} (${perEntry(m.timeline.bytesPerEntry)}/entry)` : ''}; item bodies ${bytes(m.graph.bodyHashBytes)} in hashes`);
  }
  return out;
}
