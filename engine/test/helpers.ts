/**
 * Test helpers: a private redis-server per test file (started by the test run, never the machine's
 * shared one), and scenarios built in code.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll } from 'vitest';
import { openRedis, type RedisHandle } from '../redis/connect.js';
import { ScenarioSchema, type Scenario, type ScenarioInput } from '../scenario/schema.js';

/** This checkout; tests are an entry point, so they say where its files are. */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const RANKER_FILE = path.join(ROOT, 'models', 'ranker.onnx');

/** Starts a private redis-server before the file's tests and stops it after. */
export function usePrivateRedis(): { readonly handle: RedisHandle } {
  const box: { handle?: RedisHandle } = {};
  beforeAll(async () => {
    box.handle = await openRedis();
  });
  afterAll(async () => {
    await box.handle?.close();
  });
  return {
    get handle(): RedisHandle {
      if (!box.handle) throw new Error('private Redis not started yet');
      return box.handle;
    },
  };
}

/** A valid scenario with small defaults, overridden per test. */
export function scenario(overrides: Partial<ScenarioInput> = {}): Scenario {
  return ScenarioSchema.parse({
    name: 'test',
    seed: 1,
    graph: { kind: 'generator', users: 40, avgFollows: 5 },
    workload: { durationSec: 5, postsPerSec: 20, readsPerSec: 20, pageSize: 10 },
    ...overrides,
  });
}
