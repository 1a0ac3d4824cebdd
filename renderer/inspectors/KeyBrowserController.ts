/**
 * The key browser's API calls (issue 15), turned into actions of its store: connecting to a
 * server, the saved connections (kept by the engine: a password goes to it once, never back),
 * the complete scan (polled while it runs), the windowed key list, the analysis and its export,
 * string ranges and downloads, stream pending entries, the profiler, and writes that wait for
 * the person's confirmation and carry the server's name to the engine.
 */
import type { ApiError, CommandInput, FeedscopeApi, KeyBrowserServerView, KeySort, KeyType, SavedConnectionsView } from '../../engine/api.js';
import { downloadBlob, downloadText } from '../api/download.js';
import { toApiError } from '../api/errors.js';
import { createKbStore, type Connect, type KbStore, type KbView, type ListQuery, type PendingWrite } from './keyBrowserStore.js';

const POLL_MS = 400;
const ANALYSIS_REFRESH_MS = 3000;
/** Rows per list page fetched (the list on screen is windowed). */
export const LIST_PAGE = 200;
/** Bytes per range of a string on screen and per chunk of its download. */
export const STRING_PAGE_BYTES = 4096;
const DOWNLOAD_CHUNK_BYTES = 65_536;

export interface KeyBrowserHooks {
  /** A key was deleted or renamed: the key details shown for it go. */
  onKeyGone(key: string): void;
  /** A key changed (TTL, stream acks): read it again if it is shown. */
  onKeyChanged(key: string): void;
  /** The person unlocked or locked writes here. */
  onAccess(readOnly: boolean): void;
}

export class KeyBrowserController {
  readonly store: KbStore = createKbStore();
  private polling = false;
  private analysisAt = 0;
  private inFlight = new Set<number>();

  constructor(
    private readonly api: () => FeedscopeApi,
    private readonly hooks: KeyBrowserHooks,
  ) {}

  private fail(slot: 'server' | 'saved' | 'analysis' | 'string' | 'pending' | 'profile' | 'clients', err: unknown): ApiError {
    const error = toApiError(err);
    this.store.dispatch({ type: 'slot/failed', slot, error });
    return error;
  }

  setView = (view: KbView): void => {
    this.store.dispatch({ type: 'view', view });
    if (view === 'analysis') void this.refreshAnalysis();
  };

  /** The form lists the engine's saved connections each time it opens (another window may have changed them). */
  openForm = (open: boolean): void => {
    this.store.dispatch({ type: 'form', open });
    if (open) void this.refreshSaved();
  };

  /** The header, the last scan (the engine keeps it across reloads of the page) and its list. */
  init = async (): Promise<void> => {
    await this.refreshServer();
    try {
      const job = await this.api().getKeyScan({});
      this.store.dispatch({ type: 'scan', scan: job });
      if (job) {
        await this.fetchRows(0);
        if (job.state === 'running') void this.poll();
        else void this.refreshAnalysis();
      }
    } catch (err) {
      this.store.dispatch({ type: 'scan', scan: null, error: toApiError(err) });
    }
  };

  refreshServer = async (): Promise<void> => {
    this.store.dispatch({ type: 'slot/loading', slot: 'server' });
    try {
      const v = await this.api().getKeyBrowserServer({});
      this.store.dispatch({ type: 'slot/done', slot: 'server', data: v });
      this.hooks.onAccess(!v.writable);
    } catch (err) {
      this.fail('server', err);
    }
  };

  /** Connects; with `saveAs`, then hands the arguments (password included) to the engine to keep. */
  connect = async (args: Connect, saveAs: string | null): Promise<void> => {
    if (!(await this.connectWith(() => this.api().connectKeyBrowser(args))) || !saveAs) return;
    // Connecting closed the form: a failed save opens it again, to show why.
    if (!(await this.savedCall(() => this.api().saveConnection({ name: saveAs, connect: args })))) this.store.dispatch({ type: 'form', open: true });
  };

  /** A saved connection by name: the engine decrypts its password; this window never sees it. */
  connectSaved = async (name: string): Promise<void> => void (await this.connectWith(() => this.api().connectSavedConnection({ name })));

  private async connectWith(open: () => Promise<KeyBrowserServerView>): Promise<boolean> {
    this.store.dispatch({ type: 'connecting', on: true, error: null });
    try {
      const v = await open();
      this.store.dispatch({ type: 'switched' });
      this.store.dispatch({ type: 'slot/done', slot: 'server', data: v });
      this.store.dispatch({ type: 'connecting', on: false, error: null });
      this.store.dispatch({ type: 'form', open: false });
      this.hooks.onAccess(!v.writable);
      return true;
    } catch (err) {
      this.store.dispatch({ type: 'connecting', on: false, error: toApiError(err) });
      return false;
    }
  }

