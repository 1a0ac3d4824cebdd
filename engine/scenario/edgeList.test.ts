import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { FeedscopeError } from '../errors.js';
import { importEdgeList, parseEdgeList } from './edgeList.js';
import { degree, graphStats, neighbours } from './graph.js';
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
      /h\.csv:1: the header has no column "src"/,
    );
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
