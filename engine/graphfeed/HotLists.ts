/**
 * Hot lists: the newest posts of every city and of every tag, kept in the recall service's memory
 * and maintained on the write path, so that the city, interest and topic recall paths of a read
 * merge a few short lists instead of running a Cypher query each. With author lists
 * (graphModel.followLists) the newest posts of each author are kept too, and the follow path merges
 * the lists of the reader's followees (the live follow graph the engine keeps) instead of the
 * graph traversal: the read path then asks the graph store nothing at all (measured under the
 * scale-100k play in bench/scale.ts, beside the all-Cypher read path).
 *
 * What a production feed does with shared recall sources (per-region and per-topic "hot" lists in
 * memory or in a cache): they are the same for every user of a city or every reader of a tag, so
 * computing them once per post instead of once per read takes three of the four queries off the
 * read path. Measured side by side with the all-Cypher read path in bench/graph.ts.
 *
 * Exactness. Each list holds at most `capacity` posts, newest first (ts desc, id desc), the order
 * of every recall. A path's answer is the newest `limit` posts of the union of its lists, less the
 * reader's own posts and those older than the window. A post P of that answer is in every list L
 * of its tags (or city) unless L dropped it, and L drops only posts older than all it keeps; the
 * posts of L newer than P are in the answer too (at most limit - 1 of them) or are the reader's.
 * So while each full list keeps at least `limit` posts that are not the reader's, the merge is
 * exact: `recall` checks that and returns null otherwise (the caller then runs the Cypher query).
 * An author list answers the follow path exactly once it keeps `limit` posts (or all of its
 * author's): a post of the answer has fewer than `limit` posts of its author newer than itself.
 * graphfeed/HotLists.test.ts holds it against the brute-force reference (recallReference.ts).
 */
import type { RecallPath, RecallRow } from '../backends/GraphStore.js';

/** The paths hot lists can answer: all four, the follow path only with author lists. */
export type HotPath = RecallPath;
export const SHARED_HOT_PATHS: readonly HotPath[] = ['interest', 'city', 'topic'];

export interface HotPost {
  id: number;
  /** Simulated publish time (ms). */
  ts: number;
  author: number;
  city: number;
  tags: readonly number[];
}

export interface HotQuery {
  user: number;
  sinceMs: number;
  limit: number;
  city: number;
  /** interest path: the user's tags with their weights (rounded as stored: backends/weights.ts). */
  interests: ReadonlyMap<number, number>;
  /** topic path: tags sharing a topic with one of the user's interests (GraphStore.ts UserFacts). */
  topicTags: readonly number[];
  /** follow path: the user's followees now. */
  followees?: readonly number[];
}

interface Entry {
  id: number;
  ts: number;
  author: number;
}

/** One list: newest first, at most `capacity` entries (a ring would do; lists are short). */
class HotList {
  items: Entry[] = [];
  /** True once an entry was dropped: the list no longer holds every post of its key. */
  truncated = false;

  add(e: Entry, capacity: number): void {
    const a = this.items;
    // Posts arrive in time order, so this is almost always an insert at the front.
    let i = 0;
    while (i < a.length && (a[i].ts > e.ts || (a[i].ts === e.ts && a[i].id > e.id))) i++;
    if (i >= capacity) {
      this.truncated = true;
      return;
    }
    a.splice(i, 0, e);
    if (a.length > capacity) {
      a.length = capacity;
      this.truncated = true;
    }
  }
}

export class HotLists {
  private cities = new Map<number, HotList>();
  private tags = new Map<number, HotList>();
  private authors = new Map<number, HotList>();

  /**
   * `capacity`: posts kept per city and tag list, at least the largest limit of the paths it
   * serves; `authorCapacity`: posts kept per author (at least the follow path's limit), or null:
   * no author lists, the follow path is not answered here.
   */
  constructor(
    readonly capacity: number,
    readonly authorCapacity: number | null = null,
  ) {
    this.paths = authorCapacity === null ? SHARED_HOT_PATHS : ['follow', ...SHARED_HOT_PATHS];
  }

  /** The paths this instance answers. */
  readonly paths: readonly HotPath[];

