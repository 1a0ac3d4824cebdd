/**
 * One key of the key browser: type, encoding, TTL, MEMORY USAGE, and its values one page at a
 * time (ZSET with scores, STREAM entries with consumer groups and pending entries, HASH, LIST,
 * SET, STRING as text or hex).
 */
import { useState } from 'react';
import type { CommandInput, KeyValues, KeyView, StreamGroupView } from '../../engine/api.js';
import { fmtBytes, fmtInt } from '../format.js';
import './inspectors.css';

export interface KeyDetailsProps {
  view: KeyView;
  pageSize: number;
  onPage(args: CommandInput<'getKey'>): void;
  onOpenSkiplist(key: string): void;
  onDelete(key: string): void;
}

function ttl(ms: number): string {
  if (ms === -1) return 'none';
  if (ms === -2) return 'key does not exist';
  return ms < 10_000 ? `${ms} ms` : `${fmtInt(ms / 1000)} s`;
}

export function KeyDetails({ view, pageSize, onPage, onOpenSkiplist, onDelete }: KeyDetailsProps) {
  const d = view.details;
  const v = view.values;
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
        <button type="button" disabled={view.readOnly} title={view.readOnly ? 'Read-only: unlock writes for this connection first' : 'UNLINK this key'} onClick={() => onDelete(d.key)}>Delete key</button>
        <span className="note">fetched {fmtInt(view.fetched)} (at most 1,000 per page)</span>
      </div>
      <Values v={v} keyName={d.key} total={d.length} pageSize={pageSize} onPage={onPage} />
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

function Values({ v, keyName, total, pageSize, onPage }: { v: KeyValues; keyName: string; total: number; pageSize: number; onPage(a: CommandInput<'getKey'>): void }) {
  const [hex, setHex] = useState(false);
  const page = (a: Partial<CommandInput<'getKey'>>): void => onPage({ key: keyName, count: pageSize, ...a });
  switch (v.type) {
    case 'zset':
      return (
        <section>
          <div className="row">
            <Pager
              prev={v.offset > 0 ? () => page({ offset: Math.max(0, v.offset - pageSize), reverse: v.reverse }) : null}
              next={v.offset + v.entries.length < total ? () => page({ offset: v.offset + pageSize, reverse: v.reverse }) : null}
              label={`${fmtInt(v.offset + 1)}–${fmtInt(v.offset + v.entries.length)} of ${fmtInt(total)}`}
            />
            <button type="button" onClick={() => page({ offset: 0, reverse: !v.reverse })}>{v.reverse ? 'highest first' : 'lowest first'}</button>
          </div>
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
    case 'list':
      return (
        <section>
          <Pager prev={v.offset > 0 ? () => page({ offset: Math.max(0, v.offset - pageSize) }) : null} next={v.offset + v.items.length < total ? () => page({ offset: v.offset + pageSize }) : null} label={`${fmtInt(v.offset)}–${fmtInt(v.offset + v.items.length - 1)} of ${fmtInt(total)}`} />
          <table>
            <tbody>{v.items.map((x, i) => <tr key={i}><td>{fmtInt(v.offset + i)}</td><td className="mono" style={{ textAlign: 'left' }}>{x}</td></tr>)}</tbody>
          </table>
        </section>
      );
    case 'hash':
      return (
        <section>
          <Pager prev={v.cursor !== '0' ? () => page({ cursor: '0' }) : null} next={v.nextCursor !== '0' ? () => page({ cursor: v.nextCursor }) : null} label={`HSCAN cursor ${v.cursor}${v.nextCursor === '0' ? ' (last page)' : ''}; Prev restarts`} />
          <table>
            <tbody>{v.fields.map(([f, x]) => <tr key={f}><td className="mono">{f}</td><td className="mono" style={{ textAlign: 'left' }}>{x}</td></tr>)}</tbody>
          </table>
        </section>
      );
    case 'set':
      return (
        <section>
          <Pager prev={v.cursor !== '0' ? () => page({ cursor: '0' }) : null} next={v.nextCursor !== '0' ? () => page({ cursor: v.nextCursor }) : null} label={`SSCAN cursor ${v.cursor}${v.nextCursor === '0' ? ' (last page)' : ''}; Prev restarts`} />
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
          {v.groups.length === 0 ? <p className="note">No consumer groups on this stream.</p> : v.groups.map((g) => <Group key={g.name} g={g} />)}
        </section>
      );
    case 'string':
      return (
        <section>
          <div className="row">
            <Pager prev={v.offset > 0 ? () => page({ offset: Math.max(0, v.offset - pageSize) }) : null} next={v.truncated ? () => page({ offset: v.offset + pageSize }) : null} label={`bytes ${fmtInt(v.offset)}–${fmtInt(v.offset + v.hex.length / 2)} of ${fmtInt(v.bytes)}`} />
            <button type="button" onClick={() => setHex(!hex)}>{hex ? 'show text' : 'show hex'}</button>
          </div>
          <pre className="mono" data-testid="string-value">{hex ? v.hex.replace(/(..)/g, '$1 ').trim() : v.text}</pre>
        </section>
      );
    default:
      return <p className="note">{v.note}</p>;
  }
}

function Group({ g }: { g: StreamGroupView }) {
  return (
    <div data-testid="stream-group">
      <p>
        <strong>{g.name}</strong> · pending {fmtInt(g.pending)} · last delivered {g.lastDeliveredId}
        {g.lag !== null && ` · lag ${fmtInt(g.lag)}`}
        {g.entriesRead !== null && ` · entries read ${fmtInt(g.entriesRead)}`}
      </p>
      <table>
        <thead><tr><th>consumer</th><th>pending</th><th>idle</th></tr></thead>
        <tbody>{g.consumers.map((c) => <tr key={c.name}><td>{c.name}</td><td>{fmtInt(c.pending)}</td><td>{fmtInt(c.idleMs)} ms</td></tr>)}</tbody>
      </table>
      {g.pendingSample.length > 0 && (
        <table>
          <thead><tr><th>oldest pending id</th><th>consumer</th><th>idle</th><th>deliveries</th></tr></thead>
          <tbody>{g.pendingSample.map((x) => <tr key={x.id}><td className="mono">{x.id}</td><td>{x.consumer}</td><td>{fmtInt(x.idleMs)} ms</td><td>{x.deliveries}</td></tr>)}</tbody>
        </table>
      )}
    </div>
  );
}
