/**
 * LadybugDB (embedded, the Kùzu fork) as the graph store: a database in a fresh temp directory,
 * bulk-loaded with COPY FROM CSV files, queried through a small pool of connections so that the
 * four recall paths of a read run concurrently. The directory is deleted on close, and by a
 * guardian process (redis/TempDirGuardian.ts) when this process ends without closing it (SIGINT,
 * SIGTERM, SIGKILL, the OOM killer).
 */
import { mkdtemp, open, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import lbug, { type Connection, type Database, type LbugValue, type PreparedStatement } from '@ladybugdb/core';
import { FeedscopeError } from '../errors.js';
import { TempDirGuardian } from '../redis/TempDirGuardian.js';
import { neighbours, type SocialGraph } from '../scenario/graph.js';
import type { PostEvent } from '../scenario/events.js';
import type { Span, Tracer } from '../trace/Tracer.js';
import { CsvBuffer } from './csv.js';
import { storedWeight, WEIGHT_SCALE } from './weights.js';
import {
  CLEAR_INTERACTIONS_CYPHER, CLEAR_POSTS_CYPHER, FOLLOW_CYPHER, INTERACT_CREATE_CYPHER, INTERACT_UPDATE_CYPHER, INTERACTION_CYPHER, INTERACTIONS_CYPHER,
  followRows, POST_TAGS_CYPHER, postBatchRows, POSTS_CYPHER, RECALL_CYPHER, recallParams, UNFOLLOW_CYPHER,
} from './cypher.js';
import { decayedAfter, tracedCypher, type GraphStore, type InteractionRow, type RecallPath, type RecallQuery, type RecallRow, type StoreInfo } from './GraphStore.js';

/** Connections in the pool: one per recall path. */
const POOL_SIZE = 4;
/** Threads per query: the pool already runs queries side by side (and the machine may have 2 cores). */
const QUERY_THREADS = 1;
/** Bytes per write while generating a COPY FROM file. */
const CSV_FLUSH_BYTES = 1 << 20;

const SCHEMA = [
  'CREATE NODE TABLE User(id INT64, city INT64, PRIMARY KEY(id))',
  'CREATE NODE TABLE Post(id INT64, ts INT64, author INT64, city INT64, PRIMARY KEY(id))',
  'CREATE NODE TABLE Tag(id INT64, PRIMARY KEY(id))',
  'CREATE NODE TABLE Topic(id INT64, PRIMARY KEY(id))',
  'CREATE NODE TABLE City(id INT64, PRIMARY KEY(id))',
  "CREATE REL TABLE FOLLOWS(FROM User TO User) WITH (storage_direction = 'fwd')",
  'CREATE REL TABLE POSTED(FROM User TO Post)',
  'CREATE REL TABLE HAS_TAG(FROM Post TO Tag)',
  'CREATE REL TABLE IN_TOPIC(FROM Tag TO Topic)',
  'CREATE REL TABLE LIVES_IN(FROM User TO City)',
  // weight: thousandths (weights.ts).
  'CREATE REL TABLE INTERESTED_IN(FROM User TO Tag, weight INT64)',
  'CREATE REL TABLE INTERACTED(FROM User TO User, cnt INT64, lastTs INT64, decayed DOUBLE)',
];

type Row = Record<string, unknown>;

export class LadybugStore implements GraphStore {
  info: StoreInfo = { kind: 'ladybug', location: '', version: lbug.Database.getVersion() };
  private dir = '';
  private guardian: TempDirGuardian | null = null;
  private db: Database | null = null;
  private pool: Connection[] = [];
  private prepared = [] as Map<string, PreparedStatement>[];
  private next = 0;

  constructor(
    private readonly options: { dir?: string; tracer?: Tracer } = {},
  ) {}

  private async open(): Promise<void> {
    const parent = this.options.dir ?? os.tmpdir();
    try {
      this.dir = await mkdtemp(path.join(parent, 'feedscope-ladybug-'));
    } catch (err) {
      throw new FeedscopeError('GRAPH_STORE_OPEN', `LadybugDB could not open a database under ${parent}: ${(err as Error).message}. Check that the directory exists and is writable (or pass another one).`, { cause: err });
    }
    try {
      this.guardian = await TempDirGuardian.guard(this.dir);
    } catch (err) {
      // Without its guardian the directory would outlive a kill: no store rather than a leak.
      await rm(this.dir, { recursive: true, force: true });
      throw err;
    }
    try {
      this.info = { ...this.info, location: path.join(this.dir, 'graph.lbug') };
      await this.openDatabase();
    } catch (err) {
      throw new FeedscopeError('GRAPH_STORE_OPEN', `LadybugDB could not open a database under ${parent}: ${(err as Error).message}. Check that the directory exists and is writable (or pass another one).`, { cause: err });
    }
  }

  async load(g: SocialGraph, progress: (stage: string, done: number, total: number) => void): Promise<void> {
    await this.open();
    for (const ddl of SCHEMA) await this.query(0, ddl);
    // Each source: rows(i, out) writes the CSV lines of item i (a user's edges, a tag...).
    const one = (...f: ((i: number) => number)[]) => (i: number, out: CsvBuffer) => out.row(...f.map((fn) => fn(i)));
    const files: [table: string, count: number, rows: (i: number, out: CsvBuffer) => void][] = [
      ['User', g.users, one((u) => u, (u) => g.city[u])],
      ['Tag', g.tags, one((t) => t)],
      ['Topic', g.topics, one((t) => t)],
      ['City', g.cities, one((c) => c)],
      ['FOLLOWS', g.users, (u, out) => { for (const v of neighbours(g.followees, u)) out.pair(u, v); }],
      ['IN_TOPIC', g.tags, one((t) => t, (t) => g.tagTopic[t])],
      ['LIVES_IN', g.users, one((u) => u, (u) => g.city[u])],
      ['INTERESTED_IN', g.users, (u, out) => {
        for (let i = g.interests.offsets[u]; i < g.interests.offsets[u + 1]; i++) out.row(u, g.interests.targets[i], storedWeight(g.interestWeights[i]));
      }],
    ];
    // The next table's CSV is written (this thread) while LadybugDB copies the previous one (its threads).
    const fileOf = (i: number): string => path.join(this.dir, `${files[i][0]}.csv`);
    let written: Promise<void> | null = writeCsv(fileOf(0), files[0][1], files[0][2]);
    for (let i = 0; i < files.length; i++) {
      const table = files[i][0];
      const file = fileOf(i);
      await written;
      progress(`graph store: COPY ${table}`, i, files.length);
      const copy = this.query(0, `COPY ${table} FROM '${file}' (HEADER=false)`);
      written = i + 1 < files.length ? writeCsv(fileOf(i + 1), files[i + 1][1], files[i + 1][2]) : null;
      // Both settle before either fails the load: no CSV is left half written.
      const [copied, next] = await Promise.allSettled([copy, written ?? Promise.resolve()]);
      if (copied.status === 'rejected') {
        const err = copied.reason as Error;
        throw new FeedscopeError('GRAPH_STORE_LOAD', `Loading ${table} into LadybugDB from ${file} failed: ${err.message}. The row named above is wrong in the generated CSV; this is a Feedscope bug, please report it with the scenario.`, { cause: err });
      }
      if (next.status === 'rejected') throw next.reason;
      written = null;
      await rm(file, { force: true });
    }
    progress('graph store: loaded', files.length, files.length);
  }

  async addPosts(posts: readonly PostEvent[], parent?: Span): Promise<void> {
    if (posts.length === 0) return;
    const rows = postBatchRows(posts);
    await tracedCypher(this.options.tracer, parent, async () => {
      await this.exec(0, POSTS_CYPHER, { posts: rows.posts });
      if (rows.tagged.length > 0) await this.exec(0, POST_TAGS_CYPHER, { tagged: rows.tagged });
    });
  }

  async follow(user: number, target: number, parent?: Span): Promise<void> {
    await tracedCypher(this.options.tracer, parent, () => this.exec(0, FOLLOW_CYPHER, { u: user, v: target }));
  }

  async unfollow(user: number, target: number, parent?: Span): Promise<void> {
    await tracedCypher(this.options.tracer, parent, () => this.exec(0, UNFOLLOW_CYPHER, { u: user, v: target }));
  }

  async interact(user: number, author: number, tMs: number, decayPerDay: number, parent?: Span): Promise<void> {
    await tracedCypher(this.options.tracer, parent, async () => {
      const prev = (await this.exec(0, INTERACTION_CYPHER, { u: user, a: author })).map(interactionRow)[0] ?? null;
      const params = { u: user, a: author, t: tMs, decayed: decayedAfter(prev, tMs, decayPerDay) };
      await this.exec(0, prev ? INTERACT_UPDATE_CYPHER : INTERACT_CREATE_CYPHER, params);
    });
  }

  async recall(p: RecallPath, q: RecallQuery, parent?: Span): Promise<RecallRow[]> {
    if (q.limit <= 0) return [];
    const conn = this.next++ % POOL_SIZE;
    const rows = await tracedCypher(this.options.tracer, parent, () => this.exec(conn, RECALL_CYPHER[p], recallParams(p, q)));
    return rows.map((r) => ({ id: Number(r.id), ts: Number(r.ts), author: Number(r.author), weight: Number(r.weight) / WEIGHT_SCALE }));
  }

  async interactions(user: number, parent?: Span): Promise<InteractionRow[]> {
    const conn = this.next++ % POOL_SIZE;
    return (await tracedCypher(this.options.tracer, parent, () => this.exec(conn, INTERACTIONS_CYPHER, { u: user }))).map(interactionRow);
  }

  async clearEvents(): Promise<void> {
    await this.query(0, CLEAR_INTERACTIONS_CYPHER);
    await this.query(0, CLEAR_POSTS_CYPHER);
  }

  /**
   * One prepared statement per pair: LadybugDB plans the UNWIND form (FOLLOWS_BATCH_CYPHER) as a
   * scan of the FOLLOWS table, ~30 ms a row at 20M follows (measured: 254 rows in 7.7 s), against ~3 ms for a MATCH by id.
   */
  async restoreFollows(add: readonly (readonly [number, number])[], remove: readonly (readonly [number, number])[]): Promise<void> {
    if (add.length === 0 && remove.length === 0) return;
    // One transaction for all the rows: an auto-committed statement each paid its own commit
    // (~2.5 ms here: 3.8 s of a reset after scale-100k's 60 s of follows and unfollows).
    await this.query(0, 'BEGIN TRANSACTION');
    try {
      for (const r of followRows(remove)) await this.exec(0, UNFOLLOW_CYPHER, r);
      for (const r of followRows(add)) await this.exec(0, FOLLOW_CYPHER, r);
      await this.query(0, 'COMMIT');
    } catch (err) {
      await this.query(0, 'ROLLBACK').catch(() => undefined);
      throw err;
    }
  }

  async close(): Promise<void> {
    for (const c of this.pool) await c.close().catch(() => undefined);
    await this.db?.close().catch(() => undefined);
    this.pool = [];
    this.prepared = [];
    this.db = null;
    if (this.guardian) await this.guardian.remove();
    else if (this.dir) await rm(this.dir, { recursive: true, force: true });
    this.guardian = null;
  }

  /**
   * Closes the database but keeps its directory (the fault schedule's graphStoreStop): calls fail
   * with GRAPH_STORE_CLOSED until resume() opens it again. Waits for the queries in flight first.
   */
  async suspend(): Promise<void> {
    if (this.suspended || !this.db) return;
    this.suspended = true;
    while (this.inFlight > 0) await new Promise<void>((r) => this.idle.push(r));
    for (const c of this.pool) await c.close().catch(() => undefined);
    await this.db.close().catch(() => undefined);
    this.pool = [];
    this.prepared = [];
    this.db = null;
  }

  /** Opens the database of before suspend() again (its files are all there). */
  async resume(): Promise<void> {
    if (!this.suspended) return;
    await this.openDatabase();
    this.suspended = false;
  }

  /** The database at info.location and its pool of connections (each with its own prepared statements). */
  private async openDatabase(): Promise<void> {
    this.db = new lbug.Database(this.info.location);
    await this.db.init();
    for (let i = 0; i < POOL_SIZE; i++) {
      const c = new lbug.Connection(this.db, QUERY_THREADS);
      await c.init();
      this.pool.push(c);
      this.prepared.push(new Map());
    }
  }

  private suspended = false;
  private inFlight = 0;
  private idle: (() => void)[] = [];

  /** Counts a call in flight (suspend waits for them), refused while suspended. */
  private async tracked<T>(fn: () => Promise<T>): Promise<T> {
    if (this.suspended) throw new FeedscopeError('GRAPH_STORE_CLOSED', 'The LadybugDB graph store is stopped (a graphStoreStop fault): the call is refused until it is reopened.');
    this.inFlight++;
    try {
      return await fn();
    } finally {
      if (--this.inFlight === 0) for (const r of this.idle.splice(0)) r();
    }
  }

  private query(conn: number, statement: string): Promise<Row[]> {
    return this.tracked(() => this.queryNow(conn, statement));
  }

  private exec(conn: number, statement: string, params: Record<string, LbugValue>): Promise<Row[]> {
    return this.tracked(() => this.execNow(conn, statement, params));
  }

  private async queryNow(conn: number, statement: string): Promise<Row[]> {
    const c = this.connection(conn);
    const res = await c.query(statement);
    return (Array.isArray(res) ? res[res.length - 1] : res).getAll() as Promise<Row[]>;
  }

  private async execNow(conn: number, statement: string, params: Record<string, LbugValue>): Promise<Row[]> {
    const c = this.connection(conn);
    const cache = this.prepared[conn];
    let ps: PreparedStatement | undefined = cache.get(statement);
    if (!ps) {
      ps = await c.prepare(statement);
      if (!ps.isSuccess()) throw new FeedscopeError('GRAPH_STORE_QUERY', `LadybugDB rejected a statement: ${ps.getErrorMessage()}\n${statement}`);
      cache.set(statement, ps);
    }
    const res = await c.execute(ps, params);
    return (Array.isArray(res) ? res[res.length - 1] : res).getAll() as Promise<Row[]>;
  }

  private connection(i: number): Connection {
    const c = this.pool[i];
    if (!c) throw new FeedscopeError('GRAPH_STORE_CLOSED', 'The LadybugDB graph store is not open: load the scenario first.');
    return c;
  }
}

function interactionRow(r: Row): InteractionRow {
  return { author: Number(r.author), cnt: Number(r.cnt), lastTs: Number(r.lastTs), decayed: Number(r.decayed) };
}

/** Writes the CSV in chunks of about CSV_FLUSH_BYTES, yielding to the event loop between them. */
async function writeCsv(file: string, count: number, rows: (i: number, out: CsvBuffer) => void): Promise<void> {
  const fh = await open(file, 'w');
  try {
    const out = new CsvBuffer();
    for (let i = 0; i < count; i++) {
      rows(i, out);
      if (out.pos >= CSV_FLUSH_BYTES) await fh.write(out.take());
    }
    if (out.pos > 0) await fh.write(out.take());
  } finally {
    await fh.close();
  }
}
