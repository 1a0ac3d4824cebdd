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
 *
 * No request may end the host: a path that does not decode is a 400, a failed handler is logged
 * and answered 500. A client that stops reading is closed once MAX_QUEUED_BYTES of replies wait
 * for it, and at most MAX_IN_FLIGHT of its commands run at once (the rest, up to MAX_WAITING, wait
 * their turn), so a socket that asks for big replies without reading them costs a bounded amount
 * of memory.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { pipeline, type Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Engine, EngineEvent } from '../engine/index.js';
import { createDispatcher, type Dispatch } from './dispatch.js';
import { contentSecurityPolicy } from './security.js';
import { resolveStaticFile } from './staticFiles.js';

export const HOST_ADDRESS = '127.0.0.1';
export const API_PATH = '/api';
/** Largest request accepted: a scenario sent as text (loadScenarioText allows 10 MB) plus framing. */
const MAX_MESSAGE_BYTES = 11 * 1024 * 1024;
/** Frames are dropped for a client whose socket has this much unsent data (status/errors are not). */
const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;
/**
 * Unsent bytes a client may have queued before it is closed as "not reading". Room for a few of
 * the largest replies (a 100,000-node getGraph is about 15 MB), far below what hurts the host.
 */
export const MAX_QUEUED_BYTES = 64 * 1024 * 1024;
/** Commands of one socket that run at once; later ones wait (a sync handler's result is sent before the next starts). */
const MAX_IN_FLIGHT = 8;
/** Commands of one socket waiting for a slot; a client that sends more without waiting is closed. */
const MAX_WAITING = 256;

export interface HostOptions {
  engine: Engine;
  /** The built renderer (renderer/dist). */
  staticDir: string;
  /** 0 picks a free port. */
  port?: number;
  /** Fixed token for tests; a random one per run otherwise. */
  token?: string;
  /** Unsent reply bytes after which a client that does not read is closed (default MAX_QUEUED_BYTES). */
  maxQueuedBytes?: number;
  /** Where the host's own log lines go (default: stderr). */
  log?: (line: string) => void;
}

/** A socket's commands: how many run, and the ones waiting for a slot. */
interface ClientQueue {
  running: number;
  waiting: string[];
}

export class BrowserHost {
  readonly token: string;
  private readonly server: http.Server;
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  private readonly dispatch: Dispatch;
  private readonly clients = new Map<WebSocket, ClientQueue>();
  private unsubscribe: (() => void) | null = null;
  private port = 0;
  private readonly maxQueuedBytes: number;
  private readonly log: (line: string) => void;

