/**
 * The panels of the window, each wired to the slices of the store it shows (useStore) and to the
 * controller's callbacks. A slice that did not change re-renders nothing: a batch of frames
 * re-renders the toolbar's clock, the caption, the graph's pulses and the charts, not the feeds,
 * the banners, the status bar or an open inspector.
 */
import type { ApiConnection } from './api/client.js';
import type { Frame } from '../engine/api.js';
import { Banners } from './panels/Banners.js';
import { FeedsPanel } from './panels/FeedsPanel.js';
import { GraphPanel } from './panels/GraphPanel.js';
import { QualityStrip } from './panels/QualityStrip.js';
import { StatusBar } from './panels/StatusBar.js';
import { Toolbar } from './panels/Toolbar.js';
import type { Controller } from './store/controller.js';
import { selectRecalled } from './store/selectors.js';
import { useStore, type Store } from './store/store.js';

interface Props {
  store: Store;
  c: Controller;
}

export function ConnectedToolbar({ store, c }: Props) {
  const status = useStore(store, (s) => s.status);
  const tMs = useStore(store, (s) => s.tMs);
  const scenarios = useStore(store, (s) => s.fetched.scenarios);
  const frame = useStore(store, (s) => s.frame);
  const connected = useStore(store, (s) => s.connection === 'open');
  const redis = useStore(store, (s) => s.redis);
  const projector = useStore(store, (s) => s.ui.projector);
  return (
    <Toolbar
      projector={projector}
      onProjector={c.setProjector}
      onHelp={() => c.setHelp(true)}
      onExportReport={c.exportReport}
      status={status}
      tMs={tMs}
      scenarios={scenarios}
      frame={frame}
      connected={connected}
      redis={redis}
      onRedis={c.setRedis}
      onLoad={c.loadScenario}
      onOpenFile={c.openFile}
      onTogglePlay={c.togglePlay}
      onStep={c.step}
      onReset={c.reset}
      onSpeed={c.setSpeed}
    />
  );
}

export function ConnectedBanners({ store, c }: Props) {
  const banners = useStore(store, (s) => s.banners);
  const loading = useStore(store, (s) => s.status?.loading ?? null);
  return <Banners banners={banners} loading={loading} onDismiss={c.dismiss} />;
}

export function ConnectedGraph({ store, c }: Props) {
  const status = useStore(store, (s) => s.status);
  const graph = useStore(store, (s) => s.fetched.graph);
  const selected = useStore(store, (s) => s.selected);
  const pulses = useStore(store, (s) => s.pulses);
  const recalled = useStore(store, selectRecalled);
  const projector = useStore(store, (s) => s.ui.projector);
  const on = useStore(store, (s) => s.ui.maximised === 'graph');
  return <GraphPanel status={status} graph={graph} selected={selected} pulses={pulses} recalled={recalled} onSelect={c.select} projector={projector} maximise={{ on, key: 'G', toggle: () => c.toggleMaximise('graph') }} />;
}

export function ConnectedFeeds({ store, c }: Props) {
  const status = useStore(store, (s) => s.status);
  const selected = useStore(store, (s) => s.selected);
  const timeline = useStore(store, (s) => s.fetched['feed.timeline']);
  const graph = useStore(store, (s) => s.fetched['feed.graph']);
  const paging = useStore(store, (s) => s.paging);
  const pageSize = useStore(store, (s) => s.pageSize);
  const on = useStore(store, (s) => s.ui.maximised === 'feeds');
  const report = useStore(store, (s) => s.fetched.report);
  const graphModel = status?.scenario?.models.includes('graph') ?? false;
  return (
    <FeedsPanel
      footer={graphModel ? <QualityStrip report={report} onRefresh={() => void c.refreshReport()} /> : null}
      maximise={{ on, key: 'F', toggle: () => c.toggleMaximise('feeds') }}
      status={status}
      selected={selected}
      feeds={{ timeline, graph }}
      paging={paging}
      pageSize={pageSize}
      onPaging={c.setPaging}
      onPageSize={c.setPageSize}
      onNext={c.nextPage}
      onPrev={c.prevPage}
      onOpenKey={c.insp.openSkiplist}
      onBrowseKey={c.insp.openKey}
    />
  );
}

const NO_FAULTS: NonNullable<Frame['faults']> = [];

export function ConnectedStatusBar({ store, mode }: { store: Store; mode: ApiConnection['mode'] }) {
  const status = useStore(store, (s) => s.status);
  const connection = useStore(store, (s) => s.connection);
  const faults = useStore(store, (s) => s.frame?.faults ?? NO_FAULTS);
  return <StatusBar status={status} connection={connection} mode={mode} faults={faults} />;
}
