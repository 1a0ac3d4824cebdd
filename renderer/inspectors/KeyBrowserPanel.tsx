/**
 * The live Redis key browser: incremental SCAN with a pattern and a type filter, a `:` tree with
 * counts, a virtualised key list (responsive with a million keys), the chosen key's details and
 * values (KeyDetails), and the server's INFO summary and SLOWLOG. Read-only unless the user
 * unlocks writes for this connection. The caller (the store) accumulates scanned keys.
 */
import { useState } from 'react';
import type { ApiError, CommandInput, KeyTreeNode, KeyType, KeyView, ServerSummary } from '../../engine/api.js';
import { fmtBytes, fmtInt } from '../format.js';
import { Panel, type PanelBody } from '../panels/Panel.js';
import { KeyDetails } from './KeyDetails.js';
import { VirtualList } from './VirtualList.js';
import './inspectors.css';

export type KeyTypeFilter = KeyType;
/** The filter's order (every one of api/names.ts's KEY_TYPES: the renderer cannot import the list itself). */
const TYPES = ['zset', 'stream', 'hash', 'list', 'set', 'string'] as const satisfies readonly KeyType[];

export interface KeyBrowserPanelProps {
  /** Every key scanned so far for the current pattern and type (may be a million). */
  keys: readonly { key: string; type: string }[];
  tree: KeyTreeNode | null;
  scan: { pattern: string; type: KeyTypeFilter | null; done: boolean; seen: number; dbsize: number; scanning: boolean };
  error: ApiError | null;
  readOnly: boolean;
  /** Which server: "private" or a redacted URL. */
  url: string;
  selected: KeyView | null;
  selectedLoading: boolean;
  selectedError: ApiError | null;
  server: ServerSummary | null;
  /** Why INFO or SLOWLOG could not be read. */
  serverError?: ApiError | null;
  pageSize: number;
  /** Starts a new SCAN (cursor 0). */
  onScan(pattern: string, type: KeyTypeFilter | null): void;
  /** Continues the current SCAN. */
  onScanMore(): void;
  onSelect(key: string): void;
  onPage(args: CommandInput<'getKey'>): void;
  onOpenSkiplist(key: string): void;
  onUnlock(unlock: boolean): void;
  onDelete(key: string): void;
  onRefreshServer(): void;
}

const LIST_HEIGHT_PX = 360;

export function KeyBrowserPanel(p: KeyBrowserPanelProps) {
  const [pattern, setPattern] = useState(p.scan.pattern);
  const [type, setType] = useState<KeyTypeFilter | null>(p.scan.type);
  const [tab, setTab] = useState<'key' | 'server'>('key');
  const body: PanelBody = p.error ? { kind: 'error', error: p.error, hint: 'Check that Redis is reachable (REDIS_URL, or Feedscope\'s own server once a scenario is loaded).' } : { kind: 'ready' };
  const start = (pat: string, t: KeyTypeFilter | null): void => {
    setPattern(pat);
    setType(t);
    p.onScan(pat, t);
  };
  return (
    <Panel
      title="Key browser"
      testId="panel-keys"
      body={body}
      extra={
        <div className="row">
          <span>{p.url}</span>
          {p.readOnly ? (
            <button type="button" title="The browser cannot change anything until you unlock writes for this connection" onClick={() => p.onUnlock(true)}>read-only · unlock writes</button>
          ) : (
            <button type="button" className="primary" title="Writes are allowed on this connection: click to lock again" onClick={() => p.onUnlock(false)}>writes unlocked · lock</button>
          )}
        </div>
      }
    >
      <div className="insp">
        <form
          className="row"
          onSubmit={(e) => {
            e.preventDefault();
            start(pattern.trim() || '*', type);
          }}
        >
          <input aria-label="Key pattern" value={pattern} onChange={(e) => setPattern(e.target.value)} placeholder="fs:timeline:*" />
          <select aria-label="Key type" value={type ?? ''} onChange={(e) => setType((e.target.value || null) as KeyTypeFilter | null)}>
            <option value="">any type</option>
            {TYPES.map((t) => <option key={t} value={t}>{t}</option>)}
          </select>
          <button type="submit" className="primary" disabled={p.scan.scanning}>Scan</button>
          <button type="button" disabled={p.scan.scanning || p.scan.done} onClick={p.onScanMore}>More</button>
          <span className="note" data-testid="scan-progress">
            {fmtInt(p.keys.length)} keys listed{p.scan.done ? ' (scan complete)' : p.scan.scanning ? ' (scanning…)' : ''} · {fmtInt(p.scan.dbsize)} in the database
          </span>
        </form>
        <div className="keybrowser">
          <div className="col">
            {p.tree && p.tree.children.length > 0 && (
              <details open>
                <summary className="note">tree by “:” ({fmtInt(p.tree.count)} keys)</summary>
                <Tree node={p.tree} onPick={(prefix) => start(`${prefix}*`, type)} />
              </details>
            )}
            {p.keys.length === 0 ? (
              <p className="note">{p.scan.scanning ? 'Scanning…' : p.scan.done ? 'No key matches this pattern and type.' : 'Press Scan to list keys (SCAN, a batch at a time; the server is never blocked).'}</p>
            ) : (
              <VirtualList
                items={p.keys}
                height={LIST_HEIGHT_PX}
                testId="key-list"
                onEnd={p.scan.done || p.scan.scanning ? undefined : p.onScanMore}
                row={(k) => (
                  <span
                    role="button"
                    tabIndex={0}
                    style={{ display: 'flex', gap: 8, width: '100%' }}
                    className={p.selected?.details.key === k.key ? 'selected' : undefined}
                    onClick={() => {
                      setTab('key');
                      p.onSelect(k.key);
                    }}
                    onKeyDown={(e) => e.key === 'Enter' && p.onSelect(k.key)}
                  >
                    <span className="t">{k.type}</span>
                    <span className="mono">{k.key}</span>
                  </span>
                )}
              />
            )}
          </div>
          <div className="col">
            <div className="row">
              <button type="button" className={tab === 'key' ? 'primary' : undefined} onClick={() => setTab('key')}>Key</button>
              <button type="button" className={tab === 'server' ? 'primary' : undefined} onClick={() => { setTab('server'); p.onRefreshServer(); }}>INFO & SLOWLOG</button>
            </div>
            {tab === 'key' && <SelectedKey {...p} />}
            {tab === 'server' && (p.serverError ? <ErrorBox error={p.serverError} /> : <Server s={p.server} onRefresh={p.onRefreshServer} />)}
          </div>
        </div>
      </div>
    </Panel>
  );
}

