/**
 * The engine's settings from the environment, read only here (entry points read the environment;
 * the engine does not). Same variables as the CLI: REDIS_URL, NEO4J_URI (+ NEO4J_USER,
 * NEO4J_PASSWORD, NEO4J_DATABASE); without NEO4J_URI the graph model uses an embedded LadybugDB.
 */
import type { EngineOptions } from '../engine/index.js';
import { APP_ROOT, BENCH_RESULTS, RANKER_FILE, SAMPLE_GRAPHS } from './paths.js';

export function engineOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): EngineOptions {
  return {
    redisUrl: env.REDIS_URL || undefined,
    sampleGraphsDir: SAMPLE_GRAPHS,
    benchResultsDir: BENCH_RESULTS,
    rankerFile: RANKER_FILE,
    reportBaseDir: APP_ROOT,
    graphStore: env.NEO4J_URI
      ? { kind: 'neo4j', uri: env.NEO4J_URI, user: env.NEO4J_USER ?? 'neo4j', password: env.NEO4J_PASSWORD ?? '', database: env.NEO4J_DATABASE || undefined }
      : { kind: 'ladybug' },
  };
}
