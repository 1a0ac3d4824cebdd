/** The window's layout: toolbar, banners, monitor, graph | feeds, charts and inspector tabs, status bar, overlays. No logic here. */
import type { ApiConnection } from './api/client.js';
import { ConnectedBanners, ConnectedFeeds, ConnectedGraph, ConnectedStatusBar, ConnectedToolbar } from './connected.js';
import { ConnectedChapters, ConnectedMonitor, ConnectedOverlays } from './connectedUi.js';
import { LowerArea } from './LowerArea.js';
import type { Controller } from './store/controller.js';
import { useStore, type Store } from './store/store.js';

interface Props {
  store: Store;
  controller: Controller;
  mode: ApiConnection['mode'];
}

export function App({ store, controller: c, mode }: Props) {
  const inspecting = useStore(store, (s) => s.inspectors.tab !== 'charts');
  const projector = useStore(store, (s) => s.ui.projector);
  const maximised = useStore(store, (s) => s.ui.maximised);
  const launch = useStore(store, (s) => s.ui.launch);
  const workspace = ['workspace', inspecting ? 'inspecting' : '', maximised ? `max max-${maximised}` : ''].filter(Boolean).join(' ');
  return (
    <div className={projector ? 'app projector' : 'app'} data-launch={launch}>
      <ConnectedToolbar store={store} c={c} />
      <ConnectedBanners store={store} c={c} />
      <ConnectedChapters store={store} c={c} />
      <ConnectedMonitor store={store} />
      <main className={workspace}>
        <ConnectedGraph store={store} c={c} />
        <ConnectedFeeds store={store} c={c} />
        <LowerArea store={store} c={c.insp} onMaximise={() => c.toggleMaximise('lower')} maximised={maximised === 'lower'} />
      </main>
      <ConnectedStatusBar store={store} mode={mode} />
      <ConnectedOverlays store={store} c={c} />
    </div>
  );
}
