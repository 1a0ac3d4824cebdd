/**
 * One user's feed in four stores, each behind the same small interface (bench/alternatives.ts):
 * entry i has score (a ms timestamp) EPOCH_MS + i and member (a post id) 10,000,000 + i; a page
 * is the PAGE newest entries after skipping `offset`, newest first.
 * - a Redis ZSET, read with ZREVRANGE key offset offset+19 (rank lookup in the skiplist: O(log N + M));
 * - sorted-btree's B+tree in this process, keyed by score, walked backwards from the newest
 *   entry (no ranks in the tree, so an offset is skipped entry by entry);
 * - LevelDB (classic-level), one key per entry (the score, zero-padded so that byte order is
 *   score order), read with a reverse iterator; an offset is skipped over keys only;
 * - LadybugDB, a node table of posts with the score as primary key, read with
 *   ORDER BY score DESC SKIP $skip LIMIT $limit (a prepared statement).
 * Every store of a size is made fresh and dropped after; the directories live under `dir`.
 */
import { mkdir, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { runInNewContext } from 'node:vm';
import { setFlagsFromString } from 'node:v8';
import lbug from '@ladybugdb/core';
import sortedBtree from 'sorted-btree';
import { openRedis, respCommand, RespWriter, type RedisServer } from '../../engine/index.js';

export const PAGE = 20;
const EPOCH_MS = 1_767_225_600_000;
const LOAD_BATCH = 10_000;
const member = (i: number): string => String(10_000_000 + i);
/** LevelDB compares keys as bytes: a fixed-width decimal score sorts as the number does. */
const levelKey = (score: number): string => String(score).padStart(16, '0');

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
function heapUsed(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

/** One feed of `n` entries in one store. */
export interface LoadedFeed {
  /** Time the writes took (ms), without what the bench measures after (heap, compaction, checkpoint). */
  loadMs: number;
  /** Reads one page; resolves to the number of entries it returned (PAGE unless past the end). */
  page(offset: number): Promise<number> | number;
  /** Bytes per entry, by the store's own measure (PagedStore.memoryKind). */
  bytesPerEntry(): Promise<number>;
  drop(): Promise<void>;
}

export interface PagedStore {
  version: string;
  load(n: number): Promise<LoadedFeed>;
  close(): Promise<void>;
}

export function packageVersion(name: string): string {
  try {
    return (createRequire(import.meta.url)(`${name}/package.json`) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

async function dirBytes(dir: string): Promise<number> {
  let total = 0;
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    total += e.isDirectory() ? await dirBytes(p) : (await stat(p)).size;
  }
  return total;
}

export async function redisZsetStore(server: RedisServer): Promise<PagedStore> {
  const redis = await openRedis({ url: server.url });
  const w = await RespWriter.connect({ host: '127.0.0.1', port: server.port });
  const c = redis.client;
  return {
    version: `redis-server ${server.version}`,
    async load(n) {
      const key = `alt:feed:${n}`;
      const t0 = performance.now();
      for (let start = 0; start < n; start += 1000) {
        const args: (string | number)[] = ['ZADD', key];
        for (let i = start; i < Math.min(n, start + 1000); i++) args.push(EPOCH_MS + i, member(i));
        const errors = await w.exec(respCommand(args), 1);
        if (errors.length > 0) throw new Error(errors[0]);
      }
      const loadMs = performance.now() - t0;
      return {
        loadMs,
        page: async (offset) => (await c.zrevrange(key, offset, offset + PAGE - 1)).length,
        bytesPerEntry: async () => ((await c.call('MEMORY', 'USAGE', key, 'SAMPLES', '0')) as number) / n,
        drop: async () => { await c.del(key); },
      };
    },
    async close() {
      w.close();
      await redis.close();
    },
  };
}

export function btreeStore(): PagedStore {
  return {
    version: `sorted-btree ${packageVersion('sorted-btree')}`,
    async load(n) {
      const h0 = heapUsed();
      const t0 = performance.now();
      // CommonJS: Node's ESM import gives module.exports, whose `default` is the class.
      let tree: InstanceType<typeof sortedBtree.default<number, string>> | null = new sortedBtree.default<number, string>();
      for (let i = 0; i < n; i++) tree.set(EPOCH_MS + i, member(i));
      const loadMs = performance.now() - t0;
      const bytes = (heapUsed() - h0) / n;
      return {
        loadMs,
        page: (offset) => {
          const it = tree!.entriesReversed();
          for (let s = 0; s < offset; s++) if (it.next().done) return 0;
          let got = 0;
          for (let r = it.next(); !r.done && got < PAGE; r = it.next()) got++;
          return got;
        },
        bytesPerEntry: async () => bytes,
        drop: async () => { tree = null; },
      };
    },
    async close() {},
  };
}

/** classic-level is imported here, so that a package that failed to install is this store's error, not the run's. */
export async function levelStore(dir: string): Promise<PagedStore> {
  const { ClassicLevel } = await import('classic-level');
  return {
    version: `classic-level ${packageVersion('classic-level')} (LevelDB)`,
    async load(n) {
      const location = path.join(dir, `level-${n}`);
      const db = new ClassicLevel<string, string>(location);
      await db.open();
      const t0 = performance.now();
      for (let start = 0; start < n; start += LOAD_BATCH) {
        const batch = db.batch();
        for (let i = start; i < Math.min(n, start + LOAD_BATCH); i++) batch.put(levelKey(EPOCH_MS + i), member(i));
        await batch.write();
      }
      const loadMs = performance.now() - t0;
      // Flush the write buffer and compact, so the directory holds the sorted tables, not a log.
      await db.compactRange(levelKey(0), levelKey(EPOCH_MS + n));
      const bytes = (await dirBytes(location)) / n;
      return {
        loadMs,
        page: async (offset) => {
          let lt: string | undefined;
          if (offset > 0) {
            const keys = db.keys({ reverse: true, limit: offset });
            for (let b = await keys.nextv(1000); b.length > 0; b = await keys.nextv(1000)) lt = b[b.length - 1];
            await keys.close();
            if (lt === undefined) return 0;
          }
          const rows = await db.iterator(lt === undefined ? { reverse: true, limit: PAGE } : { reverse: true, limit: PAGE, lt }).all();
          return rows.length;
        },
        bytesPerEntry: async () => bytes,
        drop: async () => {
          await db.close();
          await rm(location, { recursive: true, force: true });
        },
      };
    },
    async close() {},
  };
}

export function ladybugStore(dir: string): PagedStore {
  return {
    version: `@ladybugdb/core ${lbug.Database.getVersion()}`,
    async load(n) {
      const location = path.join(dir, `ladybug-${n}`);
      await mkdir(location, { recursive: true });
      const db = new lbug.Database(path.join(location, 'feed.lbug'));
      await db.init();
      const conn = new lbug.Connection(db, 1);
      await conn.init();
      const query = async (q: string) => {
        const res = await conn.query(q);
        return (Array.isArray(res) ? res[res.length - 1] : res).getAll();
      };
      await query('CREATE NODE TABLE Post(score INT64, id INT64, PRIMARY KEY(score))');
      const t0 = performance.now();
      const csv = path.join(dir, `ladybug-${n}.csv`);
      const lines: string[] = [];
      for (let i = 0; i < n; i++) lines.push(`${EPOCH_MS + i},${member(i)}`);
      await writeFile(csv, lines.join('\n') + '\n');
      await query(`COPY Post FROM '${csv}' (HEADER=false)`);
      const loadMs = performance.now() - t0;
      await rm(csv, { force: true });
      await query('CHECKPOINT');
      const bytes = (await dirBytes(location)) / n;
      const ps = await conn.prepare('MATCH (p:Post) RETURN p.id AS id ORDER BY p.score DESC SKIP $skip LIMIT $limit');
      if (!ps.isSuccess()) throw new Error(ps.getErrorMessage());
      return {
        loadMs,
        page: async (offset) => {
          const res = await conn.execute(ps, { skip: offset, limit: PAGE });
          return (await (Array.isArray(res) ? res[res.length - 1] : res).getAll()).length;
        },
        bytesPerEntry: async () => bytes,
        drop: async () => {
          await conn.close();
          await db.close();
          await rm(location, { recursive: true, force: true });
        },
      };
    },
    async close() {},
  };
}
