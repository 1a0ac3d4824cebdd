/**
 * Issue 14, ready on first launch: a fresh engine opens with the flagship demo loaded and ready
 * (later: the last scenario this browser used), and one key plays it; an opened file is named in
 * the picker and a load never leaves the old clock on screen.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, gotoApp, loadScenario, pause, playUntil, ROOT, simSeconds, test, type SampleScenario } from './helpers.js';
import { startHost } from './host.js';
import { FLAGSHIP, shotsAtSizes, waitLaunched } from './ux-helpers.js';

const TINY_FILE = path.join(ROOT, 'sample-graphs', 'tiny-demo.json');
const TINY = JSON.parse(readFileSync(TINY_FILE, 'utf8')) as SampleScenario;

test('first launch: the flagship demo is loaded and ready, and Space plays it wherever focus is', async ({ page }) => {
  test.setTimeout(180_000);
  const host = await startHost();
  try {
    await page.goto(host.url);
    await waitLaunched(page);
    await expect(page.getByTestId('player-state')).toHaveText('ready');
    await expect(page.getByRole('combobox', { name: 'Scenario' }).locator('option:checked')).toHaveText(FLAGSHIP.name);
    await expect(page.getByTestId('graph-shown')).toContainText(`showing all ${FLAGSHIP.graph.users} users`);
    await expect(page.getByRole('button', { name: 'Play', exact: true })).toBeEnabled();
    await shotsAtSizes(page, 'ux-ready-first-launch');
    // The last scenario used is remembered for the next launch.
    expect(await page.evaluate(() => localStorage.getItem('feedscope.lastScenario'))).toMatch(/timeline-vs-graph\.json$/);

    // One key plays it; then the keys keep working after a click on a button or a select.
    await page.keyboard.press(' ');
    await expect(page.getByTestId('player-state')).toHaveText('playing');
    await page.getByRole('button', { name: 'Pause' }).click();
    await expect(page.getByTestId('player-state')).toHaveText('paused');
    await page.keyboard.press(' ');
    await expect(page.getByTestId('player-state')).toHaveText('playing');
    const speed = await page.getByRole('combobox', { name: 'Speed' }).inputValue();
    await page.getByRole('combobox', { name: 'Speed' }).focus();
    await page.keyboard.press(' ');
    await expect(page.getByTestId('player-state')).toHaveText('paused');
    // The Speed select did not change or open under the key.
    await expect(page.getByRole('combobox', { name: 'Speed' })).toHaveValue(speed);
    const t = await simSeconds(page);
    await page.getByRole('button', { name: 'Step' }).click();
    await expect.poll(() => simSeconds(page)).toBeGreaterThan(t);
    const t2 = await simSeconds(page);
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => simSeconds(page)).toBeGreaterThan(t2);
  } finally {
    await page.goto('about:blank');
    await host.stop();
  }
});

test('a later launch opens the last scenario used in this browser', async ({ page }) => {
  test.setTimeout(120_000);
  const host = await startHost();
  try {
    // Before the app's own script, on the app's page only (about:blank has no storage).
    await page.addInitScript((file) => {
      if (location.protocol === 'http:') localStorage.setItem('feedscope.lastScenario', file);
    }, TINY_FILE);
    await page.goto(host.url);
    await waitLaunched(page);
    await expect(page.getByRole('combobox', { name: 'Scenario' }).locator('option:checked')).toHaveText(TINY.name);
    await expect(page.getByTestId('graph-shown')).toContainText(`showing all ${TINY.graph.users} users`);
    await expect(page.getByTestId('player-state')).toHaveText('ready');
    await shotsAtSizes(page, 'ux-ready-last-used');
  } finally {
    await page.goto('about:blank');
    await host.stop();
  }
});

test('an opened file is named in the picker; a load clears the old clock at once', async ({ page }) => {
  test.setTimeout(120_000);
  await gotoApp(page);
  await loadScenario(page, TINY);
  await playUntil(page, '10', 3);
  await pause(page);
  // Every text the clock shows while the next scenario loads.
  await page.evaluate(() => {
    const w = window as unknown as { clockWhileLoading: string[] };
    w.clockWhileLoading = [];
    new MutationObserver(() => {
      if (document.querySelector('[data-testid=player-state]')?.textContent === 'loading') w.clockWhileLoading.push(document.querySelector('[data-testid=sim-time]')?.textContent ?? '');
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  const text = readFileSync(TINY_FILE, 'utf8').replace(`"name": "${TINY.name}"`, '"name": "My own demo"');
  await page.getByTestId('open-file-input').setInputFiles({ name: 'my-demo.json', mimeType: 'application/json', buffer: Buffer.from(text) });
  await expect(page.getByRole('combobox', { name: 'Scenario' }).locator('option:checked')).toHaveText('My own demo (opened file)', { timeout: 60_000 });
  await expect(page.getByTestId('player-state')).toHaveText('ready', { timeout: 60_000 });
  expect(await simSeconds(page)).toBe(0);
  const seen = await page.evaluate(() => (window as unknown as { clockWhileLoading: string[] }).clockWhileLoading);
  expect(seen.length).toBeGreaterThan(0);
  expect(seen.every((s) => s.startsWith('t = —')), `clock while loading: ${seen.join(' | ')}`).toBe(true);
  await shotsAtSizes(page, 'ux-ready-opened-file');
});
