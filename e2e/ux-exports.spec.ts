/**
 * Issue 14, exports from the app: report.json and report.html of the current run, the follow
 * graph as PNG, each chart as PNG and CSV; every file read back as a person would open it.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Download, Page } from '@playwright/test';
import { ARTIFACTS, expect, gotoApp, loadScenario, pause, playUntil, test } from './helpers.js';
import { FLAGSHIP, shotsAtSizes } from './ux-helpers.js';

async function download(page: Page, click: () => Promise<void>): Promise<{ name: string; bytes: Buffer }> {
  const [d] = await Promise.all([page.waitForEvent('download'), click()]) as [Download, void];
  const file = await d.path();
  return { name: d.suggestedFilename(), bytes: readFileSync(file) };
}

const PNG_SIGNATURE = '89504e470d0a1a0a';

test('exports: report.json, report.html, the graph as PNG, a chart as PNG and CSV', async ({ page }) => {
  test.setTimeout(150_000);
  await gotoApp(page);
  await loadScenario(page, FLAGSHIP, 90_000);
  await playUntil(page, '5', 6);
  await pause(page);

  await page.getByText('Export', { exact: true }).click();
  await shotsAtSizes(page, 'ux-exports-menu');
  const json = await download(page, () => page.getByRole('button', { name: 'report.json' }).click());
  expect(json.name).toBe('feedscope-timeline-vs-graph.report.json');
  const report = JSON.parse(json.bytes.toString('utf8')) as { scenario: { name: string }; run: { simulatedMs: number }; spans: string[]; memory: { usedMemoryBytes: number }; capacity?: { projected: boolean; horizonSec?: number; rows?: { metric: string; measured: number | null }[] } };
  expect(report.scenario.name).toBe(FLAGSHIP.name);
  expect(report.run.simulatedMs).toBeGreaterThan(5000);
  expect(report.spans.length).toBeGreaterThan(5);
  const html = await download(page, () => page.getByRole('button', { name: 'report.html' }).click());
  expect(html.name).toBe('feedscope-timeline-vs-graph.report.html');
  const text = html.bytes.toString('utf8');
  expect(text).toContain('<h2>Summary</h2>');
  expect(text).toContain('<svg class="flame"');
  expect(text).not.toMatch(/<script/i);
  // The capacity planner on this scenario up to where the run was paused (issue 13), beside what it measured.
  expect(report.capacity?.projected).toBe(true);
  expect(report.capacity?.horizonSec).toBe(report.run.simulatedMs / 1000);
  expect(report.capacity?.rows?.find((r) => r.metric === 'Redis used_memory at the end')?.measured).toBe(report.memory.usedMemoryBytes);
  expect(text).toContain('<h2>Capacity</h2>');
  expect(text).toContain('aria-label="Redis memory vs users"');
  expect(text).toContain('aria-label="Redis commands/s vs users"');
  expect(text).toMatch(/the run stopped there; the scenario lasts [\d,.]+ s/);
  const opened = await page.context().newPage();
  await opened.setViewportSize({ width: 1280, height: 720 });
  await opened.setContent(text);
  await opened.getByRole('heading', { name: 'Capacity', exact: true }).evaluate((h) => window.scrollTo(0, h.getBoundingClientRect().top + window.scrollY - 8));
  await opened.screenshot({ path: path.join(ARTIFACTS, 'ux-exports-report-capacity.png') });
  await opened.close();
  await page.getByText('Export', { exact: true }).click();

  const graph = await download(page, () => page.getByTestId('panel-graph').getByRole('button', { name: 'PNG' }).click());
  expect(graph.name).toBe('follow-graph.png');
  writeFileSync(path.join(ARTIFACTS, 'ux-exports-follow-graph.png'), graph.bytes);
  expect(graph.bytes.subarray(0, 8).toString('hex')).toBe(PNG_SIGNATURE);
  expect(graph.bytes.length).toBeGreaterThan(5000);

  const chart = page.getByTestId('chart-throughput');
  await expect(chart.getByRole('button', { name: /PNG$/ })).toBeVisible({ timeout: 20_000 });
  const png = await download(page, () => chart.getByRole('button', { name: /PNG$/ }).click());
  expect(png.name).toBe('chart-throughput.png');
  writeFileSync(path.join(ARTIFACTS, 'ux-exports-chart-throughput.png'), png.bytes);
  expect(png.bytes.subarray(0, 8).toString('hex')).toBe(PNG_SIGNATURE);
  expect(png.bytes.length).toBeGreaterThan(2000);
  const csv = await download(page, () => chart.getByRole('button', { name: /CSV$/ }).click());
  expect(csv.name).toBe('chart-throughput.csv');
  const lines = csv.bytes.toString('utf8').trim().split('\n');
  expect(lines[0]).toBe('t_s,all events/s,reads/s,posts/s');
  expect(lines.length).toBeGreaterThan(5);
  // Each row: a time, then numbers; times never go back.
  const times = lines.slice(1).map((l) => Number(l.split(',')[0]));
  expect(times.every((t, i) => Number.isFinite(t) && (i === 0 || t >= times[i - 1]))).toBe(true);
  expect(times[times.length - 1]).toBeGreaterThan(times[0]);
});
