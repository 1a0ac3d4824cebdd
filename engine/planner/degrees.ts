/**
 * The follow graph as the planner sees it: not edges but degree bins. Accounts by follower count
 * (which decides who is pushed or pulled and what a post costs) and users by how many pushed and
 * pulled accounts they follow (which decides how full their timeline gets and what a hybrid read
 * costs). Two sources:
 *  - `generatorDegrees`: the model of engine/scenario/graph.ts's generator, for any size: each
 *    user follows 1 + Geometric(mean - 1) accounts drawn in proportion to Zipf weights
 *    (r+1)^(-1/(alpha-1)); an account of weight w gets N * E[1 - (1-w)^d] followers (independent
 *    draws: the generator draws without replacement, which gives the top accounts a little more).
 *    Ranks are binned geometrically, so 1e8 users cost a few thousand bins.
 *  - `graphDegrees`: a real graph (a scenario's generated or imported follows), exactly.
 * Pushed means followers < hybridFollowerThreshold in hybrid mode (TimelineModel.isPushed), every
 * account in push mode, none in pull mode.
 */
import { degree, type SocialGraph } from '../scenario/graph.js';

export type FanoutMode = 'push' | 'pull' | 'hybrid';

export interface AccountBin {
  accounts: number;
  followers: number;
  pushed: boolean;
}

export interface UserBin {
  users: number;
  /** Pushed accounts followed (mean over the bin). */
  pushedFollowees: number;
  /** Pulled accounts followed: each is one LRANGE per hybrid/pull page read. */
  pulledFollowees: number;
  /** Share of the bin's users who are pushed themselves (their own posts land in their timeline). */
  selfPushed: number;
}

export interface Degrees {
  source: 'generator model' | 'scenario graph';
  users: number;
  follows: number;
  accounts: AccountBin[];
  userBins: UserBin[];
  maxInDegree: number;
  /** Accounts pulled (not pushed) under the mode and threshold. */
  pulledAccounts: number;
}

export function isPushed(mode: FanoutMode, followers: number, threshold: number): boolean {
  return mode === 'push' || (mode === 'hybrid' && followers < threshold);
}

/** Ranks 1..EXACT_RANKS one by one, then bins growing by RANK_BIN_RATIO. */
const EXACT_RANKS = 2000;
const RANK_BIN_RATIO = 1.01;
/** Out-degree bins stop where the geometric tail holds less than this share of users. */
const OUT_TAIL = 1e-9;

export interface GeneratorShape {
  users: number;
  meanFollows: number;
  exponent: number;
  mode: FanoutMode;
  hybridFollowerThreshold: number;
}

export function generatorDegrees(s: GeneratorShape): Degrees {
  const n = s.users;
  const m = Math.max(1, Math.min(s.meanFollows, n - 1));
  const p = 1 / m;
  const expo = -1 / (s.exponent - 1);
  // Rank bins: [lo, hi) with the weight at the bin's geometric middle.
  const bins: { lo: number; hi: number; w: number }[] = [];
  for (let r = 1; r <= n;) {
    const hi = r <= EXACT_RANKS ? r + 1 : Math.min(n + 1, Math.max(r + 1, Math.floor(r * RANK_BIN_RATIO)));
    bins.push({ lo: r, hi, w: Math.pow(Math.sqrt(r * (hi - 1)), expo) });
    r = hi;
  }
  let z = 0;
  for (const b of bins) z += b.w * (b.hi - b.lo);
  // E[x^d] for d = 1 + Geometric(p) failures, d capped at n - 1 (the cap is far in the tail).
  const eXd = (x: number): number => (p >= 1 ? x : (x * p) / (1 - (1 - p) * x));
  const accounts: AccountBin[] = [];
  let pulledAccounts = 0;
  const pulledW: { w: number; count: number }[] = [];
  const raw = bins.map((b) => Math.min(n - 1, (n - 1) * (1 - eXd(1 - b.w / z))));
  // Independent draws lose the follows a without-replacement draw moves from a saturated account
  // to the next ones: rescale the unsaturated accounts so that follows add up to N x mean
  // (the out-degrees are exact), a few rounds as accounts reach the n - 1 cap.
  const target = n * m;
  for (let round = 0; round < 4; round++) {
    let capped = 0;
    let free = 0;
    bins.forEach((b, i) => (raw[i] >= n - 1 ? (capped += (n - 1) * (b.hi - b.lo)) : (free += raw[i] * (b.hi - b.lo))));
    if (free <= 0) break;
    const k = (target - capped) / free;
    if (Math.abs(k - 1) < 1e-4) break;
    for (let i = 0; i < raw.length; i++) if (raw[i] < n - 1) raw[i] = Math.min(n - 1, raw[i] * k);
  }
  for (const [i, b] of bins.entries()) {
    const w = b.w / z;
    const followers = raw[i];
    const pushed = isPushed(s.mode, followers, s.hybridFollowerThreshold);
    accounts.push({ accounts: b.hi - b.lo, followers, pushed });
    if (!pushed) {
      pulledAccounts += b.hi - b.lo;
      pulledW.push({ w, count: b.hi - b.lo });
    }
  }
  const pulledFor = (d: number): number => pulledW.reduce((sum, a) => sum + a.count * (1 - Math.pow(1 - a.w, d)), 0);
  const userBins: UserBin[] = [];
  // Share of users that are pushed: all but the pulled accounts.
  const selfPushed = 1 - pulledAccounts / n;
  for (let d = 1, cum = 0; d <= n - 1 && cum < 1 - OUT_TAIL; d++) {
    const pd = p >= 1 ? (d === 1 ? 1 : 0) : p * Math.pow(1 - p, d - 1);
    cum += pd;
    if (pd * n < 1e-6) continue;
    const pulled = Math.min(d, pulledFor(d));
    userBins.push({ users: pd * n, pushedFollowees: d - pulled, pulledFollowees: pulled, selfPushed });
  }
  const follows = accounts.reduce((sum, a) => sum + a.accounts * a.followers, 0);
  return { source: 'generator model', users: n, follows, accounts, userBins, maxInDegree: accounts[0]?.followers ?? 0, pulledAccounts };
}

