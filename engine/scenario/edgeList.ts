/**
 * Edge list import: SNAP text (`u v [...]` per line, `#` or `%` comments) or CSV (optional
 * header, columns by index or name). Ids are mapped to dense indexes in order of first appearance;
 * self-loops and duplicate edges are dropped and counted in the import report. A malformed line is
 * an error naming the file and line, never quoting it.
 *
 * The file must resolve (symbolic links followed) inside the folder the scenario's paths resolve
 * against: the scenario file's folder, or sample-graphs/ for a scenario sent as text. A scenario
 * is data a person may have been sent; it must not read /etc/passwd or /proc/self/environ.
 */
import { readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { FeedscopeError } from '../errors.js';
import { buildCsrPair, generateAttributes, type SocialGraph } from './graph.js';
import { Prng } from './prng.js';
import type { EdgeListGraphSpec } from './schema.js';

/** Largest edge list read: V8's longest string is 2^29 - 24 characters. */
export const MAX_EDGE_LIST_BYTES = 500_000_000;

/**
 * The edge list's real path and size, once it is known to be a regular file inside `baseDir`.
 * `where` prefixes errors ("scenario.json:9:13"); errors name the path, never the file's content.
 */
export async function resolveEdgeListFile(spec: EdgeListGraphSpec, baseDir: string, where = 'graph.file'): Promise<{ file: string; bytes: number }> {
  const named = path.resolve(baseDir, spec.file);
  let root: string;
  try {
    root = await realpath(baseDir);
  } catch (err) {
    throw new FeedscopeError('EDGE_LIST_NOT_FOUND', `${where} at $.graph.file: the folder edge lists resolve in, ${baseDir}, cannot be read (${(err as NodeJS.ErrnoException).code ?? err}).`, { cause: err });
  }
  const outside = (p: string): boolean => p !== root && !p.startsWith(root + path.sep);
  const refuse = (resolved: string): FeedscopeError =>
    new FeedscopeError(
      'EDGE_LIST_OUTSIDE',
      `${where} at $.graph.file: the edge list ${JSON.stringify(spec.file)} resolves to ${resolved}, outside ${root}. An edge list must be in the scenario's folder or below it (sample-graphs/ for a scenario opened as text): move the file there and give its relative path.`,
    );
  // Refused before the file system is asked, so the error says nothing about what exists outside.
  if (outside(path.resolve(root, path.relative(path.resolve(baseDir), named)))) throw refuse(named);
  let real: string;
  try {
    real = await realpath(named);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new FeedscopeError(
      'EDGE_LIST_NOT_FOUND',
      `${where} at $.graph.file: the edge list ${named} ${code === 'ENOENT' ? 'does not exist (ENOENT)' : `cannot be read (${code ?? err})`}; graph.file is relative to the scenario file. Check the path.`,
      { cause: err },
    );
  }
  if (outside(real)) throw refuse(`${real} (through a symbolic link)`);
  const info = await stat(real);
  if (!info.isFile()) throw new FeedscopeError('EDGE_LIST_NOT_A_FILE', `${where} at $.graph.file: ${real} is not a regular file (a directory, device or pipe): give the path of an edge list file.`);
  if (info.size > MAX_EDGE_LIST_BYTES) {
    throw new FeedscopeError('EDGE_LIST_TOO_LARGE', `${where} at $.graph.file: ${real} has ${info.size.toLocaleString('en-US')} bytes; Feedscope reads edge lists of up to ${MAX_EDGE_LIST_BYTES.toLocaleString('en-US')} bytes. Sample the graph down, or generate one of that size ("kind": "generator").`);
  }
  return { file: real, bytes: info.size };
}

export async function importEdgeList(spec: EdgeListGraphSpec, baseDir: string, seed: number): Promise<SocialGraph> {
  const { file } = await resolveEdgeListFile(spec, baseDir);
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
          throw new FeedscopeError('EDGE_LIST_INVALID', `${file}:${lineNo}: none of the header's ${cols.length} comma-separated columns is named ${JSON.stringify(col)} (${what}). Fix ${what} in the scenario to a name of the header line, or to a column index.`);
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
        `${file}:${lineNo}: expected at least ${Math.max(srcCol, dstCol) + 1} ${csv ? 'comma-separated' : 'whitespace-separated'} columns (follower in column ${srcCol}, followed in column ${dstCol}), found ${cols.filter((c) => c !== '').length}. Fix or comment out the line with #.`,
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
    try {
      seen.add(key);
      src.push(idOf(a));
      dst.push(idOf(b));
    } catch (err) {
      // V8's Set and Map end at 2^24 entries.
      if (!(err instanceof RangeError)) throw err;
      throw new FeedscopeError('EDGE_LIST_TOO_LARGE', `${file}:${lineNo}: more than ${seen.size.toLocaleString('en-US')} distinct follows or ${ids.size.toLocaleString('en-US')} ids, the most an edge list import holds. Sample the graph down, or generate one of that size ("kind": "generator").`, { cause: err });
    }
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
