/**
 * The two pages the renderer bench measures: a naive page (plain cytoscape, the repo's
 * node_modules copy inlined; default style, NAIVE_LAYOUT layout: what a first attempt looks
 * like) and Feedscope's graph view in the real app (browser mode), each loaded, timed to its
 * first drawn frame, then moved (motion.ts). The probe (bench/browser/probe.mts) is on both pages
 * before their own scripts run, so long tasks are recorded from the start.
 */
import type { Browser, Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { RENDERER_PAGES } from '../../engine/index.js';
import { int } from '../lib/format.js';
import { motionText, mousePanZoom, scriptedTrials, type Motion } from './motion.js';
import { callProbe, probeCall, probeScript } from './probe.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const VIEWPORT = { width: 1280, height: 800 };
export const NAIVE_LAYOUT = 'random';
/** The two kinds of row, as the results schema names them. */
export const [NAIVE_PAGE, APP_PAGE] = RENDERER_PAGES;
const START_TIMEOUT_MS = 90_000;
const DRAW_TIMEOUT_MS = 120_000;
const SEL_NAIVE = '#cy';
const SEL_APP = '[data-testid=graph-canvas]';

export interface Row {
  page: typeof NAIVE_PAGE | typeof APP_PAGE;
  users: number;
  drawnNodes: number;
  drawnEdges: number;
  firstFrameMs: number;
  viewToFrameMs: number | null;
  /** The app opened again on the loaded scenario: navigation -> first drawn frame, and view -> frame (null: the naive page). */
  reopenFirstFrameMs: number | null;
  reopenViewToFrameMs: number | null;
  /** Mouse-driven pan/zoom (sparse input events). */
  mouse: Motion;
  /** A new viewport in every animation frame. */
  scripted: Motion;
  /** The longest main-thread task over both motions (the app: while the scenario plays). */
  longestTaskMs: number;
  longestTaskLoadMs: number;
}

// ---- the naive page ----

async function naiveHtml(nodes: number, edges: number): Promise<string> {
  const lib = readFileSync(path.join(ROOT, 'node_modules', 'cytoscape', 'dist', 'cytoscape.min.js'), 'utf8');
  return `<!doctype html><html><head><meta charset="utf-8"><style>html,body{margin:0;height:100%}#cy{width:100%;height:100%}</style>
<script>${await probeScript()}</script><script>${lib}</script></head><body><div id="cy"></div><script>
${probeCall('naive', { container: 'cy', nodes, edges, layout: NAIVE_LAYOUT })};
</script></body></html>`;
}

export async function naive(browser: Browser, dir: string, nodes: number, edges: number, log: (l: string) => void): Promise<Row> {
  const file = path.join(dir, `naive-${nodes}.html`);
  writeFileSync(file, await naiveHtml(nodes, edges));
  const page = await browser.newPage({ viewport: VIEWPORT });
  try {
    await page.goto(pathToFileURL(file).href, { waitUntil: 'commit' });
    const firstFrameMs = await callProbe(page, 'firstDrawn', SEL_NAIVE, 'naive-graph', DRAW_TIMEOUT_MS);
    const loadLong = await callProbe(page, 'longestTask', 0, firstFrameMs);
    const box = { x: 0, y: 0, width: VIEWPORT.width, height: VIEWPORT.height };
    const mouse = await mousePanZoom(page, SEL_NAIVE, box);
    const scripted = await scriptedTrials(page, SEL_NAIVE);
    const row: Row = { page: NAIVE_PAGE, users: nodes, drawnNodes: nodes, drawnEdges: edges, firstFrameMs, viewToFrameMs: null, reopenFirstFrameMs: null, reopenViewToFrameMs: null, mouse, scripted, longestTaskMs: Math.max(mouse.longestTaskMs, scripted.longestTaskMs), longestTaskLoadMs: loadLong };
    log(`  naive ${int(nodes)} nodes: first frame ${int(firstFrameMs)} ms; ${motionText(mouse, scripted)}`);
    return row;
  } finally {
    await page.close();
  }
}

// ---- the app ----

export async function startApp(): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'start.mjs'), '--browser', '--no-open', '--port', '0'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, REDIS_URL: '' } });
  let out = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`browser mode did not print its URL within ${START_TIMEOUT_MS / 1000} s:\n${out}`)), START_TIMEOUT_MS);
    const onData = (d: Buffer): void => {
      out += d.toString();
      const m = /(http:\/\/127\.0\.0\.1:\d+\/#token=[\w-]+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`browser mode exited (code ${code}) before printing its URL:\n${out}`));
    });
  });
  return { url, child };
}

export async function stopApp(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
  if (child.exitCode === null) child.kill('SIGKILL');
}

