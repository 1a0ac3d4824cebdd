/**
 * One key of the key browser: type, encoding, TTL, MEMORY USAGE, and its values one page at a
 * time with a jump to any index (ZSETs also by score range; STRINGs by byte range, StringRange;
 * STREAM entries with consumer groups, StreamGroup), and the writes (TTL, rename, delete), each
 * asked first (ConfirmWrite) and only when writes are unlocked.
 */
import { useState } from 'react';
import type { CommandInput, KeyValues, KeyView } from '../../engine/api.js';
import { fmtBytes, fmtInt } from '../format.js';
import type { KeyBrowserController } from './KeyBrowserController.js';
import { StreamGroup } from './StreamGroups.js';
import { StringRange } from './StringRange.js';
import './inspectors.css';

export interface KeyDetailsProps {
  view: KeyView;
  pageSize: number;
  kb: KeyBrowserController;
  /** The inspected server's name, as a write's confirmation names it. */
  server: string;
  /** A server connected from the app (a delete offers to copy the value first). */
  foreign: boolean;
  onPage(args: CommandInput<'getKey'>): void;
  onOpenSkiplist(key: string): void;
}

function ttl(ms: number): string {
  if (ms === -1) return 'none';
  if (ms === -2) return 'key does not exist';
  return ms < 10_000 ? `${ms} ms` : `${fmtInt(ms / 1000)} s`;
}

export function KeyDetails({ view, pageSize, kb, server, foreign, onPage, onOpenSkiplist }: KeyDetailsProps) {
  const d = view.details;
  const v = view.values;
  const [ttlSec, setTtlSec] = useState('3600');
  const [to, setTo] = useState(d.key);
  const locked = view.readOnly ? 'Read-only: unlock writes for this connection first' : undefined;
  return (
    <div className="insp" data-testid="key-details">
      <dl className="kv">
        <dt>key</dt>
        <dd className="mono">{d.key}</dd>
        <dt>type</dt>
        <dd>{d.type}</dd>
        <dt>encoding</dt>
        <dd>{d.encoding ?? '–'}</dd>
        <dt>TTL</dt>
        <dd>{ttl(d.ttlMs)}</dd>
        <dt>MEMORY USAGE</dt>
        <dd>{d.memoryUsageBytes === null ? '–' : `${fmtBytes(d.memoryUsageBytes)} (${fmtInt(d.memoryUsageBytes)} B, SAMPLES 0)`}</dd>
        <dt>{d.type === 'string' ? 'bytes' : 'elements'}</dt>
        <dd>{fmtInt(d.length)}</dd>
      </dl>
      <div className="row">
        {d.type === 'zset' && <button type="button" onClick={() => onOpenSkiplist(d.key)}>Open in skiplist view</button>}
        <button type="button" disabled={view.readOnly} title={locked ?? 'UNLINK this key (asks first)'} onClick={() => kb.ask({ kind: 'delete', key: d.key, server, foreign })}>Delete key</button>
        <span className="note">{d.type === 'string' ? 'read by byte range' : `fetched ${fmtInt(view.fetched)} (at most 1,000 per page)`}</span>
      </div>
      <div className="row" data-testid="key-writes">
        <label>TTL s <input aria-label="TTL seconds" type="number" min={1} value={ttlSec} onChange={(e) => setTtlSec(e.target.value)} /></label>
        <button type="button" disabled={view.readOnly || !(Number(ttlSec) > 0)} title={locked} onClick={() => kb.ask({ kind: 'ttl', key: d.key, server, ttlMs: Math.round(Number(ttlSec) * 1000) })}>Set TTL</button>
        <button type="button" disabled={view.readOnly || d.ttlMs < 0} title={locked} onClick={() => kb.ask({ kind: 'ttl', key: d.key, server, ttlMs: null })}>Remove TTL</button>
        <input aria-label="New name" value={to} onChange={(e) => setTo(e.target.value)} />
        <button type="button" disabled={view.readOnly || !to || to === d.key} title={locked} onClick={() => kb.ask({ kind: 'rename', key: d.key, server, to })}>Rename</button>
      </div>
      {d.type === 'string' ? (
        <StringRange kb={kb} keyName={d.key} bytes={d.length} />
      ) : (
        <Values v={v} keyName={d.key} total={d.length} pageSize={pageSize} onPage={onPage} kb={kb} server={server} readOnly={view.readOnly} />
      )}
    </div>
  );
}

function Pager({ prev, next, label }: { prev: (() => void) | null; next: (() => void) | null; label: string }) {
  return (
    <div className="row">
      <button type="button" disabled={!prev} onClick={() => prev?.()}>‹ Prev</button>
      <span className="note">{label}</span>
      <button type="button" disabled={!next} onClick={() => next?.()}>Next ›</button>
    </div>
  );
}

/** "Jump to index": the page starting at any element (for hashes and sets, of their SCAN order). */
function Jump({ max, onJump, label = 'jump to index' }: { max: number; onJump(i: number): void; label?: string }) {
  const [at, setAt] = useState('0');
  return (
    <form className="row" onSubmit={(e) => { e.preventDefault(); onJump(Math.max(0, Math.min(Number(at) || 0, Math.max(0, max - 1)))); }}>
      <label>{label} <input aria-label="Jump to index" type="number" min={0} max={max} value={at} onChange={(e) => setAt(e.target.value)} /></label>
      <button type="submit">Go</button>
    </form>
  );
}

