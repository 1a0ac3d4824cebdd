/**
 * Projections: degree bins (degrees.ts) x per-unit costs (costs.ts) x a workload -> memory,
 * commands and nodes per model. Pure. The workload is rates over a horizon: feeds hold what
 * arrived during `horizonSec` (a scenario's duration, or `days` of a fleet), capped by the trim.
 *
 * A user whose timeline receives from q pushed accounts (plus their own posts when pushed) gets
 * X ~ Poisson(rho * q) entries, rho = posts per user over the horizon (authors are drawn
 * uniformly, as engine/scenario/events.ts does); the ZSET holds min(X, maxLength) and costs
 * zset.bytes(min(X, maxLength)); it exists when X >= 1. Outboxes: Y ~ Poisson(rho) per author,
 * capped at outboxMaxLength. Graph model: one feed stream per distinct reader, N(1 - e^(-R/N)),
 * and one body per post. The keyspace's hash table (8 B a bucket) comes on top; the server adds its baseline.
 */
import { pulledPerRead, topAccounts, type Degrees, type FanoutMode } from './degrees.js';
import { keyspaceTableBytes, type SizeCurve, type UnitCosts } from './costs.js';
import type { Replay } from './replay.js';

export interface Figure {
  value: number;
  /** Which measurement (or formula) it comes from. */
  from: string;
  /** True when it applies costs measured on fewer users, or at other lengths, than it describes. */
  extrapolated: boolean;
}

export interface Workload {
  postsPerSec: number;
  readsPerSec: number;
  horizonSec: number;
  pageSize: number;
  maxLength: number;
  outboxMaxLength: number;
  trimProbability: number;
  mode: FanoutMode;
  /** Pages per read (cursor scrolls of deep reads read several). */
  pagesPerRead: number;
  models: readonly ('timeline' | 'graph')[];
  /** Per Redis node: memory (bytes) and a commands/s budget (null: from the measured Redis CPU per command). */
  nodeMemoryBytes: number;
  nodeOpsPerSec: number | null;
  /** Fan-out ZADDs/s the deployment sustains (null: every node's measured ZADD+trim capacity). */
  fanoutThroughput: number | null;
  /** The graph model's stream refresh: after this many simulated seconds, feedLength items, MAXLEN ~ streamMaxLen. */
  refreshAfterSec: number;
  feedLength: number;
  streamMaxLen: number;
}

export interface NodesFigure {
  forMemory: number;
  forOps: number;
  needed: number;
}

export interface TimelineProjection {
  memory: { timelines: Figure; outboxes: Figure; overhead: Figure; total: Figure; perNode: Figure; listpackKeys: number; skiplistKeys: number; meanEntries: number };
  zaddsPerPost: Figure;
  zaddsPerSec: Figure;
  topAuthor: { followers: number; pushed: boolean; zaddsAtPost: number; lagMs: Figure | null };
  readCommandsPerSec: Figure;
  commandsPerSec: Figure;
  nodes: NodesFigure;
  /** Over the horizon (what a run of that length counts). */
  totals: { zadds: number; readCommands: number };
}

export interface GraphProjection {
  /** The graph store's files (LadybugDB, embedded: one process holds them) at this many follows. */
  storeBytes: Figure | null;
  /** Recall per graph read as measured at the largest calibration run (not projected: it depends on the store and the machine). */
  recall: { p50Ms: number; p99Ms: number; measuredAtUsers: number } | null;
  memory: { streams: Figure; bodies: Figure; overhead: Figure; total: Figure; perNode: Figure; readers: number };
  readCommandsPerSec: Figure;
  commandsPerSec: Figure;
  nodes: NodesFigure;
  totals: { readCommands: number };
}

export interface Projection {
  users: number;
  follows: number;
  degreesFrom: Degrees['source'];
  /** 'replayed events': a scenario's own seeded draws (replay.ts); 'expected draws': Poisson means. */
  draws: 'replayed events' | 'expected draws';
  workload: Workload;
  timeline: TimelineProjection | null;
  graph: GraphProjection | null;
  /** used_memory of one server holding every model's keys at the end of the horizon. */
  usedMemory: Figure;
  costsFrom: { runs: string[]; usersRange: [number, number] };
}

/** Poisson(lambda) probabilities of 0..cap-1 and the mass at cap or more (the trim's cap). */
function cappedPoisson(lambda: number, cap: number, lnFact: Float64Array): Float64Array {
  const p = new Float64Array(cap + 1);
  if (lambda <= 0) {
    p[0] = 1;
    return p;
  }
  if (lambda > cap + 12 * Math.sqrt(lambda) + 20) {
    p[cap] = 1;
    return p;
  }
  const ll = Math.log(lambda);
  let below = 0;
  for (let k = 0; k < cap; k++) {
    p[k] = Math.exp(-lambda + k * ll - lnFact[k]);
    below += p[k];
  }
  p[cap] = Math.max(0, 1 - below);
  return p;
}

