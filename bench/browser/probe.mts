/**
 * The renderer bench's code inside the page (bench/renderer.ts drives it): long tasks recorded
 * from the page's start, the first drawn frame, frame counting, the scripted viewport, the naive
 * page's graph. Bundled by esbuild into one script (bench/graphView/probe.ts) that the bench puts
 * on both pages before their own scripts run; it installs window.feedscopeBench (PageProbe).
 *
 * Both pages are measured the same way: cytoscape's instance is read from its container
 * (`container._cyreg.cy`, set in the core's constructor and cleared on destroy), so the app needs
 * no debug hook.
 *
 * The files here are .mts: engine/tsconfig.json compiles ../bench/**\/*.ts for Node without the
 * DOM; these compile under bench/browser/tsconfig.json (lib DOM) instead.
 */
import type { Core, CytoscapeOptions, ElementDefinition } from 'cytoscape';
import { PROBE_GLOBAL, type NaiveGraph, type PageProbe, type ReadyCheck, type ScriptedViewport } from '../graphView/probeContract.js';

declare global {
  interface Window {
    /** The naive page's cytoscape (its UMD build, inlined before this probe runs `naive`). */
    cytoscape?: (options: CytoscapeOptions) => Core;
    [PROBE_GLOBAL]?: PageProbe;
  }
}

/** What cytoscape keeps on its container element. */
interface CyContainer extends HTMLElement {
  _cyreg?: { cy?: Core };
}

/** [startTime, duration] of every long task since the page started. */
const longTasks: [number, number][] = [];
try {
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) longTasks.push([e.startTime, e.duration]);
  }).observe({ type: 'longtask', buffered: true });
} catch {
  // No longtask entries in this browser: longestTask() says 0.
}

function cyOf(sel: string): Core {
  const cy = document.querySelector<CyContainer>(sel)?._cyreg?.cy;
  if (!cy) throw new Error(`no cytoscape instance on ${sel}`);
  return cy;
}

/** True when one of the canvases under `sel` holds a drawn (non-transparent) pixel. */
function drawn(sel: string): boolean {
  for (const c of document.querySelectorAll<HTMLCanvasElement>(`${sel} canvas`)) {
    if (c.width === 0 || c.height === 0) continue;
    const ctx = c.getContext('2d');
    if (!ctx) continue;
    const d = ctx.getImageData(0, 0, c.width, c.height).data;
    for (let i = 3; i < d.length; i += 64) if (d[i] !== 0) return true;
  }
  return false;
}

let naiveBuilt = false;
let viewSeenAt: number | null = null;

const ready: Record<ReadyCheck, () => boolean> = {
  'naive-graph': () => naiveBuilt,
  'graph-view': () => viewSeenAt !== null,
};

function firstDrawn(sel: string, check: ReadyCheck, timeoutMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const deadline = performance.now() + timeoutMs;
    const tick = (): void => {
      if (ready[check]() && drawn(sel)) return resolve(performance.now());
      if (performance.now() > deadline) return reject(new Error(`the graph was not drawn within ${timeoutMs / 1000} s`));
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
}

// ---- counting frames ----

let counting = false;
/** A generation per count: the previous count's last callback may still be queued. */
let countGen = 0;
let frames = 0;
let renders = 0;
const onRender = (): void => {
  renders++;
};

function startCounting(sel: string): number {
  const cy = cyOf(sel);
  const gen = ++countGen;
  frames = 0;
  renders = 0;
  counting = true;
  cy.on('render', onRender);
  const f = (): void => {
    if (!counting || countGen !== gen) return;
    frames++;
    requestAnimationFrame(f);
  };
  requestAnimationFrame(f);
  return performance.now();
}

function stopCounting(sel: string): [number, number, number] {
  counting = false;
  cyOf(sel).off('render', onRender);
  return [frames, renders, performance.now()];
}

// ---- the viewport ----

let savedView: { zoom: number; pan: { x: number; y: number } } | null = null;

function saveViewport(sel: string): void {
  const cy = cyOf(sel);
  savedView = { zoom: cy.zoom(), pan: { ...cy.pan() } };
}

function restoreViewport(sel: string): void {
  if (savedView) cyOf(sel).viewport(savedView);
}

function scriptedViewport(sel: string, m: ScriptedViewport): Promise<void> {
  return new Promise((resolve) => {
    const cy = cyOf(sel);
    const el = cy.container();
    const w = el?.clientWidth ?? 0;
    const h = el?.clientHeight ?? 0;
    const z0 = cy.zoom();
    const p0 = { ...cy.pan() };
    const start = performance.now();
    const step = (now: number): void => {
      const t = now - start;
      if (t >= m.durationMs) {
        cy.viewport({ zoom: z0, pan: p0 });
        return resolve();
      }
      const k = Math.pow(2, Math.sin((2 * Math.PI * t) / m.zoomPeriodMs));
      const a = (2 * Math.PI * t) / m.panPeriodMs;
      // Zoom about the centre: the model point under it stays put, then the pan circles.
      const zoom = Math.min(cy.maxZoom(), Math.max(cy.minZoom(), z0 * k));
      const f = zoom / z0;
      cy.viewport({ zoom, pan: { x: w / 2 - (w / 2 - p0.x) * f + m.panPx * Math.cos(a), y: h / 2 - (h / 2 - p0.y) * f + m.panPx * Math.sin(a) } });
      requestAnimationFrame(step);
    };
    requestAnimationFrame(step);
  });
}

function longestTask(fromMs: number, toMs: number): number {
  return longTasks.filter(([s, d]) => s + d >= fromMs && s <= toMs).reduce((m, [, d]) => Math.max(m, d), 0);
}

// ---- the app's view ----

function watchView(totalUsers: string): void {
  viewSeenAt = null;
  const check = (): void => {
    const g = document.querySelector<HTMLElement>('[data-testid=graph-canvas]');
    const s = document.querySelector('[data-testid=graph-shown]');
    if (viewSeenAt === null && g && Number(g.dataset.nodes) > 0 && s && (s.textContent ?? '').includes(`${totalUsers} users`)) viewSeenAt = performance.now();
  };
  new MutationObserver(check).observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
}

// ---- the naive page ----

function naive(g: NaiveGraph): void {
  const cytoscape = window.cytoscape;
  if (!cytoscape) throw new Error('the naive page has no cytoscape script');
  // A seeded random graph of the same size every run.
  let s = 12345;
  const rnd = (): number => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
  const els: ElementDefinition[] = [];
  for (let i = 0; i < g.nodes; i++) els.push({ data: { id: 'n' + i } });
  for (let e = 0; e < g.edges; e++) {
    const a = Math.floor(rnd() * g.nodes);
    let b = Math.floor(rnd() * g.nodes);
    if (b === a) b = (a + 1) % g.nodes;
    els.push({ data: { id: 'e' + e, source: 'n' + a, target: 'n' + b } });
  }
  cytoscape({ container: document.getElementById(g.container), elements: els, layout: { name: g.layout } });
  naiveBuilt = true;
}

const probe: PageProbe = {
  firstDrawn, startCounting, stopCounting, saveViewport, restoreViewport, scriptedViewport, longestTask, watchView,
  viewAt: () => viewSeenAt,
  naive,
};
window[PROBE_GLOBAL] = probe;
