/**
 * The key browser's connection form: a URL, or host/port/user/password/db with TLS and a CA file,
 * or cluster seed nodes (with the same user, password and TLS for every node). Saved connections
 * are the engine's: this window sends a password once, when saving, and lists names only; the
 * note under the form is the engine's sentence on how they are kept (encrypted on disk by the
 * system keychain, or in memory only, and why). Connecting here never changes the scenario's Redis.
 */
import { useState } from 'react';
import type { ApiError, KeyBrowserServerView, SavedConnectionsView } from '../../engine/api.js';
import type { Connect } from './keyBrowserStore.js';

export interface ConnectionFormProps {
  saved: SavedConnectionsView | null;
  /** A list, save or forget of saved connections that failed. */
  savedError: ApiError | null;
  connecting: boolean;
  error: ApiError | null;
  server: KeyBrowserServerView | null;
  onConnect(args: Connect, saveAs: string | null): void;
  onConnectSaved(name: string): void;
  onForget(name: string): void;
  onDisconnect(): void;
  onClose(): void;
}

export function ConnectionForm(p: ConnectionFormProps) {
  const [mode, setMode] = useState<'fields' | 'url' | 'cluster'>('fields');
  const [url, setUrl] = useState('');
  const [host, setHost] = useState('127.0.0.1');
  const [port, setPort] = useState('6379');
  const [user, setUser] = useState('');
  const [password, setPassword] = useState('');
  const [db, setDb] = useState('0');
  const [tls, setTls] = useState(false);
  const [ca, setCa] = useState<{ name: string; pem: string } | null>(null);
  const [seeds, setSeeds] = useState('');
  const [save, setSave] = useState(false);
  const [saveName, setSaveName] = useState('');
  const args = (): Connect => {
    if (mode === 'url') return { url: url.trim() };
    const auth = { tls, ...(user ? { username: user } : {}), ...(password ? { password } : {}), ...(ca ? { caPem: ca.pem } : {}) };
    if (mode === 'cluster') return { clusterSeeds: seeds.split(/[\s,]+/).filter(Boolean), ...auth };
    return { host: host.trim(), port: Number(port), db: Number(db), ...auth };
  };
  const name = (): string => (mode === 'url' ? url.replace(/\/\/[^@]*@/, '//') : mode === 'cluster' ? `cluster ${seeds}` : `${host}:${port}${db !== '0' ? `/${db}` : ''}`);
  return (
    <form
      className="connform"
      data-testid="connection-form"
      aria-label="Connect the key browser"
      onSubmit={(e) => {
        e.preventDefault();
        p.onConnect(args(), save ? saveName.trim() || name() : null);
      }}
    >
      <div className="row">
        <strong>Connect the key browser to a server</strong>
        {(['fields', 'url', 'cluster'] as const).map((m) => (
          <label key={m}><input type="radio" name="connmode" checked={mode === m} onChange={() => setMode(m)} /> {m === 'fields' ? 'host and port' : m === 'url' ? 'URL' : 'cluster seeds'}</label>
        ))}
      </div>
      {mode === 'url' && (
        <div className="row">
          <input aria-label="Redis URL" className="wide" value={url} onChange={(e) => setUrl(e.target.value)} placeholder="redis://user:password@host:6379/0 or rediss://..." />
        </div>
      )}
      {mode === 'fields' && (
        <div className="row">
          <label>host <input aria-label="Host" value={host} onChange={(e) => setHost(e.target.value)} /></label>
          <label>port <input aria-label="Port" type="number" min={1} max={65535} value={port} onChange={(e) => setPort(e.target.value)} /></label>
          <label>db <input aria-label="Database" type="number" min={0} value={db} onChange={(e) => setDb(e.target.value)} /></label>
        </div>
      )}
      {mode === 'cluster' && (
        <div className="row">
          <input aria-label="Cluster seed nodes" className="wide" value={seeds} onChange={(e) => setSeeds(e.target.value)} placeholder="10.0.0.1:7000, 10.0.0.2:7000" />
          <span className="note">every master is found from the seeds (CLUSTER NODES); the user, password and TLS below apply to every node</span>
        </div>
      )}
      {mode !== 'url' && (
        <div className="row">
          <label>user <input aria-label="User" value={user} onChange={(e) => setUser(e.target.value)} placeholder="default" autoComplete="off" /></label>
          <label>password <input aria-label="Password" type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="off" /></label>
          <label><input type="checkbox" checked={tls} onChange={(e) => setTls(e.target.checked)} /> TLS (rediss://)</label>
          <label>
            CA file{' '}
            <input
              aria-label="CA file"
              type="file"
              accept=".pem,.crt,.cer"
              onChange={(e) => {
                const f = e.target.files?.[0];
                if (!f) return setCa(null);
                void f.text().then((pem) => {
                  setCa({ name: f.name, pem });
                  setTls(true);
                });
              }}
            />
          </label>
          {ca && <span className="note">CA {ca.name}</span>}
        </div>
      )}
      <div className="row">
        <button type="submit" className="primary" disabled={p.connecting}>{p.connecting ? 'Connecting…' : 'Connect'}</button>
        <label>
          <input type="checkbox" checked={save} onChange={(e) => setSave(e.target.checked)} />{' '}
          {p.saved?.persistence === 'encrypted-on-disk' ? 'save (password encrypted)' : 'remember while Feedscope runs'}
        </label>
        {save && <input aria-label="Saved connection name" value={saveName} onChange={(e) => setSaveName(e.target.value)} placeholder={name()} />}
        <button type="button" onClick={p.onClose}>Close</button>
        {p.server?.target === 'foreign' && <button type="button" onClick={p.onDisconnect}>Back to the scenario's Redis</button>}
      </div>
      <p className="note" data-testid="saved-note">
        {p.saved ? p.saved.note : 'Reading how saved connections are kept…'} The scenario's Redis is a separate choice: scenarios never write to the server you inspect here.
      </p>
      {p.saved?.problem && <p className="warn" role="alert">{p.saved.problem}</p>}
      {p.savedError && <p className="warn" role="alert">{p.savedError.message}</p>}
      {p.error && <p className="warn" role="alert">{p.error.message}</p>}
      {p.saved && p.saved.connections.length > 0 && (
        <ul className="saved" aria-label="Saved connections">
          {p.saved.connections.map((c) => (
            <li key={c.name}>
              <button type="button" title={`${c.label}${c.hasPassword ? ' · password kept by the engine' : ''}`} disabled={p.connecting} onClick={() => p.onConnectSaved(c.name)}>{c.name}</button>
              <span className="note mono">{c.label}{c.hasPassword ? ' · password saved' : ''}</span>
              <button type="button" aria-label={`Forget ${c.name}`} onClick={() => p.onForget(c.name)}>×</button>
            </li>
          ))}
        </ul>
      )}
    </form>
  );
}
