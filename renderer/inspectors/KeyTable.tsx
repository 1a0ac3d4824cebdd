/**
 * The complete scan and its key list: pattern, type and time budget, Scan / Pause / Resume /
 * Cancel, progress (keys seen of DBSIZE, the server's share of time measured), the prefix tree of
 * the analysis, and a windowed list with type, encoding, TTL, memory and length columns, sorted
 * by any of them in the engine (only the rows on screen come over the API).
 */
import { useEffect, useMemo, useState } from 'react';
import type { KeySort, KeyType, PrefixNode, ScannedKey } from '../../engine/api.js';
import { fmtBytes, fmtInt } from '../format.js';
import type { KeyBrowserController } from './KeyBrowserController.js';
import { useKb } from './keyBrowserStore.js';
import { VirtualList } from './VirtualList.js';
import './inspectors.css';

/** The filter's order (every one of api/names.ts's KEY_TYPES: the renderer cannot import the list itself). */
const TYPES = ['zset', 'stream', 'hash', 'list', 'set', 'string'] as const satisfies readonly KeyType[];
const BUDGETS = [5, 10, 25, 50, 100] as const;
/** The list's height follows the window (the lower area is short on a 720-line screen), within these bounds. */
const LIST_HEIGHT_MIN_PX = 170;
const LIST_HEIGHT_MAX_PX = 420;
/** Window heights below this start with the prefix tree folded, leaving the room to the list. */
const TREE_OPEN_MIN_WINDOW_PX = 900;

function listHeight(): number {
  return Math.max(LIST_HEIGHT_MIN_PX, Math.min(LIST_HEIGHT_MAX_PX, window.innerHeight - 560));
}
const COLUMNS: { sort: KeySort; label: string; cls: string }[] = [
  { sort: 'type', label: 'Type', cls: 't' },
  { sort: 'key', label: 'Key', cls: 'k' },
  { sort: 'encoding', label: 'Encoding', cls: 'c enc' },
  { sort: 'ttl', label: 'TTL', cls: 'c' },
  { sort: 'memory', label: 'Memory', cls: 'c' },
  { sort: 'length', label: 'Length', cls: 'c' },
];

export function fmtTtl(ms: number | null): string {
  if (ms === null) return '–';
  if (ms === -1) return 'none';
  if (ms < 0) return 'gone';
  if (ms < 60_000) return `${(ms / 1000).toFixed(0)} s`;
  if (ms < 3_600_000) return `${Math.round(ms / 60_000)} min`;
  if (ms < 86_400_000) return `${(ms / 3_600_000).toFixed(1)} h`;
  return `${(ms / 86_400_000).toFixed(1)} d`;
}

