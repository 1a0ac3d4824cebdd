/**
 * The key browser's session: which server it inspects (the scenario's Redis, or one connected
 * from the app on a connection of its own), the KeyInspector for it, the complete scan running
 * or last run there, and what is read from that scan (the sorted key list, the analysis).
 * Switching servers cancels the scan and drops its keys: nothing of one server is shown as
 * another's.
 */
import type { Redis } from 'ioredis';
import type { CommandArgs } from '../api.js';
import { FeedscopeError } from '../errors.js';
import type { RedisHandle } from '../redis/connect.js';
import { aggregateKeys } from './analysis/aggregate.js';
import { analysisFile } from './analysis/exportAnalysis.js';
import { recommend, type ListpackConfig } from './analysis/recommend.js';
import { openBrowserConnection, type BrowserConnection } from './connection.js';
import { KeyInspector, parseInfo } from './KeyInspector.js';
import type { KeyBrowserServerView, KeyspaceAnalysisView, ScanJobView, ScannedKey, ScannedKeysPage, StringRangeView } from './keyBrowserApi.js';
import { filterAndSort } from './keyList.js';
import { clientList, profileServer } from './profiler.js';
import { ScanJob } from './ScanJob.js';

const LISTPACK_CONFIG = ['zset-max-listpack-entries', 'zset-max-listpack-value', 'hash-max-listpack-entries', 'hash-max-listpack-value'] as const;
/** While a scan runs, the sorted list is rebuilt at most this often. */
const RESORT_MS = 1000;

type Target = { kind: 'engine'; handle: RedisHandle; ins: KeyInspector } | { kind: 'foreign'; conn: BrowserConnection; ins: KeyInspector };

export class KeyBrowser {
  private target: Target | null = null;
  private job: ScanJob | null = null;
  private jobs = 0;
  private sorted: { key: string; version: number; at: number; rows: ScannedKey[] } | null = null;

  constructor(
    /** The scenario's Redis, opened (a private server started) when needed. */
    private readonly engineRedis: () => Promise<RedisHandle>,
    /** The scenario's Redis if it is open, without opening it. */
    private readonly openEngineRedis: () => RedisHandle | null = () => null,
  ) {}

  /** The inspector of the chosen server; with none chosen, the scenario's Redis (started if needed). */
  async inspector(): Promise<KeyInspector> {
    const t = this.target;
    if (t?.kind === 'foreign') return t.ins;
    const h = await this.engineRedis();
    return this.engineTarget(h).ins;
  }

  private engineTarget(h: RedisHandle): Target & { kind: 'engine' } {
    const t = this.target;
    if (t?.kind === 'engine' && t.handle === h) return t;
    // The scenario's Redis was reopened (another scenario, a cluster): the old inspector's connection is gone.
    this.dropJob();
    const cluster = h.cluster;
    const label = cluster ? cluster.label : `${h.info.host}:${h.info.port}`;
    const ins = new KeyInspector(h.duplicate(), h.info.url, cluster ? { masters: () => cluster.masterClients(), clientFor: (key) => cluster.clientFor(key) } : null, label);
    const next = { kind: 'engine' as const, handle: h, ins };
    this.target = next;
    return next;
  }

  async connect(a: CommandArgs<'connectKeyBrowser'>): Promise<KeyBrowserServerView> {
    const conn = await openBrowserConnection(a);
    await this.disconnectForeign();
    this.dropJob();
    this.target = { kind: 'foreign', conn, ins: new KeyInspector(conn.client, conn.url, conn.cluster, conn.label) };
    return this.server();
  }

  async disconnect(): Promise<KeyBrowserServerView> {
    await this.disconnectForeign();
    return this.server();
  }

  private async disconnectForeign(): Promise<void> {
    const t = this.target;
    if (t?.kind !== 'foreign') return;
    this.dropJob();
    this.target = null;
    await t.conn.close();
  }

  private dropJob(): void {
    this.job?.cancel();
    this.job = null;
    this.sorted = null;
  }

