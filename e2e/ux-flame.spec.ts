/**
 * Issue 14, the flame graph: wheel zoom around the pointer, keyboard zoom and pan while the graph
 * has focus (and the app's → step shortcut left alone then), the time axis of the time-ordered
 * view, and the sandwich view (a function's callers above, its callees below). On the flagship
 * demo the first launch loads; screenshots at each window size. And the hybrid Timeline feed's
 * key link, which opened the label `fs:outbox:* (hybrid)` (NO_SUCH_KEY): now the user's ZSET.
 */
import type { Locator, Page } from '@playwright/test';
import { expect, gotoApp, pause, playUntil, showUserWithFeed, simSeconds, test } from './helpers.js';
import { FLAGSHIP, shotsAtSizes } from './ux-helpers.js';

const tab = (page: Page, name: string) => page.getByRole('tab', { name });

/** The frame's name at a point of the graph, as a pointer would find it. */
async function frameAt(graph: Locator, fx: number): Promise<string> {
  return graph.evaluate((el, f) => {
    const r = el.getBoundingClientRect();
    const hit = document.elementFromPoint(r.left + f * r.width, r.top + 9 + 18);
    return hit?.textContent ?? '';
  }, fx);
}

test('flame graph: wheel and keyboard zoom, time axis, sandwich view', async ({ page }) => {
  test.setTimeout(180_000);
  await gotoApp(page);
  await playUntil(page, '5', 4);
  await pause(page);
  await tab(page, 'Flame graph').click();
  const panel = page.getByTestId('panel-flame');
  await expect(panel).toHaveAttribute('data-state', 'ready');
  const graph = panel.getByTestId('flame-graph');
  await expect.poll(async () => Number(await graph.getAttribute('data-frames'))).toBeGreaterThan(3);

  // Wheel: zooms in around the pointer, so the frame under it stays under it.
  const box = (await graph.boundingBox())!;
  const under = await frameAt(graph, 0.3);
  await page.mouse.move(box.x + 0.3 * box.width, box.y + 27);
  await page.mouse.wheel(0, -300);
  await expect(panel.getByTestId('flame-zoom')).toContainText(/showing [\d.]+–[\d.]+% \(2\.7×\)/);
  expect(await frameAt(graph, 0.3)).toBe(under);
  await page.mouse.wheel(0, 300);
  await expect(panel.getByTestId('flame-zoom')).toHaveCount(0);

  // Keys, with the graph focused: + zooms on the centre, → pans (and does not step the player), 0 resets.
  const t0 = await simSeconds(page);
  const zoomBox = panel.getByTestId('flame-zoom-box');
  await zoomBox.focus();
  await page.keyboard.press('+');
  await expect(panel.getByTestId('flame-zoom')).toContainText('showing 25.0–75.0% (2.0×)');
  await page.keyboard.press('ArrowRight');
  await expect(panel.getByTestId('flame-zoom')).toContainText('showing 30.0–80.0% (2.0×)');
  expect(await simSeconds(page)).toBe(t0);
  await page.keyboard.press('-');
  await expect(panel.getByTestId('flame-zoom')).toHaveCount(0);
  await page.keyboard.press('+');
  await page.keyboard.press('0');
  await expect(panel.getByTestId('flame-zoom')).toHaveCount(0);
  await shotsAtSizes(page, 'ux-flame');

  // Time order: an axis of the spans' real window, with ticks.
  await panel.getByRole('combobox', { name: 'Layout' }).selectOption('time-ordered');
  const axis = panel.getByTestId('flame-time-axis');
  await expect(axis).toBeVisible();
  const start = Number(await axis.getAttribute('data-start-ms'));
  const end = Number(await axis.getAttribute('data-end-ms'));
  expect(end).toBeGreaterThan(start);
  await expect(axis).toContainText(/[\d,]+ operations \(root spans\) from t = [\d.]+ s to [\d.]+ s of wall clock/);
  expect(await axis.getByTestId('flame-tick').count()).toBeGreaterThanOrEqual(2);
  await shotsAtSizes(page, 'ux-flame-time');

  // Sandwich: pick a Redis command; its callers sit above it, its callees below.
  await panel.getByRole('radio', { name: 'Sandwich' }).click();
  const rows = panel.getByTestId('sandwich-row');
  await expect.poll(() => rows.count()).toBeGreaterThan(3);
  const redis = rows.filter({ hasText: /redis\./ }).first();
  const name = ((await redis.locator('td').nth(2).textContent()) ?? '').trim();
  await redis.click();
  await expect(redis).toHaveClass(/picked/);
  const callers = panel.getByTestId('flame-callers');
  const callees = panel.getByTestId('flame-callees');
  await expect.poll(async () => Number(await callers.getAttribute('data-frames'))).toBeGreaterThan(1);
  expect(Number(await callees.getAttribute('data-frames'))).toBeGreaterThanOrEqual(1);
  // Inverted: the picked function is the lowest row of the callers graph, the top row of the callees.
  const lowest = await callers.locator('.fr').evaluateAll((els) => {
    const tops = els.map((e) => ({ top: parseFloat((e as HTMLElement).style.top), text: e.textContent ?? '' }));
    const max = Math.max(...tops.map((t) => t.top));
    return tops.filter((t) => t.top === max).map((t) => t.text);
  });
  expect(lowest).toEqual([name]);
  await expect(callees.locator('.fr').first()).toHaveText(name);
  await shotsAtSizes(page, 'ux-flame-sandwich');
});

test('hybrid Timeline feed: the key link opens the user\'s timeline ZSET, outboxes are named', async ({ page }) => {
  test.setTimeout(180_000);
  await gotoApp(page);
  const hybrid = { ...FLAGSHIP, name: 'Flagship, hybrid', timeline: { preset: 'mastodon', mode: 'hybrid', hybridFollowerThreshold: 20 } };
  await page.getByTestId('open-file-input').setInputFiles({ name: 'hybrid.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(hybrid)) });
  await expect(page.getByTestId('player-state')).toHaveText('ready', { timeout: 90_000 });
  await playUntil(page, '5', 6);
  await pause(page);
  await showUserWithFeed(page, 3, FLAGSHIP.graph.users);
  const key = page.getByTestId('feed-timeline').getByTestId('feed-key');
  await expect(key).toContainText('merged at read time');
  await expect(key).not.toContainText('*');
  await shotsAtSizes(page, 'ux-flame-hybrid-feed');
  const zset = key.getByRole('button', { name: /timeline/ });
  if ((await zset.count()) > 0) {
    const name = (await zset.textContent()) ?? '';
    await zset.click();
    const panel = page.getByTestId('panel-skiplist');
    await expect(panel).toHaveAttribute('data-state', 'ready', { timeout: 30_000 });
    await expect(panel).toContainText(name);
    // The Skiplist panel says each of its notes once (the article's 0.5^k error among them).
    const notes = (await panel.locator('p.note').allTextContents()).map((t) => t.trim());
    expect(notes.length).toBeGreaterThan(1);
    expect(new Set(notes).size).toBe(notes.length);
    expect(notes.filter((t) => t.includes('0.5^k'))).toHaveLength(1);
  } else {
    // No pushed author posted to this user yet: the outboxes are the links.
    const outbox = key.getByRole('button', { name: /outbox/ }).first();
    const name = (await outbox.textContent()) ?? '';
    await outbox.click();
    await expect(page.getByTestId('panel-keys')).toContainText(name);
  }
  await expect(page.getByText('NO_SUCH_KEY')).toHaveCount(0);
});
