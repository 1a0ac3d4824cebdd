/**
 * A stream's consumer groups: lag, entries-read, last-delivered-id, consumers with pending
 * counts and idle time; the pending entries of a consumer (or the group) with idle time and
 * delivery count; XACK, XCLAIM and XAUTOCLAIM when writes are unlocked (each asks first).
 */
import { useState } from 'react';
import type { StreamGroupView } from '../../engine/api.js';
import { fmtInt } from '../format.js';
import type { KeyBrowserController } from './KeyBrowserController.js';
import { useKb } from './keyBrowserStore.js';
import './inspectors.css';

interface Props {
  kb: KeyBrowserController;
  keyName: string;
  server: string;
  readOnly: boolean;
  g: StreamGroupView;
}

export function StreamGroup({ kb, keyName, server, readOnly, g }: Props) {
  const pending = useKb(kb.store, (s) => s.pending);
  const [to, setTo] = useState(g.consumers[0]?.name ?? 'consumer-1');
  const [idle, setIdle] = useState('60000');
  const shown = pending.data && pending.data.key === keyName && pending.data.group === g.name ? pending.data : null;
  const ask = (action: 'ack' | 'claim' | 'autoclaim'): void => {
    const ids = shown?.entries.map((e) => e.id) ?? [];
    kb.ask({ kind: 'stream', key: keyName, server, args: { key: keyName, group: g.name, action, ids: action === 'autoclaim' ? [] : ids, consumer: action === 'ack' ? undefined : to, minIdleMs: Number(idle) || 0 } });
  };
  return (
    <div data-testid="stream-group">
      <p>
        <strong>{g.name}</strong> · pending {fmtInt(g.pending)} · last delivered {g.lastDeliveredId}
        <span data-testid="stream-lag">{g.lag !== null ? ` · lag ${fmtInt(g.lag)}` : ' · lag unknown (Redis < 7)'}</span>
        {g.entriesRead !== null && ` · entries read ${fmtInt(g.entriesRead)}`}
      </p>
      <table>
        <thead><tr><th>consumer</th><th>pending</th><th>idle</th><th /></tr></thead>
        <tbody>
          {g.consumers.map((c) => (
            <tr key={c.name}>
              <td>{c.name}</td><td>{fmtInt(c.pending)}</td><td>{fmtInt(c.idleMs)} ms</td>
              <td><button type="button" onClick={() => void kb.readPending(keyName, g.name, c.name)}>pending entries</button></td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="row">
        <button type="button" onClick={() => void kb.readPending(keyName, g.name, null)}>Pending of the group</button>
        {pending.loading && <span className="note">reading XPENDING…</span>}
      </div>
      {shown && (
        <>
          <table data-testid="stream-pending">
            <thead><tr><th>pending id</th><th>consumer</th><th>idle</th><th>deliveries</th></tr></thead>
            <tbody>{shown.entries.map((x) => <tr key={x.id}><td className="mono">{x.id}</td><td>{x.consumer}</td><td>{fmtInt(x.idleMs)} ms</td><td>{x.deliveries}</td></tr>)}</tbody>
          </table>
          <div className="row">
            <button type="button" disabled={readOnly || shown.entries.length === 0} title={readOnly ? 'Read-only: unlock writes first' : undefined} onClick={() => ask('ack')}>XACK these {shown.entries.length}</button>
            <label>to consumer <input aria-label="Claim for consumer" value={to} onChange={(e) => setTo(e.target.value)} /></label>
            <label>min idle ms <input aria-label="Min idle ms" type="number" min={0} value={idle} onChange={(e) => setIdle(e.target.value)} /></label>
            <button type="button" disabled={readOnly || shown.entries.length === 0} onClick={() => ask('claim')}>XCLAIM these</button>
            <button type="button" disabled={readOnly} onClick={() => ask('autoclaim')}>XAUTOCLAIM</button>
          </div>
        </>
      )}
    </div>
  );
}