/** Degree bins of a real graph under a fan-out mode. */
export function graphDegrees(g: SocialGraph, mode: FanoutMode, threshold: number): Degrees {
  const byFollowers = new Map<number, number>();
  const pushed = new Uint8Array(g.users);
  let maxIn = 0;
  let pulledAccounts = 0;
  for (let u = 0; u < g.users; u++) {
    const f = degree(g.followers, u);
    maxIn = Math.max(maxIn, f);
    byFollowers.set(f, (byFollowers.get(f) ?? 0) + 1);
    pushed[u] = isPushed(mode, f, threshold) ? 1 : 0;
    if (!pushed[u]) pulledAccounts++;
  }
  const bins = new Map<string, UserBin>();
  for (let u = 0; u < g.users; u++) {
    const o = g.followees.offsets;
    let pushedF = 0;
    for (let i = o[u]; i < o[u + 1]; i++) pushedF += pushed[g.followees.targets[i]];
    const pulledF = o[u + 1] - o[u] - pushedF;
    const id = `${pushedF}/${pulledF}/${pushed[u]}`;
    const b = bins.get(id) ?? { users: 0, pushedFollowees: pushedF, pulledFollowees: pulledF, selfPushed: pushed[u] };
    b.users++;
    bins.set(id, b);
  }
  const accounts = [...byFollowers.entries()].sort((a, b) => b[0] - a[0]).map(([followers, count]) => ({ accounts: count, followers, pushed: isPushed(mode, followers, threshold) }));
  return { source: 'scenario graph', users: g.users, follows: g.edges, accounts, userBins: [...bins.values()], maxInDegree: maxIn, pulledAccounts };
}

/** Mean ZADDs of one post by a uniformly drawn author: its followers + its own timeline, when pushed. */
export function zaddsPerPost(d: Degrees): number {
  let sum = 0;
  for (const a of d.accounts) if (a.pushed) sum += a.accounts * (a.followers + 1);
  return sum / d.users;
}

/** Mean pulled accounts a read must LRANGE (its own outbox counts when the reader is pulled). */
export function pulledPerRead(d: Degrees): number {
  let sum = 0;
  for (const b of d.userBins) sum += b.users * (b.pulledFollowees + (1 - b.selfPushed));
  return sum / d.users;
}

/** The most followed pushed account, and the most followed of all. */
export function topAccounts(d: Degrees): { topFollowers: number; topPushedFollowers: number } {
  const top = d.accounts.reduce((mx, a) => Math.max(mx, a.followers), 0);
  const pushed = d.accounts.filter((a) => a.pushed).reduce((mx, a) => Math.max(mx, a.followers), 0);
  return { topFollowers: top, topPushedFollowers: pushed };
}
