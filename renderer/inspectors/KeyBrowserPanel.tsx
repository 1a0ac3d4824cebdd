/**
 * The live Redis key browser (issues 5 and 15). Its header always names the server inspected
 * (host:port, version, role, used_memory, keys) and whether writes are unlocked; "Connect…"
 * opens the connection form (any server, separate from the scenario's Redis). Three views:
 * Keys (the complete throttled scan, the sortable key list, the chosen key's details and values,
 * INFO & SLOWLOG), Analysis (memory by prefix, type, encoding, TTL; recommendations) and Profiler
 * (MONITOR, CLIENT LIST). Every write asks first (ConfirmWrite).
 */
import { useEffect, useState } from 'react';
import type { ApiError, CommandInput, KeyBrowserServerView, KeyView, ServerSummary } from '../../engine/api.js';
import { fmtBytes, fmtInt } from '../format.js';
import { Panel, type PanelBody } from '../panels/Panel.js';
import { AnalysisView } from './AnalysisView.js';
import { ConfirmWrite } from './ConfirmWrite.js';
import { ConnectionForm } from './ConnectionForm.js';
import type { KeyBrowserController } from './KeyBrowserController.js';
import { useKb, type KbView } from './keyBrowserStore.js';
import { KeyDetails } from './KeyDetails.js';
import { KeyTable } from './KeyTable.js';
import { ProfilerView } from './ProfilerView.js';
import { ErrorBox, ServerInfo } from './ServerInfo.js';
import './inspectors.css';

export type { KeyType as KeyTypeFilter } from '../../engine/api.js';

export interface KeyBrowserPanelProps {
  kb: KeyBrowserController;
  selected: KeyView | null;
  selectedLoading: boolean;
  selectedError: ApiError | null;
  server: ServerSummary | null;
  /** Why INFO or SLOWLOG could not be read. */
  serverError?: ApiError | null;
  pageSize: number;
  onSelect(key: string): void;
  onPage(args: CommandInput<'getKey'>): void;
  onOpenSkiplist(key: string): void;
  onRefreshServer(): void;
}

const VIEWS: { view: KbView; label: string }[] = [
  { view: 'keys', label: 'Keys' },
  { view: 'analysis', label: 'Analysis' },
  { view: 'profiler', label: 'Profiler' },
];

function Header({ s, view, onView, onConnect, onUnlock }: { s: KeyBrowserServerView | null; view: KbView; onView(v: KbView): void; onConnect(): void; onUnlock(u: boolean): void }) {
  return (
    <div className="row">
      <span className="row" role="group" aria-label="Key browser views">
        {VIEWS.map((v) => (
          <button key={v.view} type="button" aria-pressed={view === v.view} className={view === v.view ? 'primary' : undefined} onClick={() => onView(v.view)}>{v.label}</button>
        ))}
      </span>
      <span data-testid="kb-server" title={s?.note}>
        {!s ? 'reading the server…' : s.target === 'none' ? 'no server: connect to one, or load a scenario' : (
          <>
            <strong className="mono">{s.label}</strong>{s.tls ? ' (TLS)' : ''} · Redis {s.version} · {s.role} · {fmtBytes(s.usedMemoryBytes)} used · {fmtInt(s.keys)} keys · {s.target === 'foreign' ? 'connected from the app' : 'the scenario\'s Redis'}
          </>
        )}
      </span>
      <button type="button" onClick={onConnect}>Connect…</button>
      {s && s.target !== 'none' && (s.writable ? (
        <button type="button" className="primary" title="Writes are allowed on this connection (each asks first): click to lock again" onClick={() => onUnlock(false)}>writes unlocked · lock</button>
      ) : (
        <button type="button" title="The browser cannot change anything until you unlock writes for this connection" onClick={() => onUnlock(true)}>read-only · unlock writes</button>
      ))}
    </div>
  );
}

