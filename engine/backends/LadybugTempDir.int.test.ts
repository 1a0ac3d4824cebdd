/**
 * LadybugDB's temp directory never outlives Feedscope: closed, it is removed at once; killed
 * (SIGKILL, SIGTERM, SIGINT without a handler: no exit hook runs), its guardian removes it and
 * exits. The store runs in a child process that this test kills, as RedisServer.int.test.ts does.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { generateGraph } from '../scenario/graph.js';
import { LadybugStore } from './LadybugStore.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const GRAPH = { kind: 'generator', users: 30, avgFollows: 3, followerExponent: 2.2, attributes: { cities: 2, tags: 5, topics: 2, interestsPerUser: 1 } } as const;

/** Pids of guardian processes that guard `dir` (`guardian.cjs --dir <dir>`). */
function guardiansOf(dir: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const argv = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      if (argv.some((a) => a.endsWith('guardian.cjs')) && argv.includes('--dir') && argv.includes(dir)) pids.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

async function until(cond: () => boolean, ms = 8000): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (cond()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return cond();
}

describe("LadybugDB's temp directory", () => {
  it('is removed with its guardian on close', async () => {
    const store = new LadybugStore();
    await store.load(generateGraph(GRAPH, 1), () => undefined);
    const dir = path.dirname(store.info.location);
    expect(existsSync(dir)).toBe(true);
    expect(guardiansOf(dir)).toHaveLength(1);
    await store.close();
    expect(existsSync(dir)).toBe(false);
    expect(await until(() => guardiansOf(dir).length === 0)).toBe(true);
  });

  for (const signal of ['SIGKILL', 'SIGTERM', 'SIGINT'] as const) {
    it(`is removed when Feedscope is killed with ${signal}`, async () => {
      const script = `import { LadybugStore } from ${JSON.stringify(path.join(ROOT, 'engine/backends/LadybugStore.ts'))};
import { generateGraph } from ${JSON.stringify(path.join(ROOT, 'engine/scenario/graph.ts'))};
const store = new LadybugStore();
await store.load(generateGraph(${JSON.stringify(GRAPH)}, 1), () => undefined);
console.log(store.info.location);
setInterval(() => {}, 1000);`;
      const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
      try {
        const location = await new Promise<string>((resolve, reject) => {
          child.stdout.once('data', (d: Buffer) => resolve(d.toString().trim()));
          child.once('exit', (code) => reject(new Error(`the child exited with ${code} before opening the store`)));
        });
        const dir = path.dirname(location);
        expect(existsSync(location)).toBe(true);
        const guardians = guardiansOf(dir);
        expect(guardians).toHaveLength(1);
        child.kill(signal);
        expect(await until(() => !existsSync(dir)), `${dir} left behind`).toBe(true);
        expect(await until(() => guardiansOf(dir).length === 0), 'guardian left behind').toBe(true);
      } finally {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      }
    });
  }
});
