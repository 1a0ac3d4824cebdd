/** An entry of a Timeline feed, and Redis's order of them (ZREVRANGE: score, then member bytes, descending). */
export interface FeedItem {
  postId: number;
  /** Score in Redis: publish time, epoch ms. */
  score: number;
}

/** Newest first; equal scores in Redis's reverse order (member bytes descending). */
export function compareFeedItems(a: FeedItem, b: FeedItem): number {
  if (a.score !== b.score) return b.score - a.score;
  const ma = String(a.postId);
  const mb = String(b.postId);
  return ma < mb ? 1 : ma > mb ? -1 : 0;
}
