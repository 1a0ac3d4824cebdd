/**
 * Issue 14, layout: at 1024x768, 1280x720, 1366x768, 1920x1080 and a 1920x1080 projector at 200%
 * zoom, nothing overlaps or is cut off (every tab and control is where a click reaches it), and
 * projector mode makes type larger and can maximise one panel.
 */
import { expect, gotoApp, loadScenario, pause, playUntil, simSeconds, test } from './helpers.js';
import { expectClickable, expectNoOverlap, FLAGSHIP, pageAt, screenshot, SIZES, ZOOM_200 } from './ux-helpers.js';

const TABS = ['Charts', 'Flame graph', 'Skiplist', 'Drift lab', 'Keys', 'Claims', 'Cluster'];

for (const size of [...SIZES, ZOOM_200]) {
  test(`layout at ${size.name}: tabs and controls reachable, panels apart`, async ({ browser }) => {
    test.setTimeout(150_000);
    const page = await pageAt(browser, size);
    try {
      await gotoApp(page);
      if ((await page.getByRole('combobox', { name: 'Scenario' }).inputValue()).endsWith('timeline-vs-graph.json') === false) await loadScenario(page, FLAGSHIP, 90_000);
      // Frames in the charts (their axes are read below), then paused.
      // (A page has the frames that arrived since it opened.)
      if ((await page.getByTestId('player-state').textContent()) === 'finished') await page.getByRole('button', { name: 'Reset' }).click();
      await playUntil(page, '5', (await simSeconds(page)) + 2);
      await pause(page);
      // A selected user: its description line is the one that used to run over the tab bar.
      await page.getByRole('textbox', { name: 'Go to user' }).fill('3');
      await page.getByRole('button', { name: 'Show' }).click();
      await expect(page.getByTestId('graph-selection')).toContainText('User #3');
      // Every tab (other issues add theirs), and at least the seven of issue 5, 6 and 7.
      const tabs = await page.getByRole('tab').allTextContents();
      expect(tabs).toEqual(expect.arrayContaining(TABS));
      for (const t of tabs) await expectClickable(page.getByRole('tab', { name: t, exact: true }), `tab ${t}`);
      for (const b of ['Play', 'Step', 'Reset', 'Open file…', 'Show']) await expectClickable(page.getByRole('button', { name: b, exact: true }), `button ${b}`);
      for (const c of ['Scenario', 'Speed', 'Redis']) await expectClickable(page.getByRole('combobox', { name: c }), `select ${c}`);
      await expectClickable(page.getByTestId('graph-selection'), 'the selection line');
      await expectClickable(page.getByTestId('mon-speed'), 'the speed readout');
      for (const id of ['chart-latency-timeline', 'chart-throughput', 'chart-memory']) await expectClickable(page.getByTestId(id), id);
      await expectNoOverlap(page, ['panel-graph', 'panel-feeds', 'panel-charts', 'status-bar', 'monitor']);
      await screenshot(page, `ux-layout-${size.name}`);

      // Projector mode: larger type everywhere, charts included.
      await page.getByRole('checkbox', { name: 'Projector' }).check();
      const base = await page.evaluate(() => parseFloat(getComputedStyle(document.querySelector('.app')!).fontSize));
      expect(base).toBeGreaterThanOrEqual(16);
      await expect(page.getByTestId('chart-throughput').locator('.recharts-cartesian-axis-tick-value').first()).toBeVisible({ timeout: 20_000 });
      const tick = await page.getByTestId('chart-throughput').locator('.recharts-cartesian-axis-tick-value').first().evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
      expect(tick).toBeGreaterThanOrEqual(13);
      for (const t of tabs) await expectClickable(page.getByRole('tab', { name: t, exact: true }), `tab ${t} (projector)`);
      await expectClickable(page.getByRole('button', { name: 'Play', exact: true }), 'Play (projector)');
      await screenshot(page, `ux-layout-${size.name}-projector`);

      // One panel maximised on demand, then back.
      await page.keyboard.press('g');
      await expect(page.getByTestId('panel-feeds')).toBeHidden();
      const graph = await page.getByTestId('panel-graph').boundingBox();
      expect(graph!.width).toBeGreaterThan(size.width * 0.9);
      await screenshot(page, `ux-layout-${size.name}-maximised`);
      await page.keyboard.press('Escape');
      await expect(page.getByTestId('panel-feeds')).toBeVisible();
      await page.getByRole('checkbox', { name: 'Projector' }).uncheck();
    } finally {
      await page.context().close();
    }
  });
}
