/** INFO and SLOWLOG of the inspected server (the key browser's "INFO & SLOWLOG" tab). */
import type { ApiError, ServerSummary } from '../../engine/api.js';
import { fmtBytes, fmtInt } from '../format.js';
import './inspectors.css';

export function ErrorBox({ error }: { error: ApiError }) {
  return (
    <div className="panel-error" role="alert">
      <strong>{error.code}</strong>
      <p>{error.message}</p>
    </div>
  );
}

export function ServerInfo({ s, onRefresh }: { s: ServerSummary | null; onRefresh(): void }) {
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
          <thead><tr><th>id</th><th>µs</th><th>command</th><th>client</th><th>name</th><th>when</th></tr></thead>
          <tbody>
            {s.slowlog.map((e) => (
              <tr key={e.id}><td>{e.id}</td><td>{fmtInt(e.durationUs)}</td><td className="mono" style={{ textAlign: 'left' }}>{e.command.join(' ').slice(0, 160)}</td><td className="mono">{e.client}</td><td>{e.clientName || '–'}</td><td>{new Date(e.atMs).toISOString().slice(11, 19)}</td></tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
