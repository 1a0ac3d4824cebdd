import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { generateEdges, type GeneratedEdges } from './graph.js';
import { evict, graphCacheKey, readCachedEdges, writeCachedEdges } from './graphCache.js';
import { buildGraph } from './index.js';
import { ScenarioSchema, type GeneratorGraphSpec } from './schema.js';

const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(path.join(tmpdir(), 'feedscope-graphcache-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function spec(users: number, avgFollows: number): GeneratorGraphSpec {
  const s = ScenarioSchema.parse({ name: 't', seed: 3, graph: { kind: 'generator', users, avgFollows }, workload: { durationSec: 1, postsPerSec: 1, readsPerSec: 1, pageSize: 10 } });
  if (s.graph.kind !== 'generator') throw new Error('generator expected');
  return s.graph;
}

/** Every array of a generated graph, as one digest. */
function digest(e: GeneratedEdges): string {
  const h = createHash('sha256');
  const a = e.attributes;
  for (const x of [e.src, e.dst, a.city, a.tagTopic, a.interests.offsets, a.interests.targets, a.interestWeights]) h.update(Buffer.from(x.buffer, x.byteOffset, x.byteLength));
  h.update(JSON.stringify([e.users, a.cities, a.tags, a.topics]));
  return h.digest('hex');
}

describe('the generated-graph cache', () => {
  it('reads back exactly the graph it wrote, as views on one buffer', async () => {
    const dir = tempDir();
    const sp = spec(2000, 20);
    const e = generateEdges(sp, 7);
    const key = graphCacheKey(sp, 7);
    expect(await readCachedEdges(dir, key)).toBeNull();
    await writeCachedEdges(dir, key, e);
    const back = (await readCachedEdges(dir, key))!;
    expect(digest(back)).toBe(digest(e));
    expect(back.src.buffer).toBe(back.attributes.interestWeights.buffer);
    // Another seed or another parameter is another key.
    expect(graphCacheKey(sp, 8)).not.toBe(key);
    expect(graphCacheKey({ ...sp, avgFollows: 21 }, 7)).not.toBe(key);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('removes a damaged file and answers null, so the graph is drawn again', async () => {
    const dir = tempDir();
    const sp = spec(500, 10);
    const key = graphCacheKey(sp, 1);
    await writeCachedEdges(dir, key, generateEdges(sp, 1));
    const file = path.join(dir, `${key}.edges`);
    const bytes = readFileSync(file);
    bytes[bytes.length - 3] ^= 0xff;
    writeFileSync(file, bytes);
    expect(await readCachedEdges(dir, key)).toBeNull();
    expect(readdirSync(dir)).toEqual([]);
    writeFileSync(file, bytes.subarray(0, 100));
    expect(await readCachedEdges(dir, key)).toBeNull();
  });

  it('buildGraph gives the same graph from the cache as drawn, and says which it was', async () => {
    const dir = tempDir();
    // Above MIN_CACHED_EDGES (200k follows), so the first build writes the file.
    const s = ScenarioSchema.parse({ name: 't', seed: 5, graph: { kind: 'generator', users: 10_000, avgFollows: 25 }, workload: { durationSec: 1, postsPerSec: 1, readsPerSec: 1, pageSize: 10 } });
    const uses: boolean[] = [];
    const first = await buildGraph(s, dir, undefined, { dir, onUse: (hit) => uses.push(hit) });
    const second = await buildGraph(s, dir, undefined, { dir, onUse: (hit) => uses.push(hit) });
    expect(uses).toEqual([false, true]);
    expect(second.edges).toBe(first.edges);
    expect(Buffer.compare(Buffer.from(second.followers.targets.buffer, second.followers.targets.byteOffset, second.followers.targets.byteLength), Buffer.from(first.followers.targets.buffer, first.followers.targets.byteOffset, first.followers.targets.byteLength))).toBe(0);
    expect([...second.city]).toEqual([...first.city]);
  });

  it('keeps the directory under its bound, least recently used first', async () => {
    const dir = tempDir();
    const sizes: number[] = [];
    for (const [i, seed] of [1, 2, 3].entries()) {
      const sp = spec(1000, 10);
      await writeCachedEdges(dir, graphCacheKey(sp, seed), generateEdges(sp, seed));
      const f = path.join(dir, `${graphCacheKey(sp, seed)}.edges`);
      sizes.push(statSync(f).size);
      utimesSync(f, new Date(1e12 + i * 1000), new Date(1e12 + i * 1000));
    }
    await evict(dir, sizes[1] + sizes[2]);
    const left = readdirSync(dir);
    expect(left).toHaveLength(2);
    expect(left).not.toContain(`${graphCacheKey(spec(1000, 10), 1)}.edges`);
  });

  // The cache trusts that equal parameters and seed draw equal graphs. If this digest changes, the
  // generator draws differently: bump GRAPH_CACHE_VERSION (graphCache.ts) and update the digest here.
  it('pins what the generator draws (bump GRAPH_CACHE_VERSION when this changes)', () => {
    expect(digest(generateEdges(spec(300, 8), 42)).slice(0, 16)).toMatchInlineSnapshot(`"9aab75b9ab4712a4"`);
  });
});
