/**
 * The Cluster tab: "Tiny demo" loaded on a private Redis Cluster of 3 masters from the toolbar's
 * Redis menu, its nodes read off the screen while it plays, then 500 slots moved from master 0 to
 * master 1 with the form, like a person would. Screenshots at three window sizes. Each test opens
 * a page of its own and loads what it needs.
 */
import type { Locator, Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ARTIFACTS, expect, gotoApp, loadScenario, ROOT, shot, simSeconds, test } from './helpers.js';

const TINY_DEMO = JSON.parse(readFileSync(path.join(ROOT, 'sample-graphs', 'tiny-demo.json'), 'utf8')) as { name: string; graph: { users: number } };
const SLOTS = 16384;
const MOVED = 500;
const SIZES = [
  { width: 1024, height: 768 },
  { width: 1280, height: 720 },
  { width: 1920, height: 1080 },
];

/** The first number in a text ("5,461 slots" -> 5461). */
const num = (s: string | null): number => Number(/-?[\d,]+(\.\d+)?/.exec(s ?? '')?.[0].replace(/,/g, '') ?? NaN);
const panel = (page: Page): Locator => page.getByTestId('panel-cluster');
const nodes = (page: Page): Locator => panel(page).getByTestId('cluster-node');
const slotCounts = async (page: Page): Promise<number[]> => (await nodes(page).getByTestId('node-slots').allTextContents()).map(num);
const keyCounts = async (page: Page): Promise<number[]> => (await nodes(page).getByTestId('node-keys').allTextContents()).map(num);
const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);

/** A page of its own with Tiny demo loaded on `redis` (a label of the Redis menu), the Cluster tab open. */
async function openOn(page: Page, redis: string): Promise<void> {
  await gotoApp(page);
  await page.getByRole('combobox', { name: 'Redis' }).selectOption({ label: redis });
  await loadScenario(page, TINY_DEMO);
  await page.getByRole('tab', { name: 'Cluster' }).click();
}

/** Plays (with the keyboard, from outside any control) until the simulated clock passes `sec`. */
async function playPast(page: Page, sec: number): Promise<void> {
  await page.getByRole('heading', { name: 'Follow graph' }).click();
  await page.keyboard.press(' ');
  await expect(page.getByTestId('player-state')).toHaveText('playing');
  await expect.poll(() => simSeconds(page), { timeout: 30_000 }).toBeGreaterThan(sec);
}

test('the Redis menu offers one server and clusters, and the Cluster tab explains how to get one', async ({ page }) => {
  await gotoApp(page);
  const redis = page.getByRole('combobox', { name: 'Redis' });
  await expect(redis).toHaveValue('scenario');
  expect(await redis.locator('option').allTextContents()).toEqual(['as the scenario says', 'one server', 'cluster of 3', 'cluster of 6']);
  await openOn(page, 'one server');
  await expect(panel(page)).toHaveAttribute('data-state', 'empty');
  await expect(panel(page)).toContainText('cluster of 3');
  await expect(panel(page)).toContainText('--cluster 3');
});

test('Tiny demo loads on a private cluster of 3 masters', async ({ page }) => {
  await openOn(page, 'cluster of 3');
  await expect(page.getByTestId('graph-shown')).toContainText(`showing all ${TINY_DEMO.graph.users} users`);
  await expect(page.getByTestId('player-state')).toHaveText('ready');
  await expect(page.getByTestId('status-bar')).toContainText('private cluster of 3 masters');
  await expect(panel(page)).toHaveAttribute('data-state', 'ready');
  await expect(nodes(page)).toHaveCount(3);
  expect(sum(await slotCounts(page))).toBe(SLOTS);
  for (const [i, n] of (await nodes(page).all()).entries()) await expect(n).toContainText(`master ${i}`);
  await expect(nodes(page).first()).toContainText(/127\.0\.0\.1:\d+/);
});

test('while it plays, the nodes hold all 16,384 slots and keys', async ({ page }) => {
  await openOn(page, 'cluster of 3');
  await playPast(page, 3);
  await expect.poll(async () => sum(await keyCounts(page)), { timeout: 15_000 }).toBeGreaterThan(0);
  expect(sum(await slotCounts(page))).toBe(SLOTS);
  await expect(panel(page).getByTestId('cluster-summary')).toContainText('private cluster of 3 masters');
  // The timeline fans out on the cluster: its ZADDs are counted.
  const zadds = await panel(page).getByTestId('cluster-summary').textContent();
  expect(num(/([\d,]+) fan-out ZADDs/.exec(zadds ?? '')?.[1] ?? null)).toBeGreaterThan(0);
});

