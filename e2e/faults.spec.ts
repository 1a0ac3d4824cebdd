/**
 * Faults live in the app (issue 16): the chaos sample plays its schedule; while a fault lasts the
 * status bar names it, and the live charts draw each fault's window as a band on the time axis.
 * Screenshots at 1024x768, 1280x720 and 1920x1080 while Redis is killed.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, gotoApp, loadScenario, pause, playUntil, ROOT, shot, simSeconds, test, type SampleScenario } from './helpers.js';

const CHAOS = JSON.parse(readFileSync(path.join(ROOT, 'sample-graphs', 'chaos.json'), 'utf8')) as SampleScenario;
const VIEWPORTS = [
  { width: 1024, height: 768 },
  { width: 1280, height: 720 },
  { width: 1920, height: 1080 },
];

test('the chaos sample: the status bar shows each fault while it lasts, the charts show their windows as bands', async ({ page }) => {
  test.setTimeout(420_000);
  await page.setViewportSize(VIEWPORTS[1]);
  await gotoApp(page);
  await loadScenario(page, CHAOS, 240_000);
  const faults = page.getByTestId('status-faults');
  await expect(faults).toHaveCount(0);
  // redisDelay lasts from 4 s to 8 s.
  await playUntil(page, '2', 4.3, 120_000);
  await expect(faults).toContainText('redisDelay 2+150 ms until 8 s', { timeout: 30_000 });
  // After it, the status bar is clear again; then redisKill from 10 s to 13 s.
  await expect(faults).toHaveCount(0, { timeout: 60_000 });
  await pause(page);
  // Into the kill's window (10 s to 13 s) one tick at a time, so that the run is paused inside it
  // however slow the machine (playing, the window lasts 1.5 s of wall time at 2x).
  for (let i = 0; i < 120 && (await simSeconds(page)) < 10.3; i++) {
    const before = await simSeconds(page);
    await page.getByRole('button', { name: 'Step' }).click();
    await expect.poll(() => simSeconds(page), { timeout: 30_000 }).toBeGreaterThan(before);
  }
  await expect(faults).toContainText('redisKill until 13 s', { timeout: 30_000 });
  // A scheduled kill is no surprise: no "died outside the schedule" banner.
  await expect(page.getByText('REDIS_DIED')).toHaveCount(0);
  const latency = page.getByTestId('chart-latency-timeline');
  // Two bands: the delay's window and the kill's (so far).
  await expect(latency.locator('.recharts-reference-area')).toHaveCount(2);
  await expect(latency).toContainText('redisKill');
  await expect(page.getByTestId('chart-throughput').locator('.recharts-reference-area')).toHaveCount(2);
  for (const v of VIEWPORTS) {
    await page.setViewportSize(v);
    await expect(faults).toBeVisible();
    await page.screenshot({ path: path.join(ROOT, 'e2e', 'artifacts', `faults-${v.width}x${v.height}.png`) });
  }
  await shot(page.getByTestId('panel-charts'), 'faults-charts');
  await shot(page.getByTestId('status-bar'), 'faults-status-bar');
});
