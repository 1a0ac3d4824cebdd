import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { FeedscopeError } from '../errors.js';
import { loadScenarioFile, MAX_SCENARIO_BYTES } from './load.js';

const SAMPLES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../sample-graphs');

const dir = mkdtempSync(path.join(os.tmpdir(), 'feedscope-load-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function fileWith(name: string, text: string): string {
  const f = path.join(dir, name);
  writeFileSync(f, text);
  return f;
}

const good = {
  name: 'ok',
  seed: 1,
  graph: { kind: 'generator', users: 10, avgFollows: 2 },
  workload: { durationSec: 1, postsPerSec: 1, readsPerSec: 1 },
};

async function errorOf(file: string): Promise<FeedscopeError> {
  try {
    await loadScenarioFile(file);
  } catch (err) {
    expect(err).toBeInstanceOf(FeedscopeError);
    return err as FeedscopeError;
  }
  throw new Error('expected the scenario to be rejected');
}

describe('scenario validation errors', () => {
  it('accepts a good file and fills defaults', async () => {
    const { scenario } = await loadScenarioFile(fileWith('good.json', JSON.stringify(good)));
    expect(scenario.workload.pageSize).toBe(20);
    expect(scenario.timeline.preset).toBe('mastodon');
    expect(scenario.models).toEqual(['timeline']);
  });

  it('names file, line, JSON path, expected and found for a wrong type', async () => {
    const text = JSON.stringify({ ...good, workload: { ...good.workload, postsPerSec: 'fast' } }, null, 2);
    const f = fileWith('type.json', text);
    const e = await errorOf(f);
    const line = text.split('\n').findIndex((l) => l.includes('"postsPerSec"')) + 1;
    expect(e.code).toBe('SCENARIO_INVALID');
    expect(e.message).toContain(`${f}:${line}:`);
    expect(e.message).toContain('$.workload.postsPerSec');
    expect(e.message).toMatch(/expected number/);
    expect(e.message).toContain('found "fast"');
  });

  it('reports a missing key and an unknown (misspelt) key', async () => {
    const { seed: _seed, ...noSeed } = good;
    const e1 = await errorOf(fileWith('missing.json', JSON.stringify(noSeed)));
    expect(e1.message).toContain('$.seed');
    expect(e1.message).toContain('the key is missing');
    const e2 = await errorOf(fileWith('unknown.json', JSON.stringify({ ...good, workload: { ...good.workload, readPerSec: 3 } }, null, 2)));
    expect(e2.message).toContain('$.workload.readPerSec');
    expect(e2.message).toContain('unknown key "readPerSec"');
  });

  it('reports out-of-range values and a bad graph kind', async () => {
    const e1 = await errorOf(fileWith('range.json', JSON.stringify({ ...good, workload: { ...good.workload, postsPerSec: 5000 } })));
    expect(e1.message).toContain('$.workload.postsPerSec');
    expect(e1.message).toMatch(/1000/);
    const e2 = await errorOf(fileWith('kind.json', JSON.stringify({ ...good, graph: { kind: 'random', users: 5 } })));
    expect(e2.message).toContain('$.graph.kind');
    expect(e2.message).toMatch(/generator|edgeList/);
  });

  it('points at the line of a JSON syntax error', async () => {
    const f = fileWith('syntax.json', '{\n  "name": "x",\n  "seed": 1,,\n}\n');
    const e = await errorOf(f);
    expect(e.message).toContain(`${f}:3:`);
    expect(e.message).toMatch(/not valid JSON/);
  });

  it('says when the file does not exist', async () => {
    const e = await errorOf(path.join(dir, 'nope.json'));
    expect(e.code).toBe('SCENARIO_NOT_FOUND');
    expect(e.message).toContain('does not exist');
  });
});

describe('inputs that once crashed or hung the loader', () => {
  it('accepts a UTF-8 byte order mark', async () => {
    const { scenario } = await loadScenarioFile(fileWith('bom.json', `\uFEFF${JSON.stringify(good)}`));
    expect(scenario.name).toBe('ok');
  });

  it('refuses 100,000 levels of nesting with file, line and JSON path, not a stack overflow', async () => {
    const text = `{\n  "name": ${'['.repeat(100_000)}${']'.repeat(100_000)}\n}`;
    const f = fileWith('deep.json', text);
    const e = await errorOf(f);
    expect(e.code).toBe('SCENARIO_INVALID');
    expect(e.message).toContain(`${f}:2:`);
    expect(e.message).toMatch(/at \$\.name\[0\]\[0\]/);
    expect(e.message).toMatch(/deeper than 64 levels/);
  });

  it('says where JSON syntax breaks without quoting the file (it may be /etc/passwd)', async () => {
    const f = fileWith('passwd.json', 'root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1::/usr/sbin:/usr/sbin/nologin\n');
    const e = await errorOf(f);
    expect(e.message).toContain(`${f}:1:1: not valid JSON (expected a value`);
    expect(e.message).not.toMatch(/root|daemon|bin/);
    const e2 = await errorOf(fileWith('unterminated.json', '{\n  "name": "a secret\n}'));
    expect(e2.message).toMatch(/unterminated\.json:2:\d+: not valid JSON \(expected no control character/);
    expect(e2.message).not.toContain('secret');
  });

  it('refuses a directory and an oversized file instead of reading them', async () => {
    expect((await errorOf(dir)).code).toBe('SCENARIO_NOT_A_FILE');
    const big = fileWith('big.json', `{"name": "${'x'.repeat(MAX_SCENARIO_BYTES)}"}`);
    const e = await errorOf(big);
    expect(e.code).toBe('SCENARIO_TOO_BIG');
    expect(e.message).toContain(big);
  });
});

describe('bounds and the run estimate', () => {
  const GIB = 1024 ** 3;
  const withValues = (o: { graph?: object; workload?: object }) => JSON.stringify({ ...good, graph: { ...good.graph, ...o.graph }, workload: { ...good.workload, ...o.workload } }, null, 2);

  it('bounds every rate and size that validated before and then exhausted memory in a run', async () => {
    const cases: [string, { graph?: object; workload?: object }][] = [
      ['$.workload.followsPerSec', { workload: { followsPerSec: 1e12 } }],
      ['$.workload.unfollowsPerSec', { workload: { unfollowsPerSec: 1e9 } }],
      ['$.workload.interactionsPerSec', { workload: { interactionsPerSec: 1e9 } }],
      ['$.workload.celebrityPosting.postsPerMinute', { workload: { celebrityPosting: { topAuthors: 3, postsPerMinute: 1e9 } } }],
      ['$.graph.avgFollows', { graph: { users: 10, avgFollows: 1e9 } }],
      ['$.graph.avgFollows', { graph: { users: 10, avgFollows: 10 } }],
      ['$.graph.celebrities.followers', { graph: { celebrities: { count: 1, followers: 1e12 } } }],
      ['$.workload.startEpochMs', { workload: { startEpochMs: 1e300 } }],
    ];
    for (const [p, values] of cases) {
      const f = fileWith('bound.json', withValues(values));
      const e = await errorOf(f);
      expect(e.code, p).toBe('SCENARIO_INVALID');
      expect(e.message, p).toContain(` at ${p}:`);
      expect(e.message, p).toMatch(new RegExp(`${f.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+`));
    }
  });

  it('refuses a run the machine cannot hold, with path, estimate and --force; force accepts it', async () => {
    const f = fileWith('huge.json', withValues({ graph: { users: 200_000, avgFollows: 5000 } }));
    const line = readFileSync(f, 'utf8').split('\n').findIndex((l) => l.includes('"avgFollows"')) + 1;
    const e = await loadScenarioFile(f, { memoryBytes: 16 * GIB }).then(() => null, (err: unknown) => err as FeedscopeError);
    expect(e?.code).toBe('SCENARIO_TOO_LARGE');
    expect(e?.message).toContain(`${f}:${line}:`);
    expect(e?.message).toContain('at $.graph.avgFollows');
    expect(e?.message).toMatch(/needs about \d+\.\d GiB, and this machine has 16\.0 GiB/);
    expect(e?.message).toContain('1,000,000,000 follows');
    expect(e?.message).toContain('--force');
    const forced = await loadScenarioFile(f, { memoryBytes: 16 * GIB, force: true });
    expect(forced.estimate.edges).toBe(1e9);
  });

  it('refuses what would pass V8\'s heap limit: follows added all day at the top rate', async () => {
    const f = fileWith('follows.json', withValues({ graph: { users: 100_000, avgFollows: 10 }, workload: { durationSec: 86_400, followsPerSec: 10_000 } }));
    const e = await loadScenarioFile(f, { memoryBytes: 1024 * GIB, heapBytes: 4 * GIB }).then(() => null, (err: unknown) => err as FeedscopeError);
    expect(e?.code).toBe('SCENARIO_TOO_LARGE');
    expect(e?.message).toContain('at $.workload.followsPerSec');
    expect(e?.message).toMatch(/JavaScript heap is limited to 4\.0 GiB/);
  });

  it('keeps sample-graphs/scale-100k.json valid on an 8 GiB machine, and a 1M x 100 scenario valid', async () => {
    const scale = await loadScenarioFile(path.join(SAMPLES, 'scale-100k.json'), { memoryBytes: 8 * GIB, heapBytes: 2 * GIB });
    expect(scale.estimate.edges).toBe(20_000_000);
    expect(scale.estimate.bytes).toBeLessThan(8 * GIB);
    const million = await loadScenarioFile(fileWith('million.json', withValues({ graph: { users: 1_000_000, avgFollows: 100 } })), { memoryBytes: 64 * GIB, heapBytes: 4 * GIB });
    expect(million.estimate.edges).toBe(100_000_000);
  });
});
