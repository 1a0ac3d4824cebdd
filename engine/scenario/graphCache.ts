/**
 * The generated follow graph of a scenario, kept on disk so that a second open of the same
 * generator parameters and seed reads it instead of drawing it again (issue 19: the 100k graph's
 * first frame; drawing 20M follows takes ~1.5 s, reading their 160 MB ~0.1 s).
 *
 * A file is `<key>.edges` in the cache directory, the key a SHA-256 of GRAPH_CACHE_VERSION, the
 * generator's parameters (defaults resolved by the schema) and the seed: the generator is
 * deterministic, so equal keys are equal graphs. Bump GRAPH_CACHE_VERSION whenever generateEdges or
 * generateAttributes draws differently (graphCache.test.ts pins a digest of a small graph so that
 * such a change fails there first).
 *
 * Layout: an 8-byte magic, a little-endian u32 header length, the header (JSON: version, key,
 * section byte lengths, the CRC-32 of the body), zero padding to a multiple of 8, then the
 * sections (src, dst, city, tagTopic, interest offsets, interest targets, interest weights), each
 * padded to 8 bytes so that every typed array is a view on the one buffer, never a copy. A file
 * whose header, lengths or checksum do not match is removed and the graph drawn again: a cache
 * can only save time, never change a graph. Writes go to a temp file renamed into place (a crash
 * leaves no half file under a key), and the directory is kept under MAX_GRAPH_CACHE_BYTES by
 * removing the least recently used files.
 */
import { createHash } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm, stat, utimes } from 'node:fs/promises';
import path from 'node:path';
import { crc32 } from 'node:zlib';
import type { GeneratedEdges } from './graph.js';
import type { GeneratorGraphSpec } from './schema.js';

export const GRAPH_CACHE_VERSION = 1;
/** The cache directory's size bound, bytes (a 1M-user graph of 100M follows is ~800 MB). */
export const MAX_GRAPH_CACHE_BYTES = 4 * 2 ** 30;
/** Graphs below this many follows are drawn faster than a file is read and checked: not cached. */
export const MIN_CACHED_EDGES = 200_000;

const MAGIC = Buffer.from('FSGRAPH1', 'latin1');
const SUFFIX = '.edges';

interface Header {
  version: number;
  key: string;
  users: number;
  cities: number;
  tags: number;
  topics: number;
  /** Byte lengths of the sections, in file order. */
  sections: number[];
  crc32: number;
}

const pad8 = (n: number): number => (n + 7) & ~7;

/** The key of a generated graph: what the generator draws from. */
export function graphCacheKey(spec: GeneratorGraphSpec, seed: number): string {
  return createHash('sha256').update(JSON.stringify({ v: GRAPH_CACHE_VERSION, spec, seed })).digest('hex').slice(0, 32);
}

function sectionsOf(e: GeneratedEdges): ArrayBufferView[] {
  const a = e.attributes;
  return [e.src, e.dst, a.city, a.tagTopic, a.interests.offsets, a.interests.targets, a.interestWeights];
}

/** The cached graph of `key`, or null when there is none (or it is damaged, then it is removed). */
export async function readCachedEdges(dir: string, key: string): Promise<GeneratedEdges | null> {
  const file = path.join(dir, key + SUFFIX);
  let buf: Buffer;
  try {
    buf = await readFile(file);
  } catch {
    return null;
  }
  const parsed = parse(buf, key);
  if (!parsed) {
    await rm(file, { force: true });
    return null;
  }
  // Touched on use: eviction removes the least recently used.
  const now = new Date();
  await utimes(file, now, now).catch(() => undefined);
  return parsed;
}

