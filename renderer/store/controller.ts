/**
 * Effects: the API calls behind the UI's buttons, and the engine's events turned into actions.
 * Frames are batched (FRAME_FLUSH_MS) so charts and the graph redraw a few times a second, not 30.
 */
import type { ApiError, EngineEvent, FeedscopeApi, Frame, Speed, Status } from '../../engine/api.js';
import type { ApiConnection } from '../api/client.js';
import { toApiError } from '../api/errors.js';
import { LOST, NEVER_OPENED } from '../api/wsClient.js';
import { InspectorController } from './inspectorController.js';
import type { ModelName, PagingMode } from './state.js';
import type { Store } from './store.js';

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
  private lastState: Status['state'] | null = null;
  private graphDirty = false;
  private graphFetchedAt = 0;
  /** Counts loads: a graph view fetched for an earlier load is not drawn. */
  private loadSeq = 0;
  /** The view fetched while the load is in progress (status.loading.graphReady), once per load. */
  private earlyGraph: 'none' | 'pending' | 'loaded' = 'none';
  private feedsFetchedAt = 0;

  /** The inspector tabs' calls (skiplist, drift lab, flame graph, key browser, claims). */
  readonly insp: InspectorController;

  constructor(private readonly conn: ApiConnection, private readonly store: Store) {
    this.insp = new InspectorController(() => this.api, store, (e) => this.banner(e));
  }

  private get api(): FeedscopeApi {
    if (!this.conn.api) throw this.conn.error ?? NEVER_OPENED;
    return this.conn.api;
  }

  /** Subscribes to the connection and the engine's events; returns the unsubscribe. */
  start(): () => void {
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

  private onStatus(status: Status): void {
    const prev = this.lastState;
    this.lastState = status.state;
    if (status.state === 'loading') {
      this.frames = [];
      if (prev !== 'loading') {
        this.loadSeq++;
        this.earlyGraph = 'none';
        this.store.dispatch({ type: 'scenario/loading' });
      }
    }
    // A load that failed leaves nothing loaded: drop the graph it had already drawn (or was fetching).
    if (prev === 'loading' && status.state === 'error') {
      this.loadSeq++;
      this.store.dispatch({ type: 'scenario/loading' });
    }
    this.store.dispatch({ type: 'status', status });
    // The engine builds the follow graph first: draw it while Redis and the graph store still load.
    if (status.state === 'loading' && status.loading?.graphReady && this.earlyGraph === 'none') {
      this.earlyGraph = 'pending';
      void this.refreshGraph(false, true);
    }
    const freshLoad = status.state === 'ready' && prev !== 'ready';
    if (freshLoad) {
      this.store.dispatch({ type: 'scenario/fresh' });
      this.insp.onFresh();
    }
    if (status.scenario && (freshLoad || (prev === null && status.state !== 'loading'))) {
      // Nothing changes the follow graph between graphReady and ready: keep the early view.
      if (this.earlyGraph === 'none') void this.refreshGraph();
      void this.refreshFeeds();
    }
    if (status.state !== 'loading') this.earlyGraph = 'none';
  }

  private flush(): void {
    this.flushTimer = null;
    const frames = this.frames;
    this.frames = [];
    this.store.dispatch({ type: 'frames', frames });
    this.insp.onFrames();
    if (frames.some((f) => f.graphDelta.follows.length + f.graphDelta.unfollows.length > 0)) this.graphDirty = true;
    const now = performance.now();
    if (this.graphDirty && now - this.graphFetchedAt > GRAPH_REFRESH_MS) void this.refreshGraph(true);
    const s = this.store.get();
    const onFirstPage = MODELS.every((m) => s.feeds[m].offset === 0 && s.feeds[m].cursors.length === 1);
    if (s.selected !== null && onFirstPage && now - this.feedsFetchedAt > FEEDS_REFRESH_MS) void this.refreshFeeds(true);
  }

  // ---- scenarios and playing -------------------------------------------------------------

  async refreshScenarios(): Promise<void> {
    this.store.dispatch({ type: 'scenarios/loading' });
    try {
      this.store.dispatch({ type: 'scenarios/loaded', list: await this.api.listScenarios({}) });
    } catch (err) {
      this.store.dispatch({ type: 'scenarios/failed', error: toApiError(err) });
    }
  }

  private command(fn: (api: FeedscopeApi) => Promise<Status>): Promise<void> {
    return this.run(async () => this.onStatus(await fn(this.api)));
  }

  loadScenario = (file: string): Promise<void> => this.command((api) => api.loadScenario({ file }));
  play = (): Promise<void> => this.command((api) => api.play({}));
  pause = (): Promise<void> => this.command((api) => api.pause({}));
  step = (): Promise<void> => this.command((api) => api.step({}));
  reset = (): Promise<void> => this.command((api) => api.reset({}));
  setSpeed = (speed: Speed): Promise<void> => this.command((api) => api.setSpeed({ speed }));

  /** "Open file...": the file is read here and sent as text (works in both modes). */
  openFile = async (file: File): Promise<void> => {
    const text = await file.text();
    await this.command((api) => api.loadScenarioText({ name: file.name, text }));
  };

  togglePlay = (): Promise<void> => (this.store.get().status?.state === 'playing' ? this.pause() : this.play());

  dismiss = (id: number): void => this.store.dispatch({ type: 'banner/dismiss', id });

  // ---- graph and feeds -------------------------------------------------------------------

  /** `early`: the fetch while loading; if it fails, the view is fetched again at 'ready' instead of showing an error. */
  async refreshGraph(quiet = false, early = false): Promise<void> {
    const load = this.loadSeq;
    this.graphDirty = false;
    this.graphFetchedAt = performance.now();
    if (!quiet) this.store.dispatch({ type: 'graph/loading' });
    try {
      const view = await this.api.getGraph({ maxNodes: GRAPH_MAX_NODES, maxEdges: GRAPH_MAX_EDGES, focus: this.store.get().selected });
      if (load !== this.loadSeq) return;
      if (early && this.earlyGraph === 'pending') this.earlyGraph = 'loaded';
      this.store.dispatch({ type: 'graph/loaded', view });
    } catch (err) {
      if (load !== this.loadSeq) return;
      if (early) {
        if (this.earlyGraph === 'pending') this.earlyGraph = 'none';
        // Still loading: 'ready' fetches again. Already past it (which skipped the fetch): fetch now.
        if (this.lastState !== 'loading') void this.refreshGraph();
        return;
      }
      this.store.dispatch({ type: 'graph/failed', error: toApiError(err) });
    }
  }

  select = (user: number | null): void => {
    if (user === this.store.get().selected) return;
    this.store.dispatch({ type: 'select', user });
    void this.refreshFeeds();
    // A sampled graph may not show the user's neighbourhood yet.
    if (this.store.get().graph.data?.sampled) void this.refreshGraph(true);
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
    await Promise.all(MODELS.map((m) => this.loadPage(m, s.feeds[m].offset, s.feeds[m].cursors, quiet)));
  }

  nextPage = (model: ModelName): void => {
    const s = this.store.get();
    const col = s.feeds[model];
    if (s.paging === 'offset') void this.loadPage(model, col.offset + s.pageSize, col.cursors);
    else if (col.page?.nextCursor != null) void this.loadPage(model, 0, [...col.cursors, col.page.nextCursor]);
  };

  prevPage = (model: ModelName): void => {
    const s = this.store.get();
    const col = s.feeds[model];
    if (s.paging === 'offset') void this.loadPage(model, Math.max(0, col.offset - s.pageSize), col.cursors);
    else if (col.cursors.length > 1) void this.loadPage(model, 0, col.cursors.slice(0, -1));
  };

  private async loadPage(model: ModelName, offset: number, cursors: (number | null)[], quiet = false): Promise<void> {
    const s = this.store.get();
    const user = s.selected;
    const models = s.status?.scenario?.models ?? [];
    if (user === null || !models.includes(model)) return;
    if (!quiet) this.store.dispatch({ type: 'feed/loading', model });
    const cursor = s.paging === 'cursor' ? cursors[cursors.length - 1] : null;
    try {
      const view = await this.api.getFeeds({ user, pageSize: s.pageSize, offset: s.paging === 'offset' ? offset : 0, cursor });
      // The selection may have changed while the call was in flight.
      if (this.store.get().selected !== user) return;
      this.store.dispatch({ type: 'feed/loaded', model, page: view[model], offset, cursors });
    } catch (err) {
      this.store.dispatch({ type: 'feed/failed', model, error: toApiError(err) });
    }
  }
}
