/**
 * Issue 14, chapters and quality: the flagship's captions are named chapters (a list and a
 * scrubber); a jump replays from t=0 to the chapter's time and pauses there, the same state each
 * time; paused, the graph model's quality (Jaccard@k, recall per path, ranker AUC) sits beside
 * the feeds.
 */
import { expect, gotoApp, loadScenario, pause, playUntil, simSeconds, test } from './helpers.js';
import { FLAGSHIP, shotsAtSizes } from './ux-helpers.js';

test('chapters: list, jump to a chapter replays to its time; quality beside the feeds', async ({ page }) => {
  test.setTimeout(240_000);
  await gotoApp(page);
  await loadScenario(page, FLAGSHIP, 90_000);
  const chapter = page.getByRole('combobox', { name: 'Chapter' });
  await expect(chapter.locator('option')).toHaveCount(FLAGSHIP.captions.length);
  await expect(page.getByTestId('caption')).toHaveText(FLAGSHIP.captions[0].text);

  // Jump to the second chapter (t = 30 s): replayed, paused at its time, its caption shown.
  const second = FLAGSHIP.captions[1];
  await chapter.selectOption({ index: 1 });
  await expect(page.getByTestId('caption')).toContainText('Replaying to');
  await expect(page.getByTestId('caption')).toHaveText(second.text, { timeout: 150_000 });
  await expect(page.getByTestId('player-state')).toHaveText('paused');
  const t = await simSeconds(page);
  expect(t).toBeGreaterThanOrEqual(second.atSec - 0.1);
  expect(t).toBeLessThan(second.atSec + 5);
  await shotsAtSizes(page, 'ux-chapters-jumped');

  // Paused after a play: the graph model's quality.
  await page.getByRole('textbox', { name: 'Go to user' }).fill('3');
  await page.getByRole('button', { name: 'Show' }).click();
  await playUntil(page, '5', t + 1);
  await pause(page);
  const q = page.getByTestId('quality');
  await expect(q.getByTestId('quality-jaccard')).toHaveText(/Jaccard@10 \d\.\d{3}/, { timeout: 30_000 });
  await expect(q.getByTestId('quality-recall')).toHaveText(/follow [\d.]+\/100.*interest [\d.]+\/50.*city [\d.]+\/30.*topic [\d.]+\/30/);
  await expect(q.getByTestId('quality-auc')).toHaveText(/ranker AUC 0\.\d{3} \(baseline 0\.\d{3}\)/);
  await shotsAtSizes(page, 'ux-quality');
});
