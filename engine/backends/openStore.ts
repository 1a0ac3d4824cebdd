/**
 * The graph store a run asked for: embedded LadybugDB (the default, a temp directory of its own)
 * or a Neo4j server over Bolt. The one place the concrete stores are constructed.
 */
import type { Tracer } from '../trace/Tracer.js';
import type { GraphStore, GraphStoreOptions } from './GraphStore.js';
import { LadybugStore } from './LadybugStore.js';
import { Neo4jStore } from './Neo4jStore.js';

export function openGraphStore(o: GraphStoreOptions, tracer: Tracer): GraphStore {
  return o.kind === 'neo4j' ? new Neo4jStore({ ...o, tracer }) : new LadybugStore({ dir: o.dir, tracer });
}
