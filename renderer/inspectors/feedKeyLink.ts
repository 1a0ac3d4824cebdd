/**
 * What a Timeline feed column's key links to. Push pages are read from the user's timeline ZSET:
 * link it. Pull and hybrid pages are merged at read time from outboxes (their `key` is a label
 * such as `fs:outbox:* (hybrid)`, not a key: opening it gave NO_SUCH_KEY): link the user's
 * timeline ZSET when it exists (hybrid, the pushed authors' part), and name the outbox LISTs.
 */
import type { FeedPage } from '../../engine/api.js';

export interface FeedKeyLink {
  /** A ZSET that exists, to open in the skiplist view; null: nothing to open there. */
  zset: string | null;
  /** Text beside (or instead of) the link. */
  text: string;
  /** Outbox LISTs the page's pulled posts came from (named, not linked: they are not ZSETs). */
  outboxes: string[];
}

export function feedKeyLink(page: Pick<FeedPage, 'key' | 'sources'>): FeedKeyLink {
  const s = page.sources;
  if (!s) return { zset: page.key, text: '', outboxes: [] };
  const n = `${s.pulledOutboxes.toLocaleString('en-US')} outbox${s.pulledOutboxes === 1 ? '' : 'es'}`;
  if (s.timelineKey) return { zset: s.timelineKey, text: `+ ${n} merged at read time`, outboxes: s.outboxes };
  return { zset: null, text: `merged at read time from ${n}`, outboxes: s.outboxes };
}
