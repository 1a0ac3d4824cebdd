/**
 * Issue 14, the fan-out monitor and speed on screen: queue depth, chunks in flight, write
 * amplification, fan-out lag (last, max) and lossy drops from the frames; how far behind the
 * requested speed the run is, and the speed it achieved, said in words when the engine is the limit.
 */
import { expect, gotoApp, loadScenario, pause, playUntil, simSeconds, test } from './helpers.js';
import { FLAGSHIP, shotsAtSizes } from './ux-helpers.js';

test('the fan-out monitor shows the Timeline\'s figures and the achieved speed while playing', async ({ page }) => {
  test.setTimeout(150_000);
  await gotoApp(page);
  await loadScenario(page, FLAGSHIP, 90_000);
  const mon = page.getByTestId('monitor');
  await expect(mon).toContainText('Fan-out');
  await playUntil(page, '10', 4);
  // Every post of this scenario fans out to its author's followers: ZADDs per post > 1.
  await expect(mon.getByTestId('mon-amp')).toHaveText(/write amplification \d+(\.\d)?×/);
  const amp = Number(/([\d.]+)×/.exec((await mon.getByTestId('mon-amp').textContent()) ?? '')![1]);
  expect(amp).toBeGreaterThan(1);
  await expect(mon.getByTestId('mon-lag')).toHaveText(/lag [\d.]+ (µs|ms) \(max [\d.,]+ (µs|ms)\)/);
  await expect(mon.getByTestId('mon-queue')).toHaveText(/queue \d+/);
  await expect(mon.getByTestId('mon-chunks')).toHaveText(/chunks in flight \d+/);
  await expect(mon.getByTestId('mon-drops')).toHaveText(/lossy drops \d+/);

  // The achieved speed, measured over the last seconds; in words when under 90% of the requested one.
  const speed = mon.getByTestId('mon-speed');
  await expect(speed).toHaveText(/running at [\d.]+x of 10x/, { timeout: 20_000 });
  const text = (await speed.textContent()) ?? '';
  const achieved = Number(/running at ([\d.]+)x/.exec(text)![1]);
  expect(achieved).toBeGreaterThan(0);
  if (achieved < 9) expect(text).toContain('the engine is the limit');
  else expect(text).not.toContain('the engine is the limit');
  await shotsAtSizes(page, 'ux-monitor-playing');

  // 100x asks more than this machine does with both models: the shortfall is said, with how far behind.
  await page.getByRole('combobox', { name: 'Speed' }).selectOption('100');
  const t0 = await simSeconds(page);
  await expect(speed).toHaveText(/running at [\d.]+x of 100x/, { timeout: 20_000 });
  const at100 = (await speed.textContent()) ?? '';
  const x100 = Number(/running at ([\d.]+)x/.exec(at100)![1]);
  if (x100 < 90) {
    expect(at100).toContain('the engine is the limit');
    await expect(mon.getByTestId('mon-behind')).toHaveText(/behind by [\d.,]+ (ms|µs)/);
  }
  expect(await simSeconds(page)).toBeGreaterThan(t0);
  await shotsAtSizes(page, 'ux-monitor-100x');
  await pause(page);
  await expect(speed).toHaveText('speed 100x');
  await page.getByRole('combobox', { name: 'Speed' }).selectOption('1');
});
