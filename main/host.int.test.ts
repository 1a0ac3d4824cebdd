/**
 * The browser-mode host on a real Engine: the token, Origin and Host checks, the static files,
 * and a command round trip over the WebSocket.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { Engine, type EngineEvent } from '../engine/index.js';
import { API_PATH, BrowserHost } from './host.js';
import { RANKER_FILE, SAMPLE_GRAPHS } from './paths.js';

const TOKEN = 'test-token-0123456789abcdef';

type Reply = { id: number | null; ok: boolean; result?: unknown; error?: { code: string; message: string } };

describe('BrowserHost', () => {
  const staticDir = mkdtempSync(path.join(os.tmpdir(), 'feedscope-host-'));
  writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>Feedscope test</title>');
  const engine = new Engine({ sampleGraphsDir: SAMPLE_GRAPHS, rankerFile: RANKER_FILE });
  const host = new BrowserHost({ engine, staticDir, token: TOKEN });
  let base = '';
  let port = 0;

  beforeAll(async () => {
    const started = await host.start();
    port = started.port;
    base = `http://127.0.0.1:${port}`;
    expect(started.url).toBe(`${base}/#token=${TOKEN}`);
  });
  afterAll(async () => {
    await host.close();
    await engine.close();
    rmSync(staticDir, { recursive: true, force: true });
  });

  /** Opens a socket; resolves with it when open, or with the HTTP status it was refused with. */
  function open(opts: { token?: string; origin?: string; host?: string } = {}): Promise<WebSocket | number> {
    const url = `ws://127.0.0.1:${port}${API_PATH}?token=${encodeURIComponent(opts.token ?? TOKEN)}`;
    const headers: Record<string, string> = {};
    if (opts.host) headers.Host = opts.host;
    const ws = new WebSocket(url, { origin: opts.origin ?? base, headers });
    return new Promise((resolve, reject) => {
      ws.on('open', () => resolve(ws));
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.on('error', reject);
    });
  }

  function client(ws: WebSocket) {
    const events: EngineEvent[] = [];
    const waiting = new Map<number, (r: Reply) => void>();
    ws.on('message', (data) => {
      const msg = JSON.parse(data.toString()) as Reply | { event: EngineEvent };
      if ('event' in msg) events.push(msg.event);
      else waiting.get(msg.id ?? -1)?.(msg);
    });
    let id = 0;
    return {
      events,
      call(name: string, args: unknown): Promise<Reply> {
        const n = ++id;
        return new Promise((resolve) => {
          waiting.set(n, resolve);
          ws.send(JSON.stringify({ id: n, name, args }));
        });
      },
      raw(text: string): Promise<Reply> {
        return new Promise((resolve) => {
          waiting.set(-1, resolve);
          ws.send(text);
        });
      },
    };
  }

  it('refuses a wrong or missing token', async () => {
    expect(await open({ token: 'nope' })).toBe(403);
    expect(await open({ token: '' })).toBe(403);
    expect(await open({ token: TOKEN.slice(0, -1) + 'x' })).toBe(403);
  });

  it('refuses another origin and a foreign Host header, even with the token', async () => {
    expect(await open({ origin: 'http://evil.example' })).toBe(403);
    expect(await open({ origin: `http://127.0.0.1:${port + 1}` })).toBe(403);
    expect(await open({ host: `attacker.example:${port}` })).toBe(403);
  });

  it('serves the renderer with a CSP, and nothing outside its folder', async () => {
    const res = await fetch(`${base}/`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('Feedscope test');
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect((await fetch(`${base}/..%2fpackage.json`)).status).toBe(404);
    expect((await fetch(`${base}/%2e%2e/%2e%2e/etc/passwd`)).status).toBe(404);
    expect((await fetch(`${base}/`, { method: 'POST' })).status).toBe(405);
  });

  it('carries commands and events over the socket; bad messages get an error, not a crash', async () => {
    const opened = await open();
    if (typeof opened === 'number') throw new Error(`the host refused a correct connection (HTTP ${opened})`);
    const ws = opened;
    const c = client(ws);

    const notJson = await c.raw('{not json');
    expect(notJson).toMatchObject({ id: null, ok: false, error: { code: 'BAD_MESSAGE' } });
    const bad = await c.call('getFeeds', { user: -1 });
    expect(bad).toMatchObject({ ok: false, error: { code: 'BAD_PAYLOAD' } });
    expect(bad.error?.message).toContain('args.user');

    const list = await c.call('listScenarios', {});
    expect(list.ok).toBe(true);
    const tiny = (list.result as { file: string }[]).find((s) => s.file.endsWith('tiny-demo.json'))!;
    const loaded = await c.call('loadScenario', { file: tiny.file });
    expect(loaded).toMatchObject({ ok: true, result: { state: 'ready', scenario: { users: 50 } } });
    const stepped = await c.call('step', {});
    expect(stepped).toMatchObject({ ok: true, result: { tMs: 100 } });
    // The engine's events reach the socket: the status changes of the load and a frame of the step.
    expect(c.events.some((e) => e.type === 'status' && e.status.state === 'loading')).toBe(true);
    await expect.poll(() => c.events.some((e) => e.type === 'frame' && e.frame.tMs === 100)).toBe(true);
    ws.close();
  });
});
