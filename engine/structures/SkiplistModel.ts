/*
 * A model of Redis's zskiplist, the ordered half of a skiplist-encoded sorted set.
 *
 * Source: src/server.h (zskiplistNode, zskiplist, ZSKIPLIST_MAXLEVEL 32, ZSKIPLIST_P 0.25) and
 * src/t_zset.c (zslCreate, zslRandomLevel, zslInsert, zslGetElementByRank, the reverse-range walk
 * of zrangeGenericCommand), after William Pugh, "Skip Lists: A Probabilistic Alternative to
 * Balanced Trees" (1990), with Redis's two additions:
 *   - every forward link carries a `span` (how many level-0 steps it jumps), which is what makes
 *     ZRANK and ZRANGE by rank O(log N) instead of O(N);
 *   - every node has a `backward` pointer at level 0, so ZREVRANGE walks from the tail.
 * Elements are ordered by score, then by member bytes (sdscmp). The header is a node of
 * ZSKIPLIST_MAXLEVEL levels that holds no element.
 *
 * How ours differs: Redis does not expose node levels (they come from random() inside the
 * server), so this model replays a key's members in order, drawing levels with the same
 * distribution from a seeded PRNG. Towers are therefore a statistical replica of the server's;
 * element counts, ranks, spans and the memory estimate (zsetMemory.ts) are checked against the
 * real server. Members compare as JS strings (UTF-16 code units), which equals sdscmp for ASCII.
 * Only insertion is modelled (a replay never deletes).
 *
 * Note on the article: it draws level k with probability 0.5^k (levels "halve"); Redis uses
 * ZSKIPLIST_P 0.25, so a node reaches level k with probability 0.25^(k-1).
 *
 * Ownership: the model owns its nodes; callers get plain views (histogram, towers, paths).
 */
import { Prng } from '../scenario/prng.js';

/** src/server.h: "Should be enough for 2^64 elements". */
export const ZSKIPLIST_MAXLEVEL = 32;
/** src/server.h: "Skiplist P = 1/4". */
export const ZSKIPLIST_P = 0.25;
/** The probability the article uses (wrong for Redis). */
export const ARTICLE_P = 0.5;

interface ZslLevel {
  forward: ZslNode | null;
  /** Level-0 steps this link jumps; 0 on a header link that points nowhere yet. */
  span: number;
}

export interface ZslNode {
  member: string;
  score: number;
  backward: ZslNode | null;
  level: ZslLevel[];
}

/** One step of a search: at `level`, moved from the node at rank `fromRank` to `toRank` (0 = header). */
export interface SearchStep {
  level: number;
  fromRank: number;
  toRank: number;
  span: number;
}

export interface SearchPath {
  /** 1-based rank searched for (zslGetElementByRank). */
  rank: number;
  steps: SearchStep[];
  /** Evaluations of `forward && traversed + span <= rank` that found a forward node. */
  comparisons: number;
  /** Links followed (one per step). */
  hops: number;
  /** Levels descended from the top of the header. */
  levelsVisited: number;
}

export interface Tower {
  rank: number;
  member: string;
  score: number;
  level: number;
  /** Span of each of the node's levels, bottom up. */
  spans: number[];
}

function compareNode(n: ZslNode, score: number, member: string): boolean {
  return n.score < score || (n.score === score && n.member < member);
}

export class SkiplistModel {
  readonly header: ZslNode;
  tail: ZslNode | null = null;
  length = 0;
  /** Highest level in use (at least 1). */
  level = 1;
  private readonly levelCounts = new Array<number>(ZSKIPLIST_MAXLEVEL + 1).fill(0);

  /** `random` is uniform in [0, 1); by default a PRNG seeded with `seed`. */
  constructor(seed = 1, private readonly random: () => number = ((p) => () => p.next())(new Prng(seed, 'zskiplist'))) {
    this.header = { member: '', score: 0, backward: null, level: Array.from({ length: ZSKIPLIST_MAXLEVEL }, () => ({ forward: null, span: 0 })) };
  }

  /** zslRandomLevel: 1, then +1 while random() < ZSKIPLIST_P, capped at ZSKIPLIST_MAXLEVEL. */
  randomLevel(): number {
    let level = 1;
    while (this.random() < ZSKIPLIST_P) level++;
    return level < ZSKIPLIST_MAXLEVEL ? level : ZSKIPLIST_MAXLEVEL;
  }

  /** zslInsert. The caller guarantees the member is not present (the dict does that in Redis). */
  insert(score: number, member: string, level = this.randomLevel()): ZslNode {
    const update: ZslNode[] = new Array(ZSKIPLIST_MAXLEVEL);
    const rank: number[] = new Array(ZSKIPLIST_MAXLEVEL).fill(0);
    let x = this.header;
    for (let i = this.level - 1; i >= 0; i--) {
      rank[i] = i === this.level - 1 ? 0 : rank[i + 1];
      let f = x.level[i].forward;
      while (f && compareNode(f, score, member)) {
        rank[i] += x.level[i].span;
        x = f;
        f = x.level[i].forward;
      }
      update[i] = x;
    }
    if (level > this.level) {
      for (let i = this.level; i < level; i++) {
        rank[i] = 0;
        update[i] = this.header;
        update[i].level[i].span = this.length;
      }
      this.level = level;
    }
    const node: ZslNode = { member, score, backward: null, level: new Array(level) };
    for (let i = 0; i < level; i++) {
      const u = update[i].level[i];
      node.level[i] = { forward: u.forward, span: u.span - (rank[0] - rank[i]) };
      u.forward = node;
      u.span = rank[0] - rank[i] + 1;
    }
    for (let i = level; i < this.level; i++) update[i].level[i].span++;
    node.backward = update[0] === this.header ? null : update[0];
    if (node.level[0].forward) node.level[0].forward.backward = node;
    else this.tail = node;
    this.length++;
    this.levelCounts[level]++;
    return node;
  }

