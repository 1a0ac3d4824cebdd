import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveStaticFile } from './staticFiles.js';

const top = mkdtempSync(path.join(os.tmpdir(), 'feedscope-static-'));
const root = path.join(top, 'dist');
mkdirSync(path.join(root, 'assets'), { recursive: true });
writeFileSync(path.join(root, 'index.html'), '<!doctype html>');
writeFileSync(path.join(root, 'assets', 'app.js'), '1');
writeFileSync(path.join(top, 'secret.txt'), 'secret');
afterAll(() => rmSync(top, { recursive: true, force: true }));

describe('resolveStaticFile', () => {
  it('serves the index for / and files below the root with their type', async () => {
    expect(await resolveStaticFile(root, '/')).toMatchObject({ ok: true, file: path.join(root, 'index.html'), contentType: 'text/html; charset=utf-8' });
    expect(await resolveStaticFile(root, '/assets/app.js')).toMatchObject({ ok: true, size: 1, contentType: 'text/javascript; charset=utf-8' });
  });

  it('answers 400 for paths that do not decode or hold a NUL, without throwing', async () => {
    for (const p of ['/%', '/%c0%ae%c0%ae/etc/passwd', '/%E0%A4%A', '/index.html%00.js']) {
      expect(await resolveStaticFile(root, p), p).toMatchObject({ ok: false, status: 400 });
    }
  });

  it('answers 404 outside the root, 503 when the renderer is not built', async () => {
    for (const p of ['/../secret.txt', '/..%2fsecret.txt', '/%2e%2e/%2e%2e/etc/passwd', '/assets']) {
      expect(await resolveStaticFile(root, p), p).toMatchObject({ ok: false, status: 404 });
    }
    expect(await resolveStaticFile(path.join(top, 'missing'), '/')).toMatchObject({ ok: false, status: 503 });
  });
});