function ScoreRange({ onRange }: { onRange(min: string | null, max: string | null): void }) {
  const [min, setMin] = useState('-inf');
  const [max, setMax] = useState('+inf');
  return (
    <form className="row" onSubmit={(e) => { e.preventDefault(); onRange(min.trim() || '-inf', max.trim() || '+inf'); }}>
      <label>score from <input aria-label="Score min" value={min} onChange={(e) => setMin(e.target.value)} style={{ width: 90 }} /></label>
      <label>to <input aria-label="Score max" value={max} onChange={(e) => setMax(e.target.value)} style={{ width: 90 }} /></label>
      <button type="submit">Range</button>
      <button type="button" onClick={() => onRange(null, null)}>All</button>
    </form>
  );
}

interface ValuesProps {
  v: KeyValues;
  keyName: string;
  total: number;
  pageSize: number;
  onPage(a: CommandInput<'getKey'>): void;
  kb: KeyBrowserController;
  server: string;
  readOnly: boolean;
}

function Values({ v, keyName, total, pageSize, onPage, kb, server, readOnly }: ValuesProps) {
  const page = (a: Partial<CommandInput<'getKey'>>): void => onPage({ key: keyName, count: pageSize, ...a });
  switch (v.type) {
    case 'zset': {
      const r = v.scoreRange;
      const span = r ? r.count : total;
      const keep = r ? { scoreMin: r.min, scoreMax: r.max } : {};
      return (
        <section>
          <div className="row">
            <Pager
              prev={v.offset > 0 ? () => page({ offset: Math.max(0, v.offset - pageSize), reverse: v.reverse, ...keep }) : null}
              next={v.offset + v.entries.length < span ? () => page({ offset: v.offset + pageSize, reverse: v.reverse, ...keep }) : null}
              label={`${fmtInt(v.offset + 1)}–${fmtInt(v.offset + v.entries.length)} of ${fmtInt(span)}${r ? ` with score in [${r.min}, ${r.max}]` : ''}`}
            />
            <button type="button" onClick={() => page({ offset: 0, reverse: !v.reverse, ...keep })}>{v.reverse ? 'highest first' : 'lowest first'}</button>
            <Jump max={span} onJump={(i) => page({ offset: i, reverse: v.reverse, ...keep })} />
          </div>
          <ScoreRange onRange={(min, max) => page({ offset: 0, reverse: v.reverse, scoreMin: min, scoreMax: max })} />
          <table data-testid="zset-values">
            <thead><tr><th>rank</th><th>member</th><th>score</th></tr></thead>
            <tbody>
              {v.entries.map((e, i) => (
                <tr key={e.member}><td>{fmtInt(v.offset + i)}</td><td className="mono" style={{ textAlign: 'left' }}>{e.member}</td><td>{e.score}</td></tr>
              ))}
            </tbody>
          </table>
        </section>
      );
    }
    case 'list':
      return (
        <section>
          <div className="row">
            <Pager prev={v.offset > 0 ? () => page({ offset: Math.max(0, v.offset - pageSize) }) : null} next={v.offset + v.items.length < total ? () => page({ offset: v.offset + pageSize }) : null} label={`${fmtInt(v.offset)}–${fmtInt(v.offset + v.items.length - 1)} of ${fmtInt(total)}`} />
            <Jump max={total} onJump={(i) => page({ offset: i })} />
          </div>
          <table>
            <tbody>{v.items.map((x, i) => <tr key={i}><td>{fmtInt(v.offset + i)}</td><td className="mono" style={{ textAlign: 'left' }}>{x}</td></tr>)}</tbody>
          </table>
        </section>
      );
    case 'hash':
      return (
        <section>
          <div className="row">
            <Pager prev={v.cursor !== '0' ? () => page({ cursor: '0' }) : null} next={v.nextCursor !== '0' ? () => page({ cursor: v.nextCursor }) : null} label={`HSCAN cursor ${v.cursor}${v.nextCursor === '0' ? ' (last page)' : ''}; Prev restarts`} />
            <Jump max={total} label="jump to field #" onJump={(i) => page({ offset: i, cursor: '0' })} />
          </div>
          <table>
            <tbody>{v.fields.map(([f, x]) => <tr key={f}><td className="mono">{f}</td><td className="mono" style={{ textAlign: 'left' }}>{x}</td></tr>)}</tbody>
          </table>
        </section>
      );
    case 'set':
      return (
        <section>
          <div className="row">
            <Pager prev={v.cursor !== '0' ? () => page({ cursor: '0' }) : null} next={v.nextCursor !== '0' ? () => page({ cursor: v.nextCursor }) : null} label={`SSCAN cursor ${v.cursor}${v.nextCursor === '0' ? ' (last page)' : ''}; Prev restarts`} />
            <Jump max={total} label="jump to member #" onJump={(i) => page({ offset: i, cursor: '0' })} />
          </div>
          <ul className="mono">{v.members.map((m) => <li key={m}>{m}</li>)}</ul>
        </section>
      );
    case 'stream':
      return (
        <section>
          <Pager prev={v.after !== '0' ? () => page({ cursor: '0' }) : null} next={v.nextAfter ? () => page({ cursor: v.nextAfter! }) : null} label={`entries after ${v.after === '0' ? 'the start' : v.after}; Prev restarts`} />
          <table data-testid="stream-entries">
            <thead><tr><th>id</th><th>fields</th></tr></thead>
            <tbody>
              {v.entries.map((e) => (
                <tr key={e.id}><td className="mono">{e.id}</td><td className="mono" style={{ textAlign: 'left' }}>{e.fields.map(([f, x]) => `${f}=${x}`).join('  ')}</td></tr>
              ))}
            </tbody>
          </table>
          <h3>Consumer groups ({v.groups.length})</h3>
          {v.groups.length === 0 ? <p className="note">No consumer groups on this stream.</p> : v.groups.map((g) => <StreamGroup key={g.name} g={g} kb={kb} keyName={keyName} server={server} readOnly={readOnly} />)}
        </section>
      );
    case 'string':
      return null;
    default:
      return <p className="note">{v.note}</p>;
  }
}
