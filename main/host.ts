/**
 * Browser mode: a small HTTP server on 127.0.0.1 that serves the built renderer and carries the
 * API over one WebSocket path. Other local pages must not drive the engine, so the socket accepts
 * only a connection that (1) presents the per-run random token, (2) comes from this server's own
 * origin, and (3) names this server in its Host header (against DNS rebinding).
 *
 * Wire format (JSON text frames):
 *   client -> host  {id: number, name: string, args: unknown}
 *   host -> client  {id, ok: true, result} | {id, ok: false, error: {code, message}}
 *   host -> client  {event: EngineEvent}
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Engine, EngineEvent } from '../engine/index.js';
import { createDispatcher, type Dispatch } from './dispatch.js';
import { contentSecurityPolicy } from './security.js';

export const HOST_ADDRESS = '127.0.0.1';
export const API_PATH = '/api';
/** Largest request accepted: a scenario sent as text (loadScenarioText allows 10 MB) plus framing. */
const MAX_MESSAGE_BYTES = 11 * 1024 * 1024;
/** Frames are dropped for a client whose socket has this much unsent data (status/errors are not). */
const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

export interface HostOptions {
  engine: Engine;
  /** The built renderer (renderer/dist). */
  staticDir: string;
  /** 0 picks a free port. */
  port?: number;
  /** Fixed token for tests; a random one per run otherwise. */
  token?: string;
}

export class BrowserHost {
  readonly token: string;
  private readonly server: http.Server;
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  private readonly dispatch: Dispatch;
  private readonly clients = new Set<WebSocket>();
  private unsubscribe: (() => void) | null = null;
  private port = 0;

  constructor(private readonly options: HostOptions) {
    this.token = options.token ?? randomBytes(24).toString('base64url');
    this.dispatch = createDispatcher(options.engine);
    this.server = http.createServer((req, res) => void this.serveStatic(req, res));
    this.server.on('upgrade', (req, socket, head) => this.upgrade(req, socket, head));
  }

  /** Starts listening; resolves with the URL to open (the token travels in the fragment). */
  async start(): Promise<{ url: string; port: number }> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.options.port ?? 0, HOST_ADDRESS, () => resolve());
    });
    this.port = (this.server.address() as AddressInfo).port;
    this.unsubscribe = this.options.engine.on((e) => this.broadcast(e));
    return { url: `http://${HOST_ADDRESS}:${this.port}/#token=${this.token}`, port: this.port };
  }

  async close(): Promise<void> {
    this.unsubscribe?.();
    for (const ws of this.clients) ws.terminate();
    this.wss.close();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private allowedHosts(): string[] {
    return [`${HOST_ADDRESS}:${this.port}`, `localhost:${this.port}`];
  }

  /** Why a WebSocket upgrade is refused, or null when it is allowed. */
  private refuse(req: http.IncomingMessage): string | null {
    const url = new URL(req.url ?? '/', `http://${HOST_ADDRESS}`);
    if (url.pathname !== API_PATH) return 'unknown path';
    if (!this.allowedHosts().includes(req.headers.host ?? '')) return 'wrong Host header';
    const origin = req.headers.origin ?? '';
    if (!this.allowedHosts().some((h) => origin === `http://${h}`)) return 'wrong Origin';
    const given = Buffer.from(url.searchParams.get('token') ?? '');
    const expected = Buffer.from(this.token);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'wrong token';
    return null;
  }

  private upgrade(req: http.IncomingMessage, socket: Duplex, head: Buffer): void {
    const why = this.refuse(req);
    if (why) {
      socket.end(`HTTP/1.1 403 Forbidden\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\nFeedscope refused this connection: ${why}.\n`);
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.connected(ws));
  }

  private connected(ws: WebSocket): void {
    this.clients.add(ws);
    ws.on('close', () => this.clients.delete(ws));
    ws.on('error', () => this.clients.delete(ws));
    ws.on('message', (data, isBinary) => void this.onMessage(ws, data.toString(), isBinary));
    this.send(ws, { event: { type: 'status', status: this.options.engine.status() } });
  }

  private async onMessage(ws: WebSocket, text: string, isBinary: boolean): Promise<void> {
    let msg: unknown;
    try {
      if (isBinary) throw new Error('binary');
      msg = JSON.parse(text);
    } catch {
      this.send(ws, { id: null, ok: false, error: { code: 'BAD_MESSAGE', message: 'The host received a message that is not JSON text: send {id, name, args}.' } });
      return;
    }
    const { id, name, args } = (msg && typeof msg === 'object' ? msg : {}) as { id?: unknown; name?: unknown; args?: unknown };
    if (typeof id !== 'number') {
      this.send(ws, { id: null, ok: false, error: { code: 'BAD_MESSAGE', message: 'The message has no numeric "id": send {id, name, args}.' } });
      return;
    }
    this.send(ws, { id, ...(await this.dispatch(name, args)) });
  }

  private broadcast(event: EngineEvent): void {
    for (const ws of this.clients) {
      if (event.type === 'frame' && ws.bufferedAmount > MAX_BUFFERED_BYTES) continue;
      this.send(ws, { event });
    }
  }

  private send(ws: WebSocket, msg: unknown): void {
    if (ws.readyState !== ws.OPEN) return;
    ws.send(JSON.stringify(msg));
  }

  private async serveStatic(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const headers = {
      'Content-Security-Policy': contentSecurityPolicy([`ws://${HOST_ADDRESS}:${this.port}`, `ws://localhost:${this.port}`]),
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'Cache-Control': 'no-store',
    };
    if (!this.allowedHosts().includes(req.headers.host ?? '')) {
      res.writeHead(403, { ...headers, 'Content-Type': 'text/plain' }).end('Wrong Host header.\n');
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { ...headers, Allow: 'GET, HEAD' }).end();
      return;
    }
    const pathname = decodeURIComponent(new URL(req.url ?? '/', `http://${HOST_ADDRESS}`).pathname);
    const root = path.resolve(this.options.staticDir);
    const file = path.resolve(root, `.${pathname === '/' ? '/index.html' : pathname}`);
    if (file !== root && !file.startsWith(root + path.sep)) {
      res.writeHead(404, headers).end();
      return;
    }
    const info = await stat(file).catch(() => null);
    if (!info?.isFile()) {
      const missingBuild = pathname === '/' || pathname === '/index.html';
      res.writeHead(missingBuild ? 503 : 404, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(missingBuild ? `The renderer is not built (${file} is missing): run \`npm run build\` or \`npm start\`.\n` : 'Not found.\n');
      return;
    }
    res.writeHead(200, { ...headers, 'Content-Type': CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream', 'Content-Length': info.size });
    if (req.method === 'HEAD') res.end();
    else createReadStream(file).pipe(res);
  }
}
