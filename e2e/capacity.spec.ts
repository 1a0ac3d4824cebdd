/**
 * The Capacity tab (issue 13), driven like a person: open it, read the default projection (100M
 * users, 200 follows, 5e9 posts a day) for both models off the screen, change the inputs and see
 * the figures move, and look at both log-log plots. Screenshots at three window sizes. No
 * scenario is needed: the planner projects from the shipped calibration.
 */
import type { Locator, Page } from '@playwright/test';
import path from 'node:path';
import { ARTIFACTS, expect, gotoApp, shot, test } from './helpers.js';

const SIZES = [
  { width: 1024, height: 768 },
  { width: 1280, height: 720 },
  { width: 1920, height: 1080 },
];

const panel = (page: Page): Locator => page.getByTestId('panel-capacity');
const results = (page: Page): Locator => panel(page).getByTestId('capacity-results');
const cell = (page: Page, row: string, col: 1 | 2): Locator => results(page).locator('tbody tr', { has: page.getByRole('rowheader', { name: row, exact: true }) }).locator('td').nth(col - 1);

/** "3,724.4 GiB" -> bytes; "11.63M/s" -> 11630000. */
function amount(s: string): number {
  const m = /([\d,.]+)\s*(KiB|MiB|GiB|TiB|B\b|k\/s|M\/s|B\/s|\/s)?/.exec(s);
  if (!m) return NaN;
  const n = Number(m[1].replace(/,/g, ''));
  const k: Record<string, number> = { KiB: 2 ** 10, MiB: 2 ** 20, GiB: 2 ** 30, TiB: 2 ** 40, B: 1, 'k/s': 1e3, 'M/s': 1e6, 'B/s': 1e9, '/s': 1 };
  return n * (k[m[2] ?? '/s'] ?? 1);
}

async function openCapacity(page: Page): Promise<void> {
  await gotoApp(page);
  await page.getByRole('tab', { name: 'Capacity' }).click();
  await expect(panel(page)).toHaveAttribute('data-state', 'ready');
  await expect(results(page)).toBeVisible({ timeout: 20_000 });
}

test('the default fleet: memory, nodes, ZADDs/s and reads/s for both models', async ({ page }) => {
  await openCapacity(page);
  await expect(results(page).locator('thead')).toContainText('100,000,000 users');
  const tlMemory = amount(await cell(page, 'Redis memory, total', 1).innerText());
  const grMemory = amount(await cell(page, 'Redis memory, total', 2).innerText());
  // 1e8 feeds of up to 400 entries are terabytes, not gigabytes.
  expect(tlMemory).toBeGreaterThan(2 ** 40);
  expect(grMemory).toBeGreaterThan(2 ** 30);
  const nodes = Number(/^([\d,]+)/.exec(await cell(page, 'nodes (memory / ops)', 1).innerText())?.[1].replace(/,/g, ''));
  expect(nodes).toBeGreaterThan(10);
  // 5e9 posts a day at ~200 ZADDs each: about 11.6M ZADDs/s.
  const zadds = amount(await cell(page, 'fan-out ZADDs', 1).innerText());
  expect(zadds).toBeGreaterThan(5e6);
  expect(zadds).toBeLessThan(3e7);
  expect(amount(await cell(page, 'read commands', 1).innerText())).toBeGreaterThan(1e6);
  // Past the calibration's range, the figures say they extrapolate.
  await expect(cell(page, 'Redis memory, total', 1).locator('sup.extra')).toBeVisible();
  for (const id of ['capacity-memory-plot', 'capacity-commands-plot']) {
    const plot = panel(page).getByTestId(id);
    await expect(plot.locator('.recharts-line').first()).toBeVisible();
    await expect(plot.locator('.recharts-scatter-symbol').first()).toBeVisible();
  }
  await shot(panel(page), 'capacity-panel');
});

test('fewer users: the projection follows the inputs', async ({ page }) => {
  await openCapacity(page);
  const before = amount(await cell(page, 'Redis memory, total', 1).innerText());
  const form = panel(page).getByRole('form', { name: 'Capacity planner inputs' });
  await form.locator('input[name="users"]').fill('1e6');
  await form.locator('input[name="postsPerDay"]').fill('5e7');
  await panel(page).getByRole('button', { name: 'Project' }).click();
  await expect(results(page).locator('thead')).toContainText('1,000,000 users');
  const after = amount(await cell(page, 'Redis memory, total', 1).innerText());
  expect(after).toBeLessThan(before / 50);
  await form.locator('input[name="users"]').fill('lots');
  await form.locator('input[name="users"]').press('Enter');
  await expect(form.getByRole('alert')).toContainText('not a positive number');
});

test('screenshots at 1024x768, 1280x720 and 1920x1080', async ({ page }) => {
  await openCapacity(page);
  for (const size of SIZES) {
    await page.setViewportSize(size);
    await page.mouse.move(0, 0);
    await page.waitForTimeout(600);
    const name = `capacity-${size.width}x${size.height}`;
    await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`) });
    await shot(panel(page), `${name}-panel`);
  }
});