function lnFactorials(n: number): Float64Array {
  const f = new Float64Array(n + 1);
  for (let k = 1; k <= n; k++) f[k] = f[k - 1] + Math.log(k);
  return f;
}

/** Expected keys, entries and bytes over users whose key gets Poisson(lambda_i) entries, capped. */
function expectedKeys(groups: { count: number; lambda: number }[], cap: number, c: SizeCurve): { keys: number; bytes: number; entries: number; over128: number; extrapolated: boolean } {
  const lnFact = lnFactorials(cap);
  const table = new Float64Array(cap + 1);
  let extrapolated = false;
  for (let k = 1; k <= cap; k++) {
    const b = c.bytes(k);
    table[k] = b.bytes;
    extrapolated ||= b.extrapolated;
  }
  let keys = 0;
  let bytes = 0;
  let entries = 0;
  let over128 = 0;
  for (const g of groups) {
    const p = cappedPoisson(g.lambda, cap, lnFact);
    for (let k = 1; k <= cap; k++) {
      if (p[k] === 0) continue;
      keys += g.count * p[k];
      bytes += g.count * p[k] * table[k];
      entries += g.count * p[k] * k;
      if (k > 128) over128 += g.count * p[k];
    }
  }
  return { keys, bytes, entries, over128, extrapolated };
}

/** Keys of a measured size histogram (entries -> keys), costed by the curve. */
function histogramKeys(h: Map<number, number>, c: SizeCurve): { keys: number; bytes: number; entries: number; over128: number; extrapolated: boolean } {
  let keys = 0;
  let bytes = 0;
  let entries = 0;
  let over128 = 0;
  let extrapolated = false;
  for (const [k, count] of h) {
    const b = c.bytes(k);
    keys += count;
    bytes += count * b.bytes;
    entries += count * k;
    if (k > 128) over128 += count;
    extrapolated ||= b.extrapolated;
  }
  return { keys, bytes, entries, over128, extrapolated };
}

const fig = (value: number, from: string, extrapolated: boolean): Figure => ({ value, from, extrapolated });

