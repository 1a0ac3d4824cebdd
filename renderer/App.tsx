/** The window's layout: toolbar, banners, graph | feeds, charts and inspector tabs, status bar. No logic here. */
import type { ApiConnection } from './api/client.js';
import { Caption, ConnectedBanners, ConnectedFeeds, ConnectedGraph, ConnectedStatusBar, ConnectedToolbar } from './connected.js';
import { useKeyboard } from './keyboard.js';
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
  useKeyboard(c);
  return (
    <div className="app">
      <ConnectedToolbar store={store} c={c} />
      <ConnectedBanners store={store} c={c} />
      <Caption store={store} />
      <main className={inspecting ? 'workspace inspecting' : 'workspace'}>
        <ConnectedGraph store={store} c={c} />
        <ConnectedFeeds store={store} c={c} />
        <LowerArea store={store} c={c.insp} />
      </main>
      <ConnectedStatusBar store={store} mode={mode} />
    </div>
  );
}
