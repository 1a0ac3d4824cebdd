/**
 * The lower area's layout: a tab bar (Charts | Flame graph | Skiplist | Drift lab | Keys | Claims)
 * and the chosen panel, wired to the store and the inspector controller. Only the visible panel is
 * mounted, so hidden inspectors neither render nor poll. No logic here.
 */
import type { Status } from '../engine/api.js';
import { ClaimsPanel } from './claims/ClaimsPanel.js';
import { DriftPanel, FlamePanel, KeyBrowserPanel, SkiplistPanel } from './inspectors/index.js';
import { ChartsPanel } from './panels/ChartsPanel.js';
import type { ChartPoint } from './store/history.js';
import { KEY_PAGE_SIZE, type InspectorController } from './store/inspectorController.js';
import { LOWER_TABS, type InspectorState, type LowerTab } from './store/inspectors.js';

interface Props {
  status: Status | null;
  history: ChartPoint[];
  historyKeys: readonly string[];
  insp: InspectorState;
  c: InspectorController;
}

/** What the key browser is connected to: the engine's own server, or the URL it was given. */
function serverName(status: Status | null, url: string | null): string {
  const r = status?.redis;
  if (r?.private) return `private Redis (port ${r.port})`;
  return url ?? r?.url ?? 'Feedscope\'s own Redis (starts with the first scenario)';
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

function Active({ status, history, historyKeys, insp: s, c }: Props) {
  switch (s.tab) {
    case 'charts':
      return <ChartsPanel status={status} history={history} keys={historyKeys} />;
    case 'flame':
      return <FlamePanel view={s.flame.data} loading={s.flame.loading} error={s.flame.error} onQuery={c.queryFlame} onExport={c.exportFlame} />;
    case 'skiplist': {
      const k = s.skiplist;
      return <SkiplistPanel keyName={k.key} view={k.view.data} loading={k.view.loading} error={k.view.error} offsetCost={k.cost} measuring={k.measuring} onInspect={c.openSkiplist} onMeasure={c.measureOffsetCost} />;
    }
    case 'drift':
      return <DriftPanel view={s.drift.data} loading={s.drift.loading} error={s.drift.error} onSetClocks={c.setClocks} />;
    case 'keys': {
      const k = s.keys;
      return (
        <KeyBrowserPanel
          keys={k.keys}
          tree={k.tree}
          scan={{ pattern: k.pattern, type: k.type, done: k.done, seen: k.seen, dbsize: k.dbsize, scanning: k.scanning }}
          error={k.error}
          readOnly={k.readOnly}
          url={serverName(status, k.url)}
          selected={k.selected.data}
          selectedLoading={k.selected.loading}
          selectedError={k.selected.error}
          server={k.server.data}
          serverError={k.server.error}
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
    case 'claims':
      return <ClaimsPanel view={s.claims.data} loading={s.claims.loading} error={s.claims.error} onRefresh={c.refreshClaims} />;
  }
}

export function LowerArea(p: Props) {
  return (
    <div className="lower">
      <TabBar tab={p.insp.tab} onTab={p.c.setTab} />
      <div className="lower-panel" role="tabpanel" aria-labelledby={`tab-${p.insp.tab}`}>
        <Active {...p} />
      </div>
    </div>
  );
}
