/**
 * The lower area's layout: a tab bar (Charts | Flame graph | Skiplist | Drift lab | Keys | Claims | Cluster)
 * and the chosen panel, each wired to the slice of the store it shows and to the inspector
 * controller. Only the visible panel is mounted, so hidden inspectors neither render nor poll, and
 * a frame re-renders the charts only. No logic here.
 */
import type { JSX } from 'react';
import type { Status } from '../engine/api.js';
import { ClaimsPanel } from './claims/ClaimsPanel.js';
import { ClusterPanel } from './cluster/ClusterPanel.js';
import { DriftPanel, FlamePanel, KeyBrowserPanel, SkiplistPanel } from './inspectors/index.js';
import { ChartsPanel } from './panels/ChartsPanel.js';
import type { Fetched } from './store/fetched.js';
import { KEY_PAGE_SIZE, type InspectorController } from './store/inspectorController.js';
import { LOWER_TABS, type LowerTab } from './store/inspectors.js';
import { useStore, type Store } from './store/store.js';

interface Props {
  store: Store;
  c: InspectorController;
}

const NO_KEYS: { key: string; type: string }[] = [];

/** A Fetched slot as the inspector panels take it. */
function viewProps<T>(f: Fetched<T>): { view: T | null; loading: boolean; error: Fetched<T>['error'] } {
  return { view: f.data, loading: f.status === 'loading', error: f.error };
}

/** What the key browser is connected to: the engine's own server, or the URL it was given. */
function serverName(redis: Status['redis'] | null, url: string | null): string {
  if (redis?.private && redis.cluster) return `private Redis Cluster (${redis.cluster.masters} masters)`;
  if (redis?.private) return `private Redis (port ${redis.port})`;
  return url ?? redis?.url ?? 'Feedscope\'s own Redis (starts with the first scenario)';
}

function TabBar({ tab, onTab }: { tab: LowerTab; onTab(t: LowerTab): void }) {
  return (
    <div className="tabbar" role="tablist" aria-label="Charts and inspectors">
      {LOWER_TABS.map((t) => (
        <button key={t.tab} type="button" role="tab" id={`tab-${t.tab}`} aria-selected={tab === t.tab} className={tab === t.tab ? 'on' : undefined} onClick={() => onTab(t.tab)}>
          {t.label}
        </button>
      ))}
    </div>
  );
}

function ChartsTab({ store }: Props) {
  const status = useStore(store, (s) => s.status);
  const history = useStore(store, (s) => s.history);
  const keys = useStore(store, (s) => s.historyKeys);
  const writer = useStore(store, (s) => s.frame?.fanout?.writer);
  const readCache = useStore(store, (s) => s.frame?.fanout?.readCache);
  return <ChartsPanel status={status} history={history} keys={keys} writer={writer} readCache={readCache} />;
}

function FlameTab({ store, c }: Props) {
  const flame = useStore(store, (s) => s.fetched.flame);
  return <FlamePanel {...viewProps(flame)} onQuery={c.queryFlame} onExport={c.exportFlame} />;
}

function SkiplistTab({ store, c }: Props) {
  const key = useStore(store, (s) => s.inspectors.skiplist.key);
  const view = useStore(store, (s) => s.fetched.skiplist);
  const cost = useStore(store, (s) => s.fetched.offsetCost);
  return <SkiplistPanel keyName={key} {...viewProps(view)} offsetCost={cost.data} measuring={cost.status === 'loading'} onInspect={c.openSkiplist} onMeasure={c.measureOffsetCost} />;
}

function DriftTab({ store, c }: Props) {
  const drift = useStore(store, (s) => s.fetched.drift);
  return <DriftPanel {...viewProps(drift)} onSetClocks={c.setClocks} />;
}

function KeysTab({ store, c }: Props) {
  const redis = useStore(store, (s) => s.status?.redis ?? null);
  const k = useStore(store, (s) => s.inspectors.keys);
  const scan = useStore(store, (s) => s.fetched.scan);
  const selected = useStore(store, (s) => s.fetched.key);
  const server = useStore(store, (s) => s.fetched.server);
  const v = scan.data;
  return (
    <KeyBrowserPanel
      keys={v?.keys ?? NO_KEYS}
      tree={v?.tree ?? null}
      scan={{ pattern: k.pattern, type: k.type, done: v?.done ?? false, seen: v?.seen ?? 0, dbsize: v?.dbsize ?? 0, scanning: scan.status === 'loading' }}
      error={scan.error}
      readOnly={k.readOnly}
      url={serverName(redis, k.url)}
      selected={selected.data}
      selectedLoading={selected.status === 'loading'}
      selectedError={selected.error}
      server={server.data}
      serverError={server.error}
      pageSize={KEY_PAGE_SIZE}
      onScan={c.scan}
      onScanMore={c.scanMore}
      onSelect={c.selectKey}
      onPage={c.pageKey}
      onOpenSkiplist={c.openSkiplist}
      onUnlock={c.unlockWrites}
      onDelete={c.deleteKey}
      onRefreshServer={c.refreshServer}
    />
  );
}

function ClaimsTab({ store, c }: Props) {
  const claims = useStore(store, (s) => s.fetched.claims);
  return <ClaimsPanel {...viewProps(claims)} onRefresh={c.refreshClaims} />;
}

function ClusterTab({ store, c }: Props) {
  const status = useStore(store, (s) => s.status);
  const cluster = useStore(store, (s) => s.fetched.cluster);
  const reshard = useStore(store, (s) => s.fetched.reshard);
  return (
    <ClusterPanel
      status={status}
      {...viewProps(cluster)}
      reshard={{ running: reshard.status === 'loading', error: reshard.error, last: reshard.data }}
      onReshard={c.reshard}
      onRefresh={c.refreshCluster}
    />
  );
}

const TABS: Record<LowerTab, (p: Props) => JSX.Element> = {
  charts: ChartsTab,
  flame: FlameTab,
  skiplist: SkiplistTab,
  drift: DriftTab,
  keys: KeysTab,
  claims: ClaimsTab,
  cluster: ClusterTab,
};

export function LowerArea(p: Props) {
  const tab = useStore(p.store, (s) => s.inspectors.tab);
  const Active = TABS[tab];
  return (
    <div className="lower">
      <TabBar tab={tab} onTab={p.c.setTab} />
      <div className="lower-panel" role="tabpanel" aria-labelledby={`tab-${tab}`}>
        <Active {...p} />
      </div>
    </div>
  );
}
