/**
 * Finds the API: `window.feedscope` in Electron (the preload put it there), otherwise browser
 * mode's WebSocket, authenticated with the token from the URL fragment (`#token=...`).
 */
import type { FeedscopeApi } from '../../engine/api.js';
import { ApiCallError } from './errors.js';
import { createWsApi, type ConnectionState } from './wsClient.js';

declare global {
  interface Window {
    feedscope?: FeedscopeApi;
  }
}

export interface ApiConnection {
  mode: 'electron' | 'browser';
  api: FeedscopeApi | null;
  /** Why there is no API (no token in the URL). */
  error: ApiCallError | null;
  onConnection(listener: (state: ConnectionState) => void): () => void;
}

const TOKEN_KEY = 'feedscope.token';

export function connectApi(): ApiConnection {
  if (window.feedscope) {
    return { mode: 'electron', api: window.feedscope, error: null, onConnection: (l) => (l('open'), () => undefined) };
  }
  const fromHash = new URLSearchParams(window.location.hash.slice(1)).get('token');
  // Keep the token for reloads of this tab, but not in the visible URL.
  if (fromHash) {
    sessionStorage.setItem(TOKEN_KEY, fromHash);
    history.replaceState(null, '', window.location.pathname + window.location.search);
  }
  const token = fromHash ?? sessionStorage.getItem(TOKEN_KEY);
  if (!token) {
    return {
      mode: 'browser',
      api: null,
      error: new ApiCallError('NO_TOKEN', 'This page was opened without its access token. Open the exact URL that `npm start` printed (it ends with #token=...).'),
      onConnection: (l) => (l('refused'), () => undefined),
    };
  }
  const ws = createWsApi(`ws://${window.location.host}/api?token=${encodeURIComponent(token)}`);
  return { mode: 'browser', api: ws.api, error: null, onConnection: ws.onConnection };
}
