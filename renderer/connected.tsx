/**
 * The panels of the window, each wired to the slices of the store it shows (useStore) and to the
 * controller's callbacks. A slice that did not change re-renders nothing: a batch of frames
 * re-renders the toolbar's clock, the caption, the graph's pulses and the charts, not the feeds,
 * the banners, the status bar or an open inspector.
 */
import type { ApiConnection } from './api/client.js';
import { Banners } from './panels/Banners.js';
import { FeedsPanel } from './panels/FeedsPanel.js';
import { GraphPanel } from './panels/GraphPanel.js';
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
  return (
    <Toolbar
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

export function Caption({ store }: { store: Store }) {
  const caption = useStore(store, (s) => s.frame?.caption ?? null);
  return caption ? <div className="caption">{caption}</div> : null;
}

export function ConnectedGraph({ store, c }: Props) {
  const status = useStore(store, (s) => s.status);
  const graph = useStore(store, (s) => s.fetched.graph);
  const selected = useStore(store, (s) => s.selected);
  const pulses = useStore(store, (s) => s.pulses);
  const recalled = useStore(store, selectRecalled);
  return <GraphPanel status={status} graph={graph} selected={selected} pulses={pulses} recalled={recalled} onSelect={c.select} />;
}

export function ConnectedFeeds({ store, c }: Props) {
  const status = useStore(store, (s) => s.status);
  const selected = useStore(store, (s) => s.selected);
  const timeline = useStore(store, (s) => s.fetched['feed.timeline']);
  const graph = useStore(store, (s) => s.fetched['feed.graph']);
  const paging = useStore(store, (s) => s.paging);
  const pageSize = useStore(store, (s) => s.pageSize);
  return (
    <FeedsPanel
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
    />
  );
}

export function ConnectedStatusBar({ store, mode }: { store: Store; mode: ApiConnection['mode'] }) {
  const status = useStore(store, (s) => s.status);
  const connection = useStore(store, (s) => s.connection);
  return <StatusBar status={status} connection={connection} mode={mode} />;
}
