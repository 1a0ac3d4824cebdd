/**
 * Feedscope in browser mode, driven like a person: load tiny-demo, play, watch the graph, feeds
 * and charts move, pause, step, reset; then open a malformed scenario and read the error. Each
 * test opens the app on a page of its own and loads (and plays) tiny-demo as far as it needs.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ARTIFACTS, expect, gotoApp, loadScenario, pause, playUntil, ROOT, shot, showUserWithFeed, simSeconds, test, userDiscs } from './helpers.js';
import { startHost } from './host.js';

const TINY_DEMO = JSON.parse(readFileSync(path.join(ROOT, 'sample-graphs', 'tiny-demo.json'), 'utf8')) as { name: string; models: string[]; graph: { users: number } };

test('opens with the flagship demo ready to play and lists the sample scenarios', async ({ page }) => {
  // A host of its own: the shared engine holds whatever scenario another test loaded, and nothing unloads one.
  const host = await startHost();
  try {
    await gotoApp(page, host.url);
    await expect(page.getByTestId('status-bar')).toContainText('connected');
    // A first launch loads "Timeline vs Graph" (issue 14): nothing played yet.
    await expect(page.getByTestId('player-state')).toHaveText('ready');
    await expect(page.getByTestId('panel-feeds')).toContainText('Click a user in the follow graph');
    await expect(page.getByTestId('panel-charts')).toContainText('No frames yet');
    await expect(page.getByRole('combobox', { name: 'Scenario' }).locator('option', { hasText: TINY_DEMO.name })).toHaveCount(1);
    await page.screenshot({ path: path.join(ARTIFACTS, 'app-empty.png') });
  } finally {
    // Away from the page before its host stops, so the lost connection is not an error of this test.
    await page.goto('about:blank');
    await host.stop();
  }
});

test('loads tiny-demo: the graph shows the scenario\'s users', async ({ page }) => {
  await gotoApp(page);
  await loadScenario(page, TINY_DEMO);
  const users = TINY_DEMO.graph.users;
  await expect(page.getByTestId('graph-shown')).toContainText(`showing all ${users} users`);
  await expect(page.getByTestId('graph-canvas')).toHaveAttribute('data-nodes', String(users));
  await expect(page.getByTestId('player-state')).toHaveText('ready');
  await expect(page.getByTestId('status-bar')).toContainText(/Redis \d+\.\d+.* private server/);
  expect(await simSeconds(page)).toBe(0);
});

test('plays: time runs, a clicked user\'s feeds fill, the charts move', async ({ page }) => {
  test.setTimeout(120_000);
  await gotoApp(page);
  await loadScenario(page, TINY_DEMO);
  // 1x: the 60 s scenario must not finish while a slow, shared machine runs the checks below.
  await page.getByRole('combobox', { name: 'Speed' }).selectOption('1');
  await page.getByRole('button', { name: 'Play' }).click();
  await expect(page.getByTestId('player-state')).toHaveText('playing');
  await expect.poll(() => simSeconds(page), { timeout: 15_000 }).toBeGreaterThan(3);
  await expect(page.getByTestId('events-per-sec')).toContainText(/\d events\/s/);

  // Click users on the canvas until one that follows somebody is selected.
  const discs = await userDiscs(page);
  expect(discs.length).toBeGreaterThan(5);
  const canvas = page.getByTestId('graph-canvas');
  const selection = page.getByTestId('graph-selection');
  let picked = false;
  for (const d of discs.slice(0, 15)) {
    await canvas.click({ position: d });
    const text = (await selection.textContent()) ?? '';
    const m = /follows (\d+)/.exec(text);
    if (m && Number(m[1]) > 0) {
      picked = true;
      break;
    }
  }
  expect(picked, 'no clicked user follows anybody').toBe(true);
  await expect(page.getByTestId('feeds-user')).toContainText('user #');
  // At least 3 items arrive while it plays (the user's followees may post slowly).
  await expect.poll(() => page.getByTestId('feed-timeline').getByTestId('feed-item').count(), { timeout: 45_000 }).toBeGreaterThanOrEqual(3);
  if (TINY_DEMO.models.includes('graph')) {
    // The graph model's feed fills when the user reads; its items carry their recall paths.
    await expect(page.getByTestId('feed-graph')).toHaveAttribute('data-state', 'ready');
    await expect(page.getByTestId('status-bar')).toContainText(/Graph store: (LadybugDB|Neo4j)/);
  } else {
    await expect(page.getByTestId('feed-graph')).toContainText('does not run the graph model');
  }

  const latency = page.getByTestId('chart-latency-timeline');
  const before = Number(await latency.getAttribute('data-points'));
  await expect.poll(async () => Number(await latency.getAttribute('data-points'))).toBeGreaterThan(before);
  await expect(latency.locator('.recharts-line path').first()).toBeVisible();
  await expect(page.getByTestId('chart-memory').locator('.recharts-line path').first()).toBeVisible();
  await page.screenshot({ path: path.join(ARTIFACTS, 'app-playing.png') });

  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(page.getByTestId('player-state')).toHaveText('paused');
  await shot(page.getByTestId('panel-graph'), 'panel-graph');
  await shot(page.getByTestId('panel-feeds'), 'panel-feeds');
  await shot(page.getByTestId('panel-charts'), 'panel-charts');
  await shot(page.getByRole('toolbar', { name: 'Player' }), 'toolbar');
  await shot(page.getByTestId('status-bar'), 'status-bar');
});

test('pause stops time; the right arrow steps one tick', async ({ page }) => {
  await gotoApp(page);
  await loadScenario(page, TINY_DEMO);
  await playUntil(page, '1', 1);
  await pause(page);

  await expect(page.getByTestId('player-state')).toHaveText('paused');
  const t0 = await simSeconds(page);
  await page.waitForTimeout(1500);
  expect(await simSeconds(page)).toBe(t0);

  await page.getByRole('heading', { name: 'Follow graph' }).click();
  await page.keyboard.press('ArrowRight');
  await expect.poll(() => simSeconds(page)).toBeCloseTo(t0 + 0.1, 5);
});

test('paging: the next page by offset and by cursor', async ({ page }) => {
  // Paused with a user shown whose Timeline feed has a second page of size 2: at least 3 items.
  await gotoApp(page);
  await loadScenario(page, TINY_DEMO);
  await playUntil(page, '10', 20);
  await pause(page);
  await showUserWithFeed(page, 3, TINY_DEMO.graph.users);

  const col = page.getByTestId('feed-timeline');
  await page.getByRole('combobox', { name: 'Page size' }).selectOption('2');
  await expect(col.getByTestId('feed-item')).toHaveCount(2);
  const firstPage = await col.getByTestId('feed-item').allTextContents();
  await col.getByRole('button', { name: 'Next ›' }).click();
  await expect(col).toContainText('page 2 (offset 2)');
  await expect(col.getByTestId('feed-item').first()).not.toHaveText(firstPage[0]);
  const byOffset = await col.getByTestId('feed-item').allTextContents();

  await page.getByRole('radio', { name: 'cursor' }).check();
  await expect(col).toContainText('page 1');
  await expect(col.getByTestId('feed-item')).toHaveText(firstPage);
  await col.getByRole('button', { name: 'Next ›' }).click();
  await expect(col).toContainText(/page 2 \(below score \d+/);
  // Paused, so both ways of paging see the same second page.
  await expect(col.getByTestId('feed-item')).toHaveText(byOffset);
  await col.getByRole('button', { name: '‹ Prev' }).click();
  await expect(col.getByTestId('feed-item')).toHaveText(firstPage);

  await page.getByRole('radio', { name: 'offset' }).check();
  await page.getByRole('combobox', { name: 'Page size' }).selectOption('10');
  await shot(page.getByTestId('panel-feeds'), 'panel-feeds-paged');
});

test('r resets: time back to 0, charts and feeds cleared', async ({ page }) => {
  // Played, so there are frames in the charts and items in a shown user's feed to clear.
  await gotoApp(page);
  await loadScenario(page, TINY_DEMO);
  await playUntil(page, '10', 10);
  await pause(page);
  await showUserWithFeed(page, 1, TINY_DEMO.graph.users);
  await expect(page.getByTestId('chart-throughput')).not.toContainText('No frames yet');

  await page.getByRole('heading', { name: 'Follow graph' }).click();
  await page.keyboard.press('r');
  await expect(page.getByTestId('player-state')).toHaveText('ready');
  expect(await simSeconds(page)).toBe(0);
  await expect(page.getByTestId('chart-throughput')).toContainText('No frames yet');
  await expect(page.getByTestId('feed-timeline')).toContainText('This feed is empty');
  await expect(page.getByTestId('graph-canvas')).toHaveAttribute('data-nodes', String(TINY_DEMO.graph.users));
});

test('space plays and pauses', async ({ page }) => {
  await gotoApp(page);
  await loadScenario(page, TINY_DEMO);
  await page.getByRole('heading', { name: 'Follow graph' }).click();
  await page.keyboard.press(' ');
  await expect(page.getByTestId('player-state')).toHaveText('playing');
  await expect.poll(() => simSeconds(page)).toBeGreaterThan(0);
  await page.keyboard.press(' ');
  await expect(page.getByTestId('player-state')).toHaveText('paused');
});

test('a malformed scenario file gives a readable error naming the JSON path', async ({ page }) => {
  await gotoApp(page);
  await loadScenario(page, TINY_DEMO);
  const bad = JSON.stringify({ ...TINY_DEMO, graph: { ...TINY_DEMO.graph, users: 'fifty' } }, null, 2);
  await page.getByTestId('open-file-input').setInputFiles({ name: 'broken-demo.json', mimeType: 'application/json', buffer: Buffer.from(bad) });
  const banner = page.getByTestId('error-banner');
  await expect(banner).toContainText('SCENARIO_INVALID');
  await expect(banner).toContainText('$.graph.users');
  await expect(banner).toContainText('broken-demo.json');
  await expect(banner).toContainText('Fix the file');
  // The previous scenario stays loaded.
  await expect(page.getByTestId('graph-shown')).toContainText(`showing all ${TINY_DEMO.graph.users} users`);
  await shot(page.locator('.banners'), 'error-banner');
  await banner.getByRole('button', { name: 'Dismiss' }).click();
  await expect(banner).toHaveCount(0);
});