test(`moving ${MOVED} slots from master 0 to master 1 while it plays`, async ({ page }) => {
  await openOn(page, 'cluster of 3');
  await playPast(page, 1);
  const before = await slotCounts(page);
  const form = panel(page).getByRole('form', { name: 'Reshard' });
  await form.getByRole('spinbutton', { name: 'Slots to move' }).fill(String(MOVED));
  await form.getByRole('combobox', { name: 'from master' }).selectOption('0');
  await form.getByRole('combobox', { name: 'to master' }).selectOption('1');
  const move = form.getByRole('button', { name: 'Move slots' });
  await expect(move).toBeEnabled();
  await move.click();
  const row = panel(page).getByTestId('reshard-row').last();
  await expect(row).toHaveAttribute('data-state', 'done', { timeout: 30_000 });
  await expect(panel(page).getByTestId('reshard-done')).toContainText(`${MOVED} slots from master 0 to master 1`);
  await expect.poll(() => slotCounts(page)).toEqual([before[0] - MOVED, before[1] + MOVED, before[2]]);
  expect(sum(await slotCounts(page))).toBe(SLOTS);
  await expect(row).toContainText('0 → 1');
  await expect(panel(page).getByRole('alert')).toHaveCount(0);
  await expect(move).toBeEnabled();
  expect(await simSeconds(page)).toBeLessThan(60);
});

test('the follow graph can be coloured by shard', async ({ page }) => {
  await openOn(page, 'cluster of 3');
  const colourBy = page.getByRole('combobox', { name: 'Colour users by' });
  await colourBy.selectOption('shard');
  await expect(page.getByTestId('graph-canvas')).toHaveAttribute('data-colour-by', 'shard');
  await expect(page.locator('.graph-legend')).toContainText('master 2');
  await shot(page.getByTestId('panel-graph'), 'cluster-graph-by-shard');
});

test('screenshots at 1024x768, 1280x720 and 1920x1080', async ({ page }) => {
  await openOn(page, 'cluster of 3');
  await playPast(page, 3);
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(page.getByTestId('player-state')).toHaveText('paused');
  for (const size of SIZES) {
    await page.setViewportSize(size);
    await expect(nodes(page)).toHaveCount(3);
    // Let the graph refit and the layout settle before the picture.
    await page.waitForTimeout(600);
    const name = `cluster-${size.width}x${size.height}`;
    await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`) });
    await shot(panel(page), `${name}-panel`);
  }
});

test('changing the Redis menu loads the scenario again: six masters side by side at 1024x768', async ({ page }) => {
  await page.setViewportSize(SIZES[0]);
  await openOn(page, 'cluster of 3');
  await page.getByRole('combobox', { name: 'Redis' }).selectOption({ label: 'cluster of 6' });
  await expect(page.getByTestId('status-bar')).toContainText('private cluster of 6 masters', { timeout: 45_000 });
  await expect(page.getByTestId('player-state')).toHaveText('ready', { timeout: 45_000 });
  await expect(nodes(page)).toHaveCount(6);
  expect(sum(await slotCounts(page))).toBe(SLOTS);
  // One row: every box starts at the same height.
  const tops = await Promise.all((await nodes(page).all()).map(async (n) => (await n.boundingBox())?.y));
  expect(new Set(tops).size).toBe(1);
  // A reload is a new run: no reshard yet.
  await expect(panel(page).getByTestId('reshard-history')).toHaveCount(0);
  await page.getByRole('heading', { name: 'Follow graph' }).click();
  await page.keyboard.press(' ');
  await expect.poll(() => simSeconds(page), { timeout: 30_000 }).toBeGreaterThan(4);
  await expect.poll(async () => sum(await keyCounts(page)), { timeout: 20_000 }).toBeGreaterThan(0);
  await page.keyboard.press(' ');
  await expect(page.getByTestId('player-state')).toHaveText('paused');
  await page.screenshot({ path: path.join(ARTIFACTS, 'cluster-6-1024x768.png') });
});
