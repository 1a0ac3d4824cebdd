/**
 * The key browser on a server the test starts (issue 15), driven like a person: connect to it
 * from the app's form, scan it completely with progress, sort the list by memory, read a 5 MB
 * string by byte range, see a stream group's lag and pending entries, read the analysis, run the
 * profiler, and delete a key after the confirmation that names it and the server; then, with the
 * server asking for a password, save the connection, reload the page and connect to it by name
 * (the engine keeps the password: no message to the page carries it). Screenshots at 1024x768,
 * 1280x720 and 1920x1080.
 */
import type { Page } from '@playwright/test';
import { Redis } from 'ioredis';
import path from 'node:path';
// The server the user would bring, started like every test server (a guardian kills it if the run dies).
// eslint-disable-next-line @typescript-eslint/no-restricted-imports -- test setup, not the app under test
import { RedisServer } from '../engine/redis/RedisServer.js';
import { ARTIFACTS, expect, gotoApp, shot, test } from './helpers.js';

const BLOB_BYTES = 5 * 1024 * 1024;
const SIZES = [
  { width: 1024, height: 768 },
  { width: 1280, height: 720 },
  { width: 1920, height: 1080 },
];

let server: RedisServer;
let r: Redis;

test.beforeAll(async () => {
  server = await RedisServer.start();
  r = new Redis(server.url);
  const p = r.pipeline();
  for (let i = 0; i < 800; i++) p.set(`session:${i}`, `s${i}`, 'EX', 1800 + i);
  for (let i = 0; i < 1200; i++) p.set(`counter:${i}`, String(i));
  for (let i = 0; i < 200; i++) p.hset(`user:${i}`, 'name', `user ${i}`, 'city', 'Lisbon');
  for (let i = 0; i < 4; i++) {
    const args: (string | number)[] = [];
    for (let j = 0; j < 140; j++) args.push(j, `post:${j}`);
    p.zadd(`timeline:${i}`, ...args);
  }
  for (let i = 0; i < 100; i++) p.zadd(`timeline:small:${i}`, 1, 'a', 2, 'b');
  p.set('blob', Buffer.alloc(BLOB_BYTES, 'abcdefgh'));
  for (let i = 0; i < 50; i++) p.xadd('stream:events', '*', 'n', String(i));
  await p.exec();
  await r.xgroup('CREATE', 'stream:events', 'workers', '0');
  await r.xreadgroup('GROUP', 'workers', 'alice', 'COUNT', 12, 'STREAMS', 'stream:events', '>');
});

test.afterAll(async () => {
  r?.disconnect();
  await server?.stop();
});

async function connect(page: Page): Promise<void> {
  await gotoApp(page);
  await page.getByRole('tab', { name: 'Keys' }).click();
  const panel = page.getByTestId('panel-keys');
  await panel.getByRole('button', { name: 'Connect…' }).first().click();
  const form = panel.getByTestId('connection-form');
  await expect(form.getByTestId('saved-note')).toContainText('memory only');
  await form.getByRole('textbox', { name: 'Host' }).fill('127.0.0.1');
  await form.getByRole('spinbutton', { name: 'Port' }).fill(String(server.port));
  await form.getByRole('button', { name: 'Connect', exact: true }).click();
  const header = panel.getByTestId('kb-server');
  await expect(header).toContainText(`127.0.0.1:${server.port}`);
  await expect(header).toContainText(/Redis 7\.\d+\.\d+ · master · [\d.]+ MB used · [\d,]+ keys · connected from the app/);
}

async function scanAll(page: Page): Promise<void> {
  const panel = page.getByTestId('panel-keys');
  await panel.getByRole('textbox', { name: 'Key pattern' }).fill('*');
  await panel.getByRole('combobox', { name: 'Key type' }).selectOption('');
  await panel.getByRole('combobox', { name: 'Scan budget' }).selectOption('25');
  await panel.getByRole('button', { name: 'Scan', exact: true }).click();
  await expect(panel.getByTestId('scan-state')).toHaveAttribute('data-state', 'done', { timeout: 30_000 });
  const total = await r.dbsize();
  await expect(panel.getByTestId('scan-progress')).toContainText(`${total.toLocaleString('en-US')} keys listed (scan complete) · ${total.toLocaleString('en-US')} in the database`);
  await expect(panel.getByTestId('key-list')).toHaveAttribute('data-rows', String(total));
}

