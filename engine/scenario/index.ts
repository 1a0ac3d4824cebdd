import { generateGraph, type SocialGraph } from './graph.js';
import { importEdgeList } from './edgeList.js';
import type { Scenario } from './schema.js';

export * from './schema.js';
export * from './load.js';
export * from './graph.js';
export * from './events.js';
export { importEdgeList, parseEdgeList } from './edgeList.js';
export { Prng, AliasTable } from './prng.js';

/** The scenario's starting graph: generated from its seed, or imported relative to `baseDir`. */
export async function buildGraph(scenario: Scenario, baseDir: string): Promise<SocialGraph> {
  return scenario.graph.kind === 'generator'
    ? generateGraph(scenario.graph, scenario.seed)
    : importEdgeList(scenario.graph, baseDir, scenario.seed);
}
