/**
 * Helpers that read the screen as a person would (text, canvas pixels), never the app's internals,
 * and the `test` every spec uses: each test has a page of its own (Playwright's `page`, in a fresh
 * browser context) and brings the app into the state it needs itself, so one failure does not
 * fail the tests after it. The engine behind the page is shared (the global setup's host), so a
 * test loads its scenario afresh rather than trusting what the previous test left.
 */
import { expect, test as base, type Locator, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const ARTIFACTS = path.join(ROOT, 'e2e', 'artifacts');

export { expect };

/** What the specs need of a sample scenario file. */
export interface SampleScenario {
  name: string;
  graph: { users: number };
}

/**
 * Every test: console errors and uncaught page errors of its page must stay empty (CSP violations
 * included: Chromium reports them on the console), checked when the test ends; and the shared
 * engine is left paused, not fanning out behind the next test.
 */
export const test = base.extend<{ consoleErrors: string[] }>({
  consoleErrors: [
    async ({ page }, use) => {
      mkdirSync(ARTIFACTS, { recursive: true });
      const errors: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(m.text());
      });
      page.on('pageerror', (e) => errors.push(e.message));
      await use(errors);
      await leavePaused(page);
      expect(errors, `console errors: ${errors.join('\n')}`).toEqual([]);
    },
    { auto: true },
  ],
});

export function appUrl(): string {
  const url = process.env.FEEDSCOPE_URL;
  if (!url) throw new Error('FEEDSCOPE_URL is not set: run through playwright.config.ts (its global setup starts browser mode).');
  return url;
}

/** Opens the app (the shared host's, unless `url` says otherwise) and waits until it is connected to the engine. */
export async function gotoApp(page: Page, url = appUrl()): Promise<void> {
  await page.goto(url);
  await expect(page.getByTestId('status-bar')).toContainText('connected');
  // A first launch loads the flagship demo (or the last scenario used): let it finish first.
  await expect(page.locator('.app')).toHaveAttribute('data-launch', 'done', { timeout: 90_000 });
}

/**
 * Loads a sample scenario afresh from the Scenario list and waits until it is ready and drawn.
 * The engine may hold this very scenario already (in any state): the wait is for this load to
 * pass through "loading" and end, watched on the player's state as it changes, not for a "ready"
 * left from before.
 */
export async function loadScenario(page: Page, scenario: SampleScenario, timeoutMs = 60_000): Promise<void> {
  const ended = page.evaluate(
    (ms) =>
      new Promise<string>((resolve, reject) => {
        const text = () => document.querySelector('[data-testid=player-state]')?.textContent ?? '';
        let loading = false;
        const obs = new MutationObserver(() => {
          const s = text();
          if (s === 'loading') loading = true;
          else if (loading) {
            obs.disconnect();
            clearTimeout(timer);
            resolve(s);
          }
        });
        const timer = setTimeout(() => {
          obs.disconnect();
          reject(new Error(`the scenario did not load within ${ms / 1000} s (player state "${text()}")`));
        }, ms);
        obs.observe(document.body, { subtree: true, childList: true, characterData: true });
      }),
    timeoutMs,
  );
  await page.getByRole('combobox', { name: 'Scenario' }).selectOption({ label: scenario.name });
  expect(await ended, `loading ${scenario.name}`).toBe('ready');
  await expect(page.getByTestId('graph-shown')).toContainText(`${scenario.graph.users.toLocaleString('en-US')} users`, { timeout: 30_000 });
}

/** Plays at `speed` until the simulated clock passes `sec`. */
export async function playUntil(page: Page, speed: string, sec: number, timeoutMs = 60_000): Promise<void> {
  await page.getByRole('combobox', { name: 'Speed' }).selectOption(speed);
  if ((await page.getByTestId('player-state').textContent()) !== 'playing') await page.getByRole('button', { name: 'Play' }).click();
  await expect(page.getByTestId('player-state')).toHaveText('playing');
  await expect.poll(() => simSeconds(page), { timeout: timeoutMs }).toBeGreaterThan(sec);
}

