/**
 * Cluster faults live in the app (issue 16): the chaos-cluster sample on its private Redis Cluster
 * (3 masters, a replica each). After the clusterNodeKill the Cluster tab says which replica took
 * over and that the killed node rejoined as its replica; during the partition it says which master
 * the engine cannot reach. Screenshots at 1024x768, 1280x720 and 1920x1080.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ARTIFACTS, expect, gotoApp, loadScenario, pause, playUntil, ROOT, shot, test, type SampleScenario } from './helpers.js';

const CHAOS = JSON.parse(readFileSync(path.join(ROOT, 'sample-graphs', 'chaos-cluster.json'), 'utf8')) as SampleScenario;
const VIEWPORTS = [
  { width: 1024, height: 768 },
  { width: 1280, height: 720 },
  { width: 1920, height: 1080 },
];

test('chaos-cluster: the Cluster tab shows the failover, then the partition while it lasts', async ({ page }) => {
  test.setTimeout(420_000);
  await page.setViewportSize(VIEWPORTS[1]);
  await gotoApp(page);
  await loadScenario(page, CHAOS, 240_000);
  await page.getByRole('tab', { name: 'Cluster' }).click();
  const panel = page.getByTestId('panel-cluster');
  await expect(panel.getByTestId('cluster-node')).toHaveCount(3, { timeout: 30_000 });
  // The kill lasts from 6 s to 10 s; the restarted node has rejoined once the window is over.
  await playUntil(page, '2', 10.5, 180_000);
  const faults = panel.getByTestId('cluster-fault');
  await expect(faults.first()).toContainText('clusterNodeKill node 1', { timeout: 30_000 });
  await expect(faults.first()).toContainText(/failed over to 127\.0\.0\.1:\d+ in [\d,]+ ms; restarted, it rejoined as a replica of the new master/, { timeout: 30_000 });
  // Still three masters, master 1 now the promoted replica.
  await expect(panel.getByTestId('cluster-node')).toHaveCount(3);
  // The partition of master 2, from 18 s to 22 s: approached at 1x, so that the poll's interval
  // (up to 1 s) and the pause leave 3.5 s of wall time inside it (at 2x, 1.75 s: a CI run paused
  // after it had healed).
  await playUntil(page, '1', 18.5, 180_000);
  await pause(page);
  await expect(faults.nth(1)).toContainText('partition node 2');
  await expect(faults.nth(1)).toContainText('is unreachable from the engine');
  await expect(page.getByTestId('status-faults')).toContainText('partition node 2 until 22 s');
  for (const v of VIEWPORTS) {
    await page.setViewportSize(v);
    await expect(faults.nth(1)).toBeVisible();
    await page.screenshot({ path: path.join(ARTIFACTS, `faults-cluster-${v.width}x${v.height}.png`) });
  }
  await shot(panel, 'faults-cluster-panel');
});
