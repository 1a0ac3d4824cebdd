/**
 * Active users, as Mastodon has them (see TimelineModel.ts's comment and presets.ts for the source
 * lines): a seeded share of users is active at t=0 (`config.activeShare`) and fan-out skips the
 * others; a user's first read (signIn) makes them active and first regenerates their feed from
 * the outboxes, like FeedManager#populate_home: the newest maxLength/2 entries of the user's and
 * each pushed followee's outbox, merged, ZADDed and trimmed on the fan-out's lane (span
 * `timeline.regenerate`). The audit replica (feedAudit.ts) gets the same writes.
 */
import type { FanoutView } from '../api.js';
import { pipelineValues, type RedisTransport } from '../redis/transport/RedisTransport.js';
import { Prng } from '../scenario/prng.js';
import type { FollowGraph } from '../social/FollowGraph.js';
import { tracedBatch } from '../trace/redisOps.js';
import type { Tracer } from '../trace/Tracer.js';
import { applyToReplica } from './feedAudit.js';
import { compareFeedItems, type FeedItem } from './FeedItem.js';
import type { TimelineConfig } from './presets.js';

export interface ActiveUsersDeps {
  config: TimelineConfig;
  graph: FollowGraph;
  tracer: Tracer;
  transport: RedisTransport;
  timelineKey: (user: number) => string;
  outboxKey: (user: number) => string;
  isPushed: (author: number) => boolean;
  replicaOf: (user: number) => FeedItem[] | undefined;
}

export class ActiveUsers {
  /** 1 per user not signed in since t=0 (fan-out skips them); null when everyone is active. */
  private inactive: Uint8Array | null;
  /** Regenerations under way, so that concurrent first reads wait for the same one. */
  private readonly regenerating = new Map<number, Promise<void>>();
  private counts = { skippedInactive: 0, regenerations: 0, regeneratedEntries: 0 };

  constructor(private readonly d: ActiveUsersDeps, rng?: Prng) {
    this.inactive = this.draw(rng);
  }

  /** The share of users active at t=0 (1: everyone, no filter). */
  get share(): number {
    return this.d.config.activeShare ?? 1;
  }

  /** Draws who is active at t=0, one draw per user in id order from a stream of its own. */
  private draw(rng: Prng | undefined): Uint8Array | null {
    const share = this.share;
    if (share >= 1) return null;
    const r = rng ?? new Prng(0, 'timeline.active');
    const out = new Uint8Array(this.d.graph.users);
    for (let u = 0; u < out.length; u++) out[u] = r.next() < share ? 0 : 1;
    return out;
  }

  reset(rng?: Prng): void {
    this.inactive = this.draw(rng);
    this.counts = { skippedInactive: 0, regenerations: 0, regeneratedEntries: 0 };
  }

  /**
   * Every feed is gone (Redis came back empty): nobody is active until they read again, when their
   * feed is regenerated from the outboxes first, as Mastodon regenerates a missing home feed.
   */
  forgetAll(): void {
    this.inactive = new Uint8Array(this.d.graph.users).fill(1);
  }

  /** True when fan-out reaches the user: active at t=0, or read since. */
  isActive(user: number): boolean {
    return this.inactive === null || this.inactive[user] !== 1;
  }

  /** The author's followers that fan-out reaches; counts the ones skipped as inactive. */
  followers(author: number): readonly number[] {
    const followers = this.d.graph.followers(author);
    const inactive = this.inactive;
    if (inactive === null) return followers;
    const out = followers.filter((f) => inactive[f] !== 1);
    this.counts.skippedInactive += followers.length - out.length;
    return out;
  }

  /** The monitor's active-user figures (none when everyone is active). */
  monitor(): Partial<FanoutView> {
    return this.inactive ? { activeShare: this.share, ...this.counts } : {};
  }

  /**
   * The user signs in (their read): an inactive user becomes active and their feed is regenerated
   * first; resolves when it is written. Active users: nothing to do. Pull mode has no pushed feed.
   */
  signIn(user: number): Promise<void> {
    const pending = this.regenerating.get(user);
    if (pending) return pending;
    if (this.isActive(user)) return Promise.resolve();
    this.inactive![user] = 0;
    if (this.d.config.mode === 'pull') return Promise.resolve();
    const done = this.regenerate(user).finally(() => this.regenerating.delete(user));
    this.regenerating.set(user, done);
    return done;
  }

  /** FeedManager#populate_home from the outboxes. */
  private async regenerate(user: number): Promise<void> {
    const { tracer, transport, config } = this.d;
    const limit = Math.max(1, Math.floor(config.maxLength / 2));
    await tracer.span('timeline.regenerate', undefined, async (span) => {
      const sources = [user, ...this.d.graph.followees(user)].filter((a) => this.d.isPushed(a));
      const lists = (await tracedBatch(tracer, span, 'LRANGE', () => pipelineValues(transport, sources.map((a) => ['LRANGE', this.d.outboxKey(a), 0, limit - 1] as const), 'LRANGE', 'bulk'))) as string[][];
      const items = lists.flatMap((l) => l.map(parseOutboxEntry));
      items.sort(compareFeedItems);
      const newest = items.slice(0, limit);
      this.counts.regenerations++;
      this.counts.regeneratedEntries += newest.length;
      if (newest.length === 0) return;
      const key = this.d.timelineKey(user);
      const zadd: (string | number)[] = ['ZADD', key];
      for (const i of newest) zadd.push(i.score, String(i.postId));
      const replica = this.d.replicaOf(user);
      if (replica) {
        for (const i of newest) applyToReplica(replica, i, Infinity);
        if (replica.length > config.maxLength) replica.splice(0, replica.length - config.maxLength);
      }
      // The fan-out's lane, so that the replica's order (planning order) is the server's.
      await tracedBatch(tracer, span, 'ZADD+ZREMRANGEBYRANK', () => transport.send([zadd, ['ZREMRANGEBYRANK', key, 0, -(config.maxLength + 1)]], 'ZADD+ZREMRANGEBYRANK', 'bulk'));
    });
  }
}

/** An outbox entry, `score:postId`. */
export function parseOutboxEntry(entry: string): FeedItem {
  const sep = entry.indexOf(':');
  return { score: Number(entry.slice(0, sep)), postId: Number(entry.slice(sep + 1)) };
}