/** Pauses and waits until the current tick has finished. */
export async function pause(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(page.getByTestId('player-state')).toHaveText('paused', { timeout: 30_000 });
}

/** Shows users 0, 1, ... ("Go to user") until one's Timeline feed holds at least `minItems` items; returns that user. */
export async function showUserWithFeed(page: Page, minItems: number, users: number): Promise<number> {
  const col = page.getByTestId('feed-timeline');
  for (let user = 0; user < users; user++) {
    await page.getByRole('textbox', { name: 'Go to user' }).fill(String(user));
    await page.getByRole('button', { name: 'Show' }).click();
    await expect(page.getByTestId('feeds-user')).toContainText(`user #${user}`);
    await expect(col).toHaveAttribute('data-state', 'ready');
    if ((await col.getByTestId('feed-item').count()) >= minItems) return user;
  }
  throw new Error(`no user of ${users} has ${minItems} items in their Timeline feed`);
}

/** The engine is shared by every test: pause it if this page left it playing (the page may be gone or elsewhere). */
async function leavePaused(page: Page): Promise<void> {
  try {
    if ((await page.getByTestId('player-state').textContent({ timeout: 2000 })) !== 'playing') return;
    await pause(page);
  } catch {
    // Nothing to pause from here (the page was closed or navigated away).
  }
}

/** Simulated seconds shown in the toolbar ("t = 12.3 s / 60.0 s"). */
export async function simSeconds(page: Page): Promise<number> {
  const text = (await page.getByTestId('sim-time').textContent()) ?? '';
  const m = /t = (?:(\d+) min )?([\d.]+) s/.exec(text);
  if (!m) throw new Error(`cannot read the simulated time from "${text}"`);
  return Number(m[1] ?? 0) * 60 + Number(m[2]);
}

export async function shot(locator: Locator, name: string): Promise<void> {
  await locator.screenshot({ path: path.join(ARTIFACTS, `${name}.png`) });
}

/**
 * Centres of drawn users on the graph canvas: pixels inside a filled disc of one city colour
 * (a 5x5 block of the same colour), in CSS pixels relative to the canvas container, largest first.
 */
export async function userDiscs(page: Page): Promise<{ x: number; y: number }[]> {
  const container = page.getByTestId('graph-canvas');
  return container.evaluate((el) => {
    const found: { x: number; y: number; n: number }[] = [];
    const box = el.getBoundingClientRect();
    for (const canvas of Array.from(el.querySelectorAll('canvas'))) {
      const ctx = canvas.getContext('2d');
      if (!ctx || canvas.width === 0) continue;
      const { data, width, height } = ctx.getImageData(0, 0, canvas.width, canvas.height);
      const scale = canvas.width / canvas.getBoundingClientRect().width;
      const px = (x: number, y: number) => {
        const i = (y * width + x) * 4;
        return data[i + 3] === 255 ? (data[i] << 16) | (data[i + 1] << 8) | data[i + 2] : -1;
      };
      const R = 2;
      for (let y = R; y < height - R; y += 4) {
        for (let x = R; x < width - R; x += 4) {
          const c = px(x, y);
          // Skip the background-ish greys and empty pixels: city colours are saturated.
          if (c < 0) continue;
          const r = c >> 16, g = (c >> 8) & 255, b = c & 255;
          if (Math.max(r, g, b) - Math.min(r, g, b) < 40) continue;
          let same = true;
          for (let dy = -R; dy <= R && same; dy++) for (let dx = -R; dx <= R && same; dx++) same = px(x + dx, y + dy) === c;
          if (!same) continue;
          const cx = x / scale, cy = y / scale;
          const near = found.find((f) => Math.hypot(f.x - cx, f.y - cy) < 12);
          if (near) near.n++;
          else found.push({ x: cx, y: cy, n: 1 });
        }
      }
    }
    void box;
    return found.sort((a, b) => b.n - a.n).map(({ x, y }) => ({ x, y }));
  });
}
