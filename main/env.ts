/**
 * The engine's settings from the environment, read only here (entry points read the environment;
 * the engine does not). Same variables as the CLI: REDIS_URL, NEO4J_URI (+ NEO4J_USER,
 * NEO4J_PASSWORD, NEO4J_DATABASE); without NEO4J_URI the graph model uses an embedded LadybugDB.
 * FEEDSCOPE_KEEP=1 (or `npm start -- --keep`) leaves Feedscope's keys on a REDIS_URL server at exit.
 */
import { defaultCalibrationFile, graphCacheDir, type EngineOptions } from '../engine/index.js';
import { APP_ROOT, BENCH_RESULTS, RANKER_FILE, SAMPLE_GRAPHS } from './paths.js';

export function engineOptionsFromEnv(env: NodeJS.ProcessEnv = process.env, flags: { keep?: boolean } = {}): EngineOptions {
  return {
    redisUrl: env.REDIS_URL || undefined,
    keepKeys: flags.keep === true || env.FEEDSCOPE_KEEP === '1',
    sampleGraphsDir: SAMPLE_GRAPHS,
    benchResultsDir: BENCH_RESULTS,
    graphCacheDir: graphCacheDir(env),
    capacityCalibrationFile: defaultCalibrationFile(APP_ROOT, env),
    rankerFile: RANKER_FILE,
    reportBaseDir: APP_ROOT,
    graphStore: env.NEO4J_URI
      ? { kind: 'neo4j', uri: env.NEO4J_URI, user: env.NEO4J_USER ?? 'neo4j', password: env.NEO4J_PASSWORD ?? '', database: env.NEO4J_DATABASE || undefined }
      : { kind: 'ladybug' },
  };
}
