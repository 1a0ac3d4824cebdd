/**
 * Edge list import: SNAP text (`u v [...]` per line, `#` or `%` comments) or CSV (optional
 * header, columns by index or name). Ids are mapped to dense indexes in order of first appearance;
 * self-loops and duplicate edges are dropped and counted in the import report. A malformed line is
 * an error naming the file and line.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { FeedscopeError } from '../errors.js';
import { buildCsrPair, generateAttributes, type SocialGraph } from './graph.js';
import { Prng } from './prng.js';
import type { EdgeListGraphSpec } from './schema.js';

export async function importEdgeList(spec: EdgeListGraphSpec, baseDir: string, seed: number): Promise<SocialGraph> {
  const file = path.resolve(baseDir, spec.file);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new FeedscopeError(
      'EDGE_LIST_NOT_FOUND',
      `Edge list ${file} (graph.file, resolved relative to the scenario file) could not be read: ${(err as NodeJS.ErrnoException).code ?? err}. Check the path.`,
      { cause: err },
    );
  }
  return parseEdgeList(text, file, spec, seed);
}

export function parseEdgeList(text: string, file: string, spec: EdgeListGraphSpec, seed: number): SocialGraph {
  const ids = new Map<string, number>();
  const originalIds: string[] = [];
  const idOf = (raw: string): number => {
    let id = ids.get(raw);
    if (id === undefined) {
      id = originalIds.length;
      ids.set(raw, id);
      originalIds.push(raw);
    }
    return id;
  };
  const csv = spec.format === 'csv';
  let srcCol = typeof spec.sourceColumn === 'number' ? spec.sourceColumn : -1;
  let dstCol = typeof spec.targetColumn === 'number' ? spec.targetColumn : -1;
  let needHeader = csv && spec.header;
  if (!csv && (typeof spec.sourceColumn === 'string' || typeof spec.targetColumn === 'string')) {
    throw new FeedscopeError('EDGE_LIST_INVALID', `${file}: column names need format "csv" with header true; SNAP files are addressed by column index.`);
  }
  const src: number[] = [];
  const dst: number[] = [];
  const seen = new Set<string>();
  let lines = 0;
  let comments = 0;
  let selfLoops = 0;
  let duplicates = 0;
  let lineNo = 0;
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const line = text.slice(start, end).replace(/\r$/, '').trim();
    start = end + 1;
    lineNo++;
    if (line === '') continue;
    if (line.startsWith('#') || line.startsWith('%')) {
      comments++;
      continue;
    }
    const cols = csv ? line.split(',').map((c) => c.trim()) : line.split(/\s+/);
    if (needHeader) {
      needHeader = false;
      const find = (col: number | string, what: string): number => {
        if (typeof col === 'number') return col;
        const idx = cols.indexOf(col);
        if (idx < 0) {
          throw new FeedscopeError('EDGE_LIST_INVALID', `${file}:${lineNo}: the header has no column "${col}" (${what}); it has ${cols.map((c) => `"${c}"`).join(', ')}. Fix ${what} in the scenario.`);
        }
        return idx;
      };
      srcCol = find(spec.sourceColumn, 'graph.sourceColumn');
      dstCol = find(spec.targetColumn, 'graph.targetColumn');
      continue;
    }
    lines++;
    const a = cols[srcCol];
    const b = cols[dstCol];
    if (a === undefined || b === undefined || a === '' || b === '') {
      throw new FeedscopeError(
        'EDGE_LIST_INVALID',
        `${file}:${lineNo}: expected at least ${Math.max(srcCol, dstCol) + 1} ${csv ? 'comma-separated' : 'whitespace-separated'} columns (follower in column ${srcCol}, followed in column ${dstCol}), found ${JSON.stringify(line.slice(0, 80))}. Fix or comment out the line with #.`,
      );
    }
    if (a === b) {
      selfLoops++;
      continue;
    }
    const key = `${a}\u0000${b}`;
    if (seen.has(key)) {
      duplicates++;
      continue;
    }
    seen.add(key);
    src.push(idOf(a));
    dst.push(idOf(b));
  }
  const users = originalIds.length;
  if (users < 2) {
    throw new FeedscopeError('EDGE_LIST_INVALID', `${file}: found no edges (${lines} data lines, ${comments} comments). An edge list needs lines of "follower followed".`);
  }
  const csr = buildCsrPair(users, Uint32Array.from(src), Uint32Array.from(dst));
  return {
    users,
    edges: src.length,
    ...csr,
    originalIds,
    ...generateAttributes(users, spec.attributes, new Prng(seed, 'graph').fork('attributes')),
    importReport: { file, lines, comments, edges: src.length, selfLoops, duplicates },
  };
}
