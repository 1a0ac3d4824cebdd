/**
 * The one door into the engine for both transports (Electron IPC and the browser-mode WebSocket):
 * a command name and an untrusted payload go in, `{ok, result}` or `{ok: false, error}` comes out.
 * Validation and the handler table are the engine's (engine/commands.ts); main/ only binds them
 * to one engine.
 */
import { dispatch, type DispatchResult, type Engine } from '../engine/index.js';

export type { DispatchResult };
export type Dispatch = (name: unknown, payload: unknown) => Promise<DispatchResult>;

export function createDispatcher(engine: Engine): Dispatch {
  return (name, payload) => dispatch(engine, name, payload);
}
