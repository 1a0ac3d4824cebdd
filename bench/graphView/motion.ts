/**
 * Moving a graph view and counting what it costs, the same way on both pages: ~PAN_ZOOM_MS of
 * mouse wheel zoom + drag pan, then scripted runs that set a new viewport in every animation
 * frame; frames per second (requestAnimationFrame counted inside the page, and cytoscape's own
 * draws), main-thread time per frame (CDP), and the longest task meanwhile.
 */
import type { CDPSession, Page } from '@playwright/test';
import { round } from '../lib/bench.js';
import { fixed, int } from '../lib/format.js';
import { callProbe } from './probe.js';

export const PAN_ZOOM_MS = 5000;
export const SCRIPTED_ZOOM_PERIOD_MS = 2000;
export const SCRIPTED_PAN_PERIOD_MS = 3000;
export const SCRIPTED_PAN_PX = 120;
export const SCRIPTED_TRIALS = 3;

export interface Motion {
  fps: number;
  frames: number;
  rendersPerSec: number;
  longestTaskMs: number;
  /** Main-thread task time per animation frame (CDP Performance TaskDuration), all of the page's work included. */
  taskMsPerFrame: number;
  /** 1000 / taskMsPerFrame: the frame rate the page's main thread could sustain without the display's cap. */
  uncappedFps: number;
  /** Scripted runs: taskMsPerFrame of each run (the figures above are the first run's). */
  trialsMsPerFrame?: number[];
  /** Scripted runs: the median taskMsPerFrame of the runs after the first (warm caches). */
  warmMsPerFrame?: number;
}

const perfSessions = new WeakMap<Page, CDPSession>();

/** The page's main-thread task time so far, in ms (Chromium's Performance domain; one session per page, kept enabled). */
async function taskMs(page: Page): Promise<number> {
  let cdp = perfSessions.get(page);
  if (!cdp) {
    cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    perfSessions.set(page, cdp);
  }
  const { metrics } = await cdp.send('Performance.getMetrics');
  return 1000 * (metrics.find((m) => m.name === 'TaskDuration')?.value ?? NaN);
}

async function stopCounting(page: Page, sel: string, t0: number, busy0: number): Promise<Motion> {
  const [frames, renders, t1] = await callProbe(page, 'stopCounting', sel);
  const s = (t1 - t0) / 1000;
  const taskMsPerFrame = ((await taskMs(page)) - busy0) / Math.max(1, frames);
  return { fps: frames / s, frames, rendersPerSec: renders / s, longestTaskMs: await callProbe(page, 'longestTask', t0, t1), taskMsPerFrame, uncappedFps: 1000 / taskMsPerFrame };
}

/**
 * ~PAN_ZOOM_MS of mouse wheel zoom in/out and background drags at the centre of `box`. Playwright's
 * input events are sparse (a few per frame at most), so the page is idle between them and rAF runs
 * near the display rate whatever the view costs: this measures responsiveness, not drawing speed.
 */
export async function mousePanZoom(page: Page, sel: string, box: { x: number; y: number; width: number; height: number }): Promise<Motion> {
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  await page.mouse.move(cx, cy);
  await callProbe(page, 'saveViewport', sel);
  const busy0 = await taskMs(page);
  const t0 = await callProbe(page, 'startCounting', sel);
  const started = Date.now();
  for (let i = 0; Date.now() - started < PAN_ZOOM_MS; i++) {
    const phase = i % 4;
    if (phase < 2) await page.mouse.wheel(0, phase === 0 ? -240 : 240);
    else {
      // Drag from a corner of the panel (usually background): cytoscape pans the viewport.
      const dx = phase === 2 ? 80 : -80;
      await page.mouse.move(box.x + 12, box.y + 12);
      await page.mouse.down();
      for (let s = 1; s <= 4; s++) await page.mouse.move(box.x + 12 + (dx * s) / 4, box.y + 12 + (40 * s) / 4);
      await page.mouse.up();
      await page.mouse.move(cx, cy);
    }
  }
  return stopCounting(page, sel, t0, busy0);
}

/**
 * SCRIPTED_TRIALS scripted runs of the same script. The first is the checked one: it is where a
 * page draws zoom levels it has not drawn yet (cold), like the reference figures for the
 * naive page. The later runs pass the same zoom levels again, and cytoscape's layer bitmaps from
 * the first make the naive page several times cheaper (warm): their median ms per frame is
 * reported beside it. The longest task is the worst of all runs.
 */
export async function scriptedTrials(page: Page, sel: string): Promise<Motion> {
  const runs: Motion[] = [];
  for (let i = 0; i < SCRIPTED_TRIALS; i++) runs.push(await scriptedPanZoom(page, sel));
  const warm = runs.slice(1).map((r) => r.taskMsPerFrame).sort((a, b) => a - b);
  return {
    ...runs[0],
    longestTaskMs: Math.max(...runs.map((r) => r.longestTaskMs)),
    trialsMsPerFrame: runs.map((r) => round(r.taskMsPerFrame, 2)),
    warmMsPerFrame: warm[Math.floor((warm.length - 1) / 2)],
  };
}

/**
 * ~PAN_ZOOM_MS in which every animation frame sets a new viewport (the same script on both pages):
 * from the page's first view (as before the mouse run), zoom oscillating between 1/2 and 2x of it
 * about the centre (period SCRIPTED_ZOOM_PERIOD_MS) with a circling pan. The view must redraw in
 * every frame, so the frame rate is what drawing costs (capped by the display rate: see the
 * main-thread time per frame). Cytoscape's gesture shortcuts (textureOnViewport,
 * hideEdgesOnViewport) apply to user gestures only, not to cy.viewport().
 */
async function scriptedPanZoom(page: Page, sel: string): Promise<Motion> {
  // Both pages start from their own first view (the mouse run left the zoom wherever it ended).
  await callProbe(page, 'restoreViewport', sel);
  await page.waitForTimeout(500);
  const busy0 = await taskMs(page);
  const t0 = await callProbe(page, 'startCounting', sel);
  await callProbe(page, 'scriptedViewport', sel, { durationMs: PAN_ZOOM_MS, zoomPeriodMs: SCRIPTED_ZOOM_PERIOD_MS, panPeriodMs: SCRIPTED_PAN_PERIOD_MS, panPx: SCRIPTED_PAN_PX });
  return stopCounting(page, sel, t0, busy0);
}

/** A longest task in ms; the longtask API reports only tasks of 50 ms and more. */
export function taskText(ms: number): string {
  return ms === 0 ? '< 50' : int(ms);
}

export function motionText(mouse: Motion, scripted: Motion): string {
  const m = (x: Motion): string => `${fixed(x.fps, 1)} fps (${x.frames} frames, ${fixed(x.rendersPerSec, 1)} draws/s; ${fixed(x.taskMsPerFrame, 1)} ms of main thread per frame = ${fixed(x.uncappedFps, 1)} fps uncapped), longest task ${taskText(x.longestTaskMs)} ms`;
  return `mouse: ${m(mouse)}; scripted: ${m(scripted)}`;
}
