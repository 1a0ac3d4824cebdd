/**
 * The guardians under a named Node.js (what the packaged Electron app does, its RunAsNode fuse
 * off): they run without ELECTRON_RUN_AS_NODE, and a Node.js that is not there is a clear error,
 * not a hang or a crash, that leaves no temp dir.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { LadybugStore } from '../backends/LadybugStore.js';
import { FeedscopeError } from '../errors.js';
import { generateGraph } from '../scenario/graph.js';
import { configureNodeRuntime, nodeRuntime } from './nodeRuntime.js';
import { RedisServer } from './RedisServer.js';
import { TempDirGuardian } from './TempDirGuardian.js';

afterEach(() => configureNodeRuntime({ node: null }));
/** LadybugDB's temp dirs of this test go here, so that nobody else's can be mistaken for them. */
const parent = mkdtempSync(path.join(os.tmpdir(), 'feedscope-runtime-'));
afterAll(() => rmSync(parent, { recursive: true, force: true }));

describe('guardians under a configured Node.js', () => {
  it('defaults to this binary with ELECTRON_RUN_AS_NODE, and takes a named node without it', () => {
    expect(nodeRuntime()).toEqual({ command: process.execPath, env: { ELECTRON_RUN_AS_NODE: '1' } });
    configureNodeRuntime({ node: '/usr/bin/node-of-the-system' });
    expect(nodeRuntime()).toEqual({ command: '/usr/bin/node-of-the-system', env: {} });
  });

  it('runs a private redis-server under a named node', async () => {
    configureNodeRuntime({ node: process.execPath });
    const s = await RedisServer.start();
    expect(s.version).toMatch(/^\d+\./);
    await s.stop();
  });

  it('says what to install when the named node does not exist, for every guardian', async () => {
    configureNodeRuntime({ node: '/nonexistent/node' });
    for (const attempt of [() => RedisServer.start(), () => TempDirGuardian.guard(parent), () => new LadybugStore({ dir: parent }).load(generateGraph({ kind: 'generator', users: 5, avgFollows: 1, followerExponent: 2.2, attributes: { cities: 1, tags: 2, topics: 1, interestsPerUser: 1 } }, 1), () => undefined)]) {
      const err = await attempt().then(() => null, (e: unknown) => e);
      expect(err).toBeInstanceOf(FeedscopeError);
      expect((err as FeedscopeError).code).toBe('GUARDIAN_START_FAILED');
      expect((err as Error).message).toContain('/nonexistent/node');
      expect((err as Error).message).toMatch(/FEEDSCOPE_NODE/);
    }
    expect(readdirSync(parent)).toEqual([]);
  });
});
