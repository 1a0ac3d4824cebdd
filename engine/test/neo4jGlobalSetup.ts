/**
 * vitest globalSetup of the `neo4j` project (vitest.config.ts): ONE Neo4j for every Neo4j test of
 * the run, handed to them with provide/inject as `neo4j`. Starting one takes a JVM and ~10-20 s,
 * so it is done once here rather than per file, and only when a file of that project is selected.
 *
 * - NEO4J_URI set: that server is used (with NEO4J_USER, NEO4J_PASSWORD, NEO4J_DATABASE); nothing
 *   is started. Its database is cleared by the tests: give them one of their own.
 * - Else a private server (backends/Neo4jServer.ts, the same one `npm run neo4j` starts): the first
 *   run resolves Neo4j with Maven (~144 MB into ~/.m2), later runs start from the cache.
 * - No Java or no Maven (and nothing cached): the tests are skipped, and the reason is printed here
 *   and by each skipped file. Any other failure to start fails the run: it is a bug to look at.
 *
 * The Neo4j Community server has one user database, so the project runs its files one at a time.
 */
import type { TestProject } from 'vitest/node';
import { FeedscopeError } from '../errors.js';
import { Neo4jServer, NEO4J_UNAVAILABLE_CODES } from '../backends/Neo4jServer.js';

/** Where the Neo4j tests point their stores, or why they are skipped. */
export type Neo4jTestServer =
  | { uri: string; user: string; password: string; database?: string; origin: 'NEO4J_URI' | 'private' }
  | { skipped: string };

declare module 'vitest' {
  export interface ProvidedContext {
    neo4j: Neo4jTestServer;
  }
}

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | void> {
  const env = process.env;
  if (env.NEO4J_URI) {
    console.log(`neo4j: tests use the server at NEO4J_URI (${env.NEO4J_URI})`);
    project.provide('neo4j', { uri: env.NEO4J_URI, user: env.NEO4J_USER ?? 'neo4j', password: env.NEO4J_PASSWORD ?? '', database: env.NEO4J_DATABASE || undefined, origin: 'NEO4J_URI' });
    return;
  }
  const t0 = Date.now();
  let server: Neo4jServer;
  try {
    server = await Neo4jServer.start({ quickStart: true, log: (line) => console.log(`neo4j: ${line}`) });
  } catch (err) {
    if (err instanceof FeedscopeError && NEO4J_UNAVAILABLE_CODES.includes(err.code)) {
      console.warn(`neo4j: Neo4j tests SKIPPED: ${err.message}`);
      project.provide('neo4j', { skipped: err.message });
      return;
    }
    throw err;
  }
  console.log(`neo4j: Neo4j ${server.version} for the tests at ${server.uri} (ready in ${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  project.provide('neo4j', { uri: server.uri, user: server.user, password: server.password, origin: 'private' });
  return () => server.stop();
}
