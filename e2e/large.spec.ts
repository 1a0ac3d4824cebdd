/**
 * A large scenario (celebrity-fanout: 60,000 users): loading shows progress, the graph says on
 * screen which part of it is drawn, and playing stays responsive.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ARTIFACTS, expect, gotoApp, ROOT, shot, simSeconds, test } from './helpers.js';

const CELEBRITY = JSON.parse(readFileSync(path.join(ROOT, 'sample-graphs', 'celebrity-fanout.json'), 'utf8')) as { name: string; graph: { users: number } };

test('a 60,000-user scenario: progress while loading, a sampled graph that says so, playing stays live', async ({ page }) => {
  await gotoApp(page);
  // The progress bar shows only while a load runs: it proves this load, not one left from before.
  await page.getByRole('combobox', { name: 'Scenario' }).selectOption({ label: CELEBRITY.name });
  await expect(page.getByRole('progressbar')).toBeVisible();
  await page.screenshot({ path: path.join(ARTIFACTS, 'large-loading.png') });

  const users = CELEBRITY.graph.users.toLocaleString('en-US');
  await expect(page.getByTestId('graph-shown')).toContainText(`showing 500 of ${users} users`, { timeout: 30_000 });
  await expect(page.getByTestId('graph-canvas')).toHaveAttribute('data-nodes', /^(4\d\d|500)$/);

  // The engine is shared by the tests: set the speed this test needs (30 s at 1x).
  await page.getByRole('combobox', { name: 'Speed' }).selectOption('1');
  await page.getByRole('button', { name: 'Play' }).click();
  await expect.poll(() => simSeconds(page), { timeout: 20_000 }).toBeGreaterThan(1);
  // The page keeps answering while frames stream in.
  const t0 = Date.now();
  await page.evaluate(() => 1 + 1);
  expect(Date.now() - t0).toBeLessThan(2000);
  await page.getByRole('button', { name: 'Pause' }).click();
  // Pause lets the current tick finish: a celebrity's post is 40,000 ZADDs.
  await expect(page.getByTestId('player-state')).toHaveText('paused', { timeout: 30_000 });

  // A user outside the drawn sample: "Go to user" adds its neighbourhood and says so.
  const last = CELEBRITY.graph.users - 1;
  await page.getByRole('textbox', { name: 'Go to user' }).fill(String(last));
  await page.getByRole('button', { name: 'Show' }).click();
  await expect(page.getByTestId('feeds-user')).toContainText(`user #${last}`);
  await expect(page.getByTestId('graph-shown')).toContainText(`neighbourhood of ${last}`);
  await expect(page.getByTestId('graph-selection')).toContainText(`User #${last}`);
  await shot(page.getByTestId('panel-graph'), 'large-panel-graph');
  await page.screenshot({ path: path.join(ARTIFACTS, 'large-app.png') });
  // Page errors (and console errors) are checked as the test ends (helpers.ts).
});