function parse(buf: Buffer, key: string): GeneratedEdges | null {
  if (buf.length < MAGIC.length + 4 || !buf.subarray(0, MAGIC.length).equals(MAGIC)) return null;
  const headerLen = buf.readUInt32LE(MAGIC.length);
  const headerEnd = MAGIC.length + 4 + headerLen;
  if (headerEnd > buf.length) return null;
  let h: Header;
  try {
    h = JSON.parse(buf.subarray(MAGIC.length + 4, headerEnd).toString('utf8')) as Header;
  } catch {
    return null;
  }
  if (h.version !== GRAPH_CACHE_VERSION || h.key !== key || !Array.isArray(h.sections) || h.sections.length !== 7) return null;
  const bodyStart = pad8(headerEnd);
  const bodyLen = h.sections.reduce((s, n) => s + pad8(n), 0);
  if (bodyStart + bodyLen !== buf.length) return null;
  const body = buf.subarray(bodyStart);
  if (crc32(body) !== h.crc32) return null;
  // readFile's buffer of a file this size is not pooled: it starts its own ArrayBuffer, so views are aligned.
  if ((buf.byteOffset + bodyStart) % 8 !== 0) return null;
  let at = buf.byteOffset + bodyStart;
  const views: { bytes: number; at: number }[] = h.sections.map((n) => {
    const v = { bytes: n, at };
    at += pad8(n);
    return v;
  });
  const u32 = (i: number) => new Uint32Array(buf.buffer, views[i].at, views[i].bytes / 4);
  const src = u32(0);
  const dst = u32(1);
  const city = new Uint16Array(buf.buffer, views[2].at, views[2].bytes / 2);
  const offsets = u32(4);
  if (src.length !== dst.length || city.length !== h.users || offsets.length !== h.users + 1) return null;
  return {
    users: h.users,
    src,
    dst,
    attributes: { cities: h.cities, tags: h.tags, topics: h.topics, city, tagTopic: u32(3), interests: { offsets, targets: u32(5) }, interestWeights: new Float32Array(buf.buffer, views[6].at, views[6].bytes / 4) },
  };
}

/** Writes `e` under `key` (temp file, then rename), then keeps the directory under its bound. Never throws: a cache that cannot be written is only slower. */
export async function writeCachedEdges(dir: string, key: string, e: GeneratedEdges): Promise<void> {
  const tmp = path.join(dir, `.${key}.${process.pid}.tmp`);
  try {
    await mkdir(dir, { recursive: true });
    const sections = sectionsOf(e);
    const bytes = sections.map((s) => Buffer.from(s.buffer, s.byteOffset, s.byteLength));
    const zeros = Buffer.alloc(8);
    const crc = bytes.reduce((c, b) => crc32(zeros.subarray(0, pad8(b.length) - b.length), crc32(b, c)), 0);
    const a = e.attributes;
    const header: Header = { version: GRAPH_CACHE_VERSION, key, users: e.users, cities: a.cities, tags: a.tags, topics: a.topics, sections: bytes.map((b) => b.length), crc32: crc };
    const json = Buffer.from(JSON.stringify(header), 'utf8');
    const len = Buffer.alloc(4);
    len.writeUInt32LE(json.length);
    const headerEnd = MAGIC.length + 4 + json.length;
    const fh = await open(tmp, 'w');
    try {
      await fh.write(Buffer.concat([MAGIC, len, json, zeros.subarray(0, pad8(headerEnd) - headerEnd)]));
      for (const b of bytes) {
        await fh.write(b);
        if (pad8(b.length) > b.length) await fh.write(zeros.subarray(0, pad8(b.length) - b.length));
      }
    } finally {
      await fh.close();
    }
    await rename(tmp, path.join(dir, key + SUFFIX));
    await evict(dir, MAX_GRAPH_CACHE_BYTES);
  } catch {
    await rm(tmp, { force: true }).catch(() => undefined);
  }
}

/** Removes the least recently used graphs until the directory holds at most `maxBytes`, and temp files of writers that died. */
export async function evict(dir: string, maxBytes: number): Promise<void> {
  const files: { file: string; size: number; used: number }[] = [];
  for (const name of await readdir(dir)) {
    const file = path.join(dir, name);
    const s = await stat(file).catch(() => null);
    if (!s?.isFile()) continue;
    // A temp file an hour old is a writer that died mid-write.
    if (name.endsWith('.tmp')) {
      if (Date.now() - s.mtimeMs > 3_600_000) await rm(file, { force: true });
      continue;
    }
    if (name.endsWith(SUFFIX)) files.push({ file, size: s.size, used: s.mtimeMs });
  }
  let total = files.reduce((t, f) => t + f.size, 0);
  for (const f of files.sort((a, b) => a.used - b.used)) {
    if (total <= maxBytes) break;
    await rm(f.file, { force: true });
    total -= f.size;
  }
}