test('connect to a server from the app, scan it completely, read values by range and streams with lag', async ({ page }) => {
  await connect(page);
  await scanAll(page);
  const panel = page.getByTestId('panel-keys');
  const list = panel.getByTestId('key-list');

  // Sorted by memory in the engine: the 5 MB string first, with its encoding and length.
  await panel.getByRole('button', { name: 'Sort by Memory' }).click();
  await expect(list.locator('.vrow').first()).toContainText(/string\s*blob\s*raw\s*none\s*[\d.]+ MB\s*5,242,880/);
  await panel.getByRole('button', { name: 'Sort by TTL' }).click();
  await expect(list.locator('.vrow').first()).toContainText(/session:\d+\s*embstr\s*30 min/);

  await panel.getByRole('button', { name: 'Sort by Memory' }).click();
  await list.locator('.vrow').first().click();
  const details = panel.getByTestId('key-details');
  await expect(details.getByTestId('string-range-label')).toHaveText('bytes 0–4,096 of 5,242,880');
  await details.getByRole('spinbutton', { name: 'Jump to byte' }).fill('4000000');
  await details.getByRole('button', { name: 'Go' }).click();
  await expect(details.getByTestId('string-range-label')).toHaveText('bytes 4,000,000–4,004,096 of 5,242,880');
  await expect(details.getByTestId('string-value')).toContainText('abcdefgh');
  await details.getByRole('combobox', { name: 'String view' }).selectOption('hex');
  await expect(details.getByTestId('string-value')).toContainText('61 62 63 64 65 66 67 68');
  await expect(details.getByRole('button', { name: /Download \(5,242,880 bytes\)/ })).toBeVisible();
  for (const size of SIZES) {
    await page.setViewportSize(size);
    await page.screenshot({ path: path.join(ARTIFACTS, `keybrowser-keys-${size.width}x${size.height}.png`) });
  }
  await page.setViewportSize({ width: 1440, height: 900 });

  // The stream, found from the prefix tree: its group's lag and a consumer's pending entries.
  await panel.locator('.ktree button', { hasText: 'stream:' }).click();
  await expect(panel.getByTestId('list-filter')).toContainText('stream:*');
  await list.locator('.vrow').first().click();
  const group = details.getByTestId('stream-group');
  await expect(group).toContainText('workers');
  await expect(group.getByTestId('stream-lag')).toHaveText(' · lag 38');
  await expect(group).toContainText('entries read 12');
  await group.getByRole('button', { name: 'pending entries' }).click();
  await expect(group.getByTestId('stream-pending').locator('tbody tr')).toHaveCount(12);
  await expect(group.getByTestId('stream-pending').locator('tbody tr').first()).toContainText(/alice\s*[\d,]+ ms\s*1/);
  await expect(group.getByRole('button', { name: 'XACK these 12' })).toBeDisabled();
  await shot(panel, 'keybrowser-stream');
});

test('keyspace analysis with encodings and TTL buckets, the profiler, and a confirmed delete', async ({ page }) => {
  await connect(page);
  await scanAll(page);
  const panel = page.getByTestId('panel-keys');
  await panel.getByRole('button', { name: 'Analysis', exact: true }).click();
  const a = panel.getByTestId('analysis');
  await expect(a.getByTestId('analysis-summary')).toContainText('complete scan: exact counts');
  await expect(a.getByTestId('analysis-prefixes')).toContainText('counter:*');
  await expect(a.getByTestId('analysis-types').locator('.hbar', { hasText: 'zset · skiplist' })).toContainText(/ · 4 keys$/);
  await expect(a.getByTestId('ttl-histogram')).toContainText('< 1 h');
  await expect(a.getByTestId('recommendations')).toContainText('4 ZSETs just above zset-max-listpack-entries 128');
  await expect(a.getByTestId('recommendations')).toContainText('1,200 small strings under counter:*');
  for (const size of SIZES) {
    await page.setViewportSize(size);
    await page.screenshot({ path: path.join(ARTIFACTS, `keybrowser-analysis-${size.width}x${size.height}.png`) });
  }
  await page.setViewportSize({ width: 1440, height: 900 });

  await panel.getByRole('button', { name: 'Profiler', exact: true }).click();
  const prof = panel.getByTestId('profiler');
  await expect(prof.getByTestId('monitor-warning')).toContainText('more than 50%');
  await prof.getByRole('spinbutton', { name: 'MONITOR seconds' }).fill('2');
  let busy = true;
  const load = (async () => {
    for (let i = 0; busy; i++) await r.get(`counter:${i % 1200}`);
  })();
  await prof.getByRole('button', { name: 'Run MONITOR' }).click();
  await expect(prof.getByTestId('profile-patterns')).toContainText('get counter:*', { timeout: 15_000 });
  busy = false;
  await load;
  await prof.getByRole('button', { name: 'Read' }).click();
  await expect(prof.getByTestId('client-list')).toContainText('feedscope-keybrowser');
  await shot(panel, 'keybrowser-profiler');

  // A write asks first, naming the key and the server, and offers to copy the value.
  await panel.getByRole('button', { name: 'Keys', exact: true }).click();
  await panel.getByRole('button', { name: 'Key', exact: true }).click();
  await panel.getByTestId('key-list').locator('.vrow').first().click();
  const details = panel.getByTestId('key-details');
  const victim = (await details.locator('dd').first().textContent())!.trim();
  await expect(details.getByRole('button', { name: 'Delete key' })).toBeDisabled();
  await panel.getByRole('button', { name: /unlock writes/ }).click();
  await expect(panel.getByRole('button', { name: /writes unlocked/ })).toBeVisible();
  await details.getByRole('button', { name: 'Delete key' }).click();
  const ask = panel.getByTestId('confirm-write');
  await expect(ask).toContainText(`Delete (UNLINK) the key "${victim}" on 127.0.0.1:${server.port}?`);
  await expect(ask.getByRole('button', { name: 'Copy the value first, then delete' })).toBeVisible();
  await shot(panel, 'keybrowser-confirm');
  expect(await r.exists(victim)).toBe(1);
  await ask.getByRole('button', { name: 'Delete', exact: true }).click();
  await expect(ask).toHaveCount(0);
  await expect.poll(() => r.exists(victim)).toBe(0);
  await panel.getByRole('button', { name: /writes unlocked/ }).click();
  await expect(panel.getByRole('button', { name: /unlock writes/ })).toBeVisible();
  // Leave the shared engine on its own Redis for the next spec.
  await panel.getByRole('button', { name: 'Connect…' }).first().click();
  await panel.getByTestId('connection-form').getByRole('button', { name: 'Back to the scenario\'s Redis' }).click();
  await expect(panel.getByTestId('kb-server')).not.toContainText(`127.0.0.1:${server.port}`);
});

