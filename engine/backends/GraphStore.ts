/**
 * The graph store of the graph-based feed model: one interface, two real backends (LadybugDB
 * embedded in a temp directory, Neo4j over Bolt). The schema is the article's:
 *
 *   (:User {id, city})-[:FOLLOWS]->(:User)
 *   (:User)-[:POSTED]->(:Post {id, ts, author, city})-[:HAS_TAG]->(:Tag {id})-[:IN_TOPIC]->(:Topic {id})
 *   (:User)-[:LIVES_IN]->(:City {id})
 *   (:User)-[:INTERESTED_IN {weight}]->(:Tag)   (weight in thousandths, an integer: weights.ts)
 *   (:User)-[:INTERACTED {cnt, lastTs, decayed}]->(:User)
 *
 * Ids are the engine's dense integers; `ts` is simulated ms since t=0; Post.city is its author's
 * city, denormalised for the city recall path. INTERACTED keeps the
 * decayed sum of interactions at `lastTs` (sum of decay^(age in days)), so the strength at any
 * later time is `decayed * decay^((now - lastTs) / day)` without keeping every interaction.
 */
import { neighbours, type SocialGraph } from '../scenario/graph.js';
import type { PostEvent } from '../scenario/events.js';
import type { Span, Tracer } from '../trace/Tracer.js';

import { RECALL_PATHS, type RecallPath } from '../api/names.js';
import type { StoreInfo } from '../api/report.js';

export { RECALL_PATHS, type RecallPath, type StoreInfo };

/** Hops from the user to the post along each path. */
export const PATH_DEPTH: Readonly<Record<RecallPath, number>> = { follow: 2, interest: 2, city: 3, topic: 4 };

export interface RecallRow {
  id: number;
  ts: number;
  author: number;
  /** interest path: the summed weight of the user's interests the post carries; else 0. */
  weight: number;
}

export interface InteractionRow {
  author: number;
  cnt: number;
  lastTs: number;
  decayed: number;
}

export interface RecallQuery extends UserFacts {
  user: number;
  /** Oldest publish time recalled, simulated ms. */
  sinceMs: number;
  limit: number;
}

/**
 * What a recall needs to know about its user that the engine holds anyway and that never changes
 * during a run (cities, interests and tag topics are the generator's): passed as parameters so
 * the city and topic queries start from the posts' side instead of walking User -> City -> User
 * and Tag -> Topic -> Tag in the database on every read.
 */
export interface UserFacts {
  /** The user's city (User.city, the LIVES_IN target). */
  city: number;
  /**
   * The topic path's neighbour tags: every tag t2 that shares a topic (IN_TOPIC) with one of the
   * user's interests t, t2 != t. Ascending.
   */
  topicTags: readonly number[];
}

/** UserFacts of `user` from the generated graph (pure; O(interests x tags)). */
export function userFacts(g: SocialGraph, user: number): UserFacts {
  // A tag is a topic neighbour when another of the user's interests shares its topic.
  const mine = neighbours(g.interests, user);
  const perTopic = new Map<number, number>();
  for (const t of mine) perTopic.set(g.tagTopic[t], (perTopic.get(g.tagTopic[t]) ?? 0) + 1);
  const topicTags: number[] = [];
  for (let t2 = 0; t2 < g.tags; t2++) {
    let others = perTopic.get(g.tagTopic[t2]) ?? 0;
    for (const t of mine) if (t === t2) others--;
    if (others > 0) topicTags.push(t2);
  }
  return { city: g.city[user], topicTags };
}

export type GraphStoreOptions =
  | { kind: 'ladybug'; /** Parent of the temp directory; default os.tmpdir(). */ dir?: string }
  | { kind: 'neo4j'; uri: string; user: string; password: string; database?: string };

export interface GraphStore {
  readonly info: StoreInfo;
  /** Creates the schema and loads the starting graph; `progress(stage, done, total)`. */
  load(g: SocialGraph, progress: (stage: string, done: number, total: number) => void): Promise<void>;
  /** Adds posts (with POSTED and HAS_TAG edges) in as few round trips as the backend allows. */
  addPosts(posts: readonly PostEvent[], parent?: Span): Promise<void>;
  follow(user: number, target: number, parent?: Span): Promise<void>;
  unfollow(user: number, target: number, parent?: Span): Promise<void>;
  /** Adds one interaction user -> author at `tMs` with the given daily decay factor. */
  interact(user: number, author: number, tMs: number, decayPerDay: number, parent?: Span): Promise<void>;
  recall(path: RecallPath, q: RecallQuery, parent?: Span): Promise<RecallRow[]>;
  interactions(user: number, parent?: Span): Promise<InteractionRow[]>;
  /** Removes every post and interaction (the starting graph stays). */
  clearEvents(): Promise<void>;
  /**
   * Back to the starting follows after a run (a fast reset): creates the `add` follows and deletes
   * the `remove` ones, each list in one statement. Pairs are (user, target); `add` must not exist.
   */
  restoreFollows(add: readonly (readonly [number, number])[], remove: readonly (readonly [number, number])[]): Promise<void>;
  close(): Promise<void>;
  /** Closed and opened again with its data (fault graphStoreStop); calls in between fail with GRAPH_STORE_CLOSED. Absent: the store cannot be stopped. */
  suspend?(): Promise<void>;
  resume?(): Promise<void>;
}

export const DAY_MS = 86_400_000;

/** The decayed interaction sum after one more interaction at `tMs` (pure, shared by both backends). */
export function decayedAfter(prev: InteractionRow | null, tMs: number, decayPerDay: number): number {
  if (!prev) return 1;
  return prev.decayed * decayPerDay ** (Math.max(0, tMs - prev.lastTs) / DAY_MS) + 1;
}

/** Runs one query as a `cypher` span under `parent`. */
export async function tracedCypher<T>(tracer: Tracer | undefined, parent: Span | undefined, fn: () => Promise<T>): Promise<T> {
  if (!tracer) return fn();
  const s = tracer.start('cypher', parent);
  try {
    return await fn();
  } finally {
    s.end();
  }
}