  refreshSaved = async (): Promise<void> => void (await this.savedCall(() => this.api().listSavedConnections({})));

  forgetSaved = async (name: string): Promise<void> => void (await this.savedCall(() => this.api().forgetSavedConnection({ name })));

  /** A call that answers the saved list; false when it failed (the slot holds the error). */
  private async savedCall(call: () => Promise<SavedConnectionsView>): Promise<boolean> {
    this.store.dispatch({ type: 'slot/loading', slot: 'saved' });
    try {
      this.store.dispatch({ type: 'slot/done', slot: 'saved', data: await call() });
      return true;
    } catch (err) {
      this.fail('saved', err);
      return false;
    }
  }

  disconnect = async (): Promise<void> => {
    try {
      const v = await this.api().disconnectKeyBrowser({});
      this.store.dispatch({ type: 'switched' });
      this.store.dispatch({ type: 'slot/done', slot: 'server', data: v });
      this.hooks.onAccess(!v.writable);
    } catch (err) {
      this.fail('server', err);
    }
  };

  unlock = async (unlock: boolean): Promise<void> => {
    try {
      await this.api().unlockWrites({ unlock });
    } catch (err) {
      this.fail('server', err);
    }
    await this.refreshServer();
  };

  // ---- the complete scan and its list --------------------------------------------------

  startScan = async (pattern: string, type: KeyType | null, budgetPct: number): Promise<void> => {
    try {
      const job = await this.api().startKeyScan({ pattern, type, budgetPct });
      this.store.dispatch({ type: 'scan', scan: job });
      this.store.dispatch({ type: 'query', query: { ...this.store.get().query, pattern: '*', type: null } });
      this.store.dispatch({ type: 'slot/reset', slot: 'analysis' });
      this.analysisAt = 0;
      void this.poll();
    } catch (err) {
      this.store.dispatch({ type: 'scan', scan: this.store.get().scan, error: toApiError(err) });
    }
  };

  control = async (action: 'pause' | 'resume' | 'cancel'): Promise<void> => {
    try {
      const job = await this.api().controlKeyScan({ action });
      this.store.dispatch({ type: 'scan', scan: job });
      if (action === 'resume') void this.poll();
    } catch (err) {
      this.store.dispatch({ type: 'scan', scan: this.store.get().scan, error: toApiError(err) });
    }
  };

