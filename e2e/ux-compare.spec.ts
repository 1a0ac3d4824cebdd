/**
 * Issue 14, Compare in the app: a report.json exported earlier (A) against the run loaded now
 * (B): latency table, memory, quality, the differential flame graph, and compare.html to download.
 */
import { readFileSync } from 'node:fs';
import type { Download } from '@playwright/test';
import { expect, gotoApp, loadScenario, pause, playUntil, test } from './helpers.js';
import { FLAGSHIP, shotsAtSizes } from './ux-helpers.js';

test('compare a report.json exported before with the run now', async ({ page }) => {
  test.setTimeout(180_000);
  await gotoApp(page);
  await loadScenario(page, FLAGSHIP, 90_000);
  await playUntil(page, '5', 4);
  await pause(page);
  await page.getByText('Export', { exact: true }).click();
  const [d] = (await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'report.json' }).click()])) as [Download, void];
  const exported = readFileSync(await d.path());
  await page.getByText('Export', { exact: true }).click();
  // B: the same run, played on.
  await playUntil(page, '5', 12);
  await pause(page);

  await page.getByRole('tab', { name: 'Compare' }).click();
  const panel = page.getByTestId('panel-compare');
  await panel.getByLabel('Run A: report.json').setInputFiles({ name: 'earlier.report.json', mimeType: 'application/json', buffer: exported });
  await expect(panel).toContainText('A earlier.report.json');
  await panel.getByRole('button', { name: 'Compare', exact: true }).click();
  const result = page.getByTestId('compare-result');
  await expect(result).toContainText('Latency per operation (ms)', { timeout: 30_000 });
  await expect(result.locator('td', { hasText: /^timeline\.fanoutWrite$/ })).toHaveCount(1);
  await expect(result.locator('td', { hasText: /^graph\.read$/ })).toHaveCount(1);
  await expect(result).toContainText('Redis used_memory');
  await expect(result).toContainText('Ranker AUC');
  const flame = page.getByTestId('compare-flame').locator('svg.flame rect');
  expect(await flame.count()).toBeGreaterThan(5);
  await shotsAtSizes(page, 'ux-compare');
  const [html] = (await Promise.all([page.waitForEvent('download'), panel.getByRole('button', { name: 'compare.html' }).click()])) as [Download, void];
  const text = readFileSync(await html.path(), 'utf8');
  expect(text).toContain('Differential flame graph');
  expect(text).toContain('earlier.report.json');

  // A file that is not a report says so.
  await panel.getByLabel('Run A: report.json').setInputFiles({ name: 'scenario.json', mimeType: 'application/json', buffer: Buffer.from('{"name": "x"}') });
  await panel.getByRole('button', { name: 'Compare', exact: true }).click();
  await expect(panel).toContainText('REPORT_INVALID');
  await expect(panel).toContainText('scenario.json is not a Feedscope report.json');
  await page.getByRole('tab', { name: 'Charts' }).click();
});
