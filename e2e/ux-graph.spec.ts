/**
 * Issue 14, a graph with structure: a force-directed layout (computed in a worker) for samples
 * too large for cytoscape's own, and a big author's post drawn as a storm: its follower count and
 * an aggregated ring for the followers not drawn, beside the pulses along the drawn edges.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, gotoApp, loadScenario, pause, ROOT, test, type SampleScenario } from './helpers.js';
import { FLAGSHIP, screenshot, shotsAtSizes } from './ux-helpers.js';

const CELEBRITY = JSON.parse(readFileSync(path.join(ROOT, 'sample-graphs', 'celebrity-fanout.json'), 'utf8')) as SampleScenario;

test('the flagship\'s 400 users get a force-directed layout: hubs among their followers', async ({ page }) => {
  test.setTimeout(120_000);
  await gotoApp(page);
  await loadScenario(page, FLAGSHIP, 90_000);
  await expect(page.getByTestId('graph-canvas')).toHaveAttribute('data-layout', 'force', { timeout: 30_000 });
  await page.waitForTimeout(500);
  await shotsAtSizes(page, 'ux-graph-force');
});

test('a celebrity\'s post is a storm: follower count and the followers not drawn', async ({ page }) => {
  test.setTimeout(180_000);
  await gotoApp(page);
  await loadScenario(page, CELEBRITY, 120_000);
  await page.getByRole('combobox', { name: 'Speed' }).selectOption('1');
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  const canvas = page.getByTestId('graph-canvas').locator('..').locator('canvas.graph-overlay');
  await expect.poll(async () => Number((await canvas.getAttribute('data-storms')) ?? 0), { timeout: 60_000, intervals: [100] }).toBeGreaterThan(0);
  await screenshot(page, 'ux-graph-storm-1440x900');
  // Catch the next storm while it is drawn, at each size.
  for (const s of [[1024, 768], [1280, 720], [1366, 768], [1920, 1080]] as const) {
    await page.setViewportSize({ width: s[0], height: s[1] });
    const seen = Number((await canvas.getAttribute('data-storms')) ?? 0);
    await expect.poll(async () => Number((await canvas.getAttribute('data-storms')) ?? 0), { timeout: 60_000, intervals: [50] }).toBeGreaterThan(seen);
    await screenshot(page, `ux-graph-storm-${s[0]}x${s[1]}`);
  }
  await pause(page);
});
