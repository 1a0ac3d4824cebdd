/**
 * The graph model's sections of report.json: recall (candidates per path), ranker (file, AUC),
 * cache (stream and consumer-group counters), quality (Timeline vs Graph top-k for sampled
 * users) and modelMemory (MEMORY USAGE of the same users' feed streams and timeline ZSETs).
 * Quality and memory are measured at the end of the run, against the real servers.
 */
import path from 'node:path';
import type { FeedModel } from '../model.js';
import { RECALL_PATHS } from '../backends/GraphStore.js';
import { Tracer } from '../trace/Tracer.js';
import type { GraphFeed } from './GraphFeed.js';
import { jaccard, mean, sampleUsers } from './quality.js';

const r3 = (v: number | null): number | null => (v === null ? null : Math.round(v * 1000) / 1000);

export async function graphReport(g: GraphFeed, peer: FeedModel | undefined): Promise<Record<string, unknown>> {
  const c = g.counters;
  const s = g.settings;
  const perCall = (v: number): number | null => (c.recallCalls ? r3(v / c.recallCalls) : null);
  const meta = g.rankerMeta;
  const users = sampleUsers(g.ctx.graph.users, s.qualityUsers, (u) => g.ctx.graph.followeeCount(u));
  return {
    graphStore: g.store ? { ...g.store.info, loadMs: Math.round(g.loadMs) } : null,
    graphConfig: s,
    recall: {
      calls: c.recallCalls,
      candidatesPerPath: Object.fromEntries(RECALL_PATHS.map((p) => [p, { total: c.perPath[p], perCall: perCall(c.perPath[p]), limit: s.recall[p] }])),
      mergedPerCall: perCall(c.candidates),
      windowSec: s.recallWindowSec,
      hotLists: g.hot ? { ...c.hot, capacityPerList: g.hot.capacity, postsHeld: g.hot.entries } : null,
    },
    writes: { posts: c.postsWritten, batches: c.postBatches, meanBatch: c.postBatches ? r3(c.postsWritten / c.postBatches) : null },
    ranker: meta
      ? {
          file: path.relative(process.cwd(), g.rankerFile) || g.rankerFile,
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
    quality: await quality(g, peer, users),
    modelMemory: await memory(g, peer, users),
  };
}

async function quality(g: GraphFeed, peer: FeedModel | undefined, users: number[]): Promise<Record<string, unknown>> {
  const k = g.settings.qualityK;
  const scratch = new Tracer();
  const now = g.ctx.epochMs + g.ctx.now();
  const jac: number[] = [];
  const age = { timeline: [] as number[], graph: [] as number[] };
  const followee = { timeline: [] as number[], graph: [] as number[] };
  for (const u of users) {
    const graphTop = (await g.rankFor(u, { tracer: scratch })).slice(0, k);
    const gIds = graphTop.map((it) => it.postId);
    for (const it of graphTop) {
      age.graph.push((now - (g.ctx.epochMs + it.ts)) / 1000);
      followee.graph.push(g.ctx.graph.has(u, it.author) ? 1 : 0);
    }
    if (!peer) continue;
    const page = await peer.feedPage(u, { pageSize: k, offset: 0, cursor: null });
    jac.push(jaccard(page.items.map((it) => it.postId), gIds));
    for (const it of page.items) {
      age.timeline.push(it.ageMs / 1000);
      followee.timeline.push(g.ctx.graph.has(u, it.author) ? 1 : 0);
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

async function memory(g: GraphFeed, peer: FeedModel | undefined, users: number[]): Promise<Record<string, unknown>> {
  const redis = g.ctx.redis.client;
  const usage = async (key: string): Promise<number> => ((await redis.call('MEMORY', 'USAGE', key, 'SAMPLES', '0')) as number | null) ?? 0;
  let streams = 0;
  let zsets = 0;
  let streamEntries = 0;
  let zsetEntries = 0;
  for (const u of users) {
    streams += await usage(g.cache.key(u));
    streamEntries += await redis.xlen(g.cache.key(u));
    if (peer) {
      const key = `${g.ctx.prefix}timeline:${u}`;
      zsets += await usage(key);
      zsetEntries += await redis.zcard(key);
    }
  }
  let bodies = 0;
  for (let s = 0; s < g.settings.bodyShards; s++) bodies += await usage(g.bodyKey(s));
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
