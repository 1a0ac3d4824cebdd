/**
 * Browser mode's API object: the same shape as Electron's `window.feedscope`, carried over the
 * host's WebSocket. Any property but `onEvent` is a command: the host validates name and payload,
 * so this client needs no list of commands and new commands work without changes here.
 */
import type { EngineEvent, FeedscopeApi } from '../../engine/api.js';
import { ApiCallError } from './errors.js';

/** 'refused': closed before it ever opened (host not running, or a stale token). */
export type ConnectionState = 'connecting' | 'open' | 'closed' | 'refused';

interface Pending {
  resolve(v: unknown): void;
  reject(e: unknown): void;
}

type Reply = { id: number | null; ok: true; result: unknown } | { id: number | null; ok: false; error: { code: string; message: string } };

export interface WsApi {
  api: FeedscopeApi;
  onConnection(listener: (state: ConnectionState) => void): () => void;
}

export const LOST = new ApiCallError(
  'CONNECTION_LOST',
  'The connection to the Feedscope host was lost. Check that `npm start` is still running in its terminal, then reload this page (or open the new URL it prints).',
);

export const NEVER_OPENED = new ApiCallError(
  'CONNECT_FAILED',
  'Could not connect to the Feedscope host: it is not running, or this URL carries the token of an earlier run. Open the URL that `npm start` printed last.',
);

export function createWsApi(wsUrl: string): WsApi {
  const socket = new WebSocket(wsUrl);
  const pending = new Map<number, Pending>();
  const queue: string[] = [];
  const eventListeners = new Set<(e: EngineEvent) => void>();
  const connListeners = new Set<(s: ConnectionState) => void>();
  let state: ConnectionState = 'connecting';
  let nextId = 1;
  let opened = false;

  const setState = (s: ConnectionState): void => {
    state = s;
    for (const l of connListeners) l(s);
  };

  socket.addEventListener('open', () => {
    opened = true;
    setState('open');
    for (const m of queue.splice(0)) socket.send(m);
  });
  socket.addEventListener('close', () => {
    const why = opened ? LOST : NEVER_OPENED;
    setState(opened ? 'closed' : 'refused');
    for (const p of pending.values()) p.reject(why);
    pending.clear();
  });
  socket.addEventListener('message', (msg) => {
    const data = JSON.parse(String(msg.data)) as Reply | { event: EngineEvent };
    if ('event' in data) {
      for (const l of eventListeners) l(data.event);
      return;
    }
    const p = data.id === null ? undefined : pending.get(data.id);
    if (!p || data.id === null) return;
    pending.delete(data.id);
    if (data.ok) p.resolve(data.result);
    else p.reject(new ApiCallError(data.error.code, data.error.message));
  });

  const call = (name: string, args: unknown): Promise<unknown> => {
    if (state === 'closed' || state === 'refused') return Promise.reject(opened ? LOST : NEVER_OPENED);
    const id = nextId++;
    const text = JSON.stringify({ id, name, args: args ?? {} });
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject });
      if (state === 'open') socket.send(text);
      else queue.push(text);
    });
  };

  const onEvent = (listener: (e: EngineEvent) => void): (() => void) => {
    eventListeners.add(listener);
    return () => eventListeners.delete(listener);
  };

  const api = new Proxy({} as FeedscopeApi, {
    get(_target, prop) {
      if (prop === 'onEvent') return onEvent;
      // Not a thenable, not a symbol-keyed protocol.
      if (typeof prop !== 'string' || prop === 'then') return undefined;
      return (args?: unknown) => call(prop, args);
    },
  });

  return {
    api,
    onConnection(listener) {
      connListeners.add(listener);
      listener(state);
      return () => connListeners.delete(listener);
    },
  };
}
