import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FeedscopeError } from '../errors.js';
import { loadScenarioFile } from './load.js';

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
