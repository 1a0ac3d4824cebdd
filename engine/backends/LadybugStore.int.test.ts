/**
 * LadybugDB backend: the GraphStore contract (graphStoreContract.ts) on an embedded database in a
 * temp directory per suite, plus what only an embedded store can get wrong (its directory).
 */
import { describe, expect, it } from 'vitest';
import { generateGraph } from '../scenario/graph.js';
import { describeGraphStoreContract } from './graphStoreContract.js';
import { LadybugStore } from './LadybugStore.js';

describeGraphStoreContract('LadybugStore', {
  create: () => new LadybugStore(),
  loadStages: ['graph store: COPY FOLLOWS'],
  // An embedded store has no server to stop: closing it is the nearest thing.
  stoppable: async () => {
    const store = new LadybugStore();
    return { store, stop: () => store.close() };
  },
  stoppedError: { code: 'GRAPH_STORE_CLOSED', message: /not open: load the scenario first/ },
});

describe('LadybugStore errors', () => {
  it('names the directory and the fix when the database cannot be created', async () => {
    const social = generateGraph({ kind: 'generator', users: 5, avgFollows: 1, followerExponent: 2.2, attributes: { cities: 1, tags: 2, topics: 1, interestsPerUser: 1 } }, 1);
    const bad = new LadybugStore({ dir: '/nonexistent/feedscope' });
    await expect(bad.load(social, () => undefined)).rejects.toThrow(/under \/nonexistent\/feedscope: .*exists and is writable/);
    await bad.close();
  });
});