export function generatedScenario(users: number): string {
  return JSON.stringify({
    name: `Renderer bench: ${users} users`,
    description: 'Generated by bench/renderer.ts.',
    seed: 7,
    models: ['timeline'],
    graph: { kind: 'generator', users, avgFollows: 3, followerExponent: 2.1, attributes: { cities: 8, tags: 50, topics: 10, interestsPerUser: 3 } },
    workload: { durationSec: 600, tickMs: 100, postsPerSec: 20, readsPerSec: 50, pageSize: 20, cursorReadShare: 0.5, followsPerSec: 1, unfollowsPerSec: 0.5 },
    timeline: { preset: 'mastodon', mode: 'push' },
  });
}

/**
 * The app opened afresh on the scenario already loaded (a second tab, the engine idle): from
 * navigation to the first drawn graph frame, like the naive page's first frame, and the renderer's
 * part (view -> frame) without the engine loading the rest of the scenario meanwhile.
 */
async function reopen(browser: Browser, url: string, users: number): Promise<{ firstFrameMs: number; viewToFrameMs: number }> {
  const page = await browser.newPage({ viewport: VIEWPORT });
  try {
    await page.addInitScript(`${await probeScript()};\n${probeCall('watchView', users.toLocaleString('en-US'))}`);
    await page.goto(url, { waitUntil: 'commit' });
    const drawnAt = await callProbe(page, 'firstDrawn', SEL_APP, 'graph-view', DRAW_TIMEOUT_MS);
    const viewAt = (await callProbe(page, 'viewAt')) ?? NaN;
    return { firstFrameMs: drawnAt, viewToFrameMs: drawnAt - viewAt };
  } finally {
    await page.close();
  }
}

/** Waits until the app's first launch has loaded (or chosen not to load) its scenario. */
async function launched(page: Page): Promise<void> {
  await page.locator('.app[data-launch="done"]').waitFor({ timeout: 120_000 });
  await page.getByTestId('player-state').getByText(/^(empty|ready|paused|finished|error)$/).waitFor({ timeout: 120_000 });
}

export async function app(browser: Browser, url: string, file: string, users: number, log: (l: string) => void): Promise<Row> {
  const page = await browser.newPage({ viewport: VIEWPORT });
  await page.addInitScript(await probeScript());
  try {
    await page.goto(url);
    await page.getByTestId('status-bar').getByText('connected').waitFor({ timeout: 30_000 });
    // A first launch loads the flagship demo (issue 14): let that finish, so the figures below are
    // this file's load and draw alone, not the demo's too.
    await launched(page);
    // Note when the view reaches the page (the panel says "... of N users"), then the first drawn frame.
    await callProbe(page, 'watchView', users.toLocaleString('en-US'));
    const t0 = await page.evaluate<number>('performance.now()');
    await page.getByTestId('open-file-input').setInputFiles(file);
    const drawnAt = await callProbe(page, 'firstDrawn', SEL_APP, 'graph-view', DRAW_TIMEOUT_MS);
    const viewAt = (await callProbe(page, 'viewAt')) ?? NaN;
    const firstFrameMs = drawnAt - t0;
    const loadLong = await callProbe(page, 'longestTask', t0, drawnAt);
    const canvas = page.locator(SEL_APP);
    const drawnNodes = Number(await canvas.getAttribute('data-nodes'));
    const drawnEdges = Number(await canvas.getAttribute('data-edges'));
    await page.getByTestId('player-state').getByText(/^(ready|paused)$/).waitFor({ timeout: 60_000 });
    // With the engine idle (loaded, not playing): the app opened again, as the naive page opens.
    const again = await reopen(browser, url, users);
    await page.getByRole('combobox', { name: 'Speed' }).selectOption('1');
    await page.getByRole('button', { name: 'Play' }).click();
    await page.getByTestId('player-state').getByText('playing').waitFor({ timeout: 10_000 });
    const box = await canvas.boundingBox();
    if (!box) throw new Error('the graph canvas has no box');
    const mouse = await mousePanZoom(page, SEL_APP, box);
    const scripted = await scriptedTrials(page, SEL_APP);
    const stillPlaying = (await page.getByTestId('player-state').textContent()) === 'playing';
    await page.getByRole('button', { name: 'Pause' }).click().catch(() => undefined);
    const row: Row = { page: APP_PAGE, users, drawnNodes, drawnEdges, firstFrameMs, viewToFrameMs: drawnAt - viewAt, reopenFirstFrameMs: again.firstFrameMs, reopenViewToFrameMs: again.viewToFrameMs, mouse, scripted, longestTaskMs: Math.max(mouse.longestTaskMs, scripted.longestTaskMs), longestTaskLoadMs: loadLong };
    log(`  feedscope ${int(users)} users (${int(drawnNodes)} drawn): first frame ${int(firstFrameMs)} ms from choosing the file (view -> frame ${int(drawnAt - viewAt)} ms, while the engine loads the rest); reopened with the scenario loaded: ${int(again.firstFrameMs)} ms from navigation (view -> frame ${int(again.viewToFrameMs)} ms); ${motionText(mouse, scripted)}${stillPlaying ? '' : ' (the scenario stopped playing before the end)'}`);
    return row;
  } finally {
    await page.close();
  }
}
