/**
 * Starts the browser-mode host every test shares (host.ts) and hands its URL to the tests in
 * FEEDSCOPE_URL; the returned function stops it.
 */
import { existsSync } from 'node:fs';
import { startHost } from './host.js';

export default async function globalSetup(): Promise<() => Promise<void>> {
  const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(chromium)) throw new Error(`${chromium} is missing: install it with \`apt-get install -y chromium\` (or set CHROMIUM_PATH). Do not run \`npx playwright install\`.`);
  const host = await startHost();
  process.env.FEEDSCOPE_URL = host.url;
  return host.stop;
}
