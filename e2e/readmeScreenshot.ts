/**
 * README's screenshot (docs/screenshot.png): "Timeline vs Graph" on a private 3-master cluster,
 * played for a while at 5x, user 7's feeds and the Cluster tab. Run: node bin/run-ts.mjs e2e/readmeScreenshot.ts
 * (Debian's Chromium; a browser-mode host of its own). Also writes the window at three sizes to e2e/artifacts/.
 */
import path from 'node:path';
import { chromium } from '@playwright/test';
import { ARTIFACTS, ROOT } from './helpers.js';
import { startHost } from './host.js';

const host = await startHost();
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
try {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.goto(host.url);
  await page.getByTestId('status-bar').getByText('connected').waitFor();
  // A first launch loads the flagship demo on one server: wait for it, then ask for the cluster.
  await page.locator('.app[data-launch=done]').waitFor({ timeout: 90_000 });
  await page.getByRole('combobox', { name: 'Redis' }).selectOption({ label: 'cluster of 3' });
  await page.getByRole('combobox', { name: 'Scenario' }).selectOption({ label: 'Timeline vs Graph' });
  await page.getByTestId('player-state').getByText('ready').waitFor({ timeout: 90_000 });
  await page.getByRole('combobox', { name: 'Speed' }).selectOption({ index: 3 }).catch(() => undefined);
  await page.getByRole('button', { name: 'Play' }).click();
  await page.waitForTimeout(15_000);
  await page.getByRole('tab', { name: 'Cluster' }).click();
  await page.getByLabel('Go to user').fill('7');
  await page.getByRole('button', { name: 'Show' }).click();
  await page.waitForTimeout(4_000);
  await page.getByRole('button', { name: 'Pause' }).click();
  // Paused: the graph model's quality appears under the feeds once the report is read.
  await page.getByTestId('quality-jaccard').waitFor({ timeout: 30_000 }).catch(() => undefined);
  await page.waitForTimeout(1_500);
  await page.screenshot({ path: path.join(ROOT, 'docs', 'screenshot.png') });
  for (const [w, h] of [[1024, 768], [1280, 720], [1366, 768], [1920, 1080]]) {
    await page.setViewportSize({ width: w, height: h });
    await page.waitForTimeout(800);
    await page.screenshot({ path: path.join(ARTIFACTS, `readme-${w}x${h}.png`) });
  }
} finally {
  await browser.close();
  await host.stop();
}
