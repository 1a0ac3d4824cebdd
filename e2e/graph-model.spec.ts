/**
 * Both models side by side (timeline-vs-graph: LadybugDB recall + ONNX ranking): the Graph column
 * fills with recall paths, the status bar names the graph store and the model file, and the graph
 * highlights the recalled authors.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ARTIFACTS, expect, gotoApp, loadScenario, ROOT, shot, simSeconds, test, userDiscs } from './helpers.js';

const SCENARIO = JSON.parse(readFileSync(path.join(ROOT, 'sample-graphs', 'timeline-vs-graph.json'), 'utf8')) as { name: string; graph: { users: number } };

test('Timeline and Graph feeds side by side, with recall paths', async ({ page }) => {
  // Loading builds the LadybugDB graph and the ranker; playing runs both models.
  test.setTimeout(150_000);
  await gotoApp(page);
  await loadScenario(page, SCENARIO, 90_000);
  await expect(page.getByTestId('graph-shown')).toContainText(`${SCENARIO.graph.users} users`, { timeout: 60_000 });
  await expect(page.getByTestId('status-bar')).toContainText(/Graph store: LadybugDB/);
  await expect(page.getByTestId('status-bar')).toContainText(/Model: .*ranker/);

  await page.getByRole('combobox', { name: 'Speed' }).selectOption('10');
  await page.getByRole('button', { name: 'Play' }).click();
  await expect.poll(() => simSeconds(page), { timeout: 60_000 }).toBeGreaterThan(6);
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(page.getByTestId('player-state')).toHaveText('paused');

  // Graph feeds are built when their user reads: click the largest users until one has items.
  const canvas = page.getByTestId('graph-canvas');
  const graphCol = page.getByTestId('feed-graph');
  let found = false;
  for (const d of (await userDiscs(page)).slice(0, 20)) {
    await canvas.click({ position: d });
    await expect(graphCol).toHaveAttribute('data-state', /ready|error/);
    if ((await graphCol.getByTestId('feed-item').count()) > 0) {
      found = true;
      break;
    }
  }
  expect(found, 'none of the clicked users had a graph feed').toBe(true);
  await expect(graphCol.getByTestId('feed-item').first()).toContainText(/via (follow|interest|city|topic)/);
  await expect(page.getByTestId('feed-timeline')).toHaveAttribute('data-state', 'ready');
  await expect(page.getByTestId('graph-selection')).toContainText('recalled posts of');
  await shot(page.getByTestId('panel-feeds'), 'graph-model-feeds');
  await shot(page.getByTestId('panel-graph'), 'graph-model-graph');
  await page.screenshot({ path: path.join(ARTIFACTS, 'graph-model-app.png') });
  // Page errors (and console errors) are checked as the test ends (helpers.ts).
});
