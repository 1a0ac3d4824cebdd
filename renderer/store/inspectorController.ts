/**
 * Effects of the inspector tabs: the API calls behind the skiplist view, the drift lab, the flame
 * graph, the key browser, the claims ledger and the cluster view, turned into inspector actions.
 * While a scenario plays, the visible drift lab or flame graph refreshes itself (see onFrames) and
 * the cluster view follows the frames (the reducer); hidden tabs cost nothing.
 */
import type { ApiError, CommandInput, FeedscopeApi } from '../../engine/api.js';
import { downloadText } from '../api/download.js';
import { KeyBrowserController } from '../inspectors/KeyBrowserController.js';
import { toApiError } from '../api/errors.js';
import { fetchDone, type SlotData } from './fetched.js';
import { fetchInto, startFetch } from './fetchInto.js';
import { appendScan, type KeyType, type LowerTab } from './inspectors.js';
import { selectClusterRun, selectScenarioLoaded } from './selectors.js';
import type { Store } from './store.js';

const DRIFT_REFRESH_MS = 1000;
const FLAME_REFRESH_MS = 2000;
/** Values of a key fetched per page in the key browser (the engine caps at 1,000). */
export const KEY_PAGE_SIZE = 50;

export type FlameQuery = CommandInput<'getFlame'>;
/** The inspectors that refresh themselves or on demand, one read at a time. */
type PolledSlot = 'drift' | 'flame' | 'claims' | 'cluster';

export class InspectorController {
  private flameQuery: FlameQuery = { model: null, operation: null, view: 'left-heavy' };
  private fetchedAt: Record<PolledSlot, number> = { drift: 0, flame: 0, claims: 0, cluster: 0 };
  private inFlight = new Set<PolledSlot>();
  /** The key browser's connection, complete scan, analysis, writes and profiler (issue 15). */
  readonly keyBrowser: KeyBrowserController;

  constructor(
    /** Also read by the tabs that fetch for themselves (renderer/causality/tabs.tsx). */
    readonly api: () => FeedscopeApi,
    private readonly store: Store,
    private readonly banner: (error: ApiError) => void,
    /** Slots moved between masters: the follow graph's shard colours are out of date. */
    private readonly onSlotsMoved: () => void = () => undefined,
  ) {
    this.keyBrowser = new KeyBrowserController(api, {
      onKeyGone: (key) => this.store.dispatch({ type: 'keys/deleted', key }),
      onKeyChanged: (key) => {
        if (this.store.get().fetched.key.data?.details.key === key) void this.pageKey({ key, count: KEY_PAGE_SIZE });
      },
      onAccess: (readOnly) => this.store.dispatch({ type: 'keys/access', readOnly }),
    });
  }

  /** Shows a tab and reads what it shows. */
  setTab = (tab: LowerTab): void => {
    this.store.dispatch({ type: 'insp/tab', tab });
    this.refreshTab(tab);
  };

  private refreshTab(tab: LowerTab): void {
    if (tab === 'flame') void this.fetch('flame', () => this.api().getFlame(this.flameQuery));
    else if (tab === 'drift') void this.refreshDrift();
    else if (tab === 'claims') void this.refreshClaims();
    else if (tab === 'cluster') void this.refreshCluster();
    else if (tab === 'keys') void this.keyBrowser.refreshServer();
  }

  /** Frames arrived (the scenario plays): refresh the visible live view, at most once a period. */
  onFrames(): void {
    const tab = this.store.get().inspectors.tab;
    const now = performance.now();
    if (tab === 'drift' && now - this.fetchedAt.drift >= DRIFT_REFRESH_MS) void this.refreshDrift(true);
    if (tab === 'flame' && now - this.fetchedAt.flame >= FLAME_REFRESH_MS) void this.fetch('flame', () => this.api().getFlame(this.flameQuery), true);
  }

  /** A scenario was (re)loaded or reset: the reducer dropped old views (and answers still coming to them); read the visible one again. */
  onFresh(): void {
    this.refreshTab(this.store.get().inspectors.tab);
  }

  /** One read into a polled slot; `quiet` keeps the current view on screen while it runs, and is skipped while a read runs. */
  private async fetch<K extends PolledSlot>(slot: K, call: () => Promise<SlotData[K]>, quiet = false): Promise<void> {
    if (quiet && this.inFlight.has(slot)) return;
    this.inFlight.add(slot);
    this.fetchedAt[slot] = performance.now();
    try {
      await fetchInto(this.store, slot, call, quiet);
    } finally {
      this.inFlight.delete(slot);
    }
  }

  // ---- drift lab, flame graph, claims ---------------------------------------------------

  /** Without a scenario there are no clocks: the panel's empty state says so, no call is made. */
  refreshDrift(quiet = false): Promise<void> {
    if (!selectScenarioLoaded(this.store.get())) return Promise.resolve();
    return this.fetch('drift', () => this.api().getDrift({}), quiet);
  }

