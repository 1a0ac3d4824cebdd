/**
 * Browser mode's entry point: the engine and the BrowserHost in plain Node. Prints the URL (with
 * its per-run token) and opens it when a browser is available. The only place of browser mode
 * that reads the environment (REDIS_URL, DISPLAY).
 *
 *   node bin/start.mjs --browser [--port N] [--no-open] [--keep]
 */
import { spawn, spawnSync } from 'node:child_process';
import { Engine } from '../engine/index.js';
import { engineOptionsFromEnv } from './env.js';
import { BrowserHost } from './host.js';
import { RENDERER_DIST } from './paths.js';

export interface BrowserModeOptions {
  port: number;
  open: boolean;
  /** Leave Feedscope's keys on a REDIS_URL server at exit (--keep). */
  keep: boolean;
}

export function parseBrowserArgs(argv: string[]): BrowserModeOptions {
  const opts: BrowserModeOptions = { port: 0, open: true, keep: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--no-open') opts.open = false;
    else if (a === '--keep') opts.keep = true;
    else if (a === '--port' || a.startsWith('--port=')) {
      const v = a.includes('=') ? a.slice('--port='.length) : argv[++i];
      const port = Number(v);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port ${v} is not a port number: give 0 (any free port) to 65535.`);
      opts.port = port;
    }
  }
  return opts;
}

/** Opens the URL with xdg-open when there is a display and xdg-open exists; never fails. */
function openInBrowser(url: string): void {
  if (!process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) return;
  if (spawnSync('sh', ['-c', 'command -v xdg-open'], { stdio: 'ignore' }).status !== 0) return;
  try {
    const child = spawn('xdg-open', [url], { stdio: 'ignore', detached: true });
    child.on('error', () => undefined);
    child.unref();
  } catch {
    // Opening is a convenience: the URL is printed anyway.
  }
}

export async function runBrowserMode(argv: string[]): Promise<void> {
  const opts = parseBrowserArgs(argv);
  // The host serves until it is stopped: a promise nobody awaited that rejects is a bug to log,
  // not a reason to drop every open page and the run with it.
  process.on('unhandledRejection', (reason) => {
    process.stderr.write(`feedscope host: unhandled rejection (logged, the host keeps running): ${reason instanceof Error ? (reason.stack ?? reason.message) : String(reason)}\n`);
  });
  // No keychain in browser mode: saved connections live in the engine's memory for the host's life.
  const savedConnections = { memoryReason: 'Browser mode has no system keychain to encrypt passwords with.' };
  const engine = new Engine({ ...engineOptionsFromEnv(process.env, { keep: opts.keep }), savedConnections });
  const host = new BrowserHost({ engine, staticDir: RENDERER_DIST, port: opts.port });
  const { url } = await host.start();
  process.stdout.write(`Feedscope (browser mode) is at ${url}\n`);
  process.stdout.write('Keep this URL private: its token lets a page drive the engine. Press Ctrl+C to stop.\n');
  if (opts.open) openInBrowser(url);
  let stopping = false;
  const stop = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    await host.close().catch(() => undefined);
    await engine.close().catch(() => undefined);
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}
