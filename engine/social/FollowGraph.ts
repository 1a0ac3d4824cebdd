/**
 * The live follow graph of a playing scenario: starts as the scenario's graph and changes with
 * follow/unfollow events. Both directions are kept, as arrays per user (fan-out walks followers,
 * pull reads walk followees); removal is swap-with-last, so order inside a list is not meaningful.
 */
import { neighbours, type SocialGraph } from '../scenario/graph.js';

export class FollowGraph {
  private readonly out: number[][];
  private readonly in: number[][];
  private edgeCount: number;

  constructor(readonly base: SocialGraph) {
    this.out = new Array(base.users);
    this.in = new Array(base.users);
    for (let u = 0; u < base.users; u++) {
      this.out[u] = Array.from(neighbours(base.followees, u));
      this.in[u] = Array.from(neighbours(base.followers, u));
    }
    this.edgeCount = base.edges;
  }

  get users(): number {
    return this.base.users;
  }

  get edges(): number {
    return this.edgeCount;
  }

  followers(u: number): readonly number[] {
    return this.in[u];
  }

  followees(u: number): readonly number[] {
    return this.out[u];
  }

  followerCount(u: number): number {
    return this.in[u].length;
  }

  followeeCount(u: number): number {
    return this.out[u].length;
  }

  has(user: number, target: number): boolean {
    const a = this.out[user];
    const b = this.in[target];
    return (a.length <= b.length ? a.includes(target) : b.includes(user));
  }

  /** Adds user -> target; false when it already exists or is a self-loop. */
  follow(user: number, target: number): boolean {
    if (user === target || this.has(user, target)) return false;
    this.out[user].push(target);
    this.in[target].push(user);
    this.edgeCount++;
    return true;
  }

  /** Removes user -> target; false when there was no such edge. */
  unfollow(user: number, target: number): boolean {
    if (!removeValue(this.out[user], target)) return false;
    removeValue(this.in[target], user);
    this.edgeCount--;
    return true;
  }

  /** Users ordered by follower count, highest first (ties by id). */
  topByFollowers(k: number): number[] {
    const ids = Array.from({ length: this.users }, (_, i) => i);
    ids.sort((a, b) => this.in[b].length - this.in[a].length || a - b);
    return ids.slice(0, k);
  }
}

function removeValue(list: number[], v: number): boolean {
  const i = list.indexOf(v);
  if (i < 0) return false;
  list[i] = list[list.length - 1];
  list.pop();
  return true;
}
