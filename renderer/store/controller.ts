/**
 * Effects: the API calls behind the UI's buttons, and the engine's events turned into actions.
 * Frames are batched (FRAME_FLUSH_MS) so charts and the graph redraw a few times a second, not 30.
 */
import type { ApiError, EngineEvent, FeedscopeApi, Frame, Speed, Status } from '../../engine/api.js';
import type { ApiConnection } from '../api/client.js';
import { downloadText } from '../api/download.js';
import { toApiError } from '../api/errors.js';
import { LOST, NEVER_OPENED } from '../api/wsClient.js';
import { fetchDone, feedSlot } from './fetched.js';
import { fetchInto, isCurrent, startFetch } from './fetchInto.js';
import { replayTo } from './jump.js';
import { InspectorController } from './inspectorController.js';
import { LAST_SCENARIO_KEY, launchScenario, notAScenario } from './launch.js';
import { loadArgs, type RedisChoice } from './redisChoice.js';
import { selectFeedAt, selectOnFirstPage } from './selectors.js';
import type { ModelName, PagingMode } from './state.js';
import type { Store } from './store.js';
import { CONFIRM_RESET_USERS, type MaxPanel } from './ui.js';

const PROJECTOR_KEY = 'feedscope.projector';

/** localStorage may be unavailable (a sandboxed page): the window then just does not remember. */
function remember(key: string, value: string): void {
  try {
    localStorage.setItem(key, value);
  } catch {
    // Nothing to remember with.
  }
}