  /** What the header shows; never opens the scenario's Redis by itself. */
  async server(): Promise<KeyBrowserServerView> {
    let ins: KeyInspector;
    let kind: 'engine' | 'foreign';
    let note: string;
    if (this.target?.kind === 'foreign') {
      ins = this.target.ins;
      kind = 'foreign';
      note = 'Connected from the app: scenarios keep running on their own Redis and never write here.';
    } else {
      const h = this.openEngineRedis();
      if (!h) {
        return { target: 'none', label: 'no server', url: '', tls: false, cluster: false, version: '', role: '', usedMemoryBytes: 0, keys: 0, writable: false, note: 'Connect to a server, or load a scenario to inspect its Redis.' };
      }
      ins = this.engineTarget(h).ins;
      kind = 'engine';
      note = h.info.private ? 'The scenario\'s Redis: a private redis-server Feedscope started.' : 'The scenario\'s Redis (REDIS_URL).';
    }
    let info: Map<string, string>;
    let keys = 0;
    try {
      info = parseInfo(await ins.mainClient.info());
      for (const m of ins.masterClients()) keys += await m.dbsize();
    } catch (err) {
      throw new FeedscopeError('REDIS_UNREACHABLE', `The key browser lost ${ins.label} (${(err as Error).message}): connect again, or go back to the scenario's Redis.`, { cause: err });
    }
    return {
      target: kind,
      label: ins.label,
      url: ins.url,
      tls: this.target?.kind === 'foreign' ? this.target.conn.tls : false,
      cluster: ins.isCluster,
      version: info.get('redis_version') ?? 'unknown',
      role: info.get('role') ?? 'unknown',
      usedMemoryBytes: Number(info.get('used_memory') ?? 0),
      keys,
      writable: !ins.readOnly,
      note,
    };
  }

  // ---- the complete scan ---------------------------------------------------------------

  async startScan(a: CommandArgs<'startKeyScan'>): Promise<ScanJobView> {
    const ins = await this.inspector();
    this.dropJob();
    this.job = new ScanJob(++this.jobs, ins.masterClients(), ins.label, a);
    return this.job.view();
  }

  async controlScan(a: CommandArgs<'controlKeyScan'>): Promise<ScanJobView> {
    const j = this.requireJob();
    if (a.action === 'resume') j.resume();
    else {
      if (a.action === 'pause') j.pause();
      else j.cancel();
      await j.settled();
    }
    return j.view();
  }

  getScan(): ScanJobView | null {
    return this.job?.view() ?? null;
  }

  /** The current job (for tests and the CLI, which wait for it to end). */
  get currentJob(): ScanJob | null {
    return this.job;
  }

  private requireJob(): ScanJob {
    if (!this.job) throw new FeedscopeError('NO_SCAN', 'No scan has been started on this server: start one (Scan all keys) first.');
    return this.job;
  }

  listKeys(a: CommandArgs<'listScannedKeys'>): ScannedKeysPage {
    const j = this.job;
    const empty = { jobId: null, total: 0, offset: a.offset, sort: a.sort, desc: a.desc, pattern: a.pattern, type: a.type, keys: [] };
    if (!j) return empty;
    const cacheKey = `${a.sort}\u0000${a.desc}\u0000${a.pattern}\u0000${a.type ?? ''}`;
    const s = this.sorted;
    const fresh = s && s.key === cacheKey && (s.version === j.version || (j.view().state === 'running' && performance.now() - s.at < RESORT_MS));
    const rows = fresh ? s.rows : filterAndSort([...j.keys.values()], a);
    if (!fresh) this.sorted = { key: cacheKey, version: j.version, at: performance.now(), rows };
    return { ...empty, jobId: j.id, total: rows.length, keys: rows.slice(a.offset, a.offset + a.limit) };
  }

