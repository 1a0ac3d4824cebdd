/** The graph model's counters for report.json (graphReport.ts), kept by its parts as they work. */
import type { StreamCacheCounters } from '../api/report.js';
import type { RecallPath } from '../backends/GraphStore.js';
import type { HotPath } from './HotLists.js';

export interface GraphCounters extends StreamCacheCounters {
  ranked: number;
  recallCalls: number;
  perPath: Record<RecallPath, number>;
  candidates: number;
  /** Posts written to the graph store, and in how many batches. */
  postsWritten: number;
  postBatches: number;
  /** Hot-list answers per path, and fall-backs to the store (a cut list that could miss a row). */
  hot: Record<HotPath, { answered: number; fellBack: number }>;
}

export const zeroCounters = (): GraphCounters => ({
  reads: 0, refreshes: 0, xadds: 0, delivered: 0, acked: 0, expired: 0, crashes: 0, reclaimed: 0, duplicatesAfterAck: 0, shortPages: 0, missingBodies: 0, ranked: 0, recallCalls: 0,
  perPath: { follow: 0, interest: 0, city: 0, topic: 0 }, candidates: 0, postsWritten: 0, postBatches: 0,
  hot: { follow: { answered: 0, fellBack: 0 }, interest: { answered: 0, fellBack: 0 }, city: { answered: 0, fellBack: 0 }, topic: { answered: 0, fellBack: 0 } },
});
