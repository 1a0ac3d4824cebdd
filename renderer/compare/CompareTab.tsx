/** The Compare tab of the lower area, wired to the store (LowerArea.tsx lists it). */
import type { InspectorController } from '../store/inspectorController.js';
import { selectScenarioLoaded } from '../store/selectors.js';
import { useStore, type Store } from '../store/store.js';
import { ComparePanel } from './ComparePanel.js';

export function CompareTab({ store, c }: { store: Store; c: InspectorController }) {
  const loaded = useStore(store, selectScenarioLoaded);
  const scenario = useStore(store, (s) => s.status?.scenario?.name ?? null);
  return <ComparePanel api={c.api} loaded={loaded} scenario={scenario} />;
}
