/**
 * The renderer's one state, changed only by typed actions through a pure reducer (each action
 * returns new state, as Excalidraw's actions do). Everything read from the engine is a Fetched
 * slot (fetched.ts); effects (API calls) live in controller.ts and inspectorController.ts.
 */
import type { ApiError, Frame, Status } from '../../engine/api.js';
import type { ConnectionState } from '../api/wsClient.js';
import { FRESH_DROPS, initialSlots, pushData, reduceFetch, resetSlots, type FetchAction, type Slot, type Slots } from './fetched.js';
import { addSeriesKeys, appendPoint, frameToPoint, startsNewHistory, type ChartPoint } from './history.js';
import { freshInspectors, initialInspectors, reduceInspectors, type InspectorAction, type InspectorState } from './inspectors.js';
import type { RedisChoice } from './redisChoice.js';
import { initialUi, isUiAction, reduceUi, type UiAction, type UiState } from './ui.js';

export type ModelName = 'timeline' | 'graph';
export type PagingMode = 'offset' | 'cursor';

export interface Banner extends ApiError {
  id: number;
}

export interface State {
  connection: ConnectionState;
  status: Status | null;
  /** Simulated ms now: from the latest status or frame, whichever came last. */
  tMs: number;
  frame: Frame | null;
  /** Posts of the latest batch of frames, to pulse in the graph; seq changes with each batch. */
  pulses: { seq: number; posts: Frame['posts'] };
  history: ChartPoint[];
  /** The series names in `history` (addSeriesKeys). */
  historyKeys: readonly string[];
  /** Everything read from the engine: scenario list, graph, feeds, inspector views (fetched.ts). */
  fetched: Slots;
  selected: number | null;
  paging: PagingMode;
  pageSize: number;
  banners: Banner[];
  /** The id of the latest banner, so that ids come from the state and never repeat. */
  bannerSeq: number;
  /** The lower area's tabs: charts and the inspectors (inspectors.ts). */
  inspectors: InspectorState;
  /** The toolbar's Redis choice for scenarios picked from the list (redisChoice.ts). */
  redis: RedisChoice;
  /** Projector mode, maximised panel, help, first launch, achieved speed (ui.ts). */
  ui: UiState;
}

const FEED_SLOTS: readonly Slot[] = ['feed.timeline', 'feed.graph'];

export const initialState: State = {
  connection: 'connecting',
  status: null,
  tMs: 0,
  frame: null,
  pulses: { seq: 0, posts: [] },
  history: [],
  historyKeys: [],
  fetched: initialSlots,
  selected: null,
  paging: 'offset',
  pageSize: 10,
  banners: [],
  bannerSeq: 0,
  inspectors: initialInspectors,
  redis: 'scenario',
  ui: initialUi,
};

export type Action =
  | { type: 'connection'; state: ConnectionState }
  | { type: 'status'; status: Status }
  /** Frames since the last flush (the controller batches them to keep charts cheap). */
  | { type: 'frames'; frames: Frame[] }
  /** Another user, paging mode or page size: both feeds start again from their first page. */
  | { type: 'select'; user: number | null }
  | { type: 'paging'; mode: PagingMode }
  | { type: 'pageSize'; size: number }
  /** A load starts (or failed): the previous scenario's graph goes (this load's is fetched as soon as the engine has it). */
  | { type: 'scenario/loading'; reset?: boolean }
  | { type: 'scenario/fresh' }
  | { type: 'banner/add'; error: ApiError }
  | { type: 'banner/dismiss'; id: number }
  | { type: 'redis/choice'; choice: RedisChoice }
  | FetchAction
  | InspectorAction
  | UiAction;

const MAX_PULSES = 60;
/** Banners kept; one is shown (the latest) with the count of the others. */
const MAX_BANNERS = 20;

function reduceFrames(s: State, frames: Frame[]): State {
  if (frames.length === 0) return s;
  let history = s.history;
  let historyKeys = s.historyKeys;
  for (const f of frames) {
    const p = frameToPoint(f);
    // A new history (appendPoint) starts new names too.
    if (startsNewHistory(history, p)) historyKeys = [];
    history = appendPoint(history, p);
    historyKeys = addSeriesKeys(historyKeys, history[history.length - 1]);
  }
  const posts = frames.flatMap((f) => f.posts).slice(-MAX_PULSES);
  const frame = frames[frames.length - 1];
  // A cluster run's frames carry its nodes (none before the first sample): the latest replaces what was read.
  const fetched = frame.cluster && frame.cluster.nodes.length > 0 ? pushData(s.fetched, 'cluster', frame.cluster) : s.fetched;
  return { ...s, frame, tMs: frame.tMs, history, historyKeys, pulses: { seq: s.pulses.seq + 1, posts }, fetched };
}

export function reduce(s: State, a: Action): State {
  switch (a.type) {
    case 'connection':
      return { ...s, connection: a.state };
    case 'status':
      return { ...s, status: a.status, tMs: a.status.state === 'loading' ? 0 : a.status.tMs };
    case 'frames':
      return reduceFrames(s, a.frames);
    case 'select':
      return { ...s, selected: a.user, fetched: resetSlots(s.fetched, FEED_SLOTS) };
    case 'paging':
      return { ...s, paging: a.mode, fetched: resetSlots(s.fetched, FEED_SLOTS) };
    case 'pageSize':
      return { ...s, pageSize: a.size, fetched: resetSlots(s.fetched, FEED_SLOTS) };
    case 'scenario/loading':
      // Another scenario: its users are not this one's, and the old clock must not stay on screen.
      return { ...s, selected: a.reset ? s.selected : null, tMs: 0, frame: null, ui: { ...s.ui, clock: [] }, fetched: resetSlots(reduceFetch(s.fetched, { type: 'fetch/reset', slot: 'graph' }), FEED_SLOTS) };
    case 'scenario/fresh':
      // A new scenario or a reset: t=0, nothing played yet. The graph is kept: it was dropped when
      // the load started and this load's view may already be drawn (scenario/loading).
      return { ...s, frame: null, pulses: { seq: s.pulses.seq + 1, posts: [] }, history: [], historyKeys: [], fetched: resetSlots(s.fetched, FRESH_DROPS), inspectors: freshInspectors(s.inspectors), ui: { ...s.ui, clock: [] } };
    case 'banner/add': {
      if (s.banners.some((b) => b.code === a.error.code && b.message === a.error.message)) return s;
      const id = s.bannerSeq + 1;
      return { ...s, bannerSeq: id, banners: [...s.banners, { ...a.error, id }].slice(-MAX_BANNERS) };
    }
    case 'banner/dismiss':
      return { ...s, banners: s.banners.filter((b) => b.id !== a.id) };
    case 'redis/choice':
      return a.choice === s.redis ? s : { ...s, redis: a.choice };
    case 'fetch/start':
    case 'fetch/done':
    case 'fetch/fail':
    case 'fetch/reset': {
      const fetched = reduceFetch(s.fetched, a);
      return fetched === s.fetched ? s : { ...s, fetched };
    }
    default:
      return isUiAction(a) ? reduceUi(s, a) : reduceInspectors(s, a);
  }
}
