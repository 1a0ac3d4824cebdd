/**
 * The system Node.js that Feedscope's helper processes (the guardians of private redis-servers
 * and temp dirs) run under in the Electron app. The packaged app turns Electron's RunAsNode fuse
 * off (electron-builder.yml), so its own binary can no longer run a plain script: a helper needs
 * a real `node`. FEEDSCOPE_NODE names one; otherwise the first `node` on PATH. Read only here, by
 * the entry point, as environment should be.
 */
import { accessSync, constants, statSync } from 'node:fs';
import path from 'node:path';

function executable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

/** FEEDSCOPE_NODE if it is an executable file, else the first executable `node` on PATH, else null. */
export function findSystemNode(env: NodeJS.ProcessEnv = process.env): string | null {
  if (env.FEEDSCOPE_NODE) return executable(env.FEEDSCOPE_NODE) ? path.resolve(env.FEEDSCOPE_NODE) : null;
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, process.platform === 'win32' ? 'node.exe' : 'node');
    if (executable(candidate)) return candidate;
  }
  return null;
}
