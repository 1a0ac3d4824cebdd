import { configDefaults, defineConfig } from 'vitest/config';

const TESTS = ['engine/**/*.test.ts', 'main/**/*.test.ts', 'renderer/**/*.test.ts'];
/**
 * Test files that use the run's Neo4j: a project of their own, whose globalSetup
 * (engine/test/neo4jGlobalSetup.ts) starts one Neo4j (a JVM, 10-20 s) only when one of them is
 * selected, and runs them one at a time (Neo4j Community has a single user database). `include`
 * is per project, not at the root: `extends: true` would concatenate it with the root's.
 */
const NEO4J_TESTS = ['engine/**/Neo4j*.int.test.ts'];

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Tests (and the CLIs they spawn) never read or fill the user's graph cache: the cache's own tests pass a private directory.
    env: { FEEDSCOPE_GRAPH_CACHE: '0' },
    reporters: ['default'],
    projects: [
      { extends: true, test: { name: 'default', include: TESTS, exclude: [...configDefaults.exclude, ...NEO4J_TESTS] } },
      { extends: true, test: { name: 'neo4j', include: NEO4J_TESTS, globalSetup: ['engine/test/neo4jGlobalSetup.ts'], fileParallelism: false } },
    ],
  },
});
