/**
 * Electron's main process: one window on the built renderer, the engine in this process, and one
 * IPC handler per API command (`feedscope:<name>`), each validated by the shared dispatcher.
 * Security: context isolation, sandbox, no Node in the page, a strict CSP, the renderer served
 * from its own `app://feedscope/` origin (not file://, so the page gets no file privileges and the
 * packaged app can turn grantFileProtocolExtraPrivileges off), no remote content, navigation of
 * any frame and new windows denied, every permission request and check refused.
 *
 * The packaged app's fuses (electron-builder.yml) turn RunAsNode off, so the helper processes
 * that clean up after a kill (the guardians) run under a system Node.js (main/nodeBinary.ts).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { app, BrowserWindow, ipcMain, protocol, safeStorage, session, type IpcMainInvokeEvent } from 'electron';
import { COMMAND_NAMES, configureNodeRuntime, Engine, type SavedConnectionsOptions } from '../engine/index.js';
import { createDispatcher } from './dispatch.js';
import { engineOptionsFromEnv } from './env.js';
import { findSystemNode } from './nodeBinary.js';
import { APP_ROOT, RENDERER_DIST } from './paths.js';
import { contentSecurityPolicy } from './security.js';
import { resolveStaticFile } from './staticFiles.js';

/** The renderer's origin: a standard, secure scheme of our own, served from renderer/dist only. */
const APP_SCHEME = 'app';
const APP_HOST = 'feedscope';
const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
const INDEX_URL = `${APP_ORIGIN}/index.html`;
/** Compiled by `tsc -b` from main/preload.cts: sandboxed preloads must be CommonJS. */
const PRELOAD = path.join(APP_ROOT, 'dist', 'main', 'preload.cjs');

// Before the app is ready, as Electron requires: `standard` gives the scheme real origins (so
// 'self' in the CSP is app://feedscope), `secure` treats it as HTTPS.
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);

// A system Node.js for the guardians when there is one (the packaged app has no other way: its
// RunAsNode fuse is off); in a checkout without one, Electron's own binary with ELECTRON_RUN_AS_NODE.
const systemNode = findSystemNode(process.env);
if (systemNode || app.isPackaged) configureNodeRuntime({ node: systemNode ?? 'node' });

/** Made once the app is ready: only then can safeStorage tell whether it can encrypt. */
let engine: Engine | null = null;
let win: BrowserWindow | null = null;

/**
 * Saved connections' passwords go through the OS keychain (safeStorage) into userData's
 * connections.json; with no keychain (or Linux's "basic_text" store, a key written in Chromium's
 * source), the engine keeps them in memory only and the form says why.
 */
function savedConnectionsOptions(): SavedConnectionsOptions {
  const linuxStore = process.platform === 'linux' ? safeStorage.getSelectedStorageBackend() : null;
  if (!safeStorage.isEncryptionAvailable() || linuxStore === 'basic_text') {
    return { memoryReason: `Electron's safeStorage has no system keychain to encrypt with here${linuxStore ? ` (password store: ${linuxStore})` : ''}, so nothing is written to disk.` };
  }
  return {
    vault: { encrypt: (text) => safeStorage.encryptString(text), decrypt: (buf) => safeStorage.decryptString(buf) },
    file: path.join(app.getPath('userData'), 'connections.json'),
    vaultName: `the system keychain (Electron safeStorage${linuxStore ? `, ${linuxStore}` : ''})`,
  };
}

/** Only our own page may call the API. */
function fromOurPage(event: IpcMainInvokeEvent): boolean {
  const url = event.senderFrame?.url ?? '';
  return url === INDEX_URL || url.startsWith(`${INDEX_URL}#`) || url.startsWith(`${INDEX_URL}?`);
}

function registerIpc(engine: Engine): void {
  const dispatch = createDispatcher(engine);
  for (const name of COMMAND_NAMES) {
    ipcMain.handle(`feedscope:${name}`, async (event, payload: unknown) => {
      if (!fromOurPage(event)) return { ok: false, error: { code: 'FORBIDDEN', message: 'Only the Feedscope window may call the engine.' } };
      return dispatch(name, payload);
    });
  }
  engine.on((e) => {
    if (win && !win.isDestroyed()) win.webContents.send('feedscope:event', e);
  });
}

/** app://feedscope/<path>: the built renderer's files (the same resolver as browser mode's host), with the CSP. */
function serveRenderer(csp: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    const found = url.host === APP_HOST ? await resolveStaticFile(RENDERER_DIST, url.pathname) : ({ ok: false, status: 404, message: 'Not found.\n' } as const);
    if (!found.ok) return new Response(found.message, { status: found.status, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
    return new Response(await readFile(found.file), {
      headers: { 'Content-Type': found.contentType, 'Content-Security-Policy': csp, 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-store' },
    });
  });
}

function lockDown(): void {
  const csp = contentSecurityPolicy();
  serveRenderer(csp);
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [csp] } });
  });
  // No remote content and no file://: only the app's own origin (and devtools) load.
  session.defaultSession.webRequest.onBeforeRequest((details, callback) => {
    const ok = details.url.startsWith(`${APP_ORIGIN}/`) || details.url.startsWith('devtools://') || details.url.startsWith('data:');
    callback({ cancel: !ok });
  });
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  // Checks are the synchronous half (navigator.permissions.query, some APIs ask before requesting).
  session.defaultSession.setPermissionCheckHandler(() => false);
  app.on('web-contents-created', (_e, contents) => {
    contents.on('will-navigate', (e) => e.preventDefault());
    // will-navigate sees the main frame only; this one sees every frame (an injected iframe too).
    contents.on('will-frame-navigate', (e) => e.preventDefault());
    contents.on('will-redirect', (e) => e.preventDefault());
    contents.on('will-attach-webview', (e) => e.preventDefault());
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });
}

async function createWindow(): Promise<void> {
  win = new BrowserWindow({
    width: 1440,
    height: 900,
    title: 'Feedscope',
    backgroundColor: '#0f1419',
    webPreferences: {
      preload: PRELOAD,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
      spellcheck: false,
      // The preload builds one named method per command from this list.
      additionalArguments: [`--feedscope-commands=${COMMAND_NAMES.join(',')}`],
    },
  });
  win.on('closed', () => (win = null));
  await win.loadURL(INDEX_URL);
}

app.enableSandbox();
app.whenReady().then(async () => {
  engine = new Engine({ ...engineOptionsFromEnv(process.env, { keep: process.argv.includes('--keep') }), savedConnections: savedConnectionsOptions() });
  lockDown();
  registerIpc(engine);
  await createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) void createWindow();
  });
}).catch((err: unknown) => {
  process.stderr.write(`feedscope: the window could not start: ${(err as Error).message}\n`);
  app.exit(1);
});

app.on('window-all-closed', () => app.quit());
let closing = false;
app.on('will-quit', (e) => {
  if (closing) return;
  closing = true;
  e.preventDefault();
  void (engine?.close() ?? Promise.resolve()).finally(() => app.exit(0));
});
