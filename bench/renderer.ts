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
 * main-thread task while playing <= 50 ms at every size (issue 19: 2k, 20k and 100k users; the
 * longtask API reports tasks of 50 ms and more only, so "< 50" meets it). The naive page is not
 * run at 100k (20k already takes it seconds per frame); --quick skips the 100k row, and the check
 * then says so.
 *
 * Here: the run, the targets and the figures. graphView/pages.ts opens the two pages,
 * graphView/motion.ts moves them and counts; the code that runs inside the pages is
 * browser/probe.mts, compiled with the DOM types (browser/tsconfig.json) and bundled by
 * graphView/probe.ts.
 */
import { chromium } from '@playwright/test';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import type { RendererFigures } from '../engine/index.js';
import { round, type Bench, type BenchContext, type BenchOutcome, type Headline } from './lib/bench.js';
import { fixed, int, table } from './lib/format.js';
import { PAN_ZOOM_MS, SCRIPTED_PAN_PERIOD_MS, SCRIPTED_PAN_PX, SCRIPTED_TRIALS, SCRIPTED_ZOOM_PERIOD_MS, taskText, type Motion } from './graphView/motion.js';
import { APP_PAGE, app, generatedScenario, NAIVE_LAYOUT, NAIVE_PAGE, naive, ROOT, startApp, stopApp, VIEWPORT, type Row } from './graphView/pages.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const TARGET_FPS_RATIO = 4;
const DISPLAY_HZ = 60;
const TARGET_FIRST_FRAME_MS = 1500;
const TARGET_LONG_TASK_MS = 50;
const SCALE_FILE = path.join(ROOT, 'sample-graphs', 'scale-100k.json');

async function run(ctx: BenchContext): Promise<BenchOutcome<RendererFigures>> {
  if (!existsSync(CHROMIUM)) return { figures: {}, headlines: [], status: `not run: ${CHROMIUM} is missing (apt-get install -y chromium, or set CHROMIUM_PATH; never \`npx playwright install\`)` };
  const dir = mkdtempSync(path.join(tmpdir(), 'feedscope-renderer-'));
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
  const rows: Row[] = [];
  const scaleUsers = (JSON.parse(readFileSync(SCALE_FILE, 'utf8')) as { graph: { users: number } }).graph.users;
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
  const headlines: Headline[] = [];
  const ratios: Record<string, number> = {};
  for (const u of [2000, 20000]) {
    const n = find(NAIVE_PAGE, u);
    const f = find(APP_PAGE, u);
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
  const big = rows.find((r) => r.page === APP_PAGE && r.users > 20000);
  let firstFrame: RendererFigures['firstFrame'] = null;
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
    firstFrame = {
      checkedOn: 'max(viewToFrameMs, reopenViewToFrameMs)', users: big.users, checkedMs: round(checked, 1), viewToFrameWhileLoadingMs: round(big.viewToFrameMs, 1),
      reopenViewToFrameMs: round(big.reopenViewToFrameMs, 1), reopenFromNavigationMs: round(big.reopenFirstFrameMs, 1), fromFileMs: round(big.firstFrameMs, 1), engineMs: round(engineMs, 1), met: ok, why,
    };
  } else notes.push('the 100k scenario was not run (--quick).');
  const ours = rows.filter((r) => r.page === APP_PAGE);
  const worst = Math.max(0, ...ours.map((r) => r.longestTaskMs));
  const okTask = worst <= TARGET_LONG_TASK_MS;
  const sizes = ours.map((r) => `${int(r.users)}: ${taskText(r.longestTaskMs)}`).join(', ');
  const partial = big ? '' : `; ${int(scaleUsers)} users not run (--quick)`;
  ctx.log(`longest main-thread task while playing (Feedscope, mouse + scripted): ${taskText(worst)} ms [${sizes}${partial}] (target <= ${TARGET_LONG_TASK_MS} ms at every size: ${okTask ? 'met' : 'MISSED'})`);
  headlines.push({ label: 'longest task while playing', value: `${taskText(worst)} ms [${sizes}${partial}] (target <= ${TARGET_LONG_TASK_MS} ms ${okTask ? 'met' : 'MISSED'})` });
  for (const r of ours) if (r.longestTaskMs > TARGET_LONG_TASK_MS) notes.push(`target missed: longest main-thread task while playing at ${int(r.users)} users was ${int(r.longestTaskMs)} ms (> ${TARGET_LONG_TASK_MS} ms; mouse ${taskText(r.mouse.longestTaskMs)}, scripted ${taskText(r.scripted.longestTaskMs)}).`);
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

export const rendererBench: Bench<'renderer'> = { name: 'renderer', title: 'graph view in headless Chromium vs a naive cytoscape page: fps, first frame, longest task', run };
