/**
 * The event stream of a scenario: posts, reads, follows, unfollows and interactions, tick by tick,
 * as a pure function of (scenario, graph). It is generated lazily (a 24-hour scenario is never held
 * in memory) from one PRNG consumed in a fixed order, so it does not depend on how fast or in what
 * steps the player asks for it.
 */
import { AliasTable, Prng } from './prng.js';
import { degree, neighbours, type SocialGraph } from './graph.js';
import type { Scenario } from './schema.js';

export interface PostEvent {
  kind: 'post';
  /** Publish time, simulated ms since t=0; unique per post. */
  t: number;
  id: number;
  author: number;
  tags: number[];
  celebrity: boolean;
}
export interface ReadEvent {
  kind: 'read';
  t: number;
  user: number;
  /** offset: one page at `offset`. cursor: the client scrolls page by page down to `offset`. */
  mode: 'offset' | 'cursor';
  offset: number;
  deep: boolean;
}
export interface FollowEvent {
  kind: 'follow' | 'unfollow';
  t: number;
  user: number;
  target: number;
}
export interface InteractEvent {
  kind: 'interact';
  t: number;
  user: number;
  post: number;
  author: number;
  type: 'like' | 'comment';
}
export type SimEvent = PostEvent | ReadEvent | FollowEvent | InteractEvent;

const RECENT_POSTS = 512;

export class EventStream {
  private rng!: Prng;
  private tick = 0;
  private nextPostId = 1;
  private lastPostMs = -1;
  private recent: PostEvent[] = [];
  private readonly followAlias: AliasTable;
  private readonly celebrities: number[];
  readonly totalTicks: number;

  constructor(
    private readonly scenario: Scenario,
    private readonly graph: SocialGraph,
  ) {
    const w = new Float64Array(graph.users);
    for (let u = 0; u < graph.users; u++) w[u] = degree(graph.followers, u) + 1;
    this.followAlias = new AliasTable(w);
    const top = scenario.workload.celebrityPosting?.topAuthors ?? 0;
    this.celebrities = Array.from({ length: graph.users }, (_, i) => i)
      .sort((a, b) => degree(graph.followers, b) - degree(graph.followers, a) || a - b)
      .slice(0, top);
    this.totalTicks = Math.ceil((scenario.workload.durationSec * 1000) / scenario.workload.tickMs);
    this.reset();
  }

  reset(): void {
    this.rng = new Prng(this.scenario.seed, 'events');
    this.tick = 0;
    this.nextPostId = 1;
    this.lastPostMs = -1;
    this.recent = [];
  }

  get currentTick(): number {
    return this.tick;
  }

  get tickMs(): number {
    return this.scenario.workload.tickMs;
  }

  /** The authors of celebrity posting, highest follower count first. */
  get celebrityAuthors(): readonly number[] {
    return this.celebrities;
  }

  /** Events of the next tick, ordered by time; null once the scenario's duration is over. */
  nextTick(): SimEvent[] | null {
    if (this.tick >= this.totalTicks) return null;
    const w = this.scenario.workload;
    const rng = this.rng;
    const t0 = this.tick * w.tickMs;
    const dt = w.tickMs / 1000;
    const g = this.graph;
    const events: SimEvent[] = [];
    const at = (): number => t0 + Math.floor(rng.next() * w.tickMs);

    const postTimes: { t: number; author: number; celebrity: boolean }[] = [];
    const nPosts = rng.poisson(w.postsPerSec * dt);
    for (let i = 0; i < nPosts; i++) postTimes.push({ t: at(), author: rng.int(g.users), celebrity: false });
    if (w.celebrityPosting && this.celebrities.length > 0) {
      const nCeleb = rng.poisson(((this.celebrities.length * w.celebrityPosting.postsPerMinute) / 60) * dt);
      for (let i = 0; i < nCeleb; i++) {
        postTimes.push({ t: at(), author: this.celebrities[rng.int(this.celebrities.length)], celebrity: true });
      }
    }
    postTimes.sort((a, b) => a.t - b.t || a.author - b.author);
    for (const p of postTimes) {
      const t = Math.max(p.t, this.lastPostMs + 1);
      this.lastPostMs = t;
      const post: PostEvent = { kind: 'post', t, id: this.nextPostId++, author: p.author, tags: this.postTags(p.author), celebrity: p.celebrity };
      events.push(post);
      this.recent.push(post);
      if (this.recent.length > RECENT_POSTS) this.recent.shift();
    }

    const nReads = rng.poisson(w.readsPerSec * dt);
    for (let i = 0; i < nReads; i++) {
      const deep = rng.chance(w.deepReadShare);
      const mode = rng.chance(w.cursorReadShare) ? 'cursor' : 'offset';
      events.push({ kind: 'read', t: at(), user: rng.int(g.users), mode, offset: deep ? w.deepReadOffset : 0, deep });
    }
    const nFollows = rng.poisson(w.followsPerSec * dt);
    for (let i = 0; i < nFollows; i++) {
      const user = rng.int(g.users);
      let target = this.followAlias.draw(rng);
      if (target === user) target = (target + 1) % g.users;
      events.push({ kind: 'follow', t: at(), user, target });
    }
    const nUnfollows = rng.poisson(w.unfollowsPerSec * dt);
    for (let i = 0; i < nUnfollows; i++) {
      const user = rng.int(g.users);
      const fs = neighbours(g.followees, user);
      if (fs.length === 0) continue;
      events.push({ kind: 'unfollow', t: at(), user, target: fs[rng.int(fs.length)] });
    }
    const nInteract = this.recent.length > 0 ? rng.poisson(w.interactionsPerSec * dt) : 0;
    for (let i = 0; i < nInteract; i++) {
      const user = rng.int(g.users);
      const post = this.pickInteractionTarget(user);
      if (!post) continue;
      events.push({ kind: 'interact', t: Math.max(at(), post.t), user, post: post.id, author: post.author, type: rng.chance(0.8) ? 'like' : 'comment' });
    }
    events.sort((a, b) => a.t - b.t || kindOrder(a) - kindOrder(b));
    this.tick++;
    return events;
  }

  /** A recent post by someone the user follows (people engage with their feed), else any recent post. */
  private pickInteractionTarget(user: number): PostEvent | undefined {
    const fs = neighbours(this.graph.followees, user);
    for (let tries = 0; tries < 8 && fs.length > 0; tries++) {
      const p = this.recent[this.rng.int(this.recent.length)];
      if (binaryHas(fs, p.author)) return p;
    }
    const p = this.recent[this.rng.int(this.recent.length)];
    return p.author === user ? undefined : p;
  }

  /** 1-3 tags, mostly from the author's interests. */
  private postTags(author: number): number[] {
    const g = this.graph;
    const n = 1 + this.rng.int(3);
    const own = neighbours(g.interests, author);
    const tags = new Set<number>();
    for (let i = 0; i < n; i++) {
      tags.add(own.length > 0 && this.rng.chance(0.7) ? own[this.rng.int(own.length)] : this.rng.int(g.tags));
    }
    return [...tags].sort((a, b) => a - b);
  }
}

function kindOrder(e: SimEvent): number {
  return e.kind === 'post' ? 0 : e.kind === 'follow' || e.kind === 'unfollow' ? 1 : e.kind === 'interact' ? 2 : 3;
}

function binaryHas(sorted: Uint32Array, v: number): boolean {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] === v) return true;
    if (sorted[mid] < v) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}
