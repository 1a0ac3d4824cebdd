/**
 * Neo4j over Bolt (neo4j-driver) as the graph store, used when the CLI is given NEO4J_URI. Same
 * schema and the same recall/event Cypher as LadybugDB (cypher.ts); only DDL (uniqueness
 * constraints, which also index the ids) and bulk loading (UNWIND batches) are Neo4j's own.
 * Integers travel as Neo4j Integers both ways (neo4j.int out, a range-checked toNumber back), so
 * no id or timestamp silently turns into a float.
 *
 * Loading clears the User, Post, Tag, Topic and City nodes of the configured database first:
 * point NEO4J_DATABASE at a database of its own.
 *
 * Failures are FeedscopeErrors: NEO4J_UNREACHABLE when the server cannot be reached (at open, or
 * later because it stopped), GRAPH_STORE_QUERY when it refused a statement. Against a real
 * stopped server the driver used to retry every managed transaction for its default 30 s and then
 * throw its own Neo4jError; the retries are now capped at TRANSACTION_RETRY_MS.
 */
import neo4j, { type Driver, type Integer } from 'neo4j-driver';
import { FeedscopeError } from '../errors.js';
import { neighbours, type SocialGraph } from '../scenario/graph.js';
import type { PostEvent } from '../scenario/events.js';
import type { Span, Tracer } from '../trace/Tracer.js';
import {
  CLEAR_INTERACTIONS_CYPHER, CLEAR_POSTS_CYPHER, FOLLOW_CYPHER, INTERACT_CREATE_CYPHER, INTERACT_UPDATE_CYPHER, INTERACTION_CYPHER, INTERACTIONS_CYPHER,
  FOLLOWS_BATCH_CYPHER, followRows, POST_TAGS_CYPHER, postBatchRows, POSTS_CYPHER, RECALL_CYPHER, recallParams, UNFOLLOW_CYPHER, UNFOLLOWS_BATCH_CYPHER,
} from './cypher.js';
import { decayedAfter, tracedCypher, type GraphStore, type InteractionRow, type RecallPath, type RecallQuery, type RecallRow, type StoreInfo } from './GraphStore.js';
import { storedWeight, WEIGHT_SCALE } from './weights.js';

/** Rows per UNWIND batch of the bulk load. */
const LOAD_BATCH_ROWS = 5000;
const CLEAR_BATCH_NODES = 10_000;
/**
 * How long the driver retries a failed transaction (default 30 s). Feedscope writes from one
 * client, so what its retries meet is a stopped or restarting server, which should surface as an
 * error within seconds, not after a stall of half a minute in the middle of a run.
 */
const TRANSACTION_RETRY_MS = 3000;
/** Driver error codes that mean the server went away rather than refused the statement. */
const GONE_CODES: readonly string[] = [neo4j.error.SERVICE_UNAVAILABLE, neo4j.error.SESSION_EXPIRED];

const LABELS = ['User', 'Post', 'Tag', 'Topic', 'City'] as const;

export interface Neo4jStoreOptions {
  uri: string;
  user: string;
  password: string;
  database?: string;
  tracer?: Tracer;
}

type Params = Record<string, unknown>;

export class Neo4jStore implements GraphStore {
  info: StoreInfo;
  private driver: Driver | null = null;

  constructor(private readonly o: Neo4jStoreOptions) {
    this.info = { kind: 'neo4j', location: `${o.uri}${o.database ? ` (database ${o.database})` : ''}`, version: '?' };
  }

  private async open(): Promise<Driver> {
    if (this.driver) return this.driver;
    const driver = neo4j.driver(this.o.uri, neo4j.auth.basic(this.o.user, this.o.password), { connectionTimeout: 5000, maxTransactionRetryTime: TRANSACTION_RETRY_MS });
    try {
      const server = await driver.getServerInfo({ database: this.o.database });
      this.info = { ...this.info, version: server.agent ?? '?' };
    } catch (err) {
      await driver.close().catch(() => undefined);
      throw new FeedscopeError(
        'NEO4J_UNREACHABLE',
        `Neo4j at ${this.o.uri} did not accept a connection as "${this.o.user}" (${(err as Error).message}). Check that the server runs and listens for Bolt at that address, and NEO4J_USER / NEO4J_PASSWORD${this.o.database ? ` / NEO4J_DATABASE (${this.o.database})` : ''}; unset NEO4J_URI to use the embedded LadybugDB instead.`,
        { cause: err },
      );
    }
    this.driver = driver;
    return driver;
  }