  /** The engine answers with the lab's new view: it replaces the shown one (and any refresh still coming). */
  setClocks = async (args: CommandInput<'setClocks'>): Promise<void> => {
    const token = startFetch(this.store, 'drift', true);
    try {
      this.store.dispatch(fetchDone('drift', token, await this.api().setClocks(args)));
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

  /** The capacity planner for the Capacity tab's inputs (a pure projection: no scenario needed). */
  plan = async (args: CommandInput<'plan'>): Promise<void> => {
    await fetchInto(this.store, 'capacity', () => this.api().plan(args));
  };

  // ---- cluster ---------------------------------------------------------------------------

  /** On one server there is no cluster to read: the panel's empty state says so, no call is made. */
  refreshCluster = (): Promise<void> => {
    if (!selectClusterRun(this.store.get())) return Promise.resolve();
    return this.fetch('cluster', () => this.api().getCluster({}));
  };

  /**
   * Moves slots between masters; the answer comes when they have moved (the reshard slot loads
   * until then). The engine's error stays in the slot for the panel to show, not in a banner.
   */
  reshard = async (args: CommandInput<'reshard'>): Promise<void> => {
    const answer = await fetchInto(this.store, 'reshard', () => this.api().reshard(args));
    if (answer.kind === 'stale') return;
    // Slot counts changed (a failed move may have moved some, and left its row): read them now, also while paused.
    if (selectClusterRun(this.store.get())) void fetchInto(this.store, 'cluster', () => this.api().getCluster({}), true);
    this.onSlotsMoved();
  };

  // ---- skiplist view --------------------------------------------------------------------

  /** Shows the skiplist tab for `key`, with the search path of ZREVRANGE at `offset`. */
  openSkiplist = async (key: string, offset = 0): Promise<void> => {
    this.store.dispatch({ type: 'insp/tab', tab: 'skiplist' });
    this.store.dispatch({ type: 'skiplist/open', key });
    const answer = await fetchInto(this.store, 'skiplist', () => this.api().inspectZset({ key, offset }));
    // A cost measured before says nothing about a key that could not be read.
    if (answer.kind === 'failed') this.store.dispatch({ type: 'fetch/reset', slot: 'offsetCost' });
  };

  /** The cost measured for another key than the one shown is dropped (skiplist/open reset the slot). */
  measureOffsetCost = async (key: string): Promise<void> => {
    const answer = await fetchInto(this.store, 'offsetCost', () => this.api().measureOffsetCost({ key }));
    if (answer.kind === 'failed') this.banner(answer.error);
  };

  // ---- key browser ----------------------------------------------------------------------

  /** Starts a SCAN from cursor 0; answers of an older scan are dropped (keys/scan reset the slot). */
  scan = async (pattern: string, keyType: KeyType | null): Promise<void> => {
    this.store.dispatch({ type: 'keys/scan', pattern, keyType });
    await this.scanStep({ cursor: '0', pattern, type: keyType });
  };

  scanMore = async (): Promise<void> => {
    const s = this.store.get();
    const scan = s.fetched.scan;
    if (scan.status === 'loading' || scan.data?.done) return;
    const k = s.inspectors.keys;
    await this.scanStep({ cursor: scan.data?.cursor ?? '0', pattern: k.pattern, type: k.type });
  };

  private async scanStep(args: CommandInput<'scanKeys'>): Promise<void> {
    const answer = await fetchInto(this.store, 'scan', async () => appendScan(this.store.get().fetched.scan.data, await this.api().scanKeys(args)));
    if (answer.kind === 'loaded') this.store.dispatch({ type: 'keys/access', readOnly: answer.data.readOnly });
  }

  selectKey = (key: string): Promise<void> => this.pageKey({ key, count: KEY_PAGE_SIZE });

  /** Shows the Keys tab with `key` read (a link to a key of any type, such as an outbox LIST). */
  openKey = (key: string): Promise<void> => {
    this.store.dispatch({ type: 'insp/tab', tab: 'keys' });
    return this.selectKey(key);
  };

  /** Reads a key (a page of its values); an answer for a key picked before is dropped. */
  pageKey = async (args: CommandInput<'getKey'>): Promise<void> => {
    const answer = await fetchInto(this.store, 'key', () => this.api().getKey(args));
    if (answer.kind === 'loaded') this.store.dispatch({ type: 'keys/access', readOnly: answer.data.readOnly });
  };

  unlockWrites = async (unlock: boolean): Promise<void> => {
    try {
      const r = await this.api().unlockWrites({ unlock });
      this.store.dispatch({ type: 'keys/access', readOnly: !r.writable, url: r.url });
    } catch (err) {
      this.banner(toApiError(err));
    }
  };

  /** `confirm`: the server's name as the key browser's header shows it (the engine refuses a delete without it). */
  deleteKey = async (key: string, confirm?: string): Promise<void> => {
    try {
      await this.api().deleteKey({ key, confirm });
      this.store.dispatch({ type: 'keys/deleted', key });
      const k = this.store.get().inspectors.keys;
      await this.scan(k.pattern, k.type);
    } catch (err) {
      this.banner(toApiError(err));
    }
  };

  refreshServer = async (): Promise<void> => {
    const answer = await fetchInto(this.store, 'server', () => this.api().getServerSummary({}));
    if (answer.kind === 'loaded') this.store.dispatch({ type: 'keys/access', url: answer.data.url });
  };
}
