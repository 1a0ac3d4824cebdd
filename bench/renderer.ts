/**
 * The graph view in headless Chromium (software rendering, no GPU), side by side with a naive
 * page in the same run: plain cytoscape (the repo's node_modules copy, inlined; default style,
 * 'random' layout: what a first attempt looks like) drawing 2,000 nodes / 6,000 edges and 20,000 /
 * 60,000, against Feedscope's graph view in the real app (browser mode) with generated 2k and 20k
 * user scenarios and sample-graphs/scale-100k.json. For each: time to first frame; frames per
 * second (requestAnimationFrame counted inside the page, and cytoscape's own draws) during ~5 s of
 * mouse wheel zoom + drag pan, then three runs of ~5 s of a scripted viewport change in every
 * frame (the first, cold, is checked; the others, warm, are reported beside it); and the
 * longest main-thread task (PerformanceObserver 'longtask') meanwhile, while the scenario plays.
 * Targets: fps >= 4x the naive page at both sizes (checked on the scripted runs' main-thread time
 * per frame, which the 60 Hz display does not cap), first frame < 1.5 s at 100k (checked on the
 * renderer's part, view -> frame, like the naive page whose data is inline: see run()), longest
 * main-thread task while playing <= 200 ms.
 */
import { chromium, type Browser, type CDPSession, type Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { round, type Bench, type BenchContext, type BenchOutcome } from './lib/bench.js';
import { fixed, int, table } from './lib/format.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const VIEWPORT = { width: 1280, height: 800 };
const START_TIMEOUT_MS = 90_000;
const DRAW_TIMEOUT_MS = 120_000;
const PAN_ZOOM_MS = 5000;
const SCRIPTED_ZOOM_PERIOD_MS = 2000;
const SCRIPTED_PAN_PERIOD_MS = 3000;
const SCRIPTED_PAN_PX = 120;
const SCRIPTED_TRIALS = 3;
const NAIVE_LAYOUT = 'random';
const TARGET_FPS_RATIO = 4;
const DISPLAY_HZ = 60;
const TARGET_FIRST_FRAME_MS = 1500;
const TARGET_LONG_TASK_MS = 200;
const SEL_APP = '[data-testid=graph-canvas]';
const SCALE_FILE = path.join(ROOT, 'sample-graphs', 'scale-100k.json');

interface Row {
  page: string;
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

/** Records long tasks from the page's start; the bench reads the maximum within a time window. */
const INIT_SCRIPT = `
  window.__longTasks = [];
  try { new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__longTasks.push([e.startTime, e.duration]); }).observe({ type: 'longtask', buffered: true }); } catch (e) {}
`;

/** Resolves (ms since navigation) at the first animation frame where the canvases under `sel` hold drawn pixels and `ready()` holds. */
function firstDrawnScript(sel: string, ready: string): string {
  return `new Promise((resolve, reject) => {
    const deadline = performance.now() + ${DRAW_TIMEOUT_MS};
    const drawn = () => {
      for (const c of document.querySelectorAll('${sel} canvas')) {
        if (c.width === 0 || c.height === 0) continue;
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        for (let i = 3; i < d.length; i += 64) if (d[i] !== 0) return true;
      }
      return false;
    };
    const tick = () => {
      if ((${ready})() && drawn()) return resolve(performance.now());
      if (performance.now() > deadline) return reject(new Error('the graph was not drawn within ${DRAW_TIMEOUT_MS / 1000} s'));
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  })`;
}

interface Motion {
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

/**
 * The page's cytoscape instance: cytoscape registers it on its container element
 * (`container._cyreg.cy`, set in the core's constructor and cleared on destroy), so both pages
 * are measured the same way and the app needs no debug hook.
 */
function cyOf(sel: string): string {
  return `(() => { const el = document.querySelector('${sel}'); const cy = el && el._cyreg && el._cyreg.cy; if (!cy) throw new Error('no cytoscape instance on ${sel}'); return cy; })()`;
}

/** Starts counting animation frames and cytoscape's drawn frames ('render' events) in the page; returns performance.now(). */
async function startCounting(page: Page, sel: string): Promise<number> {
  return (await page.evaluate(`(() => {
    const cy = ${cyOf(sel)};
    // A generation per count: the previous count's last callback may still be queued.
    const gen = (window.__countGen = (window.__countGen || 0) + 1);
    window.__frames = 0; window.__renders = 0; window.__counting = true;
    window.__onRender = () => { window.__renders++; };
    cy.on('render', window.__onRender);
    const f = () => { if (!window.__counting || window.__countGen !== gen) return; window.__frames++; requestAnimationFrame(f); };
    requestAnimationFrame(f);
    return performance.now();
  })()`)) as number;
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
  const [frames, renders, t1] = (await page.evaluate(`(() => {
    window.__counting = false;
    ${cyOf(sel)}.off('render', window.__onRender);
    return [window.__frames, window.__renders, performance.now()];
  })()`)) as [number, number, number];
  const s = (t1 - t0) / 1000;
  const taskMsPerFrame = ((await taskMs(page)) - busy0) / Math.max(1, frames);
  return { fps: frames / s, frames, rendersPerSec: renders / s, longestTaskMs: await longestTask(page, t0, t1), taskMsPerFrame, uncappedFps: 1000 / taskMsPerFrame };
}

/**
 * ~PAN_ZOOM_MS of mouse wheel zoom in/out and background drags at the centre of `box`. Playwright's
 * input events are sparse (a few per frame at most), so the page is idle between them and rAF runs
 * near the display rate whatever the view costs: this measures responsiveness, not drawing speed.
 */
async function mousePanZoom(page: Page, sel: string, box: { x: number; y: number; width: number; height: number }): Promise<Motion> {
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  await page.mouse.move(cx, cy);
  await page.evaluate(`(() => { const cy = ${cyOf(sel)}; window.__vp0 = { zoom: cy.zoom(), pan: { ...cy.pan() } }; })()`);
  const busy0 = await taskMs(page);
  const t0 = await startCounting(page, sel);
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
 * ~PAN_ZOOM_MS in which every animation frame sets a new viewport (the same script on both pages):
 * from the page's first view (as before the mouse run), zoom oscillating between 1/2 and 2x of it
 * about the centre (period SCRIPTED_ZOOM_PERIOD_MS) with a circling pan. The view must redraw in
 * every frame, so the frame rate is what drawing costs (capped by the display rate: see the
 * main-thread time per frame). Cytoscape's gesture shortcuts (textureOnViewport,
 * hideEdgesOnViewport) apply to user gestures only, not to cy.viewport().
 */
/**
 * SCRIPTED_TRIALS scripted runs of the same script. The first is the checked one: it is where a
 * page draws zoom levels it has not drawn yet (cold), like the issue's reference figures for the
 * naive page. The later runs pass the same zoom levels again, and cytoscape's layer bitmaps from
 * the first make the naive page several times cheaper (warm): their median ms per frame is
 * reported beside it. The longest task is the worst of all runs.
 */
async function scriptedTrials(page: Page, sel: string): Promise<Motion> {
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

async function scriptedPanZoom(page: Page, sel: string): Promise<Motion> {
  // Both pages start from their own first view (the mouse run left the zoom wherever it ended).
  await page.evaluate(`(() => { const cy = ${cyOf(sel)}; if (window.__vp0) cy.viewport(window.__vp0); })()`);
  await page.waitForTimeout(500);
  const busy0 = await taskMs(page);
  const t0 = await startCounting(page, sel);
  await page.evaluate(`new Promise((resolve) => {
    const cy = ${cyOf(sel)};
    const el = cy.container();
    const w = el.clientWidth, h = el.clientHeight;
    const z0 = cy.zoom(), p0 = { ...cy.pan() };
    const start = performance.now();
    const step = (now) => {
      const t = now - start;
      if (t >= ${PAN_ZOOM_MS}) { cy.viewport({ zoom: z0, pan: p0 }); return resolve(); }
      const k = Math.pow(2, Math.sin((2 * Math.PI * t) / ${SCRIPTED_ZOOM_PERIOD_MS}));
      const a = (2 * Math.PI * t) / ${SCRIPTED_PAN_PERIOD_MS};
      // Zoom about the centre: the model point under it stays put, then the pan circles.
      const zoom = Math.min(cy.maxZoom(), Math.max(cy.minZoom(), z0 * k));
      const f = zoom / z0;
      cy.viewport({ zoom, pan: { x: w / 2 - (w / 2 - p0.x) * f + ${SCRIPTED_PAN_PX} * Math.cos(a), y: h / 2 - (h / 2 - p0.y) * f + ${SCRIPTED_PAN_PX} * Math.sin(a) } });
      requestAnimationFrame(step);
    };
    requestAnimationFrame(step);
  })`);
  return stopCounting(page, sel, t0, busy0);
}

/** A longest task in ms; the longtask API reports only tasks of 50 ms and more. */
function taskText(ms: number): string {
  return ms === 0 ? '< 50' : int(ms);
}

function motionText(r: Row): string {
  const m = (x: Motion): string => `${fixed(x.fps, 1)} fps (${x.frames} frames, ${fixed(x.rendersPerSec, 1)} draws/s; ${fixed(x.taskMsPerFrame, 1)} ms of main thread per frame = ${fixed(x.uncappedFps, 1)} fps uncapped), longest task ${taskText(x.longestTaskMs)} ms`;
  return `mouse: ${m(r.mouse)}; scripted: ${m(r.scripted)}`;
}

async function longestTask(page: Page, from: number, to: number): Promise<number> {
  return (await page.evaluate(`window.__longTasks.filter(([s, d]) => s + d >= ${from} && s <= ${to}).reduce((m, [, d]) => Math.max(m, d), 0)`)) as number;
}

// ---- the naive page ----

function naiveHtml(nodes: number, edges: number): string {
  const lib = readFileSync(path.join(ROOT, 'node_modules', 'cytoscape', 'dist', 'cytoscape.min.js'), 'utf8');
  // A seeded random graph of the same size; cytoscape's defaults otherwise.
  return `<!doctype html><html><head><meta charset="utf-8"><style>html,body{margin:0;height:100%}#cy{width:100%;height:100%}</style>
<script>${INIT_SCRIPT}</script><script>${lib}</script></head><body><div id="cy"></div><script>
let s = 12345; const rnd = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
const els = [];
for (let i = 0; i < ${nodes}; i++) els.push({ data: { id: 'n' + i } });
for (let e = 0; e < ${edges}; e++) { const a = Math.floor(rnd() * ${nodes}); let b = Math.floor(rnd() * ${nodes}); if (b === a) b = (a + 1) % ${nodes}; els.push({ data: { id: 'e' + e, source: 'n' + a, target: 'n' + b } }); }
window.cy = cytoscape({ container: document.getElementById('cy'), elements: els, layout: { name: '${NAIVE_LAYOUT}' } });
</script></body></html>`;
}

async function naive(browser: Browser, dir: string, nodes: number, edges: number, log: (l: string) => void): Promise<Row> {
  const file = path.join(dir, `naive-${nodes}.html`);
  writeFileSync(file, naiveHtml(nodes, edges));
  const page = await browser.newPage({ viewport: VIEWPORT });
  try {
    await page.goto(pathToFileURL(file).href, { waitUntil: 'commit' });
    const firstFrameMs = (await page.evaluate(firstDrawnScript('#cy', '() => !!window.cy'))) as number;
    const loadLong = await longestTask(page, 0, firstFrameMs);
    const box = { x: 0, y: 0, width: VIEWPORT.width, height: VIEWPORT.height };
    const mouse = await mousePanZoom(page, '#cy', box);
    const scripted = await scriptedTrials(page, '#cy');
    const row: Row = { page: 'naive cytoscape', users: nodes, drawnNodes: nodes, drawnEdges: edges, firstFrameMs, viewToFrameMs: null, reopenFirstFrameMs: null, reopenViewToFrameMs: null, mouse, scripted, longestTaskMs: Math.max(mouse.longestTaskMs, scripted.longestTaskMs), longestTaskLoadMs: loadLong };
    log(`  naive ${int(nodes)} nodes: first frame ${int(firstFrameMs)} ms; ${motionText(row)}`);
    return row;
  } finally {
    await page.close();
  }
}

// ---- the app ----

async function startApp(): Promise<{ url: string; child: ChildProcess }> {
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

async function stopApp(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
  if (child.exitCode === null) child.kill('SIGKILL');
}

function generatedScenario(users: number): string {
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

/** Sets window.__viewAt (performance.now()) when the graph panel shows a view of `total` users ("... of N users"). */
function viewWatch(total: string): string {
  return `(() => {
    window.__viewAt = null;
    const check = () => {
      const g = document.querySelector('[data-testid=graph-canvas]');
      const s = document.querySelector('[data-testid=graph-shown]');
      if (window.__viewAt === null && g && Number(g.dataset.nodes) > 0 && s && s.textContent.includes('${total} users')) window.__viewAt = performance.now();
    };
    new MutationObserver(check).observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
  })()`;
}

/**
 * The app opened afresh on the scenario already loaded (a second tab, the engine idle): from
 * navigation to the first drawn graph frame, like the naive page's first frame, and the renderer's
 * part (view -> frame) without the engine loading the rest of the scenario meanwhile.
 */
async function reopen(browser: Browser, url: string, users: number): Promise<{ firstFrameMs: number; viewToFrameMs: number }> {
  const page = await browser.newPage({ viewport: VIEWPORT });
  try {
    await page.addInitScript(`${INIT_SCRIPT};\n${viewWatch(users.toLocaleString('en-US'))}`);
    await page.goto(url, { waitUntil: 'commit' });
    const drawnAt = (await page.evaluate(firstDrawnScript(SEL_APP, '() => window.__viewAt !== null'))) as number;
    const viewAt = (await page.evaluate('window.__viewAt')) as number;
    return { firstFrameMs: drawnAt, viewToFrameMs: drawnAt - viewAt };
  } finally {
    await page.close();
  }
}

async function app(browser: Browser, url: string, file: string, users: number, log: (l: string) => void): Promise<Row> {
  const page = await browser.newPage({ viewport: VIEWPORT });
  await page.addInitScript(INIT_SCRIPT);
  try {
    await page.goto(url);
    await page.getByTestId('status-bar').getByText('connected').waitFor({ timeout: 30_000 });
    // Note when the view reaches the page (the panel says "... of N users"), then the first drawn frame.
    const total = users.toLocaleString('en-US');
    await page.evaluate(viewWatch(total));
    const t0 = (await page.evaluate('performance.now()')) as number;
    await page.getByTestId('open-file-input').setInputFiles(file);
    const drawnAt = (await page.evaluate(firstDrawnScript('[data-testid=graph-canvas]', '() => window.__viewAt !== null'))) as number;
    const viewAt = (await page.evaluate('window.__viewAt')) as number;
    const firstFrameMs = drawnAt - t0;
    const loadLong = await longestTask(page, t0, drawnAt);
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
    const row: Row = { page: 'feedscope view', users, drawnNodes, drawnEdges, firstFrameMs, viewToFrameMs: drawnAt - viewAt, reopenFirstFrameMs: again.firstFrameMs, reopenViewToFrameMs: again.viewToFrameMs, mouse, scripted, longestTaskMs: Math.max(mouse.longestTaskMs, scripted.longestTaskMs), longestTaskLoadMs: loadLong };
    log(`  feedscope ${int(users)} users (${int(drawnNodes)} drawn): first frame ${int(firstFrameMs)} ms from choosing the file (view -> frame ${int(drawnAt - viewAt)} ms, while the engine loads the rest); reopened with the scenario loaded: ${int(again.firstFrameMs)} ms from navigation (view -> frame ${int(again.viewToFrameMs)} ms); ${motionText(row)}${stillPlaying ? '' : ' (the scenario stopped playing before the end)'}`);
    return row;
  } finally {
    await page.close();
  }
}

async function run(ctx: BenchContext): Promise<BenchOutcome> {
  if (!existsSync(CHROMIUM)) return { figures: {}, headlines: [], status: `not run: ${CHROMIUM} is missing (apt-get install -y chromium, or set CHROMIUM_PATH; never \`npx playwright install\`)` };
  const dir = mkdtempSync(path.join(tmpdir(), 'feedscope-renderer-'));
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
  const rows: Row[] = [];
  let child: ChildProcess | undefined;
  try {
    ctx.log(`naive page: cytoscape ${NAIVE_LAYOUT} layout, default style; viewport ${VIEWPORT.width}x${VIEWPORT.height}; each page: ${PAN_ZOOM_MS / 1000} s of mouse wheel zoom + drag pan, then ${SCRIPTED_TRIALS} x ${PAN_ZOOM_MS / 1000} s of a scripted viewport per frame (the first checked: cold)`);
    rows.push(await naive(browser, dir, 2000, 6000, ctx.log));
    rows.push(await naive(browser, dir, 20000, 60000, ctx.log));
    const started = await startApp();
    child = started.child;
    for (const users of [2000, 20000]) {
      const file = path.join(dir, `renderer-${users}.json`);
      writeFileSync(file, generatedScenario(users));
      rows.push(await app(browser, started.url, file, users, ctx.log));
    }
    const scaleUsers = (JSON.parse(readFileSync(SCALE_FILE, 'utf8')) as { graph: { users: number } }).graph.users;
    if (!ctx.quick) rows.push(await app(browser, started.url, SCALE_FILE, scaleUsers, ctx.log));
  } finally {
    await browser.close();
    if (child) await stopApp(child);
    rmSync(dir, { recursive: true, force: true });
  }

  ctx.log('');
  const dash = (x: number | null): string => (x === null ? '-' : int(x));
  ctx.log(table(['page', 'users', 'drawn nodes', 'drawn edges', 'first frame ms', 'view->frame ms', 'reopen ms', 'reopen view->frame ms', 'fps mouse', 'fps scripted', 'ms/frame scripted', 'fps uncapped', 'longest task ms (motion)', 'longest task ms (load)'],
    rows.map((r) => [r.page, int(r.users), int(r.drawnNodes), int(r.drawnEdges), int(r.firstFrameMs), dash(r.viewToFrameMs), dash(r.reopenFirstFrameMs), dash(r.reopenViewToFrameMs), fixed(r.mouse.fps, 1), fixed(r.scripted.fps, 1), fixed(r.scripted.taskMsPerFrame, 1), fixed(r.scripted.uncappedFps, 1), taskText(r.longestTaskMs), taskText(r.longestTaskLoadMs)])));
  const find = (p: string, u: number): Row | undefined => rows.find((r) => r.page === p && r.users === u);
  const notes: string[] = [
    `naive page: plain cytoscape, default style, '${NAIVE_LAYOUT}' layout, seeded random edges; first frame there is from navigation (data inline). Feedscope: first frame from choosing the file (engine load included), view->frame the renderer's part of it (while the engine loads the rest); reopen = a second tab opened on the loaded scenario (engine idle), navigation -> first drawn frame, and its view->frame.`,
    `fps = animation frames per second in the page (draws/s, cytoscape's own count, in the log). Mouse: Playwright wheel/drag events, sparse, so the page idles between them and fps stays near the display rate whatever a frame costs. Scripted: a new viewport every animation frame, the same script on both pages, so every frame is drawn; ${SCRIPTED_TRIALS} runs per page, the first one (cold: zoom levels not drawn before) checked and in the table, the median of the others (warm) beside it; ms/frame = the page's main-thread task time per frame (CDP Performance TaskDuration, the playing app's other work included) and fps uncapped = 1000 / ms/frame, the rate without the ${DISPLAY_HZ} Hz display cap. The fps target is checked on fps uncapped: a view already at the cap cannot show a 4x ratio in frames per second.`,
  ];
  const headlines: BenchOutcome['headlines'] = [];
  const ratios: Record<string, number> = {};
  for (const u of [2000, 20000]) {
    const n = find('naive cytoscape', u);
    const f = find('feedscope view', u);
    if (!n || !f) continue;
    const mouse = f.mouse.fps / Math.max(n.mouse.fps, 1e-9);
    const scripted = f.scripted.fps / Math.max(n.scripted.fps, 1e-9);
    const uncapped = f.scripted.uncappedFps / Math.max(n.scripted.uncappedFps, 1e-9);
    Object.assign(ratios, { [`fps${u}Mouse`]: round(mouse, 2), [`fps${u}Scripted`]: round(scripted, 2), [`fps${u}Uncapped`]: round(uncapped, 2) });
    const verdict = uncapped >= TARGET_FPS_RATIO ? 'met' : 'MISSED';
    ctx.log(`fps ratio at ${int(u)}, scripted, uncapped (target checked): Feedscope ${fixed(f.scripted.uncappedFps, 1)} / naive ${fixed(n.scripted.uncappedFps, 1)} = ${fixed(uncapped, 2)}x (target >= ${TARGET_FPS_RATIO}x: ${verdict}); scripted fps: ${fixed(f.scripted.fps, 1)} / ${fixed(n.scripted.fps, 1)} = ${fixed(scripted, 2)}x; mouse-driven: ${fixed(f.mouse.fps, 1)} / ${fixed(n.mouse.fps, 1)} = ${fixed(mouse, 2)}x`);
    headlines.push({ label: `fps vs naive at ${int(u)}`, value: `uncapped ${fixed(uncapped, 2)}x (target >= ${TARGET_FPS_RATIO}x ${verdict}); scripted ${fixed(scripted, 2)}x (${fixed(f.scripted.fps, 1)} vs ${fixed(n.scripted.fps, 1)} fps); mouse ${fixed(mouse, 2)}x` });
    if (verdict === 'MISSED') notes.push(`target missed: uncapped fps ratio at ${u} users is ${fixed(uncapped, 2)}x (< ${TARGET_FPS_RATIO}x).`);
    if (n.scripted.warmMsPerFrame !== undefined && f.scripted.warmMsPerFrame !== undefined) {
      const warm = n.scripted.warmMsPerFrame / Math.max(f.scripted.warmMsPerFrame, 1e-9);
      ratios[`fps${u}Warm`] = round(warm, 2);
      ctx.log(`  warm (scripted runs 2-${SCRIPTED_TRIALS}, the same zoom levels again): naive ${fixed(n.scripted.warmMsPerFrame, 1)} ms/frame, Feedscope ${fixed(f.scripted.warmMsPerFrame, 1)} ms/frame = ${fixed(warm, 2)}x`);
      notes.push(`warm at ${u} users: once cytoscape has drawn a zoom level, its layer bitmaps make the naive page ${fixed(n.scripted.taskMsPerFrame / n.scripted.warmMsPerFrame, 1)}x cheaper (${fixed(n.scripted.taskMsPerFrame, 1)} -> ${fixed(n.scripted.warmMsPerFrame, 1)} ms/frame); Feedscope's ${fixed(f.scripted.warmMsPerFrame, 1)} ms/frame holds the playing app's other work (feeds, charts, pulses), which the naive page does not have: warm ratio ${fixed(warm, 2)}x, not the checked figure.`);
    }
    if (n.scripted.fps * TARGET_FPS_RATIO > DISPLAY_HZ) notes.push(`at ${u} users the naive page reaches ${fixed(n.scripted.fps, 1)} fps when redrawing every frame: ${TARGET_FPS_RATIO}x of it exceeds the ${DISPLAY_HZ} Hz cap, so the scripted fps ratio (${fixed(scripted, 2)}x) is capped.`);
  }
  const big = rows.find((r) => r.page === 'feedscope view' && r.users > 20000);
  const firstFrame: Record<string, unknown> = {};
  if (big && big.reopenFirstFrameMs !== null && big.viewToFrameMs !== null && big.reopenViewToFrameMs !== null) {
    // The renderer's part, in both situations; the worse one is checked.
    const checked = Math.max(big.viewToFrameMs, big.reopenViewToFrameMs);
    const ok = checked < TARGET_FIRST_FRAME_MS;
    const engineMs = big.firstFrameMs - big.viewToFrameMs;
    const why = `checked on view -> frame, the renderer's time from the graph view arriving to its first drawn frame (the worse of: during the load, ${int(big.viewToFrameMs)} ms, sharing the 2 cores with the engine filling Redis and the graph store; and in a second tab opened on the loaded scenario, ${int(big.reopenViewToFrameMs)} ms): it is what the naive page's first frame measures, its data being inline. From choosing the file (${int(big.firstFrameMs)} ms) also holds the engine generating the scenario's follow graph (${int(engineMs)} ms until the view arrived), which no renderer change removes; from navigation in the second tab (${int(big.reopenFirstFrameMs)} ms) also holds loading the app, connecting and the engine computing the sampled view`;
    ctx.log(`first frame at ${int(big.users)} users: view -> frame ${int(checked)} ms (target < ${TARGET_FIRST_FRAME_MS} ms: ${ok ? 'met' : 'MISSED'}); from choosing the file ${int(big.firstFrameMs)} ms; a second tab on the loaded scenario: ${int(big.reopenFirstFrameMs)} ms from navigation`);
    ctx.log(`  (${why})`);
    headlines.push({ label: `first frame at ${int(big.users)}`, value: `view->frame ${int(checked)} ms (target < ${TARGET_FIRST_FRAME_MS} ms ${ok ? 'met' : 'MISSED'}); from choosing the file ${int(big.firstFrameMs)} ms; new tab ${int(big.reopenFirstFrameMs)} ms from navigation` });
    notes.push(`first frame: ${why}.`);
    if (!ok) notes.push(`target missed: the renderer took ${int(checked)} ms from the graph view to the first frame at ${big.users} users.`);
    Object.assign(firstFrame, {
      checkedOn: 'max(viewToFrameMs, reopenViewToFrameMs)', users: big.users, checkedMs: round(checked, 1), viewToFrameWhileLoadingMs: round(big.viewToFrameMs, 1),
      reopenViewToFrameMs: round(big.reopenViewToFrameMs, 1), reopenFromNavigationMs: round(big.reopenFirstFrameMs, 1), fromFileMs: round(big.firstFrameMs, 1), engineMs: round(engineMs, 1), met: ok, why,
    });
  } else notes.push('the 100k scenario was not run (--quick).');
  const ours = rows.filter((r) => r.page === 'feedscope view');
  const worst = Math.max(0, ...ours.map((r) => r.longestTaskMs));
  const okTask = worst <= TARGET_LONG_TASK_MS;
  ctx.log(`longest main-thread task while playing (Feedscope, mouse + scripted, all sizes): ${int(worst)} ms [${ours.map((r) => `${int(r.users)}: ${taskText(r.longestTaskMs)}`).join(', ')}] (target <= ${TARGET_LONG_TASK_MS} ms: ${okTask ? 'met' : 'MISSED'})`);
  headlines.push({ label: 'longest task while playing', value: `${int(worst)} ms (target <= ${TARGET_LONG_TASK_MS} ms ${okTask ? 'met' : 'MISSED'})` });
  if (!okTask) notes.push(`target missed: longest main-thread task while playing was ${int(worst)} ms (> ${TARGET_LONG_TASK_MS} ms).`);
  const motion = (m: Motion) => ({ fps: round(m.fps, 2), frames: m.frames, rendersPerSec: round(m.rendersPerSec, 2), longestTaskMs: round(m.longestTaskMs, 1), taskMsPerFrame: round(m.taskMsPerFrame, 2), uncappedFps: round(m.uncappedFps, 1), ...(m.trialsMsPerFrame ? { trialsMsPerFrame: m.trialsMsPerFrame, warmMsPerFrame: round(m.warmMsPerFrame ?? NaN, 2) } : {}) });
  return {
    figures: {
      viewport: VIEWPORT, panZoomMs: PAN_ZOOM_MS, naiveLayout: NAIVE_LAYOUT,
      scripted: { zoomPeriodMs: SCRIPTED_ZOOM_PERIOD_MS, panPeriodMs: SCRIPTED_PAN_PERIOD_MS, panPx: SCRIPTED_PAN_PX, trials: SCRIPTED_TRIALS },
      rows: rows.map((r) => ({ ...r, firstFrameMs: round(r.firstFrameMs, 1), viewToFrameMs: r.viewToFrameMs === null ? null : round(r.viewToFrameMs, 1), reopenFirstFrameMs: r.reopenFirstFrameMs === null ? null : round(r.reopenFirstFrameMs, 1), reopenViewToFrameMs: r.reopenViewToFrameMs === null ? null : round(r.reopenViewToFrameMs, 1), mouse: motion(r.mouse), scripted: motion(r.scripted), longestTaskMs: round(r.longestTaskMs, 1), longestTaskLoadMs: round(r.longestTaskLoadMs, 1) })),
      ratios, fpsRatioCheckedOn: 'uncapped (first scripted run, cold: 1000 / main-thread ms per frame)', firstFrame, longestTaskWhilePlayingMs: round(worst, 1),
      targets: { fpsRatio: TARGET_FPS_RATIO, firstFrameMs: TARGET_FIRST_FRAME_MS, longTaskMs: TARGET_LONG_TASK_MS },
    },
    headlines,
    notes,
  };
}

export const rendererBench: Bench = { name: 'renderer', title: 'graph view in headless Chromium vs a naive cytoscape page: fps, first frame, longest task', run };
