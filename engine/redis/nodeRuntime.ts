/**
 * How Feedscope starts its helper processes (the guardians of guardian.cjs, which outlive a
 * SIGKILL of ours to clean up): a Node.js that runs a plain script. Under plain Node that is this
 * very binary. Under Electron it is too, with ELECTRON_RUN_AS_NODE=1, until the packaged app
 * turns the RunAsNode fuse off (electron-builder.yml): then the entry point names a system
 * Node.js here (configureNodeRuntime), since an Electron binary that ignores the variable would
 * start a second app instead of the guardian.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FeedscopeError } from '../errors.js';

export const GUARDIAN = path.join(path.dirname(fileURLToPath(import.meta.url)), 'guardian.cjs');

let systemNode: string | null = null;

/** `node`: a Node.js binary for helper processes; null: this process's own binary (the default). */
export function configureNodeRuntime(o: { node: string | null }): void {
  systemNode = o.node;
}

/** The command and extra environment that run a Node.js script as a helper process. */
export function nodeRuntime(): { command: string; env: Record<string, string> } {
  return systemNode ? { command: systemNode, env: {} } : { command: process.execPath, env: { ELECTRON_RUN_AS_NODE: '1' } };
}

/** Starts guardian.cjs with `args`, its stdin a pipe it watches, `env` on top of ours. */
export function spawnGuardian(args: string[], env: Record<string, string>): ChildProcess {
  const node = nodeRuntime();
  return spawn(node.command, [GUARDIAN, ...args], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...node.env, ...env } });
}

/** The error of a guardian that could not be started (no such Node.js binary, most likely). */
export function guardianStartError(err: Error): FeedscopeError {
  const node = nodeRuntime().command;
  const code = (err as NodeJS.ErrnoException).code ?? err.message;
  return new FeedscopeError(
    'GUARDIAN_START_FAILED',
    `Feedscope's helper process (guardian.cjs under ${node}) could not start (${code}). It needs Node.js: install it (Debian/Ubuntu: sudo apt-get install nodejs) or set FEEDSCOPE_NODE to a node binary.`,
    { cause: err },
  );
}
