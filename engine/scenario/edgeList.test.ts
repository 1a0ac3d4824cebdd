import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { realpath } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { FeedscopeError } from '../errors.js';
import { importEdgeList, parseEdgeList } from './edgeList.js';
import { degree, graphStats, neighbours } from './graph.js';
import { buildGraph } from './index.js';
import { loadScenarioFile } from './load.js';
import { EdgeListGraphSchema } from './schema.js';

const DATA = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../sample-graphs/data');
const spec = (o: Record<string, unknown>) => EdgeListGraphSchema.parse({ kind: 'edgeList', file: 'x', ...o });

describe('edge list import', () => {
  it('imports SNAP text with comments, dropping and counting self-loops and duplicates', () => {
    const text = '# a comment\n1 2\n2 3 999\n2 2\n1 2\n\n% another\n3 1\n';
    const g = parseEdgeList(text, 'mem.txt', spec({ format: 'snap' }), 1);
    expect(g.users).toBe(3);
    expect(g.edges).toBe(3);
    expect(g.importReport).toMatchObject({ lines: 5, comments: 2, edges: 3, selfLoops: 1, duplicates: 1 });
    expect(g.originalIds).toEqual(['1', '2', '3']);
    expect([...neighbours(g.followees, 0)]).toEqual([1]);
  });

  it('reads CSV with a header by column name', () => {
    const text = 'time,to,from\n5,b,a\n6,c,a\n7,a,c\n';
    const g = parseEdgeList(text, 'mem.csv', spec({ format: 'csv', header: true, sourceColumn: 'from', targetColumn: 'to' }), 1);
    expect(g.edges).toBe(3);
    expect(g.originalIds).toEqual(['a', 'b', 'c']);
    expect(degree(g.followees, 0)).toBe(2);
  });

  it('names file and line of a malformed line, and a missing header column', () => {
    expect(() => parseEdgeList('1 2\n3\n', 'bad.txt', spec({}), 1)).toThrowError(/bad\.txt:2: expected at least 2/);
    expect(() => parseEdgeList('a,b\n1,2\n', 'h.csv', spec({ format: 'csv', header: true, sourceColumn: 'src', targetColumn: 'b' }), 1)).toThrowError(
      /h\.csv:1: none of the header's 2 comma-separated columns is named "src" \(graph\.sourceColumn\)/,
    );
  });

  it('never quotes the file in an error: a line or a header could be anything (a password file)', () => {
    const secret = 'root:x:0:0:root:/root:/bin/bash';
    const messageOf = (fn: () => unknown): string => {
      try {
        fn();
      } catch (err) {
        return (err as Error).message;
      }
      throw new Error('expected an error');
    };
    const line = messageOf(() => parseEdgeList(`${secret}\n`, 'passwd', spec({}), 1));
    expect(line).toMatch(/passwd:1: expected at least 2 whitespace-separated columns .*found 1/);
    const header = messageOf(() => parseEdgeList(`${secret}\n1,2\n`, 'passwd', spec({ format: 'csv', header: true, sourceColumn: 'src' }), 1));
    expect(header).toMatch(/passwd:1: none of the header's 1 comma-separated columns is named "src"/);
    for (const m of [line, header]) expect(m).not.toMatch(/root|bin\/bash/);
  });

  it('imports the real Bitcoin OTC graph with the statistics SNAP publishes', async () => {
    const g = await importEdgeList(spec({ file: 'soc-sign-bitcoinotc.csv', format: 'csv' }), DATA, 1);
    const s = graphStats(g);
    expect(s.users).toBe(5881);
    expect(s.follows).toBe(35_592);
    expect(s.maxOutDegree).toBe(763);
    expect(s.maxInDegree).toBe(535);
    expect(g.importReport).toMatchObject({ selfLoops: 0, duplicates: 0 });
  });

  it('reduces the CollegeMsg message stream to its distinct directed pairs', async () => {
    const g = await importEdgeList(spec({ file: 'CollegeMsg.txt', format: 'snap' }), DATA, 1);
    expect(g.importReport!.lines).toBe(59_835);
    expect(g.edges).toBe(20_296);
    expect(g.importReport!.duplicates).toBe(59_835 - 20_296);
    expect(g.users).toBe(1899);
  });

  it('says which file is missing', async () => {
    await expect(importEdgeList(spec({ file: 'missing.txt' }), DATA, 1)).rejects.toThrowError(FeedscopeError);
    await expect(importEdgeList(spec({ file: 'missing.txt' }), DATA, 1)).rejects.toThrowError(/missing\.txt.*ENOENT/);
  });
});

describe('where an edge list may be', () => {
  // A scenario folder with a data/ subfolder, a link out of it, and a file next to (outside) it.
  const top = mkdtempSync(path.join(os.tmpdir(), 'feedscope-edges-'));
  const dir = path.join(top, 'scenarios');
  mkdirSync(path.join(dir, 'data'), { recursive: true });
  writeFileSync(path.join(dir, 'data', 'ok.txt'), '1 2\n2 3\n');
  writeFileSync(path.join(top, 'outside.txt'), '1 2\n');
  symlinkSync('/etc/passwd', path.join(dir, 'data', 'link.txt'));
  mkdirSync(path.join(dir, 'data', 'sub.txt'));
  afterAll(() => rmSync(top, { recursive: true, force: true }));

  const scenarioWith = (file: string): string => {
    const f = path.join(dir, `s${Math.random().toString(36).slice(2)}.json`);
    writeFileSync(f, JSON.stringify({ name: 'e', seed: 1, graph: { kind: 'edgeList', file }, workload: { durationSec: 1, postsPerSec: 1, readsPerSec: 1 } }, null, 2));
    return f;
  };
  async function refusal(file: string): Promise<FeedscopeError> {
    const err = await loadScenarioFile(scenarioWith(file)).then(() => null, (e: unknown) => e);
    expect(err, `${file} should be refused`).toBeInstanceOf(FeedscopeError);
    return err as FeedscopeError;
  }

  it('accepts a file in the scenario folder or below it', async () => {
    const { scenario, baseDir } = await loadScenarioFile(scenarioWith('data/ok.txt'));
    expect((await buildGraph(scenario, baseDir)).edges).toBe(2);
  });

  it('refuses a path outside the folder, relative, absolute or through a link, naming file, line and path but no content', async () => {
    for (const file of ['../../../../../../etc/passwd', '/etc/passwd', '/proc/self/environ', '../outside.txt', 'data/link.txt']) {
      const e = await refusal(file);
      expect(e.code).toBe('EDGE_LIST_OUTSIDE');
      expect(e.message).toMatch(/\.json:\d+:\d+ at \$\.graph\.file: the edge list .* outside /);
      expect(e.message).toContain(await realpath(dir));
      expect(e.message).not.toMatch(/root:|bin\/bash/);
    }
  });

  it('refuses the same at import (Engine.load is given a parsed scenario)', async () => {
    await expect(importEdgeList(spec({ file: '../../../../../../etc/passwd' }), dir, 1)).rejects.toMatchObject({ code: 'EDGE_LIST_OUTSIDE' });
    await expect(importEdgeList(spec({ file: 'data/link.txt' }), dir, 1)).rejects.toMatchObject({ code: 'EDGE_LIST_OUTSIDE' });
  });

  it('refuses what is not a regular file, and says which file is missing', async () => {
    expect((await refusal('data/sub.txt')).code).toBe('EDGE_LIST_NOT_A_FILE');
    const missing = await refusal('data/nope.txt');
    expect(missing.code).toBe('EDGE_LIST_NOT_FOUND');
    expect(missing.message).toMatch(/nope\.txt does not exist/);
  });
});
