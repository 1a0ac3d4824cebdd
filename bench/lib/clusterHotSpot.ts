/**
 * bench/cluster.ts, part 4: a hot key. In pull mode (article 2.3) every follower's read pipelines
 * LRANGE over its followees' outboxes, so the celebrity's outbox, one key in one slot on one
 * master, is in every read; in push mode each read is a ZREVRANGEBYSCORE of the reader's own
 * timeline, and the timelines spread over every master with their {u<id>} tags. The same readers
 * read the same way in both, through a transport of their own, whose per-node command counts are
 * the figure (with each master's Redis CPU share over the reads).
 */
import { Prng, type ClusterConnection, type ClusterFigures, type FollowGraph, type HotSpotRow } from '../../engine/index.js';
import { percentile, round } from './bench.js';
import { cpuSharesDuring } from './cpu.js';
import { imbalance, KEYS, perMaster, sum, timelineConfig, timelineOn } from './clusterTimeline.js';

export type HotSpotFigures = ClusterFigures['hotspot'];

const IN_FLIGHT = 8;
const PAGE = 20;

async function readPhase(conn: ClusterConnection, graph: FollowGraph, mode: HotSpotRow['mode'], reads: number): Promise<HotSpotRow> {
  const t = await conn.openTransport();
  const errors: unknown[] = [];
  const model = timelineOn(t, graph, timelineConfig(mode), errors);
  const rng = new Prng(4, 'bench-hotspot');
  const lat: number[] = [];
  let issued = 0;
  try {
    // Warm the connections (one per master) before counting.
    await model.readCursor(1, null, PAGE);
    const warm = t.nodeStats();
    const reader = async (): Promise<void> => {
      while (issued < reads) {
        issued++;
        const user = 1 + rng.int(graph.users - 1);
        const t0 = performance.now();
        await model.readCursor(user, null, PAGE);
        lat.push(performance.now() - t0);
      }
    };
    const cpu = await cpuSharesDuring(conn.masterClients(), () => Promise.all(Array.from({ length: IN_FLIGHT }, reader)));
    const perNodeCommands = perMaster(conn, t.nodeStats(), (s) => s.commands).map((c, i) => c - perMaster(conn, warm, (s) => s.commands)[i]);
    const total = sum(perNodeCommands);
    const hot = conn.masters.findIndex((m) => t.nodeOf(KEYS.outbox(0)) === `${m.host}:${m.port}`);
    return {
      mode, reads, readsPerSec: round(reads / cpu.wallSec, 0), p50Ms: round(percentile(lat, 50)), p99Ms: round(percentile(lat, 99)),
      perNodeCommands, perNodeCommandShare: perNodeCommands.map((c) => round(total > 0 ? c / total : 0)), imbalance: round(imbalance(perNodeCommands), 2),
      hotMaster: hot, hotMasterShare: round(total > 0 ? perNodeCommands[hot] / total : 0), redisBusyShare: cpu.redis.map((x) => round(x)),
    };
  } finally {
    await t.close();
  }
}

/** Pull then push reads by `reads` random followers of user 0 (whose outbox and timelines are filled). */
export async function hotSpotFigures(conn: ClusterConnection, graph: FollowGraph, reads: number): Promise<HotSpotFigures> {
  const rows = [await readPhase(conn, graph, 'pull', reads), await readPhase(conn, graph, 'push', reads)];
  return { masters: conn.masters.length, followers: graph.users - 1, celebrityKeys: [KEYS.outbox(0), KEYS.timeline(0)], rows };
}
