/**
 * Correctness you can see (issue 20): the Causality tab on "Causal cones across replicas" (the
 * time-space diagram, a clicked event's cone, violations per strategy, the ShiViz export), the
 * Migration tab on "Gray migration: Timeline to Graph" (phase, share, mismatches, repairs), and
 * the Drift lab's cursor gaps on "Clock drift lab". Screenshots at 1024x768, 1280x720, 1920x1080.
 */
import type { Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ARTIFACTS, expect, gotoApp, loadScenario, pause, playUntil, ROOT, shot, test, type SampleScenario } from './helpers.js';

const sample = (file: string): SampleScenario => JSON.parse(readFileSync(path.join(ROOT, 'sample-graphs', file), 'utf8')) as SampleScenario;
const CAUSALITY = sample('causality.json');
const MIGRATION = sample('migration.json');
const DRIFT = sample('clock-drift.json');
const SIZES = [{ width: 1024, height: 768 }, { width: 1280, height: 720 }, { width: 1920, height: 1080 }];
const tab = (page: Page, name: string) => page.getByRole('tab', { name });
const num = (s: string | null): number => Number(/-?[\d,]+/.exec(s ?? '')?.[0].replace(/,/g, '') ?? NaN);

async function screenshots(page: Page, name: string, panelId: string): Promise<void> {
  for (const size of SIZES) {
    await page.setViewportSize(size);
    await page.waitForTimeout(700);
    await page.screenshot({ path: path.join(ARTIFACTS, `${name}-${size.width}x${size.height}.png`) });
    await shot(page.getByTestId(panelId), `${name}-${size.width}x${size.height}-panel`);
  }
}

test('Causality: lanes per node, a clicked event lights its cone, violations per strategy, a ShiViz log', async ({ page }) => {
  await gotoApp(page);
  await loadScenario(page, CAUSALITY);
  await tab(page, 'Causality').click();
  const panel = page.getByTestId('panel-causality');
  await expect(panel).toContainText('No events in this window yet');
  await playUntil(page, '5', 14);
  await pause(page);
  const diagram = panel.getByTestId('causality-diagram');
  await expect(diagram).toBeVisible();
  for (const n of ['west', 'central', 'east']) await expect(diagram).toContainText(n);
  const dots = diagram.locator('[data-kind]');
  await expect.poll(() => dots.count()).toBeGreaterThan(50);
  // Violations counted, per strategy: raw ms breaks causal order, the HLC does not.
  const cells = panel.getByTestId('causality-counts').locator('tbody tr').first().locator('td');
  await expect.poll(async () => num(await cells.nth(1).textContent()), { timeout: 20_000 }).toBeGreaterThan(0);
  expect(num(await cells.nth(4).textContent())).toBe(0);

  // Click a post in the middle of the window: its cone (everything before it) is lit, what came after or
  // concurrently is dimmed, and the DFS's cost is stated.
  const posts = diagram.locator('[data-kind=post]');
  const post = posts.nth(Math.floor((await posts.count()) / 2));
  // A dot drawn over this one (another post close in time) takes the click, as it would a person's: any cone will do.
  await post.click({ force: true });
  const cone = panel.getByTestId('causality-cone');
  await expect(cone).toContainText('Reverse DFS');
  await expect(cone).toContainText('O(|E| + |≺|)');
  expect(num((await cone.textContent())?.split(':')[1] ?? '')).toBeGreaterThan(10);
  await expect.poll(() => diagram.locator('g[opacity="1"]').count()).toBeGreaterThan(1);
  expect(await diagram.locator('g[opacity="0.18"]').count()).toBeGreaterThan(0);
  await expect(panel.getByRole('button', { name: 'follow live' })).toBeVisible();

  // The ShiViz export: regex line, blank line, host + clock, event.
  const download = page.waitForEvent('download');
  await panel.getByRole('button', { name: 'Export ShiViz log' }).click();
  const file = await (await download).path();
  const lines = readFileSync(file, 'utf8').split('\n');
  expect(lines[0]).toBe('(?<host>\\S*) (?<clock>{.*})\\n(?<event>.*)');
  expect(lines[1]).toBe('');
  expect(lines[2]).toMatch(/^(west|central|east) \{"/);
  await screenshots(page, 'causality', 'panel-causality');
});

test('Migration: phase, share switched, mismatches by kind over time, repairs', async ({ page }) => {
  await gotoApp(page);
  await loadScenario(page, MIGRATION);
  await tab(page, 'Migration').click();
  const panel = page.getByTestId('panel-migration');
  await expect(panel.getByTestId('migration-phase')).toHaveText('double write');
  await playUntil(page, '5', 34, 120_000);
  await pause(page);
  await expect(panel.getByTestId('migration-phase')).toHaveText('gray switch');
  const share = num(await panel.getByTestId('migration-share').textContent());
  expect(share).toBeGreaterThan(5);
  expect(share).toBeLessThan(100);
  const rows = panel.getByTestId('migration-kinds').locator('tbody tr');
  // Control vs control finds nothing: the last row's last cell.
  await expect(rows.last().locator('td').last()).toHaveText(/^0 of \d+/);
  await expect.poll(async () => num(await rows.last().locator('td').nth(1).textContent())).toBeGreaterThan(0);
  await expect(panel.getByTestId('migration-scheduled')).toBeVisible();
  await expect(panel).toContainText('LTRIM 0 1,000');
  await screenshots(page, 'migration', 'panel-migration');
});

test('Drift lab: what cursor readers skipped for good, per strategy and writer, and a feed with them marked', async ({ page }) => {
  await gotoApp(page);
  await loadScenario(page, DRIFT);
  await playUntil(page, '5', 12);
  await pause(page);
  await tab(page, 'Drift lab').click();
  const gaps = page.getByTestId('drift-gaps');
  await expect(gaps).toBeVisible();
  const raw = gaps.locator('tbody tr').first().locator('td');
  await expect.poll(async () => num(await raw.nth(1).textContent())).toBeGreaterThan(0);
  // The slow writer (west, -50 ms) is where they come from.
  expect(num(await raw.nth(2).textContent())).toBeGreaterThan(0);
  await expect(gaps.getByTestId('drift-gap-feed').locator('[data-state=skipped]').first()).toBeVisible();
  await page.setViewportSize(SIZES[1]);
  await gaps.scrollIntoViewIfNeeded();
  await shot(gaps, 'drift-gaps');
});
