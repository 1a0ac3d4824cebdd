/**
 * The live follow graph of a playing scenario: starts as the scenario's graph and changes with
 * follow/unfollow events. Both directions are kept, as arrays per user (fan-out walks followers,
 * pull reads walk followees); removal is swap-with-last, so order inside a list is not meaningful.
 * A user's arrays are copied out of the scenario's CSR the first time they are asked for: at 100k
 * users x 200 follows, copying all 40M entries up front took seconds and ~400 MB of boxed arrays,
 * while a run touches a fraction of the users.
 */
import { degree, type Csr, type SocialGraph } from '../scenario/graph.js';

export class FollowGraph {
  private readonly out: (number[] | undefined)[];
  private readonly in: (number[] | undefined)[];
  private edgeCount: number;

  constructor(readonly base: SocialGraph) {
    this.out = new Array(base.users);
    this.in = new Array(base.users);
    this.edgeCount = base.edges;
  }

  private outOf(u: number): number[] {
    return (this.out[u] ??= copyRow(this.base.followees, u));
  }

  private inOf(u: number): number[] {
    return (this.in[u] ??= copyRow(this.base.followers, u));
  }

  get users(): number {
    return this.base.users;
  }

  get edges(): number {
    return this.edgeCount;
  }

  followers(u: number): readonly number[] {
    return this.inOf(u);
  }

  followees(u: number): readonly number[] {
    return this.outOf(u);
  }

  followerCount(u: number): number {
    return this.in[u]?.length ?? degree(this.base.followers, u);
  }

  followeeCount(u: number): number {
    return this.out[u]?.length ?? degree(this.base.followees, u);
  }

  has(user: number, target: number): boolean {
    return this.followeeCount(user) <= this.followerCount(target) ? this.outOf(user).includes(target) : this.inOf(target).includes(user);
  }

  /** Adds user -> target; false when it already exists or is a self-loop. */
  follow(user: number, target: number): boolean {
    if (user === target || this.has(user, target)) return false;
    this.outOf(user).push(target);
    this.inOf(target).push(user);
    this.edgeCount++;
    return true;
  }

  /** Removes user -> target; false when there was no such edge. */
  unfollow(user: number, target: number): boolean {
    if (!removeValue(this.outOf(user), target)) return false;
    removeValue(this.inOf(target), user);
    this.edgeCount--;
    return true;
  }

  /** Users ordered by follower count, highest first (ties by id). */
  topByFollowers(k: number): number[] {
    const count = new Uint32Array(this.users);
    for (let u = 0; u < this.users; u++) count[u] = this.followerCount(u);
    return topByCount(count, k);
  }
}

/**
 * The k users with the highest counts, the highest first, ties by id, without sorting every user:
 * the count that the k-th user has is found from a histogram of the counts, and only the users at
 * or above it are sorted.
 */
export function topByCount(count: Uint32Array, k: number): number[] {
  const n = count.length;
  if (k <= 0 || n === 0) return [];
  let max = 0;
  for (let u = 0; u < n; u++) if (count[u] > max) max = count[u];
  const histogram = new Uint32Array(max + 1);
  for (let u = 0; u < n; u++) histogram[count[u]]++;
  let cutoff = max;
  for (let taken = histogram[max]; taken < k && cutoff > 0; ) taken += histogram[--cutoff];
  const ids: number[] = [];
  for (let u = 0; u < n; u++) if (count[u] >= cutoff) ids.push(u);
  ids.sort((a, b) => count[b] - count[a] || a - b);
  return ids.slice(0, k);
}

function copyRow(csr: Csr, u: number): number[] {
  const from = csr.offsets[u];
  const to = csr.offsets[u + 1];
  const row = new Array<number>(to - from);
  for (let i = from; i < to; i++) row[i - from] = csr.targets[i];
  return row;
}

function removeValue(list: number[], v: number): boolean {
  const i = list.indexOf(v);
  if (i < 0) return false;
  list[i] = list[list.length - 1];
  list.pop();
  return true;
}
