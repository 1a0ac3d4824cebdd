/**
 * What the ux-*.spec.ts files share (issue 14): the window sizes a trainer meets (and a 1920x1080
 * projector at 200% zoom), the flagship demo, and reading the screen for overlaps with
 * elementFromPoint, as a pointer would find them.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Locator, Page } from '@playwright/test';
import { ARTIFACTS, expect, ROOT, type SampleScenario } from './helpers.js';

export const SIZES = [
  { name: '1024x768', width: 1024, height: 768, scale: 1 },
  { name: '1280x720', width: 1280, height: 720, scale: 1 },
  { name: '1366x768', width: 1366, height: 768, scale: 1 },
  { name: '1920x1080', width: 1920, height: 1080, scale: 1 },
] as const;
/** 1920x1080 at 200% zoom: 960x540 CSS pixels, two device pixels each. */
export const ZOOM_200 = { name: '1920x1080-zoom200', width: 960, height: 540, scale: 2 } as const;

export const FLAGSHIP = JSON.parse(readFileSync(path.join(ROOT, 'sample-graphs', 'timeline-vs-graph.json'), 'utf8')) as SampleScenario & { captions: { atSec: number; text: string }[] };

export async function pageAt(browser: Browser, size: { width: number; height: number; scale: number }): Promise<Page> {
  const ctx = await browser.newContext({ viewport: { width: size.width, height: size.height }, deviceScaleFactor: size.scale });
  return ctx.newPage();
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`) });
}

/**
 * The element a click at the centre of `loc` would reach is `loc` itself (or inside it): nothing
 * covers it, and it lies inside the window.
 */
export async function expectClickable(loc: Locator, what: string): Promise<void> {
  const hit = await loc.evaluate((el) => {
    const r = el.getBoundingClientRect();
    const x = r.left + r.width / 2;
    const y = r.top + r.height / 2;
    if (r.width === 0 || r.height === 0) return 'has no size';
    if (x < 0 || y < 0 || x > window.innerWidth || y > window.innerHeight) return `is outside the window (${Math.round(x)},${Math.round(y)})`;
    const top = document.elementFromPoint(x, y);
    if (top && (top === el || el.contains(top))) return 'ok';
    return `is covered by ${top ? `${top.tagName.toLowerCase()}.${(top as HTMLElement).className} "${(top.textContent ?? '').slice(0, 40)}"` : 'nothing'}`;
  });
  expect(hit, `${what} ${hit}`).toBe('ok');
}

/** Each box lies inside the window and no two of them overlap (1 px of slack for borders). */
export async function expectNoOverlap(page: Page, testIds: string[]): Promise<void> {
  const boxes = await Promise.all(testIds.map(async (id) => ({ id, box: await page.getByTestId(id).boundingBox() })));
  const vp = page.viewportSize()!;
  for (const { id, box } of boxes) {
    expect(box, `${id} is not on screen`).not.toBeNull();
    expect(box!.x + box!.width, `${id} runs past the right edge`).toBeLessThanOrEqual(vp.width + 1);
    expect(box!.y + box!.height, `${id} runs past the bottom edge`).toBeLessThanOrEqual(vp.height + 1);
  }
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i].box!;
      const b = boxes[j].box!;
      const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
      const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
      expect(w > 1 && h > 1, `${boxes[i].id} overlaps ${boxes[j].id} (${Math.round(w)}x${Math.round(h)} px)`).toBe(false);
    }
  }
}

/** Waits until the first launch has loaded (or chosen not to load) its scenario. */
export async function waitLaunched(page: Page): Promise<void> {
  await expect(page.locator('.app')).toHaveAttribute('data-launch', 'done', { timeout: 90_000 });
  await expect(page.getByTestId('player-state')).not.toHaveText('loading', { timeout: 90_000 });
}

/** The page at each of SIZES in turn, a screenshot `${name}-${size}.png` of each; back to the first size after. */
export async function shotsAtSizes(page: Page, name: string): Promise<void> {
  const before = page.viewportSize();
  for (const s of SIZES) {
    await page.setViewportSize({ width: s.width, height: s.height });
    await page.waitForTimeout(400);
    await screenshot(page, `${name}-${s.name}`);
  }
  if (before) await page.setViewportSize(before);
}