function ErrorBox({ error }: { error: ApiError }) {
  return (
    <div className="panel-error" role="alert">
      <strong>{error.code}</strong>
      <p>{error.message}</p>
    </div>
  );
}

function SelectedKey(p: KeyBrowserPanelProps) {
  if (p.selectedError) return <ErrorBox error={p.selectedError} />;
  if (p.selectedLoading && !p.selected) return <p className="note"><span className="spinner" aria-hidden /> Reading the key…</p>;
  if (!p.selected) return <p className="note">Pick a key in the list to see its type, encoding, TTL, memory and values.</p>;
  return <KeyDetails view={p.selected} pageSize={p.pageSize} onPage={p.onPage} onOpenSkiplist={p.onOpenSkiplist} onDelete={p.onDelete} />;
}

function Tree({ node, onPick }: { node: KeyTreeNode; onPick(prefix: string): void }) {
  return (
    <ul className="ktree">
      {node.children.map((c) => (
        <li key={c.prefix}>
          <button type="button" onClick={() => onPick(c.prefix)} title={`scan ${c.prefix}*`}>{c.name}:</button>
          <span className="count">{fmtInt(c.count)}</span>
          {c.children.length > 0 && <Tree node={c} onPick={onPick} />}
        </li>
      ))}
      {node.hiddenChildren > 0 && <li className="note">… {fmtInt(node.hiddenChildren)} more prefixes</li>}
    </ul>
  );
}

function Server({ s, onRefresh }: { s: ServerSummary | null; onRefresh(): void }) {
  if (!s) return <p className="note"><span className="spinner" aria-hidden /> Reading INFO…</p>;
  const hitRate = s.keyspaceHits + s.keyspaceMisses > 0 ? ((100 * s.keyspaceHits) / (s.keyspaceHits + s.keyspaceMisses)).toFixed(1) : '–';
  return (
    <div className="insp" data-testid="server-summary">
      <div className="row">
        <h3>Redis {s.version} ({s.mode}) · {s.url}</h3>
        <button type="button" onClick={onRefresh}>Refresh</button>
      </div>
      <dl className="kv">
        <dt>uptime</dt><dd>{fmtInt(s.uptimeSec)} s</dd>
        <dt>clients</dt><dd>{fmtInt(s.connectedClients)}</dd>
        <dt>used memory</dt><dd>{fmtBytes(s.usedMemoryBytes)}{s.maxmemoryBytes ? ` of ${fmtBytes(s.maxmemoryBytes)}` : ' (no maxmemory)'} · fragmentation {s.fragmentationRatio} · {s.allocator}</dd>
        <dt>ops/s</dt><dd>{fmtInt(s.opsPerSec)} ({fmtInt(s.totalCommands)} commands)</dd>
        <dt>keyspace hits</dt><dd>{hitRate}% ({fmtInt(s.keyspaceHits)} hits, {fmtInt(s.keyspaceMisses)} misses)</dd>
        <dt>expired / evicted</dt><dd>{fmtInt(s.expiredKeys)} / {fmtInt(s.evictedKeys)}</dd>
        {s.keyspace.map((k) => (
          <span key={k.db} style={{ display: 'contents' }}><dt>{k.db}</dt><dd>{fmtInt(k.keys)} keys, {fmtInt(k.expires)} with TTL</dd></span>
        ))}
      </dl>
      <h3>SLOWLOG ({fmtInt(s.slowlogLength)} entries; threshold {s.slowlogThresholdUs < 0 ? 'unknown' : `${fmtInt(s.slowlogThresholdUs)} µs`})</h3>
      {s.slowlog.length === 0 ? (
        <p className="note">Nothing slower than the threshold yet.</p>
      ) : (
        <table data-testid="slowlog">
          <thead><tr><th>id</th><th>µs</th><th>command</th><th>when</th></tr></thead>
          <tbody>
            {s.slowlog.map((e) => (
              <tr key={e.id}><td>{e.id}</td><td>{fmtInt(e.durationUs)}</td><td className="mono" style={{ textAlign: 'left' }}>{e.command.join(' ').slice(0, 160)}</td><td>{new Date(e.atMs).toISOString().slice(11, 19)}</td></tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