  constructor(private readonly options: HostOptions) {
    this.token = options.token ?? randomBytes(24).toString('base64url');
    this.dispatch = createDispatcher(options.engine);
    this.maxQueuedBytes = options.maxQueuedBytes ?? MAX_QUEUED_BYTES;
    this.log = options.log ?? ((line) => process.stderr.write(`feedscope host: ${line}\n`));
    this.server = http.createServer((req, res) => {
      this.serveStatic(req, res).catch((err: unknown) => {
        this.log(`${req.method} ${JSON.stringify(req.url?.slice(0, 200))} failed: ${(err as Error)?.message ?? String(err)}`);
        if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' }).end('Internal error; the host logged it.\n');
        else res.destroy();
      });
    });
    this.server.on('upgrade', (req, socket, head) => {
      try {
        this.upgrade(req, socket, head);
      } catch (err) {
        this.log(`WebSocket upgrade failed: ${(err as Error)?.message ?? String(err)}`);
        socket.destroy();
      }
    });
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
    for (const ws of this.clients.keys()) ws.terminate();
    this.wss.close();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private allowedHosts(): string[] {
    return [`${HOST_ADDRESS}:${this.port}`, `localhost:${this.port}`];
  }

  /** Why a WebSocket upgrade is refused, or null when it is allowed. */
  private refuse(req: http.IncomingMessage): string | null {
    const url = parseRequestUrl(req);
    if (!url || url.pathname !== API_PATH) return 'unknown path';
    if (!this.allowedHosts().includes(req.headers.host ?? '')) return 'wrong Host header';
    const origin = req.headers.origin ?? '';
    if (!this.allowedHosts().some((h) => origin === `http://${h}`)) return 'wrong Origin';
    const given = Buffer.from(url.searchParams.get('token') ?? '');
    const expected = Buffer.from(this.token);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'wrong token';
    return null;
  }

  private upgrade(req: http.IncomingMessage, socket: Duplex, head: Buffer): void {
    // Until ws takes the socket over, its errors (a reset by the peer) are ours to swallow.
    socket.on('error', () => socket.destroy());
    const why = this.refuse(req);
    if (why) {
      socket.end(`HTTP/1.1 403 Forbidden\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\nFeedscope refused this connection: ${why}.\n`);
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.connected(ws));
  }

  private connected(ws: WebSocket): void {
    const queue: ClientQueue = { running: 0, waiting: [] };
    this.clients.set(ws, queue);
    ws.on('close', () => this.clients.delete(ws));
    ws.on('error', () => this.clients.delete(ws));
    ws.on('message', (data, isBinary) => {
      if (queue.waiting.length >= MAX_WAITING) {
        this.log(`closed a client that sent more than ${MAX_WAITING} commands without waiting for their replies`);
        this.clients.delete(ws);
        queue.waiting.length = 0;
        ws.terminate();
        return;
      }
      queue.waiting.push(isBinary ? '' : data.toString());
      this.runQueued(ws, queue);
    });
    this.send(ws, { event: { type: 'status', status: this.options.engine.status() } });
  }

  /** Starts the socket's waiting commands while it has free slots (and is still open). */
  private runQueued(ws: WebSocket, queue: ClientQueue): void {
    while (queue.running < MAX_IN_FLIGHT && queue.waiting.length > 0) {
      const text = queue.waiting.shift()!;
      if (ws.readyState !== ws.OPEN) {
        queue.waiting.length = 0;
        return;
      }
      queue.running++;
      this.onMessage(ws, text)
        .catch((err: unknown) => this.log(`a command failed outside the dispatcher: ${(err as Error)?.message ?? String(err)}`))
        .finally(() => {
          queue.running--;
          this.runQueued(ws, queue);
        });
    }
  }

  /** `text` is '' for a binary message. */
  private async onMessage(ws: WebSocket, text: string): Promise<void> {
    let msg: unknown;
    try {
      if (text === '') throw new Error('binary or empty');
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
    for (const ws of this.clients.keys()) {
      if (event.type === 'frame' && ws.bufferedAmount > MAX_BUFFERED_BYTES) continue;
      this.send(ws, { event });
    }
  }

  /** Sends unless the client has stopped reading: then it is closed instead of queueing more. */
  private send(ws: WebSocket, msg: unknown): void {
    if (ws.readyState !== ws.OPEN) return;
    const text = JSON.stringify(msg);
    const queued = ws.bufferedAmount;
    // A reply of any size goes to a client that has read everything so far.
    if (queued > 0 && queued + Buffer.byteLength(text) > this.maxQueuedBytes) {
      this.log(`closed a client that does not read its replies: ${mib(queued)} were still unsent and the next reply is ${mib(Buffer.byteLength(text))} (limit ${mib(this.maxQueuedBytes)} per client)`);
      this.clients.delete(ws);
      ws.terminate();
      return;
    }
    ws.send(text);
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
    const url = parseRequestUrl(req);
    const found = url ? await resolveStaticFile(this.options.staticDir, url.pathname) : ({ ok: false, status: 400, message: 'Bad request: the URL does not parse.\n' } as const);
    if (!found.ok) {
      res.writeHead(found.status, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' }).end(found.message);
      return;
    }
    res.writeHead(200, { ...headers, 'Content-Type': found.contentType, 'Content-Length': found.size });
    if (req.method === 'HEAD') res.end();
    else {
      pipeline(createReadStream(found.file), res, (err) => {
        if (err && err.code !== 'ERR_STREAM_PREMATURE_CLOSE') this.log(`sending ${found.file} failed: ${err.message}`);
      });
    }
  }
}

/** The request's URL, or null when it does not parse (an absolute-form target such as `http://[`). */
function parseRequestUrl(req: http.IncomingMessage): URL | null {
  const target = req.url ?? '/';
  return URL.canParse(target, `http://${HOST_ADDRESS}`) ? new URL(target, `http://${HOST_ADDRESS}`) : null;
}

function mib(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}