function recall(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

const FRAME_FLUSH_MS = 200;
const GRAPH_REFRESH_MS = 2000;
const FEEDS_REFRESH_MS = 1000;
/**
 * What a canvas can draw legibly and fluidly; larger graphs show a sample and say so. Without a
 * GPU, a frame that cytoscape must draw element by element (after the view changed, at a new zoom)
 * costs about 0.1 ms per element on a busy 2-core machine: 2,000 elements stay near 200 ms.
 */
export const GRAPH_MAX_NODES = 500;
export const GRAPH_MAX_EDGES = 1500;
const MODELS: ModelName[] = ['timeline', 'graph'];

export class Controller {
  private frames: Frame[] = [];
  private flushTimer: ReturnType<typeof setTimeout> | null = null;
  private graphDirty = false;
  private graphFetchedAt = 0;
  private feedsFetchedAt = 0;

  /** The inspector tabs' calls (skiplist, drift lab, flame graph, key browser, claims). */
  readonly insp: InspectorController;

  constructor(private readonly conn: ApiConnection, private readonly store: Store) {
    this.insp = new InspectorController(() => this.api, store, (e) => this.banner(e), () => void this.refreshGraph(true));
  }

  private get api(): FeedscopeApi {
    if (!this.conn.api) throw this.conn.error ?? NEVER_OPENED;
    return this.conn.api;
  }

  /** Subscribes to the connection and the engine's events; returns the unsubscribe. */
  start(): () => void {
    if (recall(PROJECTOR_KEY) === '1') this.store.dispatch({ type: 'ui/projector', on: true });
    if (this.conn.error) this.banner(toApiError(this.conn.error));
    const offConn = this.conn.onConnection((state) => {
      this.store.dispatch({ type: 'connection', state });
      if (state === 'open') void this.init();
      if (state === 'closed') this.banner(toApiError(LOST));
      if (state === 'refused' && !this.conn.error) this.banner(toApiError(NEVER_OPENED));
    });
    const offEvents = this.conn.api?.onEvent((e) => this.onEvent(e)) ?? (() => undefined);
    return () => {
      offConn();
      offEvents();
    };
  }

  private async init(): Promise<void> {
    await this.run(async () => this.onStatus(await this.api.getStatus({})));
    await this.refreshScenarios();
    await this.launch();
  }

  /**
   * A first launch (the engine holds no scenario): load the last scenario used in this browser,
   * else the flagship demo, so that one key plays something. An engine that already holds one
   * (another window, a reload) is left as it is.
   */
  private async launch(): Promise<void> {
    const s = this.store.get();
    const entry = !s.status?.scenario && s.status?.state === 'empty' ? launchScenario(s.fetched.scenarios.data ?? [], recall(LAST_SCENARIO_KEY)) : null;
    if (entry) await this.loadScenario(entry.file);
    this.store.dispatch({ type: 'ui/launched' });
  }

  private banner(error: ApiError): void {
    this.store.dispatch({ type: 'banner/add', error });
  }

  /** Runs an API call; a failure becomes a banner (the engine's message says what to do). */
  private async run<T>(fn: () => Promise<T>): Promise<T | undefined> {
    try {
      return await fn();
    } catch (err) {
      this.banner(toApiError(err));
      return undefined;
    }
  }

  private onEvent(e: EngineEvent): void {
    if (e.type === 'status') this.onStatus(e.status);
    else if (e.type === 'error') this.banner(e.error);
    else {
      this.frames.push(e.frame);
      this.flushTimer ??= setTimeout(() => this.flush(), FRAME_FLUSH_MS);
    }
  }

  /**
   * A status from the engine (an event or a command's answer), read against the status before it.
   * The graph of a load: a new load (or a failed one) drops the graph slot, which also drops any
   * answer still coming for the previous scenario; the view is fetched once per load, as soon as
   * the engine has built the follow graph (status.loading.graphReady), else when the load is ready.
   */
  private onStatus(status: Status): void {
    const prev = this.store.get().status?.state ?? null;
    if (status.state === 'loading') this.frames = [];
    // A load that failed leaves nothing loaded: drop the graph it had already drawn (or was fetching).
    const loadStarts = status.state === 'loading' && prev !== 'loading';
    // A reset reloads the same scenario: its users stay, so the selection does.
    if (loadStarts || (prev === 'loading' && status.state === 'error')) this.store.dispatch({ type: 'scenario/loading', reset: this.resetting });
    this.store.dispatch({ type: 'status', status });
    // The engine builds the follow graph first: draw it while Redis and the graph store still load.
    const graph = this.store.get().fetched.graph.status;
    if (status.state === 'loading' && status.loading?.graphReady && (graph === 'idle' || graph === 'failed')) void this.refreshGraph(false, true);
    // Paused or finished: the graph model's quality as of now (the report reads the feeds).
    if ((status.state === 'paused' || status.state === 'finished') && prev === 'playing' && status.scenario?.models.includes('graph')) void this.refreshReport();
    const freshLoad = status.state === 'ready' && prev !== 'ready';
    if (freshLoad) {
      this.store.dispatch({ type: 'scenario/fresh' });
      this.insp.onFresh();
    }
    if (status.scenario && (freshLoad || (prev === null && status.state !== 'loading'))) {
      // Nothing changes the follow graph between graphReady and ready: keep the view fetched while
      // loading, or wait for it if it is still coming.
      // On a cluster the early view has no shards yet (the cluster run starts with the models): fetch it again.
      const unsharded = !!status.redis?.cluster && !this.store.get().fetched.graph.data?.shards;
      const early = prev === 'loading' && (graph === 'loading' || graph === 'loaded') && !unsharded;
      if (!early) void this.refreshGraph();
      void this.refreshFeeds();
    }
  }

  private flush(): void {
    this.flushTimer = null;
    const frames = this.frames;
    this.frames = [];
    this.store.dispatch({ type: 'frames', frames });
    const last = frames[frames.length - 1];
    this.store.dispatch({ type: 'ui/clock', sample: last?.state === 'playing' ? { wallMs: performance.now(), tMs: last.tMs } : null });
    this.insp.onFrames();
    if (frames.some((f) => f.graphDelta.follows.length + f.graphDelta.unfollows.length > 0)) this.graphDirty = true;
    const now = performance.now();
    if (this.graphDirty && now - this.graphFetchedAt > GRAPH_REFRESH_MS) void this.refreshGraph(true);
    const s = this.store.get();
    if (s.selected !== null && selectOnFirstPage(s) && now - this.feedsFetchedAt > FEEDS_REFRESH_MS) void this.refreshFeeds(true);
  }

  // ---- scenarios and playing -------------------------------------------------------------

  async refreshScenarios(): Promise<void> {
    await fetchInto(this.store, 'scenarios', () => this.api.listScenarios({}));
  }

  private command(fn: (api: FeedscopeApi) => Promise<Status>): Promise<void> {
    return this.run(async () => this.onStatus(await fn(this.api)));
  }

  /** A scenario from the list, on the Redis chosen in the toolbar. */
  loadScenario = (file: string): Promise<void> => {
    this.pickedHere = file;
    remember(LAST_SCENARIO_KEY, file);
    return this.command((api) => api.loadScenario(loadArgs(file, this.store.get().redis)));
  };

  /** The scenario file this window last loaded from the list. */
  private pickedHere: string | null = null;

  /**
   * Another Redis for scenarios picked from the list. A scenario picked from it is loaded again
   * on that Redis (the list cannot pick the scenario it already shows); an opened file is not.
   */
  /**
   * A new Redis choice reloads the scenario this window picked from the list (so that it can be run
   * again on a cluster); a scenario loaded elsewhere (another window, the CLI) is left alone.
   */
  setRedis = async (choice: RedisChoice): Promise<void> => {
    this.store.dispatch({ type: 'redis/choice', choice });
    const s = this.store.get();
    const file = s.status?.scenario?.file;
    if (file && file === this.pickedHere && s.status?.state !== 'loading') await this.loadScenario(file);
  };
  play = (): Promise<void> => this.command((api) => api.play({}));
  pause = (): Promise<void> => this.command((api) => api.pause({}));
  step = (): Promise<void> => this.command((api) => api.step({}));
  reset = async (): Promise<void> => {
    this.store.dispatch({ type: 'ui/confirmReset', open: false });
    this.store.dispatch({ type: 'ui/clock', sample: null });
    this.resetting = true;
    try {
      await this.command((api) => api.reset({}));
    } finally {
      this.resetting = false;
    }
  };

  /** A chapter (or the scrubber): replays from t=0 to `tMs` and pauses there (jump.ts). */
  jumpTo = (tMs: number): Promise<void> => replayTo(this, this.store, tMs);

  /** While a reset of this window runs (its load keeps the selected user). */
  private resetting = false;

  /** `r`: a big scenario replays from t=0 for a while, so a stray key asks first. */
  resetFromKey = (): void => {
    const users = this.store.get().status?.scenario?.users ?? 0;
    if (users > CONFIRM_RESET_USERS) this.store.dispatch({ type: 'ui/confirmReset', open: true });
    else void this.reset();
  };

  cancelReset = (): void => this.store.dispatch({ type: 'ui/confirmReset', open: false });

  setProjector = (on: boolean): void => {
    remember(PROJECTOR_KEY, on ? '1' : '0');
    this.store.dispatch({ type: 'ui/projector', on });
  };

  toggleProjector = (): void => this.setProjector(!this.store.get().ui.projector);

  /** Maximises `panel`, or restores the layout if it is the one maximised. */
  toggleMaximise = (panel: MaxPanel): void => {
    this.store.dispatch({ type: 'ui/maximise', panel: this.store.get().ui.maximised === panel ? null : panel });
  };

  setHelp = (open: boolean): void => this.store.dispatch({ type: 'ui/help', open });

  async refreshReport(): Promise<void> {
    await fetchInto(this.store, 'report', () => this.api.getReport({}));
  }

  /** report.json or report.html of the run as it stands, downloaded. */
  exportReport = async (format: 'json' | 'html'): Promise<void> => {
    const file = await this.run(() => this.api.exportReport({ format }));
    if (file) downloadText(file.filename, file.mime, file.text);
  };
  setSpeed = (speed: Speed): Promise<void> => {
    // The achieved speed is measured again at the new one.
    this.store.dispatch({ type: 'ui/clock', sample: null });
    return this.command((api) => api.setSpeed({ speed }));
  };

  /** "Open file...": the file is read here and sent as text (works in both modes). */
  openFile = async (file: File): Promise<void> => {
    const bad = notAScenario(file.name, new Uint8Array(await file.slice(0, 4096).arrayBuffer()));
    if (bad) return this.banner(bad);
    const text = await file.text();
    await this.command((api) => api.loadScenarioText({ name: file.name, text }));
  };

  togglePlay = (): Promise<void> => {
    const state = this.store.get().status?.state;
    if (state === 'playing') return this.pause();
    // Finished: play again from the start, so that one key always plays.
    if (state === 'finished') return this.reset().then(() => this.play());
    return this.play();
  };

  dismiss = (id: number): void => this.store.dispatch({ type: 'banner/dismiss', id });

  // ---- graph and feeds -------------------------------------------------------------------

  /** `early`: the fetch while loading; if it fails, the view is fetched again at 'ready' instead of showing an error. */
  async refreshGraph(quiet = false, early = false): Promise<void> {
    this.graphDirty = false;
    this.graphFetchedAt = performance.now();
    const token = startFetch(this.store, 'graph', quiet);
    try {
      const view = await this.api.getGraph({ maxNodes: GRAPH_MAX_NODES, maxEdges: GRAPH_MAX_EDGES, focus: this.store.get().selected });
      this.store.dispatch(fetchDone('graph', token, view));
    } catch (err) {
      if (!early) {
        this.store.dispatch({ type: 'fetch/fail', slot: 'graph', token, error: toApiError(err) });
        return;
      }
      // Another load (or fetch) took over: its own fetch decides.
      if (!isCurrent(this.store, 'graph', token)) return;
      this.store.dispatch({ type: 'fetch/reset', slot: 'graph' });
      // Still loading: 'ready' fetches again. Already past it (which waited for this one): fetch now.
      if (this.store.get().status?.state !== 'loading') void this.refreshGraph();
    }
  }

  select = (user: number | null): void => {
    if (user === this.store.get().selected) return;
    this.store.dispatch({ type: 'select', user });
    void this.refreshFeeds();
    // A sampled graph may not show the user's neighbourhood yet.
    if (this.store.get().fetched.graph.data?.sampled) void this.refreshGraph(true);
  };

  setPaging = (mode: PagingMode): void => {
    this.store.dispatch({ type: 'paging', mode });
    void this.refreshFeeds();
  };

  setPageSize = (size: number): void => {
    this.store.dispatch({ type: 'pageSize', size });
    void this.refreshFeeds();
  };

  /** Reloads each column's current page. */
  async refreshFeeds(quiet = false): Promise<void> {
    this.feedsFetchedAt = performance.now();
    const s = this.store.get();
    await Promise.all(
      MODELS.map((m) => {
        const at = selectFeedAt(s, m);
        return this.loadPage(m, at.offset, at.cursors, quiet);
      }),
    );
  }

  nextPage = (model: ModelName): void => {
    const s = this.store.get();
    const col = selectFeedAt(s, model);
    if (s.paging === 'offset') void this.loadPage(model, col.offset + s.pageSize, col.cursors);
    else if (col.page?.nextCursor != null) void this.loadPage(model, 0, [...col.cursors, col.page.nextCursor]);
  };

  prevPage = (model: ModelName): void => {
    const s = this.store.get();
    const col = selectFeedAt(s, model);
    if (s.paging === 'offset') void this.loadPage(model, Math.max(0, col.offset - s.pageSize), col.cursors);
    else if (col.cursors.length > 1) void this.loadPage(model, 0, col.cursors.slice(0, -1));
  };

  /** One column's page; an answer for another user, paging or page size is dropped (they reset the slot). */
  private async loadPage(model: ModelName, offset: number, cursors: (number | null)[], quiet = false): Promise<void> {
    const s = this.store.get();
    const user = s.selected;
    const models = s.status?.scenario?.models ?? [];
    if (user === null || !models.includes(model)) return;
    const cursor = s.paging === 'cursor' ? cursors[cursors.length - 1] : null;
    const args = { user, pageSize: s.pageSize, offset: s.paging === 'offset' ? offset : 0, cursor };
    await fetchInto(this.store, feedSlot(model), async () => ({ page: (await this.api.getFeeds(args))[model], offset, cursors }), quiet);
  }
}