/** `replay`: a scenario's replayed draws, used instead of the expected ones where given. */
export function project(d: Degrees, w: Workload, costs: UnitCosts, replay?: Replay): Projection {
  const n = d.users;
  const beyond = n > costs.usersRange[1] * 1.05;
  const measuredAt = `fitted on ${costs.runs.join(', ')} (${costs.usersRange[0].toLocaleString('en-US')}-${costs.usersRange[1].toLocaleString('en-US')} users)`;
  const posts = replay?.posts ?? w.postsPerSec * w.horizonSec;
  const reads = replay?.reads ?? w.readsPerSec * w.horizonSec;
  const rho = posts / n;
  const trimCap = w.trimProbability >= 1 ? w.maxLength : Math.round(w.maxLength + (1 - w.trimProbability) / (2 * w.trimProbability));
  const perSec = (x: number): number => (w.horizonSec > 0 ? x / w.horizonSec : 0);
  const opsBudget = (usec: number): number => w.nodeOpsPerSec ?? 1e6 / Math.max(1e-3, usec);

  let timeline: TimelineProjection | null = null;
  let timelineKeys = 0;
  let timelineBytes = 0;
  if (w.models.includes('timeline')) {
    const pushMode = w.mode !== 'pull';
    const groups = pushMode ? d.userBins.map((b) => ({ count: b.users, lambda: rho * (b.pushedFollowees + b.selfPushed) })) : [];
    const tl = replay ? histogramKeys(replay.timelineSizes, costs.zset) : expectedKeys(groups, trimCap, costs.zset);
    const ob = replay ? histogramKeys(replay.outboxSizes, costs.list) : expectedKeys([{ count: n, lambda: rho }], w.outboxMaxLength, costs.list);
    const zaddsTotal = replay?.zadds ?? groups.reduce((s, g) => s + g.count * g.lambda, 0);
    const zaddsPerPost = posts > 0 ? zaddsTotal / posts : 0;
    const readCmdsPerRead = w.pagesPerRead * ((pushMode ? 1 : 0) + (w.mode === 'push' ? 0 : pulledPerRead(d)));
    const readCommands = replay?.timelineReadCommands ?? reads * readCmdsPerRead;
    const deliveriesPerSec = perSec(zaddsTotal);
    const otherPerSec = perSec(readCommands) + 2 * w.postsPerSec;
    const commandsPerSec = deliveriesPerSec * (1 + w.trimProbability) + otherPerSec;
    const cpuUsPerSec = deliveriesPerSec * costs.usecPerDelivery + otherPerSec * costs.usecPerCommand;
    const forMemory = Math.max(1, Math.ceil((tl.bytes + ob.bytes) / w.nodeMemoryBytes));
    const overhead = forMemory * keyspaceTableBytes(Math.ceil((tl.keys + ob.keys) / forMemory));
    const total = tl.bytes + ob.bytes + overhead;
    const forOps = Math.max(1, Math.ceil(w.nodeOpsPerSec ? commandsPerSec / w.nodeOpsPerSec : cpuUsPerSec / 1e6));
    const nodes = Math.max(forMemory, forOps);
    const top = topAccounts(d);
    const topPushed = pushMode && top.topPushedFollowers === top.topFollowers;
    const throughput = w.fanoutThroughput ?? (nodes * 1e6) / Math.max(1e-3, costs.usecPerDelivery);
    const lagFollowers = pushMode ? top.topPushedFollowers : 0;
    timeline = {
      memory: {
        timelines: fig(tl.bytes, `${Math.round(tl.keys).toLocaleString('en-US')} timelines x ${costs.zset.from}`, beyond || tl.extrapolated),
        outboxes: fig(ob.bytes, `${Math.round(ob.keys).toLocaleString('en-US')} outboxes x ${costs.list.from}`, beyond || ob.extrapolated),
        overhead: fig(overhead, 'the keyspace hash table: 8 B x a power of two >= keys per node (dict.c)', false),
        total: fig(total, 'timelines + outboxes + keyspace table', beyond || tl.extrapolated || ob.extrapolated),
        perNode: fig(total / nodes, `total over ${nodes} node(s)`, beyond || tl.extrapolated),
        listpackKeys: tl.keys - tl.over128,
        skiplistKeys: tl.over128,
        meanEntries: tl.keys > 0 ? tl.entries / tl.keys : 0,
      },
      zaddsPerPost: fig(zaddsPerPost, `followers + 1 of pushed authors (${d.source}; ${d.pulledAccounts.toLocaleString('en-US')} accounts pulled)`, false),
      zaddsPerSec: fig(deliveriesPerSec, 'posts/s x ZADDs per post', false),
      topAuthor: {
        followers: top.topFollowers,
        pushed: topPushed,
        zaddsAtPost: topPushed ? top.topFollowers + 1 : 0,
        lagMs: lagFollowers > 0 ? fig((lagFollowers / throughput) * 1000, w.fanoutThroughput ? `top pushed author's ${Math.round(lagFollowers).toLocaleString('en-US')} followers at ${w.fanoutThroughput.toLocaleString('en-US')} ZADDs/s` : `top pushed author's ${Math.round(lagFollowers).toLocaleString('en-US')} followers over ${nodes} node(s) at ${(1e6 / costs.usecPerDelivery).toFixed(0)} ZADD+trim/s each (commandstats, ${measuredAt})`, beyond) : null,
      },
      readCommandsPerSec: fig(perSec(readCommands), `${readCmdsPerRead.toFixed(2)} commands per read (${w.mode}: ${pushMode ? '1 ZSET page' : ''}${w.mode !== 'push' ? ` + ${pulledPerRead(d).toFixed(2)} pulled outboxes (LRANGE)` : ''})`, false),
      commandsPerSec: fig(commandsPerSec, 'ZADD + trim per delivery, LPUSH + LTRIM per post, read commands', false),
      nodes: { forMemory, forOps, needed: nodes },
      totals: { zadds: zaddsTotal, readCommands },
    };
    timelineKeys = tl.keys + ob.keys;
    timelineBytes = tl.bytes + ob.bytes;
  }

  let graph: GraphProjection | null = null;
  let graphKeys = 0;
  let graphBytes = 0;
  if (w.models.includes('graph')) {
    const readers = replay?.distinctReaders ?? n * (1 - Math.exp(-reads / n));
    // A repeat read refreshes when the reader's last read is older than refreshAfterSec: with
    // reads spread evenly, P(gap > T) = e^(-T / mean gap); never within a horizon shorter than T.
    const meanGap = readers > 0 ? (w.horizonSec * readers) / Math.max(reads, 1) : Infinity;
    const staleShare = w.horizonSec > w.refreshAfterSec ? Math.exp(-w.refreshAfterSec / meanGap) : 0;
    // A scenario's replay counts them by the reader's rule; a fleet model estimates them.
    const refreshes = replay?.graphRefreshes ?? readers + Math.max(0, reads - readers) * staleShare;
    // Entries a stream holds: feedLength per refresh, trimmed to about streamMaxLen (MAXLEN ~ cuts whole nodes of 100).
    const entriesPerReader = readers > 0 ? Math.min(w.streamMaxLen + 100, (w.feedLength * refreshes) / readers) : 0;
    const perReader = readers > 0 ? refreshes / readers : 0;
    const scale = costs.streamEntriesPerReader > 0 ? Math.max(1, entriesPerReader / costs.streamEntriesPerReader) : 1;
    const streamsExtrapolated = scale > 1.05;
    const streams = readers * costs.streamBytesPerReader * scale;
    const streamsFrom = `${Math.round(readers).toLocaleString('en-US')} readers x ${costs.streamBytesPerReader.toFixed(0)} B per feed stream of ${costs.streamEntriesPerReader.toFixed(0)} entries (MEMORY USAGE, ${measuredAt})${streamsExtrapolated ? `, scaled to ${entriesPerReader.toFixed(0)} entries (${perReader > 1 ? perReader.toFixed(1) : 1} refreshes per reader)` : ''}`;
    const bodies = posts * costs.bodyBytesPerPost;
    const keys = readers + 16;
    const forMemoryRaw = Math.max(1, Math.ceil((streams + bodies) / w.nodeMemoryBytes));
    const overhead = forMemoryRaw * keyspaceTableBytes(Math.ceil(keys / forMemoryRaw));
    const total = streams + bodies + overhead;
    const readCommands = reads * costs.graphCommands.perRead + refreshes * costs.graphCommands.perRefresh;
    const commandsPerSec = perSec(readCommands) + w.postsPerSec;
    const forMemory = Math.max(1, Math.ceil(total / w.nodeMemoryBytes));
    const forOps = Math.max(1, Math.ceil(commandsPerSec / opsBudget(costs.usecPerCommand)));
    const nodes = Math.max(forMemory, forOps);
    graph = {
      storeBytes: costs.graphStoreBytesPerFollow !== null ? fig(d.follows * costs.graphStoreBytesPerFollow, `${d.follows.toLocaleString('en-US')} follows x ${costs.graphStoreBytesPerFollow.toFixed(1)} B per follow on disk (LadybugDB, ${measuredAt})`, beyond) : null,
      recall: costs.recall ? { p50Ms: costs.recall.p50Ms, p99Ms: costs.recall.p99Ms, measuredAtUsers: costs.recall.users } : null,
      memory: {
        streams: fig(streams, streamsFrom, beyond || streamsExtrapolated),
        bodies: fig(bodies, `${Math.round(posts).toLocaleString('en-US')} posts x ${costs.bodyBytesPerPost.toFixed(1)} B per body (HASH shards, MEMORY USAGE)`, beyond),
        overhead: fig(overhead, 'the keyspace hash table (dict.c)', false),
        total: fig(total, 'streams + bodies + keyspace table', beyond),
        perNode: fig(total / nodes, `total over ${nodes} node(s)`, beyond),
        readers,
      },
      readCommandsPerSec: fig(perSec(readCommands), `${costs.graphCommands.perRead.toFixed(1)} commands per read + ${costs.graphCommands.perRefresh.toFixed(1)} per stream refresh (${(refreshes / Math.max(reads, 1)).toFixed(2)} refreshes per read; XREADGROUP, XACK, HMGET, XADD...; commandstats, ${measuredAt})`, beyond || staleShare > 0),
      commandsPerSec: fig(commandsPerSec, 'read commands + one HSET per post', beyond),
      nodes: { forMemory, forOps, needed: nodes },
      totals: { readCommands },
    };
    graphKeys = keys;
    graphBytes = streams + bodies;
  }
  const used = costs.baselineBytes + timelineBytes + graphBytes + keyspaceTableBytes(timelineKeys + graphKeys);
  return {
    users: n,
    follows: d.follows,
    degreesFrom: d.source,
    draws: replay ? 'replayed events' : 'expected draws',
    workload: w,
    timeline,
    graph,
    usedMemory: fig(used, `baseline ${(costs.baselineBytes / 2 ** 20).toFixed(2)} MiB (used_memory after the load) + every model's keys (MEMORY USAGE) + the keyspace hash table`, beyond || (timeline?.memory.total.extrapolated ?? false)),
    costsFrom: { runs: costs.runs, usersRange: costs.usersRange },
  };
}
