/**
 * Cypher shared by the LadybugDB and Neo4j backends: where the two dialects agree (MATCH patterns,
 * parameters `$x`, RETURN ... ORDER BY ... LIMIT, aggregation with implicit grouping, MERGE/CREATE
 * of relationships) the statement text is the same, so the LadybugDB tests exercise what Neo4j
 * runs. Only the schema DDL and bulk loading differ (each backend has its own).
 *
 * Every recall returns `id, ts, author, weight` newest first (ties by id), which is also the
 * order of the brute-force reference in graphfeed/recallReference.ts.
 *
 * The city and topic paths take the user's city and topic neighbour tags as parameters
 * (GraphStore.ts UserFacts) rather than walking User-[:LIVES_IN]->City<-[:LIVES_IN]-User and
 * Tag-[:IN_TOPIC]->Topic<-[:IN_TOPIC]-Tag per read: same rows, measured on LadybugDB at 10k users
 * at about half the CPU of the walking form. The city path reads Post.city, the author's city
 * copied onto the post when it is created (cities never change in a run): a scan of the posts
 * instead of a visit to every user of the city (5,000 at 100k users and 20 cities). Their path depth (GraphStore.ts PATH_DEPTH) is still
 * the hops of the model, 3 and 4. Authors come from Post.author (equal to the POSTED source by
 * construction, POST_CYPHER): reading User.id of the middle node cost LadybugDB ~40% more.
 *
 * Integers: ids and times are INT64 in both databases but JS numbers here, exact only up to
 * 2^53 - 1. Every post and recall passes requireSafeInt (postBatchRows, recallParams), so an
 * integer beyond that (which a JS number can no longer tell from its neighbours: 2^53 + 1 arrives
 * as 2^53) is refused with GRAPH_STORE_INTEGER_RANGE before anything is written, in both stores
 * alike, instead of being stored rounded. Everything up to 2^53 - 1 round-trips exactly.
 */
import { FeedscopeError } from '../errors.js';
import type { PostEvent } from '../scenario/events.js';
import type { RecallPath, RecallQuery } from './GraphStore.js';

export const RECALL_CYPHER: Readonly<Record<RecallPath, string>> = {
  follow: `MATCH (u:User {id: $u})-[:FOLLOWS]->(:User)-[:POSTED]->(p:Post)
WHERE p.ts >= $since
RETURN p.id AS id, p.ts AS ts, p.author AS author, 0.0 AS weight
ORDER BY ts DESC, id DESC LIMIT $limit`,
  interest: `MATCH (u:User {id: $u})-[i:INTERESTED_IN]->(t:Tag)<-[:HAS_TAG]-(p:Post)
WHERE p.ts >= $since AND p.author <> $u
RETURN p.id AS id, p.ts AS ts, p.author AS author, sum(i.weight) AS weight
ORDER BY ts DESC, id DESC LIMIT $limit`,
  city: `MATCH (p:Post)
WHERE p.city = $city AND p.author <> $u AND p.ts >= $since
RETURN p.id AS id, p.ts AS ts, p.author AS author, 0.0 AS weight
ORDER BY ts DESC, id DESC LIMIT $limit`,
  topic: `MATCH (t2:Tag)<-[:HAS_TAG]-(p:Post)
WHERE t2.id IN $topicTags AND p.ts >= $since AND p.author <> $u
RETURN DISTINCT p.id AS id, p.ts AS ts, p.author AS author, 0.0 AS weight
ORDER BY ts DESC, id DESC LIMIT $limit`,
};

/** The parameters of each recall statement (LadybugDB rejects parameters a statement lacks). */
export function recallParams(p: RecallPath, q: RecallQuery): Record<string, number | number[]> {
  requireSafeInt(`${p} recall`, 'user', q.user);
  requireSafeInt(`${p} recall`, 'sinceMs', q.sinceMs);
  requireSafeInt(`${p} recall`, 'limit', q.limit);
  if (p === 'city') requireSafeInt('city recall', 'city', q.city);
  const base = { u: q.user, since: q.sinceMs, limit: q.limit };
  if (p === 'city') return { ...base, city: q.city };
  if (p === 'topic') return { ...base, topicTags: [...q.topicTags] };
  return base;
}

export const INTERACTIONS_CYPHER = `MATCH (u:User {id: $u})-[r:INTERACTED]->(a:User)
RETURN a.id AS author, r.cnt AS cnt, r.lastTs AS lastTs, r.decayed AS decayed`;

