/** The analysis as a file: JSON (the view as it is) or CSV (one row per figure, a section column). Pure. */
import type { KeyspaceAnalysisView } from '../keyBrowserApi.js';
import { flattenPrefixes } from './aggregate.js';

function cell(v: string | number | null): string {
  const s = v === null ? '' : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function analysisCsv(a: KeyspaceAnalysisView): string {
  const rows: (string | number | null)[][] = [['section', 'name', 'type', 'keys', 'memory_bytes', 'ttl_ms', 'length']];
  rows.push(['total', a.complete ? 'complete scan' : 'partial scan', '', a.totals.keys, a.totals.memoryBytes, '', '']);
  for (const p of flattenPrefixes(a.prefixes)) rows.push([`prefix level ${p.level}`, p.prefix, '', p.keys, p.memoryBytes, '', '']);
  for (const t of a.byType) rows.push(['type', t.name, t.name, t.keys, t.memoryBytes, '', '']);
  for (const e of a.byEncoding) rows.push(['encoding', e.name, e.type, e.keys, e.memoryBytes, '', '']);
  for (const t of a.ttl) rows.push(['ttl', t.name, '', t.keys, t.memoryBytes, '', '']);
  for (const h of a.expiring) rows.push(['expiring', `within hour ${h.hour}`, '', h.keys, h.memoryBytes, '', '']);
  for (const k of a.topByMemory) rows.push(['top by memory', k.key, k.type, 1, k.memoryBytes, k.ttlMs, k.length]);
  for (const k of a.topByLength) rows.push(['top by length', k.key, k.type, 1, k.memoryBytes, k.ttlMs, k.length]);
  for (const r of a.recommendations) rows.push([`recommendation ${r.rule}`, r.title, '', r.keyCount, r.savingBytes, '', '']);
  return `${rows.map((r) => r.map(cell).join(',')).join('\n')}\n`;
}

export function analysisFile(a: KeyspaceAnalysisView, format: 'json' | 'csv'): { filename: string; mime: string; text: string } {
  const base = `feedscope-analysis-${a.server.replace(/[^\w.-]+/g, '_')}`;
  return format === 'json'
    ? { filename: `${base}.json`, mime: 'application/json', text: `${JSON.stringify(a, null, 2)}\n` }
    : { filename: `${base}.csv`, mime: 'text/csv', text: analysisCsv(a) };
}