  async analysis(a: CommandArgs<'getKeyspaceAnalysis'>): Promise<KeyspaceAnalysisView> {
    const ins = await this.inspector();
    const j = this.job;
    const keys = j ? [...j.keys.values()] : [];
    const config = await readListpackConfig(ins.mainClient);
    const view = j?.view();
    const notes: string[] = [];
    if (!j) notes.push('No scan yet: start a complete scan to analyse the keyspace.');
    else if (!j.complete) notes.push(`The scan is ${view!.state} at ${view!.seen.toLocaleString('en-US')} of ${view!.dbsize.toLocaleString('en-US')} keys: figures are for the keys seen so far, not exact.`);
    else notes.push('The scan is complete: counts are exact for the keyspace as it was during the scan.');
    if (j && !j.options.details) notes.push('This scan did not read encodings, TTLs or memory (details off): only counts by type and prefix are real.');
    if (j && j.options.type) notes.push(`The scan was limited to type ${j.options.type}.`);
    if (j && j.options.pattern !== '*') notes.push(`The scan was limited to keys matching ${j.options.pattern}.`);
    if (Object.values(config).some((v) => v === null)) notes.push('CONFIG GET is not allowed on this server: the listpack-limit recommendation cannot run.');
    return {
      server: ins.label,
      jobId: j?.id ?? null,
      complete: j?.complete ?? false,
      scanned: keys.length,
      dbsize: view?.dbsize ?? 0,
      memoryMethod: 'MEMORY USAGE key SAMPLES 0 (every element counted: exact bytes of each key as the allocator reports them)',
      ...aggregateKeys(keys, { separator: a.separator, depth: a.depth, top: a.top }),
      config: { ...config },
      recommendations: recommend(keys, config, a.separator),
      notes,
    };
  }

  async exportAnalysis(a: CommandArgs<'exportKeyspaceAnalysis'>): Promise<{ filename: string; mime: string; text: string }> {
    return analysisFile(await this.analysis({ separator: a.separator, depth: a.depth, top: 100 }), a.format);
  }

  // ---- values and writes -----------------------------------------------------------------

  async stringRange(a: CommandArgs<'getStringRange'>): Promise<StringRangeView> {
    const ins = await this.inspector();
    const c = ins.keyClient(a.key);
    const [type, bytes] = await Promise.all([c.type(a.key), c.strlen(a.key)]);
    if (type !== 'string') throw new FeedscopeError('WRONG_TYPE', `"${a.key}" on ${ins.label} is a ${type}, not a string: its values are paged, not read by byte range.`);
    const buf = await c.getrangeBuffer(a.key, a.offset, a.offset + a.length - 1);
    const whole = a.offset === 0 && buf.length === bytes;
    let json: string | null = null;
    let jsonNote = whole ? 'Not JSON.' : `The JSON view needs the whole value in one range (${bytes.toLocaleString('en-US')} bytes; a range holds at most 65,536).`;
    if (whole) {
      try {
        json = JSON.stringify(JSON.parse(buf.toString('utf8')), null, 2);
        jsonNote = '';
      } catch {
        // not JSON: the note says so
      }
    }
    return { key: a.key, offset: a.offset, bytes, hex: buf.toString('hex'), text: buf.toString('utf8'), json, jsonNote };
  }

  /** After a write that removes or renames a key, the scan's list follows. */
  forget(key: string): void {
    this.job?.forget(key);
  }

  async profile(a: CommandArgs<'profileServer'>) {
    const ins = await this.inspector();
    return profileServer(ins.mainClient, ins.label, a);
  }

  async clients() {
    const ins = await this.inspector();
    return clientList(ins.mainClient, ins.label);
  }

  async close(): Promise<void> {
    this.dropJob();
    await this.disconnectForeign();
    this.target = null;
  }
}

async function readListpackConfig(c: Redis): Promise<ListpackConfig> {
  const out = Object.fromEntries(LISTPACK_CONFIG.map((k) => [k, null])) as unknown as Record<(typeof LISTPACK_CONFIG)[number], number | null>;
  try {
    const flat = (await c.call('CONFIG', 'GET', ...LISTPACK_CONFIG)) as string[];
    for (let i = 0; i + 1 < flat.length; i += 2) if ((LISTPACK_CONFIG as readonly string[]).includes(flat[i])) out[flat[i] as (typeof LISTPACK_CONFIG)[number]] = Number(flat[i + 1]);
  } catch {
    // CONFIG disabled (managed servers): the values stay null and the view says so.
  }
  return out;
}
