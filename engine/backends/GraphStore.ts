/**
 * The graph store of the graph-based feed model: one interface, two real backends (LadybugDB
 * embedded in a temp directory, Neo4j over Bolt). The schema is the article's:
 *
 *   (:User {id, city})-[:FOLLOWS]->(:User)
 *   (:User)-[:POSTED]->(:Post {id, ts, author})-[:HAS_TAG]->(:Tag {id})-[:IN_TOPIC]->(:Topic {id})
 *   (:User)-[:LIVES_IN]->(:City {id})
 *   (:User)-[:INTERESTED_IN {weight}]->(:Tag)
 *   (:User)-[:INTERACTED {cnt, lastTs, decayed}]->(:User)
 *
 * Ids are the engine's dense integers; `ts` is simulated ms since t=0. INTERACTED keeps the
 * decayed sum of interactions at `lastTs` (sum of decay^(age in days)), so the strength at any
 * later time is `decayed * decay^((now - lastTs) / day)` without keeping every interaction.
 */
import type { SocialGraph } from '../scenario/graph.js';
import type { PostEvent } from '../scenario/events.js';
import type { Span, Tracer } from '../trace/Tracer.js';

export type RecallPath = 'follow' | 'interest' | 'city' | 'topic';
export const RECALL_PATHS: readonly RecallPath[] = ['follow', 'interest', 'city', 'topic'];

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

export interface RecallQuery {
  user: number;
  /** Oldest publish time recalled, simulated ms. */
  sinceMs: number;
  limit: number;
}

export type GraphStoreOptions =
  | { kind: 'ladybug'; /** Parent of the temp directory; default os.tmpdir(). */ dir?: string }
  | { kind: 'neo4j'; uri: string; user: string; password: string; database?: string };

export interface StoreInfo {
  kind: 'ladybug' | 'neo4j';
  location: string;
  version: string;
}

export interface GraphStore {
  readonly info: StoreInfo;
  /** Creates the schema and loads the starting graph; `progress(stage, done, total)`. */
  load(g: SocialGraph, progress: (stage: string, done: number, total: number) => void): Promise<void>;
  addPost(e: PostEvent, parent?: Span): Promise<void>;
  follow(user: number, target: number, parent?: Span): Promise<void>;
  unfollow(user: number, target: number, parent?: Span): Promise<void>;
  /** Adds one interaction user -> author at `tMs` with the given daily decay factor. */
  interact(user: number, author: number, tMs: number, decayPerDay: number, parent?: Span): Promise<void>;
  recall(path: RecallPath, q: RecallQuery, parent?: Span): Promise<RecallRow[]>;
  interactions(user: number, parent?: Span): Promise<InteractionRow[]>;
  /** Removes every post and interaction (the starting graph stays). */
  clearEvents(): Promise<void>;
  close(): Promise<void>;
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