  private async run(statement: string, params: Params = {}): Promise<Record<string, unknown>[]> {
    const driver = this.driver;
    if (!driver) throw new FeedscopeError('GRAPH_STORE_CLOSED', 'The Neo4j graph store is not open: load the scenario first.');
    try {
      const res = await driver.executeQuery(statement, params, { database: this.o.database });
      return res.records.map((r) => r.toObject());
    } catch (err) {
      const code = (err as { code?: string }).code ?? '';
      const message = (err as Error).message;
      if (GONE_CODES.includes(code)) {
        throw new FeedscopeError('NEO4J_UNREACHABLE', `Neo4j at ${this.o.uri} stopped answering (${message}). Check that the server still runs and listens for Bolt at that address (npm run neo4j starts a private one), or unset NEO4J_URI to use the embedded LadybugDB.`, { cause: err });
      }
      throw new FeedscopeError('GRAPH_STORE_QUERY', `Neo4j at ${this.o.uri} refused a statement (${code || 'no code'}: ${message})\n${statement}`, { cause: err });
    }
  }

  async load(g: SocialGraph, progress: (stage: string, done: number, total: number) => void): Promise<void> {
    await this.open();
    progress('graph store: clearing Neo4j', 0, 1);
    for (;;) {
      const [r] = await this.run(`MATCH (n) WHERE ${LABELS.map((l) => `n:${l}`).join(' OR ')} WITH n LIMIT ${CLEAR_BATCH_NODES} DETACH DELETE n RETURN count(*) AS c`);
      if (num(r.c) === 0) break;
    }
    for (const l of LABELS) await this.run(`CREATE CONSTRAINT feedscope_${l.toLowerCase()}_id IF NOT EXISTS FOR (n:${l}) REQUIRE n.id IS UNIQUE`);
    // The city recall path filters Post.city (cypher.ts) instead of walking LIVES_IN.
    await this.run('CREATE INDEX feedscope_post_city IF NOT EXISTS FOR (p:Post) ON (p.city)');
    const ints = (n: number) => Array.from({ length: n }, (_, i) => ({ id: neo4j.int(i) }));
    const follows: Params[] = [];
    const interests: Params[] = [];
    for (let u = 0; u < g.users; u++) {
      for (const v of neighbours(g.followees, u)) follows.push({ u: neo4j.int(u), v: neo4j.int(v) });
      for (let i = g.interests.offsets[u]; i < g.interests.offsets[u + 1]; i++) interests.push({ u: neo4j.int(u), t: neo4j.int(g.interests.targets[i]), w: neo4j.int(storedWeight(g.interestWeights[i])) });
    }
    const steps: [string, string, Params[]][] = [
      ['User', 'UNWIND $rows AS r CREATE (:User {id: r.id, city: r.city})', Array.from({ length: g.users }, (_, u) => ({ id: neo4j.int(u), city: neo4j.int(g.city[u]) }))],
      ['Tag', 'UNWIND $rows AS r CREATE (:Tag {id: r.id})', ints(g.tags)],
      ['Topic', 'UNWIND $rows AS r CREATE (:Topic {id: r.id})', ints(g.topics)],
      ['City', 'UNWIND $rows AS r CREATE (:City {id: r.id})', ints(g.cities)],
      ['FOLLOWS', 'UNWIND $rows AS r MATCH (a:User {id: r.u}), (b:User {id: r.v}) CREATE (a)-[:FOLLOWS]->(b)', follows],
      ['IN_TOPIC', 'UNWIND $rows AS r MATCH (t:Tag {id: r.id}), (p:Topic {id: r.topic}) CREATE (t)-[:IN_TOPIC]->(p)', Array.from({ length: g.tags }, (_, t) => ({ id: neo4j.int(t), topic: neo4j.int(g.tagTopic[t]) }))],
      ['LIVES_IN', 'UNWIND $rows AS r MATCH (u:User {id: r.id}), (c:City {id: r.city}) CREATE (u)-[:LIVES_IN]->(c)', Array.from({ length: g.users }, (_, u) => ({ id: neo4j.int(u), city: neo4j.int(g.city[u]) }))],
      ['INTERESTED_IN', 'UNWIND $rows AS r MATCH (u:User {id: r.u}), (t:Tag {id: r.t}) CREATE (u)-[:INTERESTED_IN {weight: r.w}]->(t)', interests],
    ];
    for (const [name, statement, rows] of steps) {
      const batches = Math.ceil(rows.length / LOAD_BATCH_ROWS);
      for (let b = 0; b < batches; b++) {
        progress(`graph store: ${name}`, b, batches);
        const batch = rows.slice(b * LOAD_BATCH_ROWS, (b + 1) * LOAD_BATCH_ROWS);
        try {
          await this.run(statement, { rows: batch });
        } catch (err) {
          if (err instanceof FeedscopeError && err.code === 'NEO4J_UNREACHABLE') throw err;
          throw new FeedscopeError('GRAPH_STORE_LOAD', `Loading ${name} into Neo4j at ${this.o.uri} failed in batch ${b + 1} of ${batches} (rows ${b * LOAD_BATCH_ROWS + 1}-${b * LOAD_BATCH_ROWS + batch.length}, first row ${JSON.stringify(plain(batch[0]))}): ${(err as Error).message}`, { cause: err });
        }
      }
    }
    progress('graph store: loaded', 1, 1);
  }

