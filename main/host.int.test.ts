/**
 * The browser-mode host on a real Engine: the token, Origin and Host checks, the static files,
 * and a command round trip over the WebSocket.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
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

  /** Sends `request` as raw bytes; resolves with the status line, or 'no answer' after 3 s. */
  function rawStatus(request: string): Promise<string> {
    return new Promise((resolve) => {
      const sock = net.connect(port, '127.0.0.1', () => sock.write(request));
      let got = '';
      const done = (why?: string): void => {
        sock.destroy();
        resolve(why ?? (got.split('\r\n')[0] || 'no answer'));
      };
      sock.setTimeout(3000, () => done('no answer'));
      sock.on('data', (d) => {
        got += d.toString();
        if (got.includes('\r\n')) done();
      });
      sock.on('error', () => done('socket error'));
      sock.on('close', () => done());
    });
  }

  it('answers a path that does not decode with 400, and keeps serving (it used to die on URIError)', async () => {
    const host = `Host: 127.0.0.1:${port}\r\n`;
    for (const target of ['/%', '/%c0%ae%c0%ae/etc/passwd', '/%E0%A4%A', '/a%00b']) {
      expect(await rawStatus(`GET ${target} HTTP/1.1\r\n${host}Connection: close\r\n\r\n`), target).toBe('HTTP/1.1 400 Bad Request');
    }
    // An absolute-form target that does not parse, as a page and as a WebSocket upgrade.
    expect(await rawStatus(`GET http://[ HTTP/1.1\r\n${host}Connection: close\r\n\r\n`)).toBe('HTTP/1.1 400 Bad Request');
    const upgrade = `GET http://[ HTTP/1.1\r\n${host}Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n`;
    expect(await rawStatus(upgrade)).toBe('HTTP/1.1 403 Forbidden');
    const res = await fetch(`${base}/`, { signal: AbortSignal.timeout(3000) });
    expect(res.status).toBe(200);
  });

  it('closes a client that stops reading its replies, with a log line, and keeps serving others', async () => {
    const logs: string[] = [];
    const small = new BrowserHost({ engine, staticDir, token: TOKEN, maxQueuedBytes: 256 * 1024, log: (l) => logs.push(l) });
    const { port: p } = await small.start();
    try {
      const ws = new WebSocket(`ws://127.0.0.1:${p}${API_PATH}?token=${TOKEN}`, { origin: `http://127.0.0.1:${p}` });
      await new Promise((resolve, reject) => {
        ws.once('open', resolve);
        ws.once('error', reject);
      });
      const c = client(ws);
      expect((await c.call('loadScenarioText', { name: 'big.json', text: JSON.stringify({ name: 'big', seed: 3, graph: { kind: 'generator', users: 20_000, avgFollows: 10 }, workload: { durationSec: 1, postsPerSec: 0, readsPerSec: 0 } }) })).ok).toBe(true);
      // The client stops reading, then asks for far more than its queue may hold.
      const sock = (ws as unknown as { _socket: net.Socket })._socket;
      sock.pause();
      for (let i = 0; i < 60; i++) ws.send(JSON.stringify({ id: 1000 + i, name: 'getGraph', args: { maxNodes: 100_000, maxEdges: 1_000_000 } }));
      await expect.poll(() => logs.find((l) => /closed a client that does not read/.test(l)), { timeout: 20_000 }).toBeTruthy();
      expect(logs.find((l) => /does not read/.test(l))).toMatch(/limit 0\.3 MiB per client/);
      sock.resume();
      await new Promise((resolve) => (ws.readyState === ws.CLOSED ? resolve(null) : ws.once('close', resolve)));
      // Another client of the same host is served as before.
      const other = await open();
      if (typeof other === 'number') throw new Error(`refused with HTTP ${other}`);
      expect((await client(other).call('getStatus', {})).ok).toBe(true);
      other.close();
    } finally {
      await small.close();
    }
  });

  it('keeps a text scenario\'s edge list inside sample-graphs/ and never sends a file back', async () => {
    const opened = await open();
    if (typeof opened === 'number') throw new Error(`the host refused a correct connection (HTTP ${opened})`);
    const c = client(opened);
    for (const file of ['../../../../../../etc/passwd', '/etc/passwd', '/proc/self/environ']) {
      const text = JSON.stringify({ name: 'x', seed: 1, graph: { kind: 'edgeList', file, format: 'csv' }, workload: { durationSec: 1, postsPerSec: 1, readsPerSec: 1 } });
      const r = await c.call('loadScenarioText', { name: 'evil.json', text });
      expect(r.ok, file).toBe(false);
      expect(r.error?.code).toBe('EDGE_LIST_OUTSIDE');
      expect(r.error?.message).toContain('at $.graph.file');
      expect(JSON.stringify(r)).not.toMatch(/root:|daemon:|PATH=/);
    }
    opened.close();
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
