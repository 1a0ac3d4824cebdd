/**
 * bench/cluster.ts, part 3: what "横向扩容ZSET需resharding" costs. The celebrity's fan-out fills
 * every follower's timeline, then slots move between masters (engine/redis/clusterReshard.ts:
 * SETSLOT IMPORTING/MIGRATING, GETKEYSINSLOT + MIGRATE, SETSLOT NODE), first with nothing writing,
 * then while the fan-out keeps writing: the redirects it met (MOVED, ASK) and an audit of sampled
 * timelines against a replay of their deliveries (lost, extra).
 * The timelines are filled first (fillTimelines) and read by the hot-spot part before any slot
 * moves, while the slots are still spread evenly.
 */
import { Prng, type ClusterConnection, type ClusterFigures, type ClusterTransport, type FollowGraph, type ReshardResult, type ReshardRow, type TimelineModel } from '../../engine/index.js';
import { round } from './bench.js';
import { celebrityPosts, PREFIX, sum, timelineConfig, timelineOn } from './clusterTimeline.js';

export type ReshardFigures = ClusterFigures['reshard'];

export interface ReshardPlan {
  slots: number;
  from: number;
  to: number;
  withWriter: boolean;
}

const AUDITED_USERS = 500;
/** Between two posts of the writer that runs during a reshard. */
const WRITER_PAUSE_MS = 250;

function row(plan: ReshardPlan, r: ReshardResult, writer: ReshardRow['writer']): ReshardRow {
  const mib = r.bytesMoved / 2 ** 20;
  return {
    slots: r.slotsMoved, fromMaster: plan.from, toMaster: plan.to, durationMs: r.durationMs, keysMoved: r.keysMoved, bytesMoved: r.bytesMoved,
    migrateCalls: r.migrateCalls, migrateMeanUs: r.migrateMeanUs, msPerSlot: round(r.durationMs / Math.max(1, r.slotsMoved), 3),
    msPerMiB: mib > 0 ? round(r.durationMs / mib, 1) : null, writer,
  };
}

/** Redirect counters summed over every node the transport used. */
function redirects(t: ClusterTransport): { moved: number; ask: number; tryAgain: number } {
  const s = t.nodeStats();
  return { moved: sum(s.map((x) => x.moved)), ask: sum(s.map((x) => x.ask)), tryAgain: sum(s.map((x) => x.tryAgain)) };
}

/** The celebrity's followers' timelines, filled, and the model that filled them (it keeps a replica of sampled ones for the audit). */
export interface FilledTimelines {
  model: TimelineModel;
  transport: ClusterTransport;
  errors: unknown[];
  posts: number;
  /** Id of the next post. */
  next: number;
}

/** Fills the timelines of `graph` (user 0's followers) with `posts` posts, watching a sample of them. */
export async function fillTimelines(conn: ClusterConnection, graph: FollowGraph, posts: number): Promise<FilledTimelines> {
  await conn.deletePrefix(PREFIX);
  const transport = await conn.openTransport();
  const errors: unknown[] = [];
  const model = timelineOn(transport, graph, timelineConfig('push'), errors);
  const rng = new Prng(3, 'bench-reshard-audit');
  const audited = new Set<number>();
  while (audited.size < Math.min(AUDITED_USERS, graph.users)) audited.add(rng.int(graph.users));
  model.watch(audited);
  try {
    await celebrityPosts(model, 1, posts + 1);
  } catch (err) {
    await transport.close();
    throw err;
  }
  return { model, transport, errors, posts, next: posts + 1 };
}

/**
 * Runs `plans` in order on the filled timelines; with a writer, the celebrity keeps posting (one
 * post, then a pause of WRITER_PAUSE_MS, so the reshard's own round trips are not starved of the
 * client's one thread) until the last slot has moved. Closes the filled timelines' transport.
 */
export async function reshardFigures(conn: ClusterConnection, f: FilledTimelines, timelines: number, plans: readonly ReshardPlan[]): Promise<ReshardFigures> {
  const { model, transport: t, errors } = f;
  const rows: ReshardRow[] = [];
  try {
    for (const plan of plans) {
      if (!plan.withWriter) {
        rows.push(row(plan, await conn.reshard(plan), null));
        continue;
      }
      const before = redirects(t);
      const zadds0 = model.monitor().zadds;
      const posts0 = f.next;
      let done = false;
      const moving = conn.reshard(plan).finally(() => void (done = true));
      while (!done) {
        await celebrityPosts(model, f.next, f.next + 1);
        f.next++;
        await new Promise((r) => setTimeout(r, WRITER_PAUSE_MS));
      }
      const result = await moving;
      const after = redirects(t);
      const audit = await model.auditFeeds();
      rows.push(row(plan, result, {
        posts: f.next - posts0, zadds: model.monitor().zadds - zadds0, pauseMs: WRITER_PAUSE_MS,
        moved: after.moved - before.moved, ask: after.ask - before.ask, tryAgain: after.tryAgain - before.tryAgain,
        errors: errors.length, auditedUsers: audit.users, lost: audit.lost, extra: audit.extra,
      }));
    }
    if (errors.length > 0) throw errors[0];
  } finally {
    await t.close();
  }
  return { masters: conn.masters.length, timelines, entriesPerTimeline: f.posts, rows };
}
