/**
 * The feed models the engine can build, by name: the one place the concrete models are constructed
 * (the engine knows them only as FeedModel). Tests and embedders can replace any of them.
 */
import type { GraphStoreOptions } from './backends/GraphStore.js';
import { FeedscopeError } from './errors.js';
import { GraphFeed } from './graphfeed/GraphFeed.js';
import type { StoreKeeper } from './graphfeed/StoreKeeper.js';
import type { FeedModel, FeedModelFactory } from './model.js';
import type { Scenario } from './scenario/schema.js';
import { TimelineFeed } from './timeline/TimelineFeed.js';

export interface FactorySettings {
  graphStore?: GraphStoreOptions;
  /** models/ranker.onnx of the entry point; null: a graph scenario must name graphModel.rankerFile. */
  rankerFile: string | null;
  reportBaseDir: string;
  /** The run's timeline model, for the graph model's quality comparison. */
  timeline: () => FeedModel | undefined;
  /** Keeps the graph store loaded across a reset (graphfeed/StoreKeeper.ts). */
  keeper?: StoreKeeper;
}

export function modelFactories(s: FactorySettings, overrides: Partial<Record<'timeline' | 'graph', FeedModelFactory>> = {}): Record<string, FeedModelFactory> {
  return {
    timeline: (ctx) => new TimelineFeed(ctx),
    graph: (ctx) => new GraphFeed(ctx, { store: graphStoreFor(ctx.scenario.graphStore, s.graphStore), defaultRankerFile: s.rankerFile, reportBaseDir: s.reportBaseDir, peer: s.timeline, keeper: s.keeper }),
    ...overrides,
  } as Record<string, FeedModelFactory>;
}

/** The graph store a scenario runs on: its own choice if it names one (Neo4j needs a server), else the engine's setting. */
export function graphStoreFor(wanted: Scenario['graphStore'], given: GraphStoreOptions | undefined): GraphStoreOptions {
  if (wanted === 'ladybug') return { kind: 'ladybug' };
  if (wanted === 'neo4j') {
    if (given?.kind === 'neo4j') return given;
    throw new FeedscopeError('NEO4J_NOT_CONFIGURED', 'The scenario runs its graph model on Neo4j ("graphStore": "neo4j"), but no Neo4j was given: set NEO4J_URI (and NEO4J_USER, NEO4J_PASSWORD), run `feedscope run ... --neo4j local` to start one, or remove "graphStore".');
  }
  return given ?? { kind: 'ladybug' };
}
