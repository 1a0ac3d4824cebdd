/**
 * Electron's main process: one window on the built renderer, the engine in this process, and one
 * IPC handler per API command (`feedscope:<name>`), each validated by the shared dispatcher.
 * Security: context isolation, sandbox, no Node in the page, a strict CSP, no remote content,
 * navigation and new windows denied, every permission request refused.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { app, BrowserWindow, ipcMain, session, type IpcMainInvokeEvent } from 'electron';
import { COMMAND_NAMES, Engine } from '../engine/index.js';
import { createDispatcher } from './dispatch.js';
import { engineOptionsFromEnv } from './env.js';
import { APP_ROOT, RENDERER_DIST } from './paths.js';
import { contentSecurityPolicy } from './security.js';

const INDEX_HTML = path.join(RENDERER_DIST, 'index.html');
const INDEX_URL = pathToFileURL(INDEX_HTML).href;
/** Compiled by `tsc -b` from main/preload.cts: sandboxed preloads must be CommonJS. */
const PRELOAD = path.join(APP_ROOT, 'dist', 'main', 'preload.cjs');

const engine = new Engine(engineOptionsFromEnv());
const dispatch = createDispatcher(engine);
let win: BrowserWindow | null = null;

/** Only our own page may call the API. */
function fromOurPage(event: IpcMainInvokeEvent): boolean {
  const url = event.senderFrame?.url ?? '';
  return url === INDEX_URL || url.startsWith(`${INDEX_URL}#`) || url.startsWith(`${INDEX_URL}?`);
}

function registerIpc(): void {
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

function lockDown(): void {
  const csp = contentSecurityPolicy();
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [csp] } });
  });
  // No remote content: only the app's own files (and devtools) load.
  session.defaultSession.webRequest.onBeforeRequest((details, callback) => {
    const ok = details.url.startsWith('file://') || details.url.startsWith('devtools://') || details.url.startsWith('data:');
    callback({ cancel: !ok });
  });
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  app.on('web-contents-created', (_e, contents) => {
    contents.on('will-navigate', (e) => e.preventDefault());
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
  await win.loadFile(INDEX_HTML);
}

app.enableSandbox();
app.whenReady().then(async () => {
  lockDown();
  registerIpc();
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
  void engine.close().finally(() => app.exit(0));
});