  private async poll(): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    try {
      for (;;) {
        const job = await this.api().getKeyScan({});
        this.store.dispatch({ type: 'scan', scan: job });
        await this.fetchRows(0, true);
        const now = performance.now();
        if (!job || job.state !== 'running') {
          await this.refreshAnalysis();
          return;
        }
        if (now - this.analysisAt >= ANALYSIS_REFRESH_MS) void this.refreshAnalysis();
        await new Promise((r) => setTimeout(r, POLL_MS));
      }
    } catch (err) {
      this.store.dispatch({ type: 'scan', scan: this.store.get().scan, error: toApiError(err) });
    } finally {
      this.polling = false;
    }
  }

  /** Rows [first, last] came into view: fetch the pages they are on. */
  visible = (first: number, last: number): void => {
    const s = this.store.get();
    for (let p = Math.floor(first / LIST_PAGE); p <= Math.floor(last / LIST_PAGE); p++) {
      if (p * LIST_PAGE >= Math.max(s.total, 1)) break;
      if (!s.rows.has(p * LIST_PAGE)) void this.fetchRows(p * LIST_PAGE);
    }
  };

  private async fetchRows(offset: number, force = false, query: ListQuery = this.store.get().query): Promise<void> {
    if (this.inFlight.has(offset) && !force) return;
    this.inFlight.add(offset);
    try {
      const page = await this.api().listScannedKeys({ ...query, offset, limit: LIST_PAGE });
      // An answer for a query the person has changed since is dropped.
      const now = this.store.get().query;
      if (now.sort !== query.sort || now.desc !== query.desc || now.pattern !== query.pattern || now.type !== query.type) return;
      this.store.dispatch({ type: 'rows', query, total: page.total, offset, keys: page.keys });
    } catch (err) {
      this.store.dispatch({ type: 'scan', scan: this.store.get().scan, error: toApiError(err) });
    } finally {
      this.inFlight.delete(offset);
    }
  }

  sortBy = (sort: KeySort): void => {
    const q = this.store.get().query;
    const query = { ...q, sort, desc: q.sort === sort ? !q.desc : sort === 'memory' || sort === 'length' };
    this.store.dispatch({ type: 'query', query });
    void this.fetchRows(0, true, query);
  };

  /** A filter over the scanned keys (pattern, type) without scanning again. */
  filter = (pattern: string, type: KeyType | null): void => {
    const query = { ...this.store.get().query, pattern, type };
    this.store.dispatch({ type: 'query', query });
    void this.fetchRows(0, true, query);
  };

  // ---- analysis ------------------------------------------------------------------------

  setSeparator = (separator: string): void => {
    this.store.dispatch({ type: 'separator', separator });
    void this.refreshAnalysis();
  };

  refreshAnalysis = async (): Promise<void> => {
    this.analysisAt = performance.now();
    this.store.dispatch({ type: 'slot/loading', slot: 'analysis' });
    try {
      const data = await this.api().getKeyspaceAnalysis({ separator: this.store.get().separator });
      this.store.dispatch({ type: 'slot/done', slot: 'analysis', data });
    } catch (err) {
      this.fail('analysis', err);
    }
  };

  exportAnalysis = async (format: 'json' | 'csv'): Promise<void> => {
    try {
      const f = await this.api().exportKeyspaceAnalysis({ format, separator: this.store.get().separator });
      downloadText(f.filename, f.mime, f.text);
    } catch (err) {
      this.fail('analysis', err);
    }
  };

  // ---- values ----------------------------------------------------------------------------

  readString = async (key: string, offset: number, length = STRING_PAGE_BYTES): Promise<void> => {
    this.store.dispatch({ type: 'slot/loading', slot: 'string' });
    try {
      this.store.dispatch({ type: 'slot/done', slot: 'string', data: await this.api().getStringRange({ key, offset, length }) });
    } catch (err) {
      this.fail('string', err);
    }
  };

  /** The whole string as a file, fetched in ranges (no single reply carries it). */
  downloadString = async (key: string, bytes: number): Promise<void> => {
    try {
      const parts: Uint8Array[] = [];
      for (let at = 0; at < bytes; at += DOWNLOAD_CHUNK_BYTES) {
        const r = await this.api().getStringRange({ key, offset: at, length: DOWNLOAD_CHUNK_BYTES });
        parts.push(hexBytes(r.hex));
      }
      downloadBytes(`${key.replace(/[^\w.-]+/g, '_').slice(0, 100)}.bin`, parts);
    } catch (err) {
      this.fail('string', err);
    }
  };

  readPending = async (key: string, group: string, consumer: string | null): Promise<void> => {
    this.store.dispatch({ type: 'slot/loading', slot: 'pending' });
    try {
      this.store.dispatch({ type: 'slot/done', slot: 'pending', data: await this.api().getStreamPending({ key, group, consumer }) });
    } catch (err) {
      this.fail('pending', err);
    }
  };

  // ---- writes: asked first, then sent with the server's name -------------------------------

  ask = (write: PendingWrite): void => this.store.dispatch({ type: 'confirm', write });

  cancelWrite = (): void => this.store.dispatch({ type: 'confirm', write: null });

  confirmWrite = async (copyFirst = false): Promise<void> => {
    const w = this.store.get().confirm;
    if (!w) return;
    const confirm = w.server;
    try {
      if (w.kind === 'delete') {
        if (copyFirst) {
          const d = await this.api().dumpKey({ key: w.key });
          downloadBytes(d.filename, [base64Bytes(d.base64)]);
        }
        await this.api().deleteKey({ key: w.key, confirm });
        this.hooks.onKeyGone(w.key);
      } else if (w.kind === 'ttl') {
        await this.api().setKeyTtl({ key: w.key, ttlMs: w.ttlMs, confirm });
        this.hooks.onKeyChanged(w.key);
      } else if (w.kind === 'rename') {
        await this.api().renameKey({ key: w.key, to: w.to, confirm });
        this.hooks.onKeyGone(w.key);
      } else {
        await this.api().streamAction({ ...w.args, confirm });
        this.hooks.onKeyChanged(w.key);
        void this.readPending(w.key, w.args.group, null);
      }
      this.store.dispatch({ type: 'confirm', write: null });
      await this.fetchRows(0, true);
    } catch (err) {
      this.store.dispatch({ type: 'confirm', write: w, error: toApiError(err) });
    }
  };

  // ---- profiler --------------------------------------------------------------------------

  profile = async (args: CommandInput<'profileServer'>): Promise<void> => {
    this.store.dispatch({ type: 'slot/loading', slot: 'profile' });
    try {
      this.store.dispatch({ type: 'slot/done', slot: 'profile', data: await this.api().profileServer(args) });
    } catch (err) {
      this.fail('profile', err);
    }
  };

  readClients = async (): Promise<void> => {
    this.store.dispatch({ type: 'slot/loading', slot: 'clients' });
    try {
      this.store.dispatch({ type: 'slot/done', slot: 'clients', data: await this.api().getClientList({}) });
    } catch (err) {
      this.fail('clients', err);
    }
  };
}

function hexBytes(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

function base64Bytes(b64: string): Uint8Array {
  const s = atob(b64);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

function downloadBytes(filename: string, parts: Uint8Array[]): void {
  downloadBlob(filename, new Blob(parts as BlobPart[], { type: 'application/octet-stream' }));
}