export const INTERACTION_CYPHER = `MATCH (u:User {id: $u})-[r:INTERACTED]->(a:User {id: $a})
RETURN a.id AS author, r.cnt AS cnt, r.lastTs AS lastTs, r.decayed AS decayed`;

export const INTERACT_CREATE_CYPHER = `MATCH (u:User {id: $u}), (a:User {id: $a})
CREATE (u)-[:INTERACTED {cnt: 1, lastTs: $t, decayed: $decayed}]->(a)`;

export const INTERACT_UPDATE_CYPHER = `MATCH (u:User {id: $u})-[r:INTERACTED]->(a:User {id: $a})
SET r.cnt = r.cnt + 1, r.lastTs = $t, r.decayed = $decayed`;

/**
 * A batch of posts in two round trips: the posts with their POSTED edges, then every HAS_TAG edge
 * of the batch ($posts: [{id, ts, author}], $tagged: [{p, t}]; LadybugDB refuses an empty list, so
 * an empty batch is not sent). One statement per post cost ~4 ms on LadybugDB at 100 posts/s.
 */
export const POSTS_CYPHER = `UNWIND $posts AS x
MATCH (a:User {id: x.author})
CREATE (a)-[:POSTED]->(:Post {id: x.id, ts: x.ts, author: x.author, city: a.city})`;

export const POST_TAGS_CYPHER = `UNWIND $tagged AS x
MATCH (p:Post {id: x.p}), (t:Tag {id: x.t})
CREATE (p)-[:HAS_TAG]->(t)`;

/** The rows of POSTS_CYPHER and POST_TAGS_CYPHER for a batch (GRAPH_STORE_INTEGER_RANGE for an unsafe id or time). */
export function postBatchRows(posts: readonly PostEvent[]): { posts: { id: number; ts: number; author: number }[]; tagged: { p: number; t: number }[] } {
  for (const e of posts) {
    requireSafeInt('a post', 'id', e.id);
    requireSafeInt(`post ${e.id}`, 't', e.t);
    requireSafeInt(`post ${e.id}`, 'author', e.author);
    for (const t of e.tags) requireSafeInt(`post ${e.id}`, 'tag', t);
  }
  return {
    posts: posts.map((e) => ({ id: e.id, ts: e.t, author: e.author })),
    tagged: posts.flatMap((e) => e.tags.map((t) => ({ p: e.id, t }))),
  };
}

export const FOLLOW_CYPHER = `MATCH (a:User {id: $u}), (b:User {id: $v})
CREATE (a)-[:FOLLOWS]->(b)`;

export const UNFOLLOW_CYPHER = `MATCH (a:User {id: $u})-[r:FOLLOWS]->(b:User {id: $v})
DELETE r`;

/** Follows and unfollows of a batch ($rows: [{u, v}]; never sent empty: LadybugDB refuses an empty list). */
export const FOLLOWS_BATCH_CYPHER = `UNWIND $rows AS r
MATCH (a:User {id: r.u}), (b:User {id: r.v})
CREATE (a)-[:FOLLOWS]->(b)`;

export const UNFOLLOWS_BATCH_CYPHER = `UNWIND $rows AS r
MATCH (a:User {id: r.u})-[f:FOLLOWS]->(b:User {id: r.v})
DELETE f`;

/** The rows of FOLLOWS_BATCH_CYPHER / UNFOLLOWS_BATCH_CYPHER (GRAPH_STORE_INTEGER_RANGE for an unsafe id). */
export function followRows(pairs: readonly (readonly [number, number])[]): { u: number; v: number }[] {
  return pairs.map(([u, v]) => {
    requireSafeInt('a follow', 'user', u);
    requireSafeInt('a follow', 'target', v);
    return { u, v };
  });
}

export const CLEAR_POSTS_CYPHER = 'MATCH (p:Post) DETACH DELETE p';
export const CLEAR_INTERACTIONS_CYPHER = 'MATCH ()-[r:INTERACTED]->() DELETE r';

/** Throws GRAPH_STORE_INTEGER_RANGE unless `v` is an integer a JS number holds exactly (|v| <= 2^53 - 1). */
export function requireSafeInt(what: string, name: string, v: number): void {
  if (Number.isSafeInteger(v)) return;
  throw new FeedscopeError('GRAPH_STORE_INTEGER_RANGE', `The graph store was given ${name} = ${v} (${what}): ids and times must be integers of at most 2^53 - 1 (${Number.MAX_SAFE_INTEGER}), the largest a JavaScript number holds exactly; a larger one would be stored rounded. This is a Feedscope bug or a scenario with ids out of that range: please report it.`);
}
