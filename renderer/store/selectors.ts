/** Derived views of the state, memoised on their inputs so components re-render only on change. */
import type { FeedPage } from '../../engine/api.js';
import type { State } from './state.js';

const NONE: { author: number; paths: string[] }[] = [];
let lastPage: FeedPage | null = null;
let lastRecalled = NONE;

/** Authors of the selected user's graph-feed page and the recall paths that brought them. */
export function selectRecalled(s: State): { author: number; paths: string[] }[] {
  const page = s.feeds.graph.page;
  if (page === lastPage) return lastRecalled;
  lastPage = page;
  lastRecalled = page ? page.items.map((it) => ({ author: it.author, paths: it.paths ?? [] })) : NONE;
  return lastRecalled;
}
