/**
 * The profiler: MONITOR for a bounded number of seconds and commands (with its cost stated
 * before it runs), commands grouped by name, key pattern and client; and CLIENT LIST summarised.
 */
import { useState } from 'react';
import { fmtInt } from '../format.js';
import type { KeyBrowserController } from './KeyBrowserController.js';
import { useKb } from './keyBrowserStore.js';
import './inspectors.css';

const MONITOR_COST =
  'MONITOR makes the server copy every command it runs to this connection: Redis documents a throughput drop of more than 50% with one MONITOR client. It stops by itself after the seconds or the number of commands below. Avoid it on a loaded production server.';

export function ProfilerView({ kb }: { kb: KeyBrowserController }) {
  const prof = useKb(kb.store, (s) => s.profile);
  const clients = useKb(kb.store, (s) => s.clients);
  const [seconds, setSeconds] = useState(5);
  const [max, setMax] = useState(10_000);
  const p = prof.data;
  const c = clients.data;
  return (
    <div className="insp cols" data-testid="profiler">
      <section>
        <h3>MONITOR</h3>
        <p className="warn" data-testid="monitor-warning">{MONITOR_COST}</p>
        <form className="row" onSubmit={(e) => { e.preventDefault(); void kb.profile({ seconds, maxCommands: max }); }}>
          <label>seconds <input aria-label="MONITOR seconds" type="number" min={0.2} max={60} step={0.1} value={seconds} onChange={(e) => setSeconds(Number(e.target.value))} /></label>
          <label>at most <input aria-label="MONITOR commands" type="number" min={1} max={200000} value={max} onChange={(e) => setMax(Number(e.target.value))} /> commands</label>
          <button type="submit" className="primary" disabled={prof.loading}>{prof.loading ? 'Monitoring…' : 'Run MONITOR'}</button>
        </form>
        {prof.error && <p className="warn" role="alert">{prof.error.message}</p>}
        {p && (
          <div data-testid="profile-result">
            <p className="note">{fmtInt(p.commands)} commands in {p.seconds} s on {p.server}{p.capped ? ' (stopped at the command limit)' : ''}</p>
            <table>
              <thead><tr><th>command</th><th>count</th><th>share</th></tr></thead>
              <tbody>{p.byCommand.slice(0, 15).map((r) => <tr key={r.name}><td className="mono">{r.name}</td><td>{fmtInt(r.count)}</td><td>{r.sharePct}%</td></tr>)}</tbody>
            </table>
            <table data-testid="profile-patterns">
              <thead><tr><th>command and key pattern</th><th>count</th><th>share</th></tr></thead>
              <tbody>{p.byPattern.slice(0, 15).map((r) => <tr key={r.pattern}><td className="mono">{r.pattern}</td><td>{fmtInt(r.count)}</td><td>{r.sharePct}%</td></tr>)}</tbody>
            </table>
            <table>
              <thead><tr><th>client</th><th>commands</th></tr></thead>
              <tbody>{p.byClient.slice(0, 8).map((r) => <tr key={r.client}><td className="mono">{r.client}</td><td>{fmtInt(r.count)}</td></tr>)}</tbody>
            </table>
          </div>
        )}
      </section>
      <section>
        <div className="row">
          <h3>CLIENT LIST</h3>
          <button type="button" onClick={() => void kb.readClients()} disabled={clients.loading}>Read</button>
        </div>
        {clients.error && <p className="warn" role="alert">{clients.error.message}</p>}
        {c && (
          <div data-testid="client-list">
            <p className="note">{fmtInt(c.total)} connections on {c.server}</p>
            <table>
              <thead><tr><th>name</th><th>connections</th></tr></thead>
              <tbody>{c.byName.map((r) => <tr key={r.name}><td className="mono">{r.name}</td><td>{fmtInt(r.count)}</td></tr>)}</tbody>
            </table>
            <table>
              <thead><tr><th>from address</th><th>connections</th></tr></thead>
              <tbody>{c.byAddr.map((r) => <tr key={r.addr}><td className="mono">{r.addr}</td><td>{fmtInt(r.count)}</td></tr>)}</tbody>
            </table>
            <table>
              <thead><tr><th>id</th><th>addr</th><th>name</th><th>age s</th><th>idle s</th><th>last cmd</th></tr></thead>
              <tbody>{c.clients.slice(0, 12).map((r) => <tr key={r.id}><td>{r.id}</td><td className="mono">{r.addr}</td><td>{r.name}</td><td>{fmtInt(r.ageSec)}</td><td>{fmtInt(r.idleSec)}</td><td className="mono">{r.cmd}</td></tr>)}</tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}
