/** Helpers that read the screen as a person would (text, canvas pixels), never the app's internals. */
import { expect, type Browser, type Locator, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const ARTIFACTS = path.join(ROOT, 'e2e', 'artifacts');

export function appUrl(): string {
  const url = process.env.FEEDSCOPE_URL;
  if (!url) throw new Error('FEEDSCOPE_URL is not set: run through playwright.config.ts (its global setup starts browser mode).');
  return url;
}

/** Simulated seconds shown in the toolbar ("t = 12.3 s / 60.0 s"). */
/** A new page on the app, recording console errors and uncaught page errors into `errors`. */
export async function openApp(browser: Browser): Promise<{ page: Page; errors: string[] }> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(appUrl());
  return { page, errors };
}

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

export async function expectNoConsoleErrors(errors: string[]): Promise<void> {
  expect(errors, `console errors: ${errors.join('\n')}`).toEqual([]);
}