export function KeyTable({ kb, selected, onSelect }: { kb: KeyBrowserController; selected: string | null; onSelect(key: string): void }) {
  const scan = useKb(kb.store, (s) => s.scan);
  const scanError = useKb(kb.store, (s) => s.scanError);
  const query = useKb(kb.store, (s) => s.query);
  const total = useKb(kb.store, (s) => s.total);
  const rows = useKb(kb.store, (s) => s.rows);
  const version = useKb(kb.store, (s) => s.rowsVersion);
  const tree = useKb(kb.store, (s) => s.analysis.data?.prefixes ?? null);
  const [pattern, setPattern] = useState(scan?.pattern ?? '*');
  const [type, setType] = useState<KeyType | null>((scan?.type as KeyType | null) ?? null);
  const [budget, setBudget] = useState<number>(scan?.budgetPct ?? 10);
  // Chosen once: a later resize must not fold or unfold what the person opened or closed.
  const [treeOpen] = useState(() => window.innerHeight >= TREE_OPEN_MIN_WINDOW_PX);
  // The form shows the filters of the scan the engine holds (also after the page reloads).
  useEffect(() => {
    if (!scan) return;
    setPattern(scan.pattern);
    setType((scan.type as KeyType | null) ?? null);
    setBudget(scan.budgetPct);
  }, [scan?.id]);
  // Another server: its scan starts from every key, not the last server's filters.
  const serverLabel = useKb(kb.store, (s) => s.server.data?.label ?? null);
  useEffect(() => {
    if (kb.store.get().scan) return;
    setPattern('*');
    setType(null);
  }, [serverLabel, kb]);
  const items = useMemo(() => Array.from({ length: total }, (_, i) => rows.get(i) ?? null), [version, total]);
  const running = scan?.state === 'running';
  const paused = scan?.state === 'paused';
  const pct = scan && scan.dbsize > 0 ? Math.min(100, (100 * scan.seen) / scan.dbsize) : 0;
  const stateText = !scan ? '' : scan.state === 'done' ? ' (scan complete)' : running ? ' (scanning…)' : ` (${scan.state})`;
  return (
    <div className="col">
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault();
          void kb.startScan(pattern.trim() || '*', type, budget);
        }}
      >
        <input aria-label="Key pattern" value={pattern} onChange={(e) => setPattern(e.target.value)} placeholder="fs:timeline:*" />
        <select aria-label="Key type" value={type ?? ''} onChange={(e) => setType((e.target.value || null) as KeyType | null)}>
          <option value="">any type</option>
          {TYPES.map((t) => <option key={t} value={t}>{t}</option>)}
        </select>
        <select aria-label="Scan budget" title="The most of the server's time the scan may take (its round trips over wall time)" value={budget} onChange={(e) => setBudget(Number(e.target.value))}>
          {BUDGETS.map((b) => <option key={b} value={b}>{b}% of server time</option>)}
        </select>
        <button type="submit" className="primary" disabled={running}>Scan</button>
        {running && <button type="button" onClick={() => void kb.control('pause')}>Pause</button>}
        {paused && <button type="button" onClick={() => void kb.control('resume')}>Resume</button>}
        {(running || paused) && <button type="button" onClick={() => void kb.control('cancel')}>Cancel</button>}
        {scan && (
          <span className="row" data-testid="scan-state" data-state={scan.state}>
            <progress max={100} value={pct} aria-label="Scan progress" />
            <span className="note" data-testid="scan-progress">
              {fmtInt(scan.seen)} keys listed{stateText} · {fmtInt(scan.dbsize)} in the database · {scan.batches} SCAN batches, {scan.measuredPct}% of the server's time (budget {scan.budgetPct}%)
            </span>
          </span>
        )}
      </form>
      {scanError && <p className="warn" role="alert">{scanError.message}</p>}
      {tree && tree.children.length > 0 && (
        <details open={treeOpen}>
          <summary className="note">tree by “{kb.store.get().separator}” ({fmtInt(tree.keys)} keys; click a prefix to filter)</summary>
          <div className="ktree-box"><Tree node={tree} onPick={(prefix) => kb.filter(`${prefix}*`, query.type)} /></div>
        </details>
      )}
      {(query.pattern !== '*' || query.type) && (
        <p className="note" data-testid="list-filter">
          listing {query.pattern}{query.type ? ` of type ${query.type}` : ''}: {fmtInt(total)} key{total === 1 ? '' : 's'} <button type="button" onClick={() => kb.filter('*', null)}>show all</button>
        </p>
      )}
      {!scan ? (
        <p className="note">Press Scan to list every key (SCAN in batches under a time budget; never KEYS, the server is never blocked).</p>
      ) : total === 0 ? (
        <p className="note">{running ? 'Scanning…' : 'No key matches this pattern and type.'}</p>
      ) : (
        <>
          <div className="khead" role="row">
            {COLUMNS.map((c) => (
              <button key={c.sort} type="button" className={c.cls} aria-label={`Sort by ${c.label}`} aria-sort={query.sort === c.sort ? (query.desc ? 'descending' : 'ascending') : 'none'} onClick={() => kb.sortBy(c.sort)}>
                {c.label}{query.sort === c.sort ? (query.desc ? ' ▾' : ' ▴') : ''}
              </button>
            ))}
          </div>
          <VirtualList
            items={items}
            height={listHeight()}
            testId="key-list"
            onRange={kb.visible}
            row={(k: ScannedKey | null) =>
              k ? (
                <span role="button" tabIndex={0} className={`krow${selected === k.key ? ' selected' : ''}`} onClick={() => onSelect(k.key)} onKeyDown={(e) => e.key === 'Enter' && onSelect(k.key)}>
                  <span className="t">{k.type}</span>
                  <span className="mono k">{k.key}</span>
                  <span className="c enc">{k.encoding ?? '–'}</span>
                  <span className="c">{fmtTtl(k.ttlMs)}</span>
                  <span className="c">{k.memoryBytes === null ? '–' : fmtBytes(k.memoryBytes)}</span>
                  <span className="c">{k.length === null ? '–' : fmtInt(k.length)}</span>
                </span>
              ) : (
                <span className="note">…</span>
              )
            }
          />
        </>
      )}
    </div>
  );
}

function Tree({ node, onPick }: { node: PrefixNode; onPick(prefix: string): void }) {
  return (
    <ul className="ktree">
      {node.children.slice(0, 12).map((c) => (
        <li key={c.prefix}>
          <button type="button" onClick={() => onPick(c.prefix)} title={`list ${c.prefix}*`}>{c.name}{c.prefix.slice(-1)}</button>
          <span className="count">{fmtInt(c.keys)}</span>
          <span className="note"> {fmtBytes(c.memoryBytes)}</span>
          {c.children.length > 0 && <Tree node={c} onPick={onPick} />}
        </li>
      ))}
      {node.children.length > 12 && <li className="note">… {fmtInt(node.children.length - 12)} more prefixes</li>}
      {node.otherKeys > 0 && <li className="note">… {fmtInt(node.otherKeys)} keys under other prefixes</li>}
    </ul>
  );
}
