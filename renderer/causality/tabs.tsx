/** The Causality and Migration tabs of the lower area, wired to the store (LowerArea.tsx lists them). */
import { MigrationPanel } from '../migration/MigrationPanel.js';
import type { InspectorController } from '../store/inspectorController.js';
import { selectScenarioLoaded } from '../store/selectors.js';
import { useStore, type Store } from '../store/store.js';
import { CausalityPanel } from './CausalityPanel.js';

interface Props {
  store: Store;
  c: InspectorController;
}

export function CausalityTab({ store, c }: Props) {
  const tMs = useStore(store, (s) => s.tMs);
  const loaded = useStore(store, selectScenarioLoaded);
  const file = useStore(store, (s) => s.status?.scenario?.file ?? '');
  return <CausalityPanel key={file} api={c.api} tMs={tMs} loaded={loaded} />;
}

export function MigrationTab({ store, c }: Props) {
  const tMs = useStore(store, (s) => s.tMs);
  const loaded = useStore(store, selectScenarioLoaded);
  const file = useStore(store, (s) => s.status?.scenario?.file ?? '');
  const durationMs = useStore(store, (s) => s.status?.scenario?.durationMs ?? 0);
  return <MigrationPanel key={file} api={c.api} tMs={tMs} loaded={loaded} durationMs={durationMs} />;
}