  add(p: HotPost): void {
    const e = { id: p.id, ts: p.ts, author: p.author };
    listOf(this.cities, p.city).add(e, this.capacity);
    // A post's tags are distinct (scenario/events.ts).
    for (const t of p.tags) listOf(this.tags, t).add(e, this.capacity);
    if (this.authorCapacity !== null) listOf(this.authors, p.author).add(e, this.authorCapacity);
  }

  clear(): void {
    this.cities.clear();
    this.tags.clear();
    this.authors.clear();
  }

  /**
   * The path's rows, exactly as the Cypher query (backends/cypher.ts) returns them, or null when a
   * list that was cut short might miss a row (see the file comment): then ask the graph store.
   */
  recall(path: HotPath, q: HotQuery): RecallRow[] | null {
    if (q.limit <= 0) return [];
    if (path === 'follow') return this.follow(q);
    const keys = path === 'city' ? [q.city] : path === 'interest' ? [...q.interests.keys()] : q.topicTags;
    const source = path === 'city' ? this.cities : this.tags;
    const lists: HotList[] = [];
    const weights: number[] = [];
    for (const k of keys) {
      const l = source.get(k);
      if (!l) continue;
      if (l.truncated && !enoughOthers(l, q)) return null;
      lists.push(l);
      weights.push(path === 'interest' ? (q.interests.get(k) ?? 0) : 0);
    }
    return mergeNewest(lists, weights, q, q.user);
  }

  /** The follow path from the followees' author lists; null without author lists or followees, or with too short a list. */
  private follow(q: HotQuery): RecallRow[] | null {
    if (this.authorCapacity === null || !q.followees || q.limit > this.authorCapacity) return null;
    const lists: HotList[] = [];
    for (const f of q.followees) {
      const l = this.authors.get(f);
      if (l) lists.push(l);
    }
    // The traversal does not leave out the reader's own posts (a user does not follow themself anyway).
    return mergeNewest(lists, new Array<number>(lists.length).fill(0), q, null);
  }

  /** Posts held, over all lists (a post is in its city's list, in one list per tag and in its author's). */
  get entries(): number {
    let n = 0;
    for (const m of [this.cities, this.tags, this.authors]) for (const l of m.values()) n += l.items.length;
    return n;
  }
}

function listOf(m: Map<number, HotList>, key: number): HotList {
  let l = m.get(key);
  if (!l) m.set(key, (l = new HotList()));
  return l;
}

/**
 * The newest `q.limit` posts of the union of `lists` (each newest first), without the reader's own
 * (`skipAuthor`) and those older than the window; a post in several lists comes once, with its lists' weights
 * summed. A k-way merge that stops at the limit: O(limit x lists), not O(everything held).
 */
function mergeNewest(lists: HotList[], weights: number[], q: HotQuery, skipAuthor: number | null): RecallRow[] {
  const pos = new Array<number>(lists.length).fill(0);
  const out: RecallRow[] = [];
  while (out.length < q.limit) {
    let best: Entry | null = null;
    for (let i = 0; i < lists.length; i++) {
      const items = lists[i].items;
      while (pos[i] < items.length && items[pos[i]].author === skipAuthor) pos[i]++;
      const e = items[pos[i]];
      if (!e) continue;
      if (e.ts < q.sinceMs) {
        pos[i] = items.length;
        continue;
      }
      if (!best || e.ts > best.ts || (e.ts === best.ts && e.id > best.id)) best = e;
    }
    if (!best) break;
    // Everything newer is taken, so the same post heads every list that holds it.
    let weight = 0;
    for (let i = 0; i < lists.length; i++) {
      if (lists[i].items[pos[i]]?.id === best.id) {
        weight += weights[i];
        pos[i]++;
      }
    }
    out.push({ id: best.id, ts: best.ts, author: best.author, weight });
  }
  return out;
}

/** A cut list answers exactly when it keeps `limit` posts that are not the reader's. */
function enoughOthers(l: HotList, q: HotQuery): boolean {
  let others = 0;
  for (const e of l.items) if (e.author !== q.user && ++others >= q.limit) return true;
  return false;
}
