/**
 * A replay of watched users' timelines in memory, to check them against Redis after a run (a
 * reshard, a regeneration): every ZADD and trim the model planned for those keys, applied in
 * planning order, which is what one server gives for the same events. The model records into it
 * (replicaOf), check() compares. Nothing lost: in the replica, not in Redis; nothing extra: in
 * Redis, not in the replica.
 */
import type { FeedAuditReport } from '../api/report.js';
import { compareFeedItems, type FeedItem } from './FeedItem.js';

/** A check of sampled timelines against the deliveries that should have produced them (report.json cluster.audit). */
export type FeedAudit = FeedAuditReport;

export class FeedAuditor {
  private readonly replicas = new Map<number, FeedItem[]>();

  watch(users: Iterable<number>): void {
    for (const u of users) if (!this.replicas.has(u)) this.replicas.set(u, []);
  }

  /** The replica of a watched user's timeline (apply writes with applyToReplica), undefined for others. */
  replicaOf(user: number): FeedItem[] | undefined {
    return this.replicas.get(user);
  }

  clear(): void {
    for (const list of this.replicas.values()) list.length = 0;
  }

  async check(keyOf: (user: number) => string, read: (key: string) => Promise<FeedItem[]>): Promise<FeedAudit> {
    const out: FeedAudit = { users: 0, expected: 0, found: 0, lost: 0, extra: 0, examples: [] };
    const id = (i: FeedItem): string => `${i.postId}@${i.score}`;
    for (const [user, expected] of this.replicas) {
      const key = keyOf(user);
      const actual = await read(key);
      const have = new Set(actual.map(id));
      const wanted = new Set(expected.map(id));
      const lost = expected.filter((i) => !have.has(id(i)));
      const extra = actual.filter((i) => !wanted.has(id(i)));
      out.users++;
      out.expected += expected.length;
      out.found += actual.length;
      out.lost += lost.length;
      out.extra += extra.length;
      if ((lost.length > 0 || extra.length > 0) && out.examples.length < 5) {
        out.examples.push({ key, lost: lost.slice(0, 5).map((i) => i.postId), extra: extra.slice(0, 5).map((i) => i.postId) });
      }
    }
    return out;
  }
}

/**
 * ZADD + optional ZREMRANGEBYRANK 0 -(keep+1) on an in-memory replica, kept in Redis's ascending
 * order (score, then member bytes): the trim drops the lowest ranks, as Redis does.
 */
export function applyToReplica(replica: FeedItem[], item: FeedItem, keep: number): void {
  const at = replica.findIndex((r) => r.postId === item.postId);
  if (at >= 0) replica.splice(at, 1);
  let i = replica.length;
  while (i > 0 && compareFeedItems(replica[i - 1], item) < 0) i--;
  replica.splice(i, 0, item);
  if (replica.length > keep) replica.splice(0, replica.length - keep);
}
