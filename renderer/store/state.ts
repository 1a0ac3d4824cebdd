/**
 * The renderer's one state, changed only by typed actions through a pure reducer (each action
 * returns new state, as Excalidraw's actions do). Effects (API calls) live in controller.ts.
 */
import type { ApiError, FeedPage, Frame, GraphView, ScenarioEntry, Status } from '../../engine/api.js';
import type { ConnectionState } from '../api/wsClient.js';
import { addSeriesKeys, appendPoint, frameToPoint, startsNewHistory, type ChartPoint } from './history.js';
import { freshInspectors, initialInspectors, reduceInspectors, type InspectorAction, type InspectorState } from './inspectors.js';

export type ModelName = 'timeline' | 'graph';
export type PagingMode = 'offset' | 'cursor';

export interface Loadable<T> {
  data: T | null;
  loading: boolean;
  error: ApiError | null;
}

export interface FeedColumn {
  page: FeedPage | null;
  /** Offset mode: the page's offset. */
  offset: number;
  /** Cursor mode: the start cursor of each page so far (null = the top), the last is this page. */
  cursors: (number | null)[];
  loading: boolean;
  error: ApiError | null;
}

export interface Banner extends ApiError {
  id: number;
}

export interface State {
  connection: ConnectionState;
  status: Status | null;
  /** Simulated ms now: from the latest status or frame, whichever came last. */
  tMs: number;
  scenarios: Loadable<ScenarioEntry[]>;
  frame: Frame | null;
  /** Posts of the latest batch of frames, to pulse in the graph; seq changes with each batch. */
  pulses: { seq: number; posts: Frame['posts'] };
  history: ChartPoint[];
  /** The series names in `history` (addSeriesKeys). */
  historyKeys: readonly string[];
  graph: Loadable<GraphView>;
  selected: number | null;
  paging: PagingMode;
  pageSize: number;
  feeds: Record<ModelName, FeedColumn>;
  banners: Banner[];
  /** The lower area's tabs: charts and the inspectors (inspectors.ts). */
  inspectors: InspectorState;
}

const emptyColumn = (): FeedColumn => ({ page: null, offset: 0, cursors: [null], loading: false, error: null });
const idle = <T>(): Loadable<T> => ({ data: null, loading: false, error: null });

export const initialState: State = {
  connection: 'connecting',
  status: null,
  tMs: 0,
  scenarios: idle(),
  frame: null,
  pulses: { seq: 0, posts: [] },
  history: [],
  historyKeys: [],
  graph: idle(),
  selected: null,
  paging: 'offset',
  pageSize: 10,
  feeds: { timeline: emptyColumn(), graph: emptyColumn() },
  banners: [],
  inspectors: initialInspectors,
};

export type Action =
  | { type: 'connection'; state: ConnectionState }
  | { type: 'status'; status: Status }
  /** Frames since the last flush (the controller batches them to keep charts cheap). */
  | { type: 'frames'; frames: Frame[] }
  | { type: 'scenarios/loading' }
  | { type: 'scenarios/loaded'; list: ScenarioEntry[] }
  | { type: 'scenarios/failed'; error: ApiError }
  | { type: 'graph/loading' }
  | { type: 'graph/loaded'; view: GraphView }
  | { type: 'graph/failed'; error: ApiError }
  | { type: 'select'; user: number | null }
  | { type: 'paging'; mode: PagingMode }
  | { type: 'pageSize'; size: number }
  | { type: 'feed/loading'; model: ModelName }
  | { type: 'feed/loaded'; model: ModelName; page: FeedPage | null; offset: number; cursors: (number | null)[] }
  | { type: 'feed/failed'; model: ModelName; error: ApiError }
  /** A load starts: the previous scenario's graph goes (this load's is fetched as soon as the engine has it). */
  | { type: 'scenario/loading' }
  | { type: 'scenario/fresh' }
  | { type: 'banner/add'; error: ApiError }
  | { type: 'banner/dismiss'; id: number }
  | InspectorAction;

let bannerSeq = 0;
const MAX_PULSES = 60;

export function reduce(s: State, a: Action): State {
  switch (a.type) {
    case 'connection':
      return { ...s, connection: a.state };
    case 'status':
      return { ...s, status: a.status, tMs: a.status.tMs };
    case 'frames': {
      if (a.frames.length === 0) return s;
      let history = s.history;
      let historyKeys = s.historyKeys;
      for (const f of a.frames) {
        const p = frameToPoint(f);
        // A new history (appendPoint) starts new names too.
        if (startsNewHistory(history, p)) historyKeys = [];
        history = appendPoint(history, p);
        historyKeys = addSeriesKeys(historyKeys, history[history.length - 1]);
      }
      const posts = a.frames.flatMap((f) => f.posts).slice(-MAX_PULSES);
      const frame = a.frames[a.frames.length - 1];
      return { ...s, frame, tMs: frame.tMs, history, historyKeys, pulses: { seq: s.pulses.seq + 1, posts } };
    }
    case 'scenarios/loading':
      return { ...s, scenarios: { ...s.scenarios, loading: true, error: null } };
    case 'scenarios/loaded':
      return { ...s, scenarios: { data: a.list, loading: false, error: null } };
    case 'scenarios/failed':
      return { ...s, scenarios: { ...s.scenarios, loading: false, error: a.error } };
    case 'graph/loading':
      return { ...s, graph: { ...s.graph, loading: true, error: null } };
    case 'graph/loaded':
      return { ...s, graph: { data: a.view, loading: false, error: null } };
    case 'graph/failed':
      return { ...s, graph: { ...s.graph, loading: false, error: a.error } };
    case 'select':
      return { ...s, selected: a.user, feeds: { timeline: emptyColumn(), graph: emptyColumn() } };
    case 'paging':
      return { ...s, paging: a.mode, feeds: { timeline: emptyColumn(), graph: emptyColumn() } };
    case 'pageSize':
      return { ...s, pageSize: a.size, feeds: { timeline: emptyColumn(), graph: emptyColumn() } };
    case 'feed/loading':
      return { ...s, feeds: { ...s.feeds, [a.model]: { ...s.feeds[a.model], loading: true, error: null } } };
    case 'feed/loaded':
      return { ...s, feeds: { ...s.feeds, [a.model]: { page: a.page, offset: a.offset, cursors: a.cursors, loading: false, error: null } } };
    case 'feed/failed':
      return { ...s, feeds: { ...s.feeds, [a.model]: { ...s.feeds[a.model], loading: false, error: a.error } } };
    case 'scenario/loading':
      return { ...s, graph: idle() };
    case 'scenario/fresh':
      // A new scenario or a reset: t=0, nothing played yet. The graph is kept: it was cleared when
      // the load started and this load's view may already be drawn (scenario/loading).
      return { ...s, frame: null, pulses: { seq: s.pulses.seq + 1, posts: [] }, history: [], historyKeys: [], feeds: { timeline: emptyColumn(), graph: emptyColumn() }, inspectors: freshInspectors(s.inspectors) };
    case 'banner/add':
      if (s.banners.some((b) => b.code === a.error.code && b.message === a.error.message)) return s;
      return { ...s, banners: [...s.banners, { ...a.error, id: ++bannerSeq }].slice(-4) };
    case 'banner/dismiss':
      return { ...s, banners: s.banners.filter((b) => b.id !== a.id) };
    default: {
      const inspectors = reduceInspectors(s.inspectors, a);
      return inspectors === s.inspectors ? s : { ...s, inspectors };
    }
  }
}
