/**
 * What can be derived from the state, derived here rather than kept beside it. Selectors that
 * components subscribe to (useStore) return the same value while their inputs are unchanged, so
 * that a component re-renders only when what it shows changed.
 */
import type { FeedPage } from '../../engine/api.js';
import { FEED_TOP, feedSlot, type FeedAt } from './fetched.js';
import type { ModelName, State } from './state.js';

const MODELS: readonly ModelName[] = ['timeline', 'graph'];
const NONE: { author: number; paths: string[] }[] = [];
let lastPage: FeedPage | null = null;
let lastRecalled = NONE;

/** Authors of the selected user's graph-feed page and the recall paths that brought them. */
export function selectRecalled(s: State): { author: number; paths: string[] }[] {
  const page = s.fetched['feed.graph'].data?.page ?? null;
  if (page === lastPage) return lastRecalled;
  lastPage = page;
  lastRecalled = page ? page.items.map((it) => ({ author: it.author, paths: it.paths ?? [] })) : NONE;
  return lastRecalled;
}

/** Where a feed column is: its page, offset and cursors (the first page before any arrived). */
export function selectFeedAt(s: State, model: ModelName): FeedAt {
  return s.fetched[feedSlot(model)].data ?? FEED_TOP;
}

/** Both feed columns show their first page (the ones that refresh while a scenario plays). */
export function selectOnFirstPage(s: State): boolean {
  return MODELS.every((m) => {
    const at = selectFeedAt(s, m);
    return at.offset === 0 && at.cursors.length === 1;
  });
}

/** A scenario is loaded and not being replaced: there are keys, clocks and spans to read. */
export function selectScenarioLoaded(s: State): boolean {
  return !!s.status?.scenario && s.status.state !== 'loading';
}

/** The loaded scenario runs on a Redis Cluster: there are nodes to read and slots to move. */
export function selectClusterRun(s: State): boolean {
  return selectScenarioLoaded(s) && !!s.status?.redis?.cluster;
}
