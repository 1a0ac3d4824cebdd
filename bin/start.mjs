#!/usr/bin/env node
// `npm start [-- --browser] [--port N] [--no-open]`: builds what is missing, then opens the
// Electron window; without Electron's binary (or with --browser) it starts browser mode: the
// engine and a local host serving the UI at a printed URL.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const require = createRequire(import.meta.url);

/** Newest modification time under `dir` (skipping build output). */
function newest(dir) {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'dist' || e.name === 'node_modules') continue;
    const p = path.join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

function run(cmd, cmdArgs) {
  const r = spawnSync(cmd, cmdArgs, { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) {
    process.stderr.write(`feedscope: \`${[cmd, ...cmdArgs].join(' ')}\` failed; fix the error above and run npm start again.\n`);
    process.exit(1);
  }
}

/** The renderer is rebuilt when renderer/ (or the API types it uses) changed since the last build. */
function buildRendererIfNeeded() {
  const index = path.join(ROOT, 'renderer', 'dist', 'index.html');
  const sources = Math.max(newest(path.join(ROOT, 'renderer')), statSync(path.join(ROOT, 'engine', 'api.ts')).mtimeMs, statSync(path.join(ROOT, 'vite.config.ts')).mtimeMs);
  if (existsSync(index) && statSync(index).mtimeMs >= sources) return;
  process.stdout.write('feedscope: building the renderer (vite build)...\n');
  run(process.execPath, [path.join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn']);
}

/** Electron's binary path, or null when node_modules/electron has no binary. */
function electronBinary() {
  try {
    const p = require('electron');
    return typeof p === 'string' && existsSync(p) ? p : null;
  } catch {
    return null;
  }
}

buildRendererIfNeeded();

const electron = args.includes('--browser') ? null : electronBinary();
if (electron) {
  // The sandboxed preload must be plain CommonJS: tsc compiles main/preload.cts to dist/main/preload.cjs.
  const preload = path.join(ROOT, 'dist', 'main', 'preload.cjs');
  if (!existsSync(preload) || statSync(preload).mtimeMs < statSync(path.join(ROOT, 'main', 'preload.cts')).mtimeMs) {
    run(process.execPath, [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-b', 'main']);
  }
  const child = spawn(electron, [path.join(ROOT, 'main', 'electron.mjs'), ...args], { cwd: ROOT, stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  if (!args.includes('--browser')) {
    process.stdout.write("Electron's binary is not installed (node_modules/electron has no dist/), so Feedscope starts in browser mode.\n");
  }
  register();
  const { runBrowserMode } = await import('../main/browser.ts');
  await runBrowserMode(args.filter((a) => a !== '--browser'));
}
