/**
 * The sandboxed preload: exposes ONE object, `window.feedscope`, with one named method per API
 * command (no generic send/invoke). Each method invokes its own `feedscope:<name>` channel; main
 * validates the payload. Errors come back as `{code, message}` and reject with an Error whose
 * message is "CODE: message" (only the message survives the context bridge).
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { EngineEvent } from '../engine/api.js';

type Reply = { ok: true; result: unknown } | { ok: false; error: { code: string; message: string } };

const COMMANDS_ARG = '--feedscope-commands=';
const names = (process.argv.find((a) => a.startsWith(COMMANDS_ARG)) ?? COMMANDS_ARG).slice(COMMANDS_ARG.length).split(',').filter((n) => /^[A-Za-z]+$/.test(n));

const api: Record<string, unknown> = {};
for (const name of names) {
  api[name] = async (args?: unknown): Promise<unknown> => {
    const reply = (await ipcRenderer.invoke(`feedscope:${name}`, args)) as Reply;
    if (!reply.ok) throw new Error(`${reply.error.code}: ${reply.error.message}`);
    return reply.result;
  };
}
api.onEvent = (listener: (event: EngineEvent) => void): (() => void) => {
  const handler = (_e: IpcRendererEvent, event: EngineEvent): void => listener(event);
  ipcRenderer.on('feedscope:event', handler);
  return () => {
    ipcRenderer.removeListener('feedscope:event', handler);
  };
};

contextBridge.exposeInMainWorld('feedscope', api);