  /** zslGetElementByRank with its search path. `rank` is 1-based (1 = lowest score). */
  searchByRank(rank: number): { node: ZslNode | null; path: SearchPath } {
    const steps: SearchStep[] = [];
    let comparisons = 0;
    let traversed = 0;
    let x = this.header;
    let levelsVisited = 0;
    for (let i = this.level - 1; i >= 0; i--) {
      levelsVisited++;
      for (;;) {
        const l = x.level[i];
        if (!l.forward) break;
        comparisons++;
        if (traversed + l.span > rank) break;
        steps.push({ level: i + 1, fromRank: traversed, toRank: traversed + l.span, span: l.span });
        traversed += l.span;
        x = l.forward;
      }
      if (traversed === rank && x !== this.header) {
        return { node: x, path: { rank, steps, comparisons, hops: steps.length, levelsVisited } };
      }
    }
    return { node: null, path: { rank, steps, comparisons, hops: steps.length, levelsVisited } };
  }

  /**
   * The work of `ZREVRANGE key offset offset+count-1` (zrangeGenericCommand, reverse): the tail
   * when offset is 0, else a rank search for `length - offset`, then `count - 1` backward steps.
   */
  revRangeCost(offset: number, count: number): { path: SearchPath | null; comparisons: number; backwardSteps: number; returned: number } {
    if (offset >= this.length || count <= 0) return { path: null, comparisons: 0, backwardSteps: 0, returned: 0 };
    const returned = Math.min(count, this.length - offset);
    if (offset === 0) return { path: null, comparisons: 0, backwardSteps: returned - 1, returned };
    const { path } = this.searchByRank(this.length - offset);
    return { path, comparisons: path.comparisons, backwardSteps: returned - 1, returned };
  }

  /** 1-based rank of a node, by walking level 0 (for tests and small lists). */
  rankOf(node: ZslNode): number {
    let r = 0;
    for (let x = this.header.level[0].forward; x; x = x.level[0].forward) {
      r++;
      if (x === node) return r;
    }
    return 0;
  }

  /** Nodes per level: `histogram[k]` = nodes whose tower is exactly k high (index 0 unused). */
  levelHistogram(): number[] {
    let top = 1;
    for (let k = ZSKIPLIST_MAXLEVEL; k >= 1; k--) {
      if (this.levelCounts[k] > 0) {
        top = k;
        break;
      }
    }
    return this.levelCounts.slice(0, top + 1);
  }

  /** Tower heights of every node in order (level-0 walk). */
  *levels(): Generator<number> {
    for (let x = this.header.level[0].forward; x; x = x.level[0].forward) yield x.level.length;
  }

  /** The first `n` nodes (lowest scores) and the last `n` (highest), with their spans. */
  towers(n: number): { first: Tower[]; last: Tower[] } {
    const first: Tower[] = [];
    let r = 0;
    for (let x = this.header.level[0].forward; x && first.length < n; x = x.level[0].forward) first.push(tower(x, ++r));
    const last: Tower[] = [];
    r = this.length + 1;
    for (let x = this.tail; x && last.length < n; x = x.backward) last.unshift(tower(x, --r));
    return { first, last };
  }

  /**
   * Checks spans, ranks, backward pointers and level counts; returns the first broken invariant
   * or null. Linear in length x level: meant for tests.
   */
  checkInvariants(): string | null {
    const rankOf = new Map<ZslNode, number>();
    let r = 0;
    let prev: ZslNode | null = null;
    for (let x = this.header.level[0].forward; x; x = x.level[0].forward) {
      rankOf.set(x, ++r);
      if (x.backward !== prev) return `backward pointer of rank ${r} is wrong`;
      if (prev && !compareNode(prev, x.score, x.member)) return `order broken at rank ${r}`;
      prev = x;
    }
    if (r !== this.length) return `level 0 has ${r} nodes, length says ${this.length}`;
    if (this.tail !== prev) return 'tail is not the last node';
    for (let i = 0; i < this.level; i++) {
      let x: ZslNode = this.header;
      let at = 0;
      while (x.level[i].forward) {
        const f = x.level[i].forward!;
        const fr = rankOf.get(f)!;
        if (fr - at !== x.level[i].span) return `span at level ${i + 1} from rank ${at} is ${x.level[i].span}, expected ${fr - at}`;
        at = fr;
        x = f;
      }
    }
    return null;
  }
}

function tower(x: ZslNode, rank: number): Tower {
  return { rank, member: x.member, score: x.score, level: x.level.length, spans: x.level.map((l) => l.span) };
}

/**
 * Expected share of nodes whose tower is exactly k high, for level probability p:
 * (1 - p) * p^(k-1). With p = 0.25: 75%, 18.75%, 4.69%, ...
 */
export function theoreticalLevelShare(k: number, p = ZSKIPLIST_P): number {
  return (1 - p) * p ** (k - 1);
}
