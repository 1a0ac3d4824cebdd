/**
 * The keyspace analysis of the last scan: memory by prefix (bars per level), by type and by
 * encoding, the TTL histogram, memory expiring in the coming hours, the top keys and the
 * recommendations, each with its rule and keys. Says whether the figures are exact (complete scan)
 * or for the keys seen so far. Export as JSON or CSV.
 */
import { useState } from 'react';
import type { AnalysisBucket, KeyspaceAnalysisView, PrefixNode, ScannedKey } from '../../engine/api.js';
import { fmtBytes, fmtInt } from '../format.js';
import type { KeyBrowserController } from './KeyBrowserController.js';
import { useKb } from './keyBrowserStore.js';
import { fmtTtl } from './KeyTable.js';
import './inspectors.css';

function Bar({ part, whole, label, right }: { part: number; whole: number; label: string; right: string }) {
  const w = whole > 0 ? Math.max(0.5, (100 * part) / whole) : 0;
  return (
    <div className="hbar">
      <span className="mono lbl" title={label}>{label}</span>
      <span className="track"><span className="fill" style={{ width: `${w}%` }} /></span>
      <span className="num">{right}</span>
    </div>
  );
}

function Buckets({ rows, total }: { rows: readonly (AnalysisBucket & { type?: string })[]; total: number }) {
  return (
    <>
      {rows.map((b) => (
        <Bar key={`${b.type ?? ''}/${b.name}`} part={b.memoryBytes} whole={total} label={b.type ? `${b.type} · ${b.name}` : b.name} right={`${fmtBytes(b.memoryBytes)} · ${fmtInt(b.keys)} keys`} />
      ))}
    </>
  );
}

function Prefixes({ node, total, level }: { node: PrefixNode; total: number; level: number }) {
  return (
    <>
      {node.children.slice(0, level === 0 ? 15 : 6).map((c) => (
        <div key={c.prefix} style={{ paddingLeft: level * 14 }}>
          <Bar part={c.memoryBytes} whole={total} label={`${c.prefix}*`} right={`${fmtBytes(c.memoryBytes)} · ${fmtInt(c.keys)} keys · ${((100 * c.memoryBytes) / Math.max(1, total)).toFixed(1)}%`} />
          {level < 1 && c.children.length > 0 && <Prefixes node={c} total={total} level={level + 1} />}
        </div>
      ))}
      {node.otherKeys > 0 && <p className="note" style={{ paddingLeft: level * 14 }}>other prefixes: {fmtInt(node.otherKeys)} keys, {fmtBytes(node.otherMemoryBytes)}</p>}
      {level === 0 && <Unprefixed node={node} total={total} />}
    </>
  );
}

/** Keys whose name has no separator: the root's figures less its prefixes'. */
function Unprefixed({ node, total }: { node: PrefixNode; total: number }) {
  const keys = node.keys - node.otherKeys - node.children.reduce((n, c) => n + c.keys, 0);
  const bytes = node.memoryBytes - node.otherMemoryBytes - node.children.reduce((n, c) => n + c.memoryBytes, 0);
  if (keys <= 0) return null;
  return <Bar part={bytes} whole={total} label="(no prefix)" right={`${fmtBytes(bytes)} · ${fmtInt(keys)} keys · ${((100 * bytes) / Math.max(1, total)).toFixed(1)}%`} />;
}

function Histogram({ rows, testId }: { rows: { label: string; keys: number; memoryBytes: number }[]; testId: string }) {
  const max = Math.max(1, ...rows.map((r) => r.keys));
  return (
    <div className="vhist" data-testid={testId}>
      {rows.map((r) => (
        <div key={r.label} className="vcol" title={`${r.label}: ${fmtInt(r.keys)} keys, ${fmtBytes(r.memoryBytes)}`}>
          <span className="num">{fmtInt(r.keys)}</span>
          <span className="vbar" style={{ height: `${(100 * r.keys) / max}%` }} />
          <span className="note">{r.label}</span>
        </div>
      ))}
    </div>
  );
}

