/**
 * Neo4j backend against a real server: the GraphStore contract (graphStoreContract.ts) on the
 * run's Neo4j (engine/test/neo4jGlobalSetup.ts: a private Neo4j 5.26, or the server at NEO4J_URI;
 * skipped, saying why, without Java or Maven), a private server of its own for the stopped-server
 * case (which also checks that Neo4jServer.stop() leaves no JVM and no data directory), plus what only Bolt can get wrong: unreachable servers, and integers the JS side cannot
 * hold arriving from the database.
 */
import { existsSync } from 'node:fs';
import neo4j from 'neo4j-driver';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { FeedscopeError } from '../errors.js';
import { generateGraph } from '../scenario/graph.js';
import { userFacts } from './GraphStore.js';
import { describeGraphStoreContract } from './graphStoreContract.js';
import { Neo4jServer, NEO4J_UNAVAILABLE_CODES } from './Neo4jServer.js';
import { Neo4jStore, num } from './Neo4jStore.js';

const target = inject('neo4j');
const skipped = 'skipped' in target ? target.skipped : null;
if (skipped) console.warn(`Neo4jStore.int.test.ts: SKIPPED the real-server tests: ${skipped}`);
const server = 'skipped' in target ? null : target;

const tiny = () => generateGraph({ kind: 'generator', users: 5, avgFollows: 1, followerExponent: 2.2, attributes: { cities: 1, tags: 2, topics: 1, interestsPerUser: 1 } }, 1);

describe('Neo4jStore error messages (no server needed)', () => {
  it('names the URI and what to check when Neo4j is unreachable', async () => {
    const store = new Neo4jStore({ uri: 'bolt://127.0.0.1:1', user: 'neo4j', password: 'x' });
    await expect(store.load(tiny(), () => undefined)).rejects.toThrow(/Neo4j at bolt:\/\/127\.0\.0\.1:1 .*NEO4J_USER \/ NEO4J_PASSWORD/);
    await store.close();
  });

  it('converts Neo4j integers without loss and refuses unsafe ones', () => {
    expect(num(neo4j.int(2 ** 53 - 1))).toBe(2 ** 53 - 1);
    expect(num(1.5)).toBe(1.5);
    expect(() => num(neo4j.int('9007199254740993'))).toThrow(/safe range/);
  });
});

describe.skipIf(!server)('Neo4jStore on a real Neo4j', () => {
  const store = () => new Neo4jStore({ uri: server!.uri, user: server!.user, password: server!.password, database: server!.database });

  describeGraphStoreContract('Neo4jStore', {
    create: store,
    loadStages: ['graph store: clearing Neo4j', 'graph store: FOLLOWS'],
    stoppable: async () => {
      // A server of its own: the run's server must outlive this test.
      let own: Neo4jServer;
      try {
        own = await Neo4jServer.start({ quickStart: true });
      } catch (err) {
        if (err instanceof FeedscopeError && NEO4J_UNAVAILABLE_CODES.includes(err.code)) return { skipped: err.message };
        throw err;
      }
      expect(own.uri).toMatch(/^bolt:\/\/127\.0\.0\.1:\d+$/);
      expect(own.password).toMatch(/^[0-9a-f]{32}$/);
      expect(existsSync(own.dir)).toBe(true);
      const stop = async () => {
        await own.stop();
        // Neo4jServer.stop() resolves once the JVM is gone and its data directory deleted.
        expect(existsSync(own.dir)).toBe(false);
        expect(() => process.kill(own.pid, 0)).toThrow(/ESRCH/);
      };
      return { store: new Neo4jStore({ uri: own.uri, user: own.user, password: own.password }), stop };
    },
    stoppedError: { code: 'NEO4J_UNREACHABLE', message: /Neo4j at bolt:\/\/127\.0\.0\.1:\d+ stopped answering .*Check that the server still runs/ },
  });

  describe('integers from the database', () => {
    let s: Neo4jStore;
    beforeAll(() => {
      s = store();
      return s.load(tiny(), () => undefined);
    });
    afterAll(() => s?.close());

    it('refuses to read an id beyond 2^53 that Feedscope did not write, rather than round it', async () => {
      const driver = neo4j.driver(server!.uri, neo4j.auth.basic(server!.user, server!.password));
      try {
        await driver.executeQuery('MATCH (a:User {id: 0}) CREATE (a)-[:POSTED]->(:Post {id: $id, ts: 5, author: 0, city: a.city})', { id: neo4j.int('9007199254740993') }, { database: server!.database });
      } finally {
        await driver.close();
      }
      await expect(s.recall('city', { user: 1, sinceMs: 0, limit: 5, ...userFacts(tiny(), 1) })).rejects.toThrow(/9007199254740993, beyond JavaScript's safe range/);
    });
  });
});
