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
    const ids = Array.from({ length: this.users }, (_, i) => i);
    ids.sort((a, b) => count[b] - count[a] || a - b);
    return ids.slice(0, k);
  }
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
