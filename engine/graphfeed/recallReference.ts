/**
 * The recall paths computed by brute force in TypeScript over the same events the graph store saw:
 * the reference the LadybugDB (and Neo4j) integration tests compare against, and the candidate
 * generator of the ranker's training data (ranker/dataset.ts), which needs no database.
 * Same contract as backends/cypher.ts: newest first, ties by id, at most `limit` rows. It derives
 * the user's city and topic neighbours itself (not from the query's UserFacts), so the tests check those too.
 */
import type { RecallPath, RecallQuery, RecallRow } from '../backends/GraphStore.js';
import { roundWeight } from '../backends/weights.js';
import type { PostEvent } from '../scenario/events.js';
import { neighbours, type SocialGraph } from '../scenario/graph.js';

export interface ReferenceState {
  social: SocialGraph;
  /** Current followees of a user (the live follow graph). */
  followees(u: number): readonly number[];
  /** Every post so far. */
  posts: readonly PostEvent[];
}

export function referenceRecall(s: ReferenceState, path: RecallPath, q: Pick<RecallQuery, 'user' | 'sinceMs' | 'limit'>): RecallRow[] {
  const g = s.social;
  const out: RecallRow[] = [];
  const fresh = s.posts.filter((p) => p.t >= q.sinceMs && p.author !== q.user);
  const interests = new Map<number, number>();
  for (let i = g.interests.offsets[q.user]; i < g.interests.offsets[q.user + 1]; i++) interests.set(g.interests.targets[i], roundWeight(g.interestWeights[i]));
  switch (path) {
    case 'follow': {
      const fs = new Set(s.followees(q.user));
      for (const p of fresh) if (fs.has(p.author)) out.push(row(p, 0));
      break;
    }
    case 'interest':
      for (const p of fresh) {
        let w = 0;
        let hit = false;
        for (const t of p.tags) {
          const iw = interests.get(t);
          if (iw !== undefined) {
            w += iw;
            hit = true;
          }
        }
        if (hit) out.push(row(p, w));
      }
      break;
    case 'city':
      for (const p of fresh) if (g.city[p.author] === g.city[q.user]) out.push(row(p, 0));
      break;
    case 'topic': {
      const mine = [...neighbours(g.interests, q.user)];
      for (const p of fresh) {
        if (p.tags.some((t2) => mine.some((t) => t !== t2 && g.tagTopic[t] === g.tagTopic[t2]))) out.push(row(p, 0));
      }
      break;
    }
  }
  out.sort((a, b) => b.ts - a.ts || b.id - a.id);
  return out.slice(0, q.limit);
}

function row(p: PostEvent, weight: number): RecallRow {
  return { id: p.id, ts: p.t, author: p.author, weight };
}
