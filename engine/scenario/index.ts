import { buildCsrPairAsync, generateEdges, socialParts, type GeneratedEdges, type SocialGraph } from './graph.js';
import { importEdgeList } from './edgeList.js';
import type { Scenario } from './schema.js';

export * from './schema.js';
export * from './load.js';
export * from './budget.js';
export * from './graph.js';
export * from './events.js';
export { importEdgeList, parseEdgeList, resolveEdgeListFile, MAX_EDGE_LIST_BYTES } from './edgeList.js';
export { Prng, AliasTable } from './prng.js';

/**
 * The scenario's starting graph: generated from its seed, or imported relative to `baseDir`. A
 * generated graph's follows go to `onEdges` before its CSR arrays are built, a build that gives
 * the event loop turns (so a caller can already answer from the follows meanwhile).
 */
export async function buildGraph(scenario: Scenario, baseDir: string, onEdges?: (e: GeneratedEdges) => void): Promise<SocialGraph> {
  if (scenario.graph.kind !== 'generator') return importEdgeList(scenario.graph, baseDir, scenario.seed);
  const e = generateEdges(scenario.graph, scenario.seed);
  onEdges?.(e);
  return { ...socialParts(e), ...(await buildCsrPairAsync(e.users, e.src, e.dst)) };
}
