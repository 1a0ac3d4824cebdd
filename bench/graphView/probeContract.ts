/**
 * What the renderer bench runs inside the page: bench/browser/probe.mts (compiled with the DOM
 * types) puts one object on `window[PROBE_GLOBAL]`, and the bench (Node, no DOM) calls it by
 * name through page.evaluate (probe.ts). This file is that object's type, shared by both sides:
 * plain data only, so it compiles with and without the DOM.
 */

export const PROBE_GLOBAL = 'feedscopeBench';

/** When a page's graph counts as there: the naive page's cytoscape built, or the app's view of the scenario arrived (watchView). */
export type ReadyCheck = 'naive-graph' | 'graph-view';

/** A new viewport in every animation frame: zoom between 1/2 and 2x of the start about the centre, the pan circling. */
export interface ScriptedViewport {
  durationMs: number;
  zoomPeriodMs: number;
  panPeriodMs: number;
  panPx: number;
}

/** The naive page's graph: `nodes` nodes, `edges` seeded random edges, cytoscape's defaults otherwise. */
export interface NaiveGraph {
  container: string;
  nodes: number;
  edges: number;
  layout: string;
}

/** Times are the page's performance.now() (ms since navigation); `sel` is the cytoscape container's selector. */
export interface PageProbe {
  /** Resolves at the first animation frame where the canvases under `sel` hold drawn pixels and `ready` holds; rejects after `timeoutMs`. */
  firstDrawn(sel: string, ready: ReadyCheck, timeoutMs: number): Promise<number>;
  /** Starts counting animation frames and cytoscape's drawn frames ('render' events); returns now. */
  startCounting(sel: string): number;
  /** Stops counting: [animation frames, cytoscape draws, now]. */
  stopCounting(sel: string): [number, number, number];
  /** Remembers the view (zoom, pan), for restoreViewport. */
  saveViewport(sel: string): void;
  restoreViewport(sel: string): void;
  /** Resolves when the scripted motion has run its duration (the view is back where it started). */
  scriptedViewport(sel: string, motion: ScriptedViewport): Promise<void>;
  /** The longest main-thread task (PerformanceObserver 'longtask', from the page's start) overlapping [fromMs, toMs]; 0 when none. */
  longestTask(fromMs: number, toMs: number): number;
  /** Notes when the graph panel shows a view of `totalUsers` users ("... of 20,000 users"); see viewAt. */
  watchView(totalUsers: string): void;
  /** When watchView saw the view, or null. */
  viewAt(): number | null;
  /** Builds the naive page's graph with the page's global `cytoscape` (its script inlined before). */
  naive(graph: NaiveGraph): void;
}
