/**
 * The lower area's layout: a tab bar (Charts | Flame graph | Skiplist | Drift lab | Keys | Claims | Cluster | Capacity)
 * and the chosen panel, each wired to the slice of the store it shows and to the inspector
 * controller. Only the visible panel is mounted, so hidden inspectors neither render nor poll, and
 * a frame re-renders the charts only. No logic here.
 */
import type { JSX } from 'react';
import { ClaimsPanel } from './claims/ClaimsPanel.js';
import { ClusterPanel } from './cluster/ClusterPanel.js';
import { CapacityPanel } from './capacity/CapacityPanel.js';
import { CausalityTab, MigrationTab } from './causality/tabs.js';
import { CompareTab } from './compare/CompareTab.js';
import './compare/compare.css';
import { DriftPanel, FlamePanel, KeyBrowserPanel, SkiplistPanel } from './inspectors/index.js';
import { ChartsPanel } from './panels/ChartsPanel.js';
import { useFaultBands } from './charts/faultBands.js';
import type { Fetched } from './store/fetched.js';
import { KEY_PAGE_SIZE, type InspectorController } from './store/inspectorController.js';
import { LOWER_TABS, type LowerTab } from './store/inspectors.js';
import { useStore, type Store } from './store/store.js';

interface Props {
  store: Store;
  c: InspectorController;
}

/** A Fetched slot as the inspector panels take it. */
function viewProps<T>(f: Fetched<T>): { view: T | null; loading: boolean; error: Fetched<T>['error'] } {
  return { view: f.data, loading: f.status === 'loading', error: f.error };
}

function TabBar({ tab, onTab, onMaximise, maximised }: { tab: LowerTab; onTab(t: LowerTab): void } & Layout) {
  return (
    <div className="tabbar-row">
      <div className="tabbar" role="tablist" aria-label="Charts and inspectors">
        {LOWER_TABS.map((t) => (
          <button key={t.tab} type="button" role="tab" id={`tab-${t.tab}`} aria-selected={tab === t.tab} className={tab === t.tab ? 'on' : undefined} onClick={() => onTab(t.tab)}>
            {t.label}
          </button>
        ))}
      </div>
      {onMaximise && (
        <button type="button" className="maximise" aria-pressed={!!maximised} title="Maximise the charts and inspectors (C); again or Esc to restore" onClick={onMaximise}>
          {maximised ? 'Restore' : 'Maximise'}
        </button>
      )}
    </div>
  );
}

/** The window's layout around the lower area (App.tsx): its maximise button. */
interface Layout {
  onMaximise?(): void;
  maximised?: boolean;
}

function ChartsTab({ store }: Props) {
  const status = useStore(store, (s) => s.status);
  const history = useStore(store, (s) => s.history);
  const keys = useStore(store, (s) => s.historyKeys);
  const writer = useStore(store, (s) => s.frame?.fanout?.writer);
  const readCache = useStore(store, (s) => s.frame?.fanout?.readCache);
  const bands = useFaultBands(useStore(store, (s) => s.frame?.faults), useStore(store, (s) => s.frame?.tMs));
  return <ChartsPanel status={status} history={history} keys={keys} writer={writer} readCache={readCache} bands={bands} />;
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
  const selected = useStore(store, (s) => s.fetched.key);
  const server = useStore(store, (s) => s.fetched.server);
  return (
    <KeyBrowserPanel
      kb={c.keyBrowser}
      selected={selected.data}
      selectedLoading={selected.status === 'loading'}
      selectedError={selected.error}
      server={server.data}
      serverError={server.error}
      pageSize={KEY_PAGE_SIZE}
      onSelect={c.selectKey}
      onPage={c.pageKey}
      onOpenSkiplist={c.openSkiplist}
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

function CapacityTab({ store, c }: Props) {
  const capacity = useStore(store, (s) => s.fetched.capacity);
  return <CapacityPanel {...viewProps(capacity)} onPlan={c.plan} />;
}

const TABS: Record<LowerTab, (p: Props) => JSX.Element> = {
  charts: ChartsTab,
  flame: FlameTab,
  skiplist: SkiplistTab,
  drift: DriftTab,
  keys: KeysTab,
  claims: ClaimsTab,
  cluster: ClusterTab,
  capacity: CapacityTab,
  causality: CausalityTab,
  migration: MigrationTab,
  compare: CompareTab,
};

export function LowerArea({ onMaximise, maximised, ...p }: Props & Layout) {
  const tab = useStore(p.store, (s) => s.inspectors.tab);
  const Active = TABS[tab];
  return (
    <div className="lower">
      <TabBar tab={tab} onTab={p.c.setTab} onMaximise={onMaximise} maximised={maximised} />
      <div className="lower-panel" role="tabpanel" aria-labelledby={`tab-${tab}`}>
        <Active {...p} />
      </div>
    </div>
  );
}
