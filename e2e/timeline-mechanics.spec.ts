/**
 * The article's write pipeline (2.2) and read cache (2.4) in the app: playing their sample
 * scenarios, the Charts tab shows the writer's queues per shard and its rejections, and the
 * cache's hit ratio, evictions and stale hits, as a person reads them.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, gotoApp, loadScenario, pause, playUntil, ROOT, shot, test, type SampleScenario } from './helpers.js';

const sample = (file: string): SampleScenario => JSON.parse(readFileSync(path.join(ROOT, 'sample-graphs', file), 'utf8')) as SampleScenario;
const WRITE_PIPELINE = sample('write-pipeline.json');
const READ_CACHE = sample('read-cache.json');

/** The number after `term` in a figures box ("rejected: > 10 KB 12" -> 12). */
async function figure(box: ReturnType<import('@playwright/test').Page['getByTestId']>, term: string): Promise<number> {
  const dd = box.locator('.mech-figure', { has: box.page().locator('dt', { hasText: term }) }).locator('dd');
  return Number(((await dd.textContent()) ?? '').split(/[ /(]/)[0].replace(/,/g, '').replace('%', ''));
}

test('write pipeline: queues per shard, pipelines and rejections while the scenario plays', async ({ page }) => {
  test.setTimeout(120_000);
  await gotoApp(page);
  await loadScenario(page, WRITE_PIPELINE);
  await playUntil(page, '2', 6);
  const box = page.getByTestId('writer-figures');
  await expect(box).toContainText('Write pipeline: 8 shards');
  await expect(box.locator('.mech-bar')).toHaveCount(8);
  await expect.poll(() => figure(box, 'pipelines')).toBeGreaterThan(8);
  await expect.poll(() => figure(box, 'rejected: > 10 KB')).toBeGreaterThan(0);
  await expect.poll(() => figure(box, 'rejected: timestamp')).toBeGreaterThan(0);
  await expect(box.locator('.mech-figure', { hasText: 'max queue' })).toContainText('/ 64');
  const chart = page.getByTestId('chart-writer');
  await expect.poll(async () => Number(await chart.getAttribute('data-points')), { timeout: 20_000 }).toBeGreaterThan(5);
  // Both lines drawn (the deepest shard often sits flat at the 64-event bound, which Playwright calls hidden).
  await expect(chart.locator('path.recharts-line-curve')).toHaveCount(2);
  for (const curve of await chart.locator('path.recharts-line-curve').all()) await expect(curve).toHaveAttribute('d', /^M[\d.]+,[\d.]+(L[\d.]+,[\d.]+){3,}/);
  // The writer's span is one of the Timeline's operations in the latency chart.
  await expect(page.getByTestId('chart-latency-timeline')).toContainText('pipelineWrite');
  await pause(page);
  await shot(page.getByTestId('panel-charts'), 'timeline-write-pipeline');
});

test('read cache: hit ratio, evictions and stale hits while the scenario plays', async ({ page }) => {
  test.setTimeout(120_000);
  await gotoApp(page);
  await loadScenario(page, READ_CACHE);
  await playUntil(page, '2', 8);
  const box = page.getByTestId('cache-figures');
  await expect(box).toContainText('Read cache: LRU 600 pages + TTL');
  await expect.poll(() => figure(box, 'hit ratio')).toBeGreaterThan(10);
  await expect.poll(() => figure(box, 'LRU evictions')).toBeGreaterThan(0);
  await expect.poll(() => figure(box, 'stale hits')).toBeGreaterThan(0);
  await expect(box.getByRole('img')).toHaveAttribute('aria-label', /of 600 pages cached/);
  const chart = page.getByTestId('chart-cache');
  await expect.poll(async () => Number(await chart.getAttribute('data-points')), { timeout: 20_000 }).toBeGreaterThan(5);
  await expect(chart.locator('.recharts-line path').first()).toBeVisible();
  await expect(page.getByTestId('chart-latency-timeline')).toContainText('cacheHit');
  await pause(page);
  await shot(page.getByTestId('panel-charts'), 'timeline-read-cache');
  // The Claims tab has the 2.4 rows, measured live.
  await page.getByRole('tab', { name: 'Claims' }).click();
  await expect(page.getByTestId('panel-claims')).toContainText('2.4');
  await expect(page.getByTestId('claims-table')).toContainText('keeps hot pages alive');
});
