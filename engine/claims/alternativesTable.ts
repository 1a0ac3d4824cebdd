/**
 * Article 4.3's table ("范围扫描吞吐(QPS)": Go SortedMap ~120K, BadgerDB ~85K, TiKV ~42K) beside
 * what `npm run bench -- alternatives` measured here, as the Claims tab shows it. Pure: figures
 * in, rows out. Which of our stores stands beside which of the article's: the in-process B+tree
 * beside the in-process SortedMap, LevelDB (an embedded LSM) beside BadgerDB (an embedded LSM);
 * the Redis ZSET is the structure being replaced (ratios against it), LadybugDB has no row in the
 * article, and TiKV (a 3-node distributed store) has no counterpart on one machine.
 */
import type { AlternativesTableRow, AlternativesTableView } from '../api.js';
import type { AlternativeStore, AlternativesFigures } from './benchResults.js';

/** "~120K" as the article writes its figures. */
function approx(qps: number): string {
  return `~${Math.round(qps / 1000)}K`;
}

/** The article's figure a store stands beside, and its QPS (null: no row of the article). */
function articleOf(store: AlternativeStore, a: AlternativesFigures['article']): { label: string; qps: number } | null {
  if (store === 'btree') return { label: `Go SortedMap ${approx(a.sortedMapQps)}`, qps: a.sortedMapQps };
  if (store === 'leveldb') return { label: `BadgerDB ${approx(a.badgerQps)}`, qps: a.badgerQps };
  return null;
}

/** The table of one alternatives results file (`measuredAt`: its date; `machine`: its machine line). */
export function alternativesTable(f: AlternativesFigures, measuredAt: string, machine: string): AlternativesTableView {
  const zsetAt = new Map((f.stores.find((s) => s.store === 'redis-zset')?.rows ?? []).map((r) => [r.entries, r.newestPageQps]));
  const rows: AlternativesTableRow[] = [];
  for (const s of f.stores) {
    const base = { store: s.store, label: s.label, version: s.version, memoryKind: s.memoryKind };
    const article = articleOf(s.store, f.article);
    if (s.error !== null || s.rows.length === 0) {
      rows.push({ ...base, error: s.error ?? 'no sizes measured', entries: null, loadMs: null, bytesPerEntry: null, newestPageQps: null, pages: f.offsets.map(() => null), article: article?.label ?? null, vsArticle: null, vsZset: null });
      continue;
    }
    s.rows.forEach((r, i) => {
      const largest = i === s.rows.length - 1;
      const zset = zsetAt.get(r.entries);
      rows.push({
        ...base,
        error: null,
        entries: r.entries,
        loadMs: r.loadMs,
        bytesPerEntry: r.bytesPerEntry,
        newestPageQps: r.newestPageQps,
        pages: f.offsets.map((o) => {
          const p = r.pages.find((x) => x.offset === o);
          return p ? { p50Ms: p.p50Ms, p99Ms: p.p99Ms } : null;
        }),
        article: largest ? (article?.label ?? null) : null,
        vsArticle: largest && article ? r.newestPageQps / article.qps : null,
        vsZset: s.store !== 'redis-zset' && zset ? r.newestPageQps / zset : null,
      });
    });
  }
  return {
    measuredAt,
    machine,
    pageSize: f.pageSize,
    offsets: f.offsets,
    rows,
    notMeasurable: [{ article: `TiKV ${approx(f.article.tikvQps)} (RangeScan, 3 nodes)`, why: 'No TiKV cluster is reachable here (no Docker images, no TiKV binaries in the reachable registries).' }],
  };
}
