/**
 * Feedscope's cache directory on this machine, from the environment an entry point passes in
 * (the engine reads no environment itself): $FEEDSCOPE_CACHE_DIR, else $XDG_CACHE_HOME/feedscope,
 * else ~/.cache/feedscope. It holds what can be rebuilt: generated follow graphs (graphs/), the
 * Neo4j launcher's classpath (neo4j/, tools/neo4j/neo4j.mjs) and the capacity calibration.
 */
import os from 'node:os';
import path from 'node:path';

export function feedscopeCacheDir(env: NodeJS.ProcessEnv): string {
  return env.FEEDSCOPE_CACHE_DIR || path.join(env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'feedscope');
}

/** Where generated follow graphs are kept (engine/scenario/graphCache.ts); undefined when FEEDSCOPE_GRAPH_CACHE=0 turns it off. */
export function graphCacheDir(env: NodeJS.ProcessEnv): string | undefined {
  return env.FEEDSCOPE_GRAPH_CACHE === '0' ? undefined : path.join(feedscopeCacheDir(env), 'graphs');
}
