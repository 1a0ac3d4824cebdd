/**
 * The Timeline model after Redis came back empty (a restarted cache without persistence: the
 * fault schedule's redisKill). What a real system does: Mastodon keeps statuses in PostgreSQL and
 * home feeds in Redis only; a missing home feed is regenerated from the database
 * (FeedManager#populate_home, run by RegenerationWorker when a user returns). Here the posts table
 * is the engine's post index (every post event by id); the outboxes are written back from it (the
 * newest outboxMaxLength of each author, in their LPUSH order), and the home feeds are marked
 * missing: each user's next read regenerates theirs from the outboxes (ActiveUsers.signIn), so
 * the cost spreads over the returning reads as in Mastodon.
 *
 * checkAcknowledgedOutboxes is the fault report's check that nothing acknowledged was lost: every
 * acknowledged post among its author's newest outboxMaxLength posts is in the author's outbox.
 */
import type { AcknowledgedCheck } from '../model.js';
import { pipelineValues, type RedisCommand, type RedisTransport } from '../redis/transport/RedisTransport.js';
import type { PostEvent } from '../scenario/events.js';

/** Commands per pipeline of the rebuild and of the check. */
const BATCH = 500;
/** Authors whose outboxes the check reads at most (spread over all authors). */
const CHECK_AUTHORS = 5000;

export interface OutboxDeps {
  transport: RedisTransport;
  outboxKey: (author: number) => string;
  outboxMaxLength: number;
  score: (post: PostEvent) => number;
}

/** Each author's newest `max` posts, newest first. */
function newestByAuthor(posts: ReadonlyMap<number, PostEvent>, max: number): Map<number, PostEvent[]> {
  const by = new Map<number, PostEvent[]>();
  for (const p of posts.values()) {
    let l = by.get(p.author);
    if (!l) by.set(p.author, (l = []));
    l.push(p);
  }
  for (const l of by.values()) {
    l.sort((a, b) => b.t - a.t || b.id - a.id);
    if (l.length > max) l.length = max;
  }
  return by;
}

/** Writes every author's outbox back from the posts table; returns the entries written. */
export async function rebuildOutboxes(d: OutboxDeps, posts: ReadonlyMap<number, PostEvent>): Promise<number> {
  let cmds: RedisCommand[] = [];
  let entries = 0;
  for (const [author, list] of newestByAuthor(posts, d.outboxMaxLength)) {
    const key = d.outboxKey(author);
    // Newest first, as LPUSH left them; DEL first in case a write reached the new server already.
    cmds.push(['DEL', key], ['RPUSH', key, ...list.map((p) => `${d.score(p)}:${p.id}`)]);
    entries += list.length;
    if (cmds.length >= BATCH) {
      await d.transport.send(cmds, 'DEL+RPUSH (outbox rebuild)', 'bulk');
      cmds = [];
    }
  }
  if (cmds.length > 0) await d.transport.send(cmds, 'DEL+RPUSH (outbox rebuild)', 'bulk');
  return entries;
}

export async function checkAcknowledgedOutboxes(d: OutboxDeps, posts: ReadonlyMap<number, PostEvent>, acknowledged: readonly number[]): Promise<AcknowledgedCheck> {
  const acked = new Set(acknowledged);
  const authors = [...newestByAuthor(posts, d.outboxMaxLength)].sort(([a], [b]) => a - b);
  const step = Math.max(1, Math.ceil(authors.length / CHECK_AUTHORS));
  const sampled = authors.filter((_, i) => i % step === 0);
  let checked = 0;
  let lost = 0;
  for (let i = 0; i < sampled.length; i += BATCH) {
    const batch = sampled.slice(i, i + BATCH);
    const lists = (await pipelineValues(d.transport, batch.map(([a]) => ['LRANGE', d.outboxKey(a), 0, -1] as const), 'LRANGE', 'bulk')) as string[][];
    batch.forEach(([, newest], j) => {
      const present = new Set(lists[j].map((entry) => Number(entry.slice(entry.indexOf(':') + 1))));
      for (const p of newest) {
        if (!acked.has(p.id)) continue;
        checked++;
        if (!present.has(p.id)) lost++;
      }
    });
  }
  return { checked, lost, where: `outboxes of ${sampled.length} of ${authors.length} authors (each acknowledged post among its author's newest ${d.outboxMaxLength})` };
}
