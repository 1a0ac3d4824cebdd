import { buildCsrPairAsync, generateEdges, socialParts, type GeneratedEdges, type SocialGraph } from './graph.js';
import { importEdgeList } from './edgeList.js';
import { graphCacheKey, MIN_CACHED_EDGES, readCachedEdges, writeCachedEdges } from './graphCache.js';
import type { GeneratorGraphSpec, Scenario } from './schema.js';

export * from './schema.js';
export * from './load.js';
export * from './budget.js';
export * from './graph.js';
export * from './events.js';
export { importEdgeList, parseEdgeList, resolveEdgeListFile, MAX_EDGE_LIST_BYTES } from './edgeList.js';
export { Prng, AliasTable } from './prng.js';
export { GRAPH_CACHE_VERSION, graphCacheKey } from './graphCache.js';

/** Where generated graphs are kept between runs (graphCache.ts); absent: always drawn. */
export interface GraphCacheOptions {
  dir: string;
  /** Called with whether the graph came from the cache (true) or was drawn (false). */
  onUse?(hit: boolean): void;
}

/** The generator's follows: from the cache when it holds this spec and seed, else drawn (and kept when big enough to be worth it). */
async function generatedEdges(spec: GeneratorGraphSpec, seed: number, cache: GraphCacheOptions | undefined): Promise<{ e: GeneratedEdges; save: () => Promise<void> }> {
  const key = cache ? graphCacheKey(spec, seed) : '';
  const cached = cache ? await readCachedEdges(cache.dir, key) : null;
  cache?.onUse?.(cached !== null);
  if (cached) return { e: cached, save: async () => undefined };
  const e = generateEdges(spec, seed);
  return { e, save: () => (cache && e.src.length >= MIN_CACHED_EDGES ? writeCachedEdges(cache.dir, key, e) : Promise.resolve()) };
}

/**
 * The scenario's starting graph: generated from its seed, or imported relative to `baseDir`. A
 * generated graph's follows go to `onEdges` before its CSR arrays are built, a build that gives
 * the event loop turns (so a caller can already answer from the follows meanwhile).
 */
export async function buildGraph(scenario: Scenario, baseDir: string, onEdges?: (e: GeneratedEdges) => void, cache?: GraphCacheOptions): Promise<SocialGraph> {
  if (scenario.graph.kind !== 'generator') return importEdgeList(scenario.graph, baseDir, scenario.seed);
  const { e, save } = await generatedEdges(scenario.graph, scenario.seed, cache);
  onEdges?.(e);
  // The file is written while the CSR arrays are built (both give the event loop turns), and is complete when the graph is.
  const [csr] = await Promise.all([buildCsrPairAsync(e.users, e.src, e.dst), save()]);
  return { ...socialParts(e), ...csr };
}
