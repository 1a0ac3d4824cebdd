/** The window's layout: toolbar, banners, graph | feeds, charts and inspector tabs, status bar. No logic here. */
import type { ApiConnection } from './api/client.js';
import { useKeyboard } from './keyboard.js';
import { Banners } from './panels/Banners.js';
import { LowerArea } from './LowerArea.js';
import { FeedsPanel } from './panels/FeedsPanel.js';
import { GraphPanel } from './panels/GraphPanel.js';
import { StatusBar } from './panels/StatusBar.js';
import { Toolbar } from './panels/Toolbar.js';
import type { Controller } from './store/controller.js';
import { selectRecalled } from './store/selectors.js';
import { useStore, type Store } from './store/store.js';

interface Props {
  store: Store;
  controller: Controller;
  mode: ApiConnection['mode'];
}

export function App({ store, controller: c, mode }: Props) {
  const s = useStore(store, (x) => x);
  const recalled = useStore(store, selectRecalled);
  useKeyboard(c);
  return (
    <div className="app">
      <Toolbar
        status={s.status}
        tMs={s.tMs}
        scenarios={s.scenarios}
        frame={s.frame}
        connected={s.connection === 'open'}
        onLoad={c.loadScenario}
        onOpenFile={c.openFile}
        onTogglePlay={c.togglePlay}
        onStep={c.step}
        onReset={c.reset}
        onSpeed={c.setSpeed}
      />
      <Banners banners={s.banners} loading={s.status?.loading ?? null} onDismiss={c.dismiss} />
      {s.frame?.caption && <div className="caption">{s.frame.caption}</div>}
      <main className={s.inspectors.tab === 'charts' ? 'workspace' : 'workspace inspecting'}>
        <GraphPanel status={s.status} graph={s.graph} selected={s.selected} pulses={s.pulses} recalled={recalled} onSelect={c.select} />
        <FeedsPanel status={s.status} selected={s.selected} feeds={s.feeds} paging={s.paging} pageSize={s.pageSize} onPaging={c.setPaging} onPageSize={c.setPageSize} onNext={c.nextPage} onPrev={c.prevPage} onOpenKey={c.insp.openSkiplist} />
        <LowerArea status={s.status} history={s.history} historyKeys={s.historyKeys} insp={s.inspectors} c={c.insp} />
      </main>
      <StatusBar status={s.status} connection={s.connection} mode={mode} />
    </div>
  );
}
