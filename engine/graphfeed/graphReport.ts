/**
 * The graph model's sections of report.json: recall (candidates per path), ranker (file, AUC),
 * cache (stream and consumer-group counters), quality (Timeline vs Graph top-k for sampled
 * users) and modelMemory (MEMORY USAGE of the same users' feed streams and timeline ZSETs).
 * Quality and memory are measured at the end of the run, against the real servers. The model
 * hands in what it knows (GraphReportInput); this file knows nothing of the model's class.
 */
import type { GraphSections, StoreInfo } from '../api/report.js';
import { RECALL_PATHS } from '../backends/GraphStore.js';
import type { FeedModel } from '../model.js';
import { memoryUsage } from '../redis/memory.js';
import { call, type RedisTransport } from '../redis/transport/RedisTransport.js';
import type { GraphModelOptions } from '../scenario/schema.js';
import type { FollowGraph } from '../social/FollowGraph.js';
import type { GraphCounters } from './counters.js';
import type { HotLists } from './HotLists.js';
import type { RankerMeta } from './ranker/buildModel.js';
import type { RankedItem } from './recall.js';
import { jaccard, mean, sampleUsers } from './quality.js';

const r3 = (v: number | null): number | null => (v === null ? null : Math.round(v * 1000) / 1000);

export interface GraphReportInput {
  counters: Readonly<GraphCounters>;
  settings: GraphModelOptions;
  store: (StoreInfo & { loadMs: number }) | null;
  /** `file` as report.json shows it (relative to the entry point's directory). */
  ranker: { file: string; meta: RankerMeta } | null;
  hot: HotLists | null;
  graph: FollowGraph;
  epochMs: number;
  /** Simulated ms since t=0 at the end of the run. */
  now: number;
  transport: RedisTransport;
  streamKey: (user: number) => string;
  bodyKeys: string[];
  /** Recall + rank for a user now, not counted toward the run's figures. */
  rankTop: (user: number) => Promise<RankedItem[]>;
  memoryBytes: () => Promise<number>;
  peer: FeedModel | undefined;
}

export async function graphReport(g: GraphReportInput): Promise<GraphSections> {
  const c = g.counters;
  const s = g.settings;
  const perCall = (v: number): number | null => (c.recallCalls ? r3(v / c.recallCalls) : null);
  const meta = g.ranker?.meta;
  const users = sampleUsers(g.graph.users, s.qualityUsers, (u) => g.graph.followeeCount(u));
  const candidatesPerPath = Object.fromEntries(RECALL_PATHS.map((p) => [p, { total: c.perPath[p], perCall: perCall(c.perPath[p]), limit: s.recall[p] }])) as GraphSections['recall']['candidatesPerPath'];
  return {
    graphStore: g.store,
    graphConfig: s,
    recall: {
      calls: c.recallCalls,
      candidatesPerPath,
      mergedPerCall: perCall(c.candidates),
      windowSec: s.recallWindowSec,
      hotLists: g.hot ? hotListsSection(c.hot, g.hot) : null,
    },
    writes: { posts: c.postsWritten, batches: c.postBatches, meanBatch: c.postBatches ? r3(c.postsWritten / c.postBatches) : null },
    ranker: meta && g.ranker
      ? {
          file: g.ranker.file,
          model: meta.model,
          features: meta.features,
          auc: meta.training.auc,
          baselineAuc: meta.training.baselineAuc,
          baseline: meta.training.baseline,
          trainingRows: meta.training.rows,
          scored: c.ranked,
        }
      : null,
    cache: {
      reads: c.reads,
      refreshes: c.refreshes,
      xadds: c.xadds,
      delivered: c.delivered,
      acked: c.acked,
      expired: c.expired,
      crashes: c.crashes,
      reclaimed: c.reclaimed,
      duplicatesAfterAck: c.duplicatesAfterAck,
      shortPages: c.shortPages,
      missingBodies: c.missingBodies,
      streamMaxLen: s.streamMaxLen,
      devicesPerUser: s.devicesPerUser,
    },
    quality: await quality(g, users),
    modelMemory: await memory(g, users),
  };
}

async function quality(g: GraphReportInput, users: number[]): Promise<GraphSections['quality']> {
  const k = g.settings.qualityK;
  const peer = g.peer;
  const now = g.epochMs + g.now;
  const jac: number[] = [];
  const age = { timeline: [] as number[], graph: [] as number[] };
  const followee = { timeline: [] as number[], graph: [] as number[] };
  for (const u of users) {
    const graphTop = (await g.rankTop(u)).slice(0, k);
    const gIds = graphTop.map((it) => it.postId);
    for (const it of graphTop) {
      age.graph.push((now - (g.epochMs + it.ts)) / 1000);
      followee.graph.push(g.graph.has(u, it.author) ? 1 : 0);
    }
    if (!peer) continue;
    const page = await peer.feedPage(u, { pageSize: k, offset: 0, cursor: null });
    jac.push(jaccard(page.items.map((it) => it.postId), gIds));
    for (const it of page.items) {
      age.timeline.push(it.ageMs / 1000);
      followee.timeline.push(g.graph.has(u, it.author) ? 1 : 0);
    }
  }
  return {
    k,
    users: users.length,
    jaccardAtK: peer ? r3(mean(jac)) : null,
    meanAgeSec: { timeline: peer ? r3(mean(age.timeline)) : null, graph: r3(mean(age.graph)) },
    followeeShare: { timeline: peer ? r3(mean(followee.timeline)) : null, graph: r3(mean(followee.graph)) },
    note: peer ? 'timeline top-k read through the Timeline model (its read spans include these reads)' : 'no timeline model in this scenario',
  };
}

async function memory(g: GraphReportInput, users: number[]): Promise<GraphSections['modelMemory']> {
  const t = g.transport;
  const peer = g.peer;
  let streams = 0;
  let zsets = 0;
  let streamEntries = 0;
  let zsetEntries = 0;
  for (const u of users) {
    streams += await memoryUsage(t, g.streamKey(u));
    streamEntries += Number(await call(t, ['XLEN', g.streamKey(u)]));
    const key = peer?.feedKey?.(u);
    if (key) {
      zsets += await memoryUsage(t, key);
      zsetEntries += Number(await call(t, ['ZCARD', key]));
    }
  }
  let bodies = 0;
  for (const key of g.bodyKeys) bodies += await memoryUsage(t, key);
  const n = Math.max(1, users.length);
  return {
    users: users.length,
    graph: {
      streamBytes: streams,
      streamBytesPerUser: Math.round(streams / n),
      streamEntries,
      bytesPerEntry: streamEntries ? Math.round(streams / streamEntries) : null,
      bodyHashBytes: bodies,
      estimatedTotalBytes: await g.memoryBytes(),
    },
    timeline: peer
      ? { zsetBytes: zsets, zsetBytesPerUser: Math.round(zsets / n), zsetEntries, bytesPerEntry: zsetEntries ? Math.round(zsets / zsetEntries) : null, estimatedTotalBytes: await peer.memoryBytes() }
      : null,
    note: 'a stream entry carries item_id, score, expiry, paths and the feature snapshot; a timeline ZSET member is the post id with its score',
  };
}

function hotListsSection(counts: GraphCounters['hot'], hot: HotLists): NonNullable<GraphSections['recall']['hotLists']> {
  const { follow, ...shared } = counts;
  return { ...shared, ...(hot.authorCapacity === null ? {} : { follow }), capacityPerList: hot.capacity, authorCapacity: hot.authorCapacity, postsHeld: hot.entries };
}