export function KeyBrowserPanel(p: KeyBrowserPanelProps) {
  const { kb } = p;
  const server = useKb(kb.store, (s) => s.server);
  const view = useKb(kb.store, (s) => s.view);
  const formOpen = useKb(kb.store, (s) => s.formOpen);
  const connecting = useKb(kb.store, (s) => s.connecting);
  const connectError = useKb(kb.store, (s) => s.connectError);
  const saved = useKb(kb.store, (s) => s.saved);
  const confirm = useKb(kb.store, (s) => s.confirm);
  const writeError = useKb(kb.store, (s) => s.writeError);
  const [side, setSide] = useState<'key' | 'server'>('key');
  useEffect(() => {
    void kb.init();
  }, [kb]);
  const s = server.data;
  // Never an error body: with the inspected server gone, the form must still be there to pick another.
  const body: PanelBody = { kind: 'ready' };
  return (
    <Panel title="Key browser" testId="panel-keys" body={body} extra={<Header s={s} view={view} onView={kb.setView} onConnect={() => kb.openForm(!formOpen)} onUnlock={(u) => void kb.unlock(u)} />}>
      <div className="insp">
        {formOpen && (
          <ConnectionForm
            saved={saved.data}
            savedError={saved.error}
            connecting={connecting}
            error={connectError}
            server={s}
            onConnect={(a, name) => void kb.connect(a, name)}
            onConnectSaved={(name) => void kb.connectSaved(name)}
            onForget={(name) => void kb.forgetSaved(name)}
            onDisconnect={() => void kb.disconnect()}
            onClose={() => kb.openForm(false)}
          />
        )}
        {server.error && (
          <div className="panel-error" role="alert" data-testid="kb-server-error">
            <strong>{server.error.code}</strong>
            <p>{server.error.message}</p>
            <div className="row">
              <button type="button" onClick={() => kb.openForm(true)}>Connect…</button>
              <button type="button" onClick={() => void kb.disconnect()}>Back to the scenario's Redis</button>
              <button type="button" onClick={() => void kb.refreshServer()}>Retry</button>
            </div>
          </div>
        )}
        {confirm && <ConfirmWrite write={confirm} error={writeError} onYes={(copy) => void kb.confirmWrite(copy)} onNo={kb.cancelWrite} />}
        {s?.target === 'none' && !formOpen ? (
          <p className="note">No server to inspect yet. <button type="button" onClick={() => kb.openForm(true)}>Connect…</button> to any Redis, or load a scenario to inspect the Redis it runs on.</p>
        ) : view === 'analysis' ? (
          <AnalysisView kb={kb} />
        ) : view === 'profiler' ? (
          <ProfilerView kb={kb} />
        ) : (
          <div className="keybrowser">
            <KeyTable kb={kb} selected={p.selected?.details.key ?? null} onSelect={(k) => { setSide('key'); p.onSelect(k); }} />
            <div className="col">
              <div className="row">
                <button type="button" className={side === 'key' ? 'primary' : undefined} onClick={() => setSide('key')}>Key</button>
                <button type="button" className={side === 'server' ? 'primary' : undefined} onClick={() => { setSide('server'); p.onRefreshServer(); }}>INFO & SLOWLOG</button>
              </div>
              {side === 'key' && <SelectedKey {...p} serverLabel={s?.label ?? ''} foreign={s?.target === 'foreign'} />}
              {side === 'server' && (p.serverError ? <ErrorBox error={p.serverError} /> : <ServerInfo s={p.server} onRefresh={p.onRefreshServer} />)}
            </div>
          </div>
        )}
      </div>
    </Panel>
  );
}

function SelectedKey(p: KeyBrowserPanelProps & { serverLabel: string; foreign: boolean }) {
  if (p.selectedError) return <ErrorBox error={p.selectedError} />;
  if (p.selectedLoading && !p.selected) return <p className="note"><span className="spinner" aria-hidden /> Reading the key…</p>;
  if (!p.selected) return <p className="note">Pick a key in the list to see its type, encoding, TTL, memory and values.</p>;
  return <KeyDetails view={p.selected} pageSize={p.pageSize} kb={p.kb} server={p.serverLabel} foreign={p.foreign} onPage={p.onPage} onOpenSkiplist={p.onOpenSkiplist} />;
}
