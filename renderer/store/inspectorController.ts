/**
 * Effects of the inspector tabs: the API calls behind the skiplist view, the drift lab, the flame
 * graph, the key browser and the claims ledger, turned into inspector actions. While a scenario
 * plays, the visible drift lab or flame graph refreshes itself (see onFrames); hidden tabs cost
 * nothing.
 */
import type { ApiError, CommandInput, FeedscopeApi } from '../../engine/api.js';
import { downloadText } from '../api/download.js';
import { toApiError } from '../api/errors.js';
import type { FetchedSlot, InspectorAction, KeyType, LowerTab, SlotData } from './inspectors.js';
import type { Store } from './store.js';

const DRIFT_REFRESH_MS = 1000;
const FLAME_REFRESH_MS = 2000;
/** Values of a key fetched per page in the key browser (the engine caps at 1,000). */
export const KEY_PAGE_SIZE = 50;

export type FlameQuery = CommandInput<'getFlame'>;

export class InspectorController {
  private scanSeq = 0;
  private selectSeq = 0;
  private flameQuery: FlameQuery = { model: null, operation: null, view: 'left-heavy' };
  private fetchedAt: Record<FetchedSlot, number> = { drift: 0, flame: 0, claims: 0 };
  private inFlight = new Set<FetchedSlot>();

  constructor(
    private readonly api: () => FeedscopeApi,
    private readonly store: Store,
    private readonly banner: (error: ApiError) => void,
  ) {}

  private dispatch(a: InspectorAction): void {
    this.store.dispatch(a);
  }

  private get scenarioLoaded(): boolean {
    const st = this.store.get().status;
    return !!st?.scenario && st.state !== 'loading';
  }

  /** Shows a tab and reads what it shows. */
  setTab = (tab: LowerTab): void => {
    this.dispatch({ type: 'insp/tab', tab });
    this.refreshTab(tab);
  };

  private refreshTab(tab: LowerTab): void {
    const s = this.store.get().inspectors;
    if (tab === 'flame') void this.fetch('flame', () => this.api().getFlame(this.flameQuery));
    else if (tab === 'drift') void this.refreshDrift();
    else if (tab === 'claims') void this.refreshClaims();
    else if (tab === 'keys' && this.scenarioLoaded && s.keys.keys.length === 0 && !s.keys.scanning) void this.scan(s.keys.pattern, s.keys.type);
  }

  /** Frames arrived (the scenario plays): refresh the visible live view, at most once a period. */
  onFrames(): void {
    const tab = this.store.get().inspectors.tab;
    const now = performance.now();
    if (tab === 'drift' && now - this.fetchedAt.drift >= DRIFT_REFRESH_MS) void this.refreshDrift(true);
    if (tab === 'flame' && now - this.fetchedAt.flame >= FLAME_REFRESH_MS) void this.fetch('flame', () => this.api().getFlame(this.flameQuery), true);
  }

  /** A scenario was (re)loaded or reset: the reducer dropped old views; read the visible one again. */
  onFresh(): void {
    this.scanSeq++;
    this.selectSeq++;
    this.refreshTab(this.store.get().inspectors.tab);
  }

  /** One read into a Fetched slot; `quiet` keeps the current view on screen while it runs. */
  private async fetch<K extends FetchedSlot>(slot: K, call: () => Promise<SlotData[K]>, quiet = false): Promise<void> {
    if (quiet && this.inFlight.has(slot)) return;
    this.inFlight.add(slot);
    this.fetchedAt[slot] = performance.now();
    if (!quiet) this.dispatch({ type: 'insp/loading', slot });
    try {
      const data = await call();
      this.dispatch({ type: 'insp/loaded', slot, data } as InspectorAction);
    } catch (err) {
      this.dispatch({ type: 'insp/failed', slot, error: toApiError(err) });
    } finally {
      this.inFlight.delete(slot);
    }
  }

  // ---- drift lab, flame graph, claims ---------------------------------------------------

  /** Without a scenario there are no clocks: the panel's empty state says so, no call is made. */
  refreshDrift(quiet = false): Promise<void> {
    if (!this.scenarioLoaded) return Promise.resolve();
    return this.fetch('drift', () => this.api().getDrift({}), quiet);
  }

  setClocks = async (args: CommandInput<'setClocks'>): Promise<void> => {
    try {
      const view = await this.api().setClocks(args);
      this.dispatch({ type: 'insp/loaded', slot: 'drift', data: view });
    } catch (err) {
      this.banner(toApiError(err));
    }
  };