test('a saved connection with a password outlives a page reload and connects by name; the page never gets the password back', async ({ page }) => {
  const PASSWORD = 'e2e-saved-secret-31';
  // `r` is logged in already: it keeps working; every new connection needs the password.
  await r.call('CONFIG', 'SET', 'requirepass', PASSWORD);
  try {
    await gotoApp(page);
    await page.getByRole('tab', { name: 'Keys' }).click();
    const panel = page.getByTestId('panel-keys');
    await panel.getByRole('button', { name: 'Connect…' }).first().click();
    let form = panel.getByTestId('connection-form');
    // Browser mode: no keychain, so the engine keeps them in memory and the form says so.
    await expect(form.getByTestId('saved-note')).toContainText('memory only');
    await form.getByRole('textbox', { name: 'Host' }).fill('127.0.0.1');
    await form.getByRole('spinbutton', { name: 'Port' }).fill(String(server.port));
    await form.getByLabel('Password').fill(PASSWORD);
    await form.getByRole('checkbox', { name: 'remember while Feedscope runs' }).check();
    await form.getByRole('textbox', { name: 'Saved connection name' }).fill('e2e local');
    await form.getByRole('button', { name: 'Connect', exact: true }).click();
    const header = panel.getByTestId('kb-server');
    await expect(header).toContainText(`127.0.0.1:${server.port}`);
    await panel.getByRole('button', { name: 'Connect…' }).first().click();
    await form.getByRole('button', { name: 'Back to the scenario\'s Redis' }).click();
    await expect(header).not.toContainText(`127.0.0.1:${server.port}`);

    // A reload; from here on, every message the engine sends the page is read for the password.
    const received: string[] = [];
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.enable');
    cdp.on('Network.webSocketFrameReceived', (e) => received.push(e.response.payloadData));
    await gotoApp(page);
    await page.getByRole('tab', { name: 'Keys' }).click();
    await panel.getByRole('button', { name: 'Connect…' }).first().click();
    form = panel.getByTestId('connection-form');
    const saved = form.getByRole('list', { name: 'Saved connections' });
    await expect(saved).toContainText(`e2e local127.0.0.1:${server.port} · password saved`);
    await shot(form, 'keybrowser-saved-connections');
    await saved.getByRole('button', { name: 'e2e local', exact: true }).click();
    await expect(header).toContainText(`127.0.0.1:${server.port}`);
    await expect(header).toContainText('connected from the app');
    // The frames read are the engine's answers: the saved list among them, the password in none.
    expect(received.some((t) => t.includes('"name":"e2e local"') && t.includes('"hasPassword":true'))).toBe(true);
    expect(received.filter((t) => t.includes(PASSWORD))).toEqual([]);

    // Forget it, and leave the shared engine on its own Redis for the next spec.
    await panel.getByRole('button', { name: 'Connect…' }).first().click();
    await form.getByRole('button', { name: 'Forget e2e local' }).click();
    await expect(form.getByRole('list', { name: 'Saved connections' })).toHaveCount(0);
    await form.getByRole('button', { name: 'Back to the scenario\'s Redis' }).click();
    await expect(header).not.toContainText(`127.0.0.1:${server.port}`);
  } finally {
    await r.call('CONFIG', 'SET', 'requirepass', '');
  }
});