function TopKeys({ rows, title }: { rows: readonly ScannedKey[]; title: string }) {
  return (
    <section>
      <h3>{title}</h3>
      <table>
        <thead><tr><th>key</th><th>type</th><th>encoding</th><th>memory</th><th>length</th><th>TTL</th></tr></thead>
        <tbody>
          {rows.slice(0, 10).map((k) => (
            <tr key={k.key}><td className="mono">{k.key}</td><td>{k.type}</td><td>{k.encoding ?? '–'}</td><td>{fmtBytes(k.memoryBytes ?? 0)}</td><td>{fmtInt(k.length ?? 0)}</td><td>{fmtTtl(k.ttlMs)}</td></tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

export function AnalysisView({ kb }: { kb: KeyBrowserController }) {
  const a = useKb(kb.store, (s) => s.analysis);
  const sep = useKb(kb.store, (s) => s.separator);
  const [sepText, setSepText] = useState(sep);
  if (a.error) return <p className="warn" role="alert">{a.error.message}</p>;
  if (!a.data) return <p className="note"><span className="spinner" aria-hidden /> Reading the analysis…</p>;
  const v: KeyspaceAnalysisView = a.data;
  const total = v.totals.memoryBytes;
  return (
    <div className="insp cols" data-testid="analysis">
      <section className="wide">
        <div className="row">
          <h3 data-testid="analysis-summary">
            {fmtInt(v.totals.keys)} keys · {fmtBytes(total)} · {v.complete ? 'complete scan: exact counts' : `partial: ${fmtInt(v.scanned)} of ${fmtInt(v.dbsize)} keys seen, not exact`}
          </h3>
          <form className="row" onSubmit={(e) => { e.preventDefault(); kb.setSeparator(sepText || ':'); }}>
            <label>separator <input aria-label="Separator" value={sepText} onChange={(e) => setSepText(e.target.value)} style={{ width: 40 }} /></label>
            <button type="submit">Apply</button>
          </form>
          <button type="button" onClick={() => void kb.refreshAnalysis()} disabled={a.loading}>Refresh</button>
          <button type="button" onClick={() => void kb.exportAnalysis('json')}>Export JSON</button>
          <button type="button" onClick={() => void kb.exportAnalysis('csv')}>Export CSV</button>
        </div>
        <p className="note">Memory: {v.memoryMethod}. {v.notes.join(' ')}</p>
      </section>
      <section data-testid="analysis-prefixes">
        <h3>Memory by prefix (“{v.separator}”)</h3>
        {v.prefixes.children.length === 0 ? <p className="note">No key has the separator “{v.separator}”.</p> : <Prefixes node={v.prefixes} total={total} level={0} />}
      </section>
      <section data-testid="analysis-types">
        <h3>By type</h3>
        <Buckets rows={v.byType} total={total} />
        <h3>By encoding (OBJECT ENCODING)</h3>
        <Buckets rows={v.byEncoding} total={total} />
      </section>
      <section>
        <h3>TTL</h3>
        <Histogram testId="ttl-histogram" rows={v.ttl.map((t) => ({ label: t.name, keys: t.keys, memoryBytes: t.memoryBytes }))} />
        <h3>Expiring in the next 24 hours (memory freed per hour)</h3>
        <Histogram testId="expiring" rows={v.expiring.map((h) => ({ label: `${h.hour}h`, keys: h.keys, memoryBytes: h.memoryBytes }))} />
      </section>
      <section data-testid="recommendations">
        <h3>Recommendations ({v.recommendations.length})</h3>
        {v.recommendations.length === 0 && <p className="note">Nothing the analysis checks for (listpack limits, big keys, keys without TTL in expiring namespaces, many small strings) was found.</p>}
        {v.recommendations.map((r) => (
          <details key={r.rule + r.title} className="reco">
            <summary><span className="tag">{r.rule}</span> {r.title}{r.savingBytes ? ` · saves ~${fmtBytes(r.savingBytes)}` : ''}</summary>
            <p>{r.detail}</p>
            <p className="mono note">{r.keys.slice(0, 12).join('  ')}{r.keyCount > 12 ? `  … ${fmtInt(r.keyCount)} keys in all` : ''}</p>
          </details>
        ))}
      </section>
      <TopKeys rows={v.topByMemory} title="Top keys by memory" />
      <TopKeys rows={v.topByLength} title="Top keys by length" />
    </div>
  );
}