  queryFlame = (q: FlameQuery): void => {
    this.flameQuery = q;
    void this.fetch('flame', () => this.api().getFlame(q));
  };

  exportFlame = async (format: 'folded' | 'speedscope', q: FlameQuery): Promise<void> => {
    try {
      const file = await this.api().exportFlame({ format, model: q.model ?? null, operation: q.operation ?? null });
      downloadText(file.filename, file.mime, file.text);
    } catch (err) {
      this.banner(toApiError(err));
    }
  };

  refreshClaims = (): Promise<void> => this.fetch('claims', () => this.api().getClaims({}));

  // ---- skiplist view --------------------------------------------------------------------

  /** Shows the skiplist tab for `key`, with the search path of ZREVRANGE at `offset`. */
  openSkiplist = async (key: string, offset = 0): Promise<void> => {
    this.dispatch({ type: 'insp/tab', tab: 'skiplist' });
    this.dispatch({ type: 'skiplist/open', key });
    try {
      const view = await this.api().inspectZset({ key, offset });
      this.dispatch({ type: 'skiplist/loaded', view });
    } catch (err) {
      if (this.store.get().inspectors.skiplist.key === key) this.dispatch({ type: 'skiplist/failed', error: toApiError(err) });
    }
  };

  measureOffsetCost = async (key: string): Promise<void> => {
    this.dispatch({ type: 'skiplist/measuring' });
    try {
      const cost = await this.api().measureOffsetCost({ key });
      this.dispatch({ type: 'skiplist/measured', cost: this.store.get().inspectors.skiplist.key === key ? cost : null });
    } catch (err) {
      this.dispatch({ type: 'skiplist/measured', cost: null });
      this.banner(toApiError(err));
    }
  };

  // ---- key browser ----------------------------------------------------------------------

  /** Starts a SCAN from cursor 0; answers of an older scan are dropped. */
  scan = async (pattern: string, keyType: KeyType | null): Promise<void> => {
    const seq = ++this.scanSeq;
    this.dispatch({ type: 'keys/scanning', pattern, keyType, fresh: true });
    await this.scanStep(seq, { cursor: '0', pattern, type: keyType }, true);
  };

  scanMore = async (): Promise<void> => {
    const k = this.store.get().inspectors.keys;
    if (k.scanning || k.done) return;
    const seq = this.scanSeq;
    this.dispatch({ type: 'keys/scanning', pattern: k.pattern, keyType: k.type, fresh: false });
    await this.scanStep(seq, { cursor: k.cursor, pattern: k.pattern, type: k.type }, false);
  };

  private async scanStep(seq: number, args: CommandInput<'scanKeys'>, fresh: boolean): Promise<void> {
    try {
      const view = await this.api().scanKeys(args);
      if (seq === this.scanSeq) this.dispatch({ type: 'keys/scanned', view, fresh });
    } catch (err) {
      if (seq === this.scanSeq) this.dispatch({ type: 'keys/scanFailed', error: toApiError(err) });
    }
  }

  selectKey = (key: string): Promise<void> => this.pageKey({ key, count: KEY_PAGE_SIZE });

  pageKey = async (args: CommandInput<'getKey'>): Promise<void> => {
    const seq = ++this.selectSeq;
    this.dispatch({ type: 'keys/selecting' });
    try {
      const view = await this.api().getKey(args);
      if (seq === this.selectSeq) this.dispatch({ type: 'keys/selected', view });
    } catch (err) {
      if (seq === this.selectSeq) this.dispatch({ type: 'keys/selectFailed', error: toApiError(err) });
    }
  };

  unlockWrites = async (unlock: boolean): Promise<void> => {
    try {
      const r = await this.api().unlockWrites({ unlock });
      this.dispatch({ type: 'keys/access', readOnly: !r.writable, url: r.url });
    } catch (err) {
      this.banner(toApiError(err));
    }
  };

  deleteKey = async (key: string): Promise<void> => {
    try {
      await this.api().deleteKey({ key });
      this.dispatch({ type: 'keys/deleted', key });
      const k = this.store.get().inspectors.keys;
      await this.scan(k.pattern, k.type);
    } catch (err) {
      this.banner(toApiError(err));
    }
  };

  refreshServer = async (): Promise<void> => {
    this.dispatch({ type: 'keys/serverLoading' });
    try {
      this.dispatch({ type: 'keys/server', summary: await this.api().getServerSummary({}) });
    } catch (err) {
      this.dispatch({ type: 'keys/serverFailed', error: toApiError(err) });
    }
  };
}
