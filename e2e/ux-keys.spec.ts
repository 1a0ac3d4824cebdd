/**
 * Issue 14, shortcuts and the small things a trainer trips on: keys work wherever focus is except
 * in a text field, `?` lists them; another scenario clears the selection; a selected user is
 * centred with a ring and its id; cities have names; one banner at a time; "not a JSON file" for
 * text and binary files; chart ticks apart; no "Press play." while playing.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, gotoApp, loadScenario, pause, playUntil, ROOT, test, type SampleScenario } from './helpers.js';
import { FLAGSHIP, shotsAtSizes } from './ux-helpers.js';

const TINY = JSON.parse(readFileSync(path.join(ROOT, 'sample-graphs', 'tiny-demo.json'), 'utf8')) as SampleScenario;
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');

test('? lists the keys; keys stay out of text fields; Esc closes', async ({ page }) => {
  await gotoApp(page);
  await loadScenario(page, TINY);
  await page.keyboard.press('?');
  const help = page.getByTestId('help-overlay');
  await expect(help).toBeVisible();
  for (const k of ['Space', '→', 'R', 'P', 'G', 'F', 'C', '?', 'Esc']) await expect(help.locator('kbd', { hasText: new RegExp(`^${k.replace('?', '\\?')}$`) })).toHaveCount(1);
  await shotsAtSizes(page, 'ux-keys-help');
  await page.keyboard.press('Escape');
  await expect(help).toBeHidden();

  // Typing in Go to is typing: no reset, no play.
  const state = await page.getByTestId('player-state').textContent();
  await page.getByRole('textbox', { name: 'Go to user' }).click();
  await page.keyboard.type('r p');
  await expect(page.getByRole('textbox', { name: 'Go to user' })).toHaveValue('rp');
  await expect(page.getByTestId('player-state')).toHaveText(state!);
  await expect(page.locator('.app')).not.toHaveClass(/projector/);
  // A focused radio button (paging) still lets P through.
  await page.getByRole('radio', { name: 'cursor' }).click();
  await page.keyboard.press('p');
  await expect(page.locator('.app')).toHaveClass(/projector/);
  await page.keyboard.press('p');
  await expect(page.locator('.app')).not.toHaveClass(/projector/);
  await page.getByRole('radio', { name: 'offset' }).click();
});

test('another scenario clears the selection; a selected user is centred with a ring; cities have names', async ({ page }) => {
  test.setTimeout(150_000);
  await gotoApp(page);
  await loadScenario(page, TINY);
  await page.getByRole('textbox', { name: 'Go to user' }).fill('3');
  await page.getByRole('button', { name: 'Show' }).click();
  await expect(page.getByTestId('feeds-user')).toContainText('user #3');
  await loadScenario(page, FLAGSHIP, 90_000);
  await expect(page.getByTestId('panel-feeds')).toContainText('Click a user in the follow graph');
  await expect(page.getByTestId('panel-feeds')).not.toContainText('NO_SUCH_USER');
  await expect(page.getByTestId('graph-selection')).toHaveText('Click a user to see its feeds.');
  await expect(page.locator('.graph-legend')).toContainText('Lisbon');

  // A user with few followers among 400 would be a dot: Go to centres and zooms to it, ringed in white with its id.
  await page.getByRole('textbox', { name: 'Go to user' }).fill('123');
  await page.getByRole('button', { name: 'Show' }).click();
  await expect(page.getByTestId('graph-selection')).toContainText(/^User #123, \w+: /);
  await page.waitForTimeout(800);
  const ring = await page.getByTestId('graph-canvas').evaluate((el) => {
    // White ring pixels within 40 px of the canvas centre.
    let white = 0;
    for (const canvas of Array.from(el.querySelectorAll('canvas'))) {
      const ctx = canvas.getContext('2d');
      if (!ctx || canvas.width === 0) continue;
      const cx = Math.round(canvas.width / 2), cy = Math.round(canvas.height / 2);
      const { data } = ctx.getImageData(cx - 40, cy - 40, 80, 80);
      for (let i = 0; i < data.length; i += 4) if (data[i] > 240 && data[i + 1] > 240 && data[i + 2] > 240 && data[i + 3] > 200) white++;
    }
    return white;
  });
  expect(ring, 'white ring pixels at the centre of the graph').toBeGreaterThan(30);
  await shotsAtSizes(page, 'ux-keys-selected');
});

test('one banner at a time with a count; text and binary files are "not a JSON file"', async ({ page }) => {
  await gotoApp(page);
  await loadScenario(page, TINY);
  const input = page.getByTestId('open-file-input');
  const banner = page.getByTestId('error-banner');
  await input.setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('Remember to buy milk.\nAnd eggs.') });
  await expect(banner).toContainText('notes.txt is not a JSON file');
  await expect(banner).not.toContainText('comma');
  await input.setInputFiles({ name: 'photo.png', mimeType: 'image/png', buffer: PNG });
  await expect(banner).toHaveCount(1);
  await expect(banner).toContainText('photo.png is not a JSON file (it is binary: a PNG image)');
  await expect(banner).not.toContainText('IHDR');
  const bad = JSON.stringify({ ...TINY, graph: { ...TINY.graph, users: 'fifty' } });
  await input.setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from(bad) });
  await expect(banner).toContainText('SCENARIO_INVALID');
  await expect(banner).toHaveCount(1);
  await expect(page.getByTestId('banner-count')).toContainText('latest of 3');
  await shotsAtSizes(page, 'ux-keys-banner');
  await banner.getByRole('button', { name: 'Dismiss', exact: true }).click();
  await expect(banner).toContainText('photo.png');
  await expect(page.getByTestId('banner-count')).toContainText('latest of 2');
  await banner.getByRole('button', { name: 'Dismiss all' }).click();
  await expect(banner).toHaveCount(0);
  // The scenario loaded before is still there.
  await expect(page.getByTestId('graph-shown')).toContainText(`showing all ${TINY.graph.users} users`);
});

test('while playing: no "Press play.", chart ticks apart', async ({ page }) => {
  test.setTimeout(120_000);
  await gotoApp(page);
  await loadScenario(page, TINY);
  await page.getByRole('textbox', { name: 'Go to user' }).fill('0');
  await page.getByRole('button', { name: 'Show' }).click();
  await playUntil(page, '2', 14, 90_000);
  await expect(page.getByTestId('panel-feeds')).not.toContainText('Press play.');
  await expect(page.getByTestId('chart-throughput').locator('.recharts-xAxis-tick-labels .recharts-cartesian-axis-tick-value').first()).toBeVisible({ timeout: 20_000 });
  for (const id of ['chart-latency-timeline', 'chart-throughput', 'chart-memory']) {
    const boxes = await page.getByTestId(id).locator('.recharts-xAxis-tick-labels .recharts-cartesian-axis-tick-value').evaluateAll((els) => els.map((e) => e.getBoundingClientRect()).map((r) => ({ l: r.left, r: r.right })));
    expect(boxes.length, `${id} ticks`).toBeGreaterThan(1);
    for (let i = 1; i < boxes.length; i++) expect(boxes[i].l, `${id}: tick ${i} overlaps the one before`).toBeGreaterThan(boxes[i - 1].r + 2);
  }
  await shotsAtSizes(page, 'ux-keys-playing');
  await pause(page);
});