  async addPosts(posts: readonly PostEvent[], parent?: Span): Promise<void> {
    if (posts.length === 0) return;
    const rows = postBatchRows(posts);
    await tracedCypher(this.o.tracer, parent, async () => {
      await this.run(POSTS_CYPHER, { posts: rows.posts.map((r) => ({ id: neo4j.int(r.id), ts: neo4j.int(r.ts), author: neo4j.int(r.author) })) });
      if (rows.tagged.length > 0) await this.run(POST_TAGS_CYPHER, { tagged: rows.tagged.map((r) => ({ p: neo4j.int(r.p), t: neo4j.int(r.t) })) });
    });
  }

  async follow(user: number, target: number, parent?: Span): Promise<void> {
    await tracedCypher(this.o.tracer, parent, () => this.run(FOLLOW_CYPHER, { u: neo4j.int(user), v: neo4j.int(target) }));
  }

  async unfollow(user: number, target: number, parent?: Span): Promise<void> {
    await tracedCypher(this.o.tracer, parent, () => this.run(UNFOLLOW_CYPHER, { u: neo4j.int(user), v: neo4j.int(target) }));
  }

  async interact(user: number, author: number, tMs: number, decayPerDay: number, parent?: Span): Promise<void> {
    await tracedCypher(this.o.tracer, parent, async () => {
      const ids = { u: neo4j.int(user), a: neo4j.int(author) };
      const prev = (await this.run(INTERACTION_CYPHER, ids)).map(interactionRow)[0] ?? null;
      await this.run(prev ? INTERACT_UPDATE_CYPHER : INTERACT_CREATE_CYPHER, { ...ids, t: neo4j.int(tMs), decayed: decayedAfter(prev, tMs, decayPerDay) });
    });
  }

  async recall(p: RecallPath, q: RecallQuery, parent?: Span): Promise<RecallRow[]> {
    if (q.limit <= 0) return [];
    const rows = await tracedCypher(this.o.tracer, parent, () => this.run(RECALL_CYPHER[p], neo4jInts(recallParams(p, q))));
    return rows.map((r) => ({ id: num(r.id), ts: num(r.ts), author: num(r.author), weight: num(r.weight) / WEIGHT_SCALE }));
  }

  async interactions(user: number, parent?: Span): Promise<InteractionRow[]> {
    return (await tracedCypher(this.o.tracer, parent, () => this.run(INTERACTIONS_CYPHER, { u: neo4j.int(user) }))).map(interactionRow);
  }

  async clearEvents(): Promise<void> {
    await this.run(CLEAR_INTERACTIONS_CYPHER);
    await this.run(CLEAR_POSTS_CYPHER);
  }

  async restoreFollows(add: readonly (readonly [number, number])[], remove: readonly (readonly [number, number])[]): Promise<void> {
    const rows = (pairs: readonly (readonly [number, number])[]) => followRows(pairs).map((r) => ({ u: neo4j.int(r.u), v: neo4j.int(r.v) }));
    if (remove.length > 0) await this.run(UNFOLLOWS_BATCH_CYPHER, { rows: rows(remove) });
    if (add.length > 0) await this.run(FOLLOWS_BATCH_CYPHER, { rows: rows(add) });
  }

  async close(): Promise<void> {
    await this.driver?.close();
    this.driver = null;
  }
}

/** A Neo4j Integer (or float) as a JS number; an integer beyond 2^53 is an error, not a rounding. */
export function num(v: unknown): number {
  if (neo4j.isInt(v)) {
    const i = v as Integer;
    if (!i.inSafeRange()) throw new FeedscopeError('NEO4J_INTEGER_RANGE', `Neo4j returned the integer ${i.toString()}, beyond JavaScript's safe range (2^53): Feedscope ids and timestamps never get there, so the database holds data Feedscope did not write.`);
    return i.toNumber();
  }
  return Number(v);
}

/** Every parameter as a Bolt integer (ids, times and limits are integral; JS numbers would go as floats). */
function neo4jInts(params: Record<string, number | number[]>): Record<string, Integer | Integer[]> {
  const out: Record<string, Integer | Integer[]> = {};
  for (const [k, v] of Object.entries(params)) out[k] = Array.isArray(v) ? v.map((x) => neo4j.int(x)) : neo4j.int(v);
  return out;
}

function interactionRow(r: Record<string, unknown>): InteractionRow {
  return { author: num(r.author), cnt: num(r.cnt), lastTs: num(r.lastTs), decayed: num(r.decayed) };
}

function plain(row: Params | undefined): Record<string, number> {
  return Object.fromEntries(Object.entries(row ?? {}).map(([k, v]) => [k, num(v)]));
}
