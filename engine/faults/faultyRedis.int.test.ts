/**
 * A scenario's `faults.redisDelay` on the whole engine (private redis-server): the models' reads
 * pay the injected delay, the direct connection does not, and unloading removes the proxy.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { Engine } from '../Engine.js';
import { RANKER_FILE, scenario } from '../test/helpers.js';

describe('scenario faults', () => {
  const engine = new Engine({ rankerFile: RANKER_FILE });
  afterAll(() => engine.close());

  async function readP50(faults?: { redisDelay: { baseMs: number } }): Promise<number> {
    const s = scenario({ workload: { durationSec: 1, postsPerSec: 20, readsPerSec: 30, pageSize: 10 }, ...(faults ? { faults } : {}) });
    await engine.load(s, 'inline', process.cwd());
    await engine.setSpeed('max');
    await engine.runToEnd();
    const report = await engine.report();
    const reads = Object.entries(report.timeline ?? {}).filter(([k]) => /read/i.test(k));
    expect(reads.length).toBeGreaterThan(0);
    return Math.min(...reads.map(([, v]) => v.p50Ms));
  }

  it('delays every model read by the proxy\'s base delay, and only while the scenario has faults', async () => {
    // A delay far above a loaded machine's own latency, so the comparisons cannot flip by chance.
    const BASE_MS = 150;
    const slow = await readP50({ redisDelay: { baseMs: BASE_MS } });
    expect(slow).toBeGreaterThanOrEqual(BASE_MS - 1);
    // The direct connection (inspectors, reset) is not delayed.
    const t0 = performance.now();
    await (await engine.redis()).client.ping();
    expect(performance.now() - t0).toBeLessThan(BASE_MS / 2);
    const fast = await readP50();
    expect(fast).toBeLessThan(BASE_MS / 2);
  });

  it('refuses a fault it cannot apply, naming the field', async () => {
    expect(() => scenario({ faults: { redisDelay: { baseMs: -1 } } } as never)).toThrow(/baseMs/);
  });
});
