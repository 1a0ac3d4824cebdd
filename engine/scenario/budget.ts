/**
 * What a run of a scenario will need, estimated before anything is allocated: the follows at the
 * start and those added while it plays, the events, and the memory of each part (the graph's
 * arrays, the live follow graph, a tick's events, Redis, the embedded graph store). Loading
 * refuses a scenario whose estimate exceeds the machine (os.totalmem(), and V8's heap limit for
 * the parts on the JavaScript heap), naming the JSON paths that drive the largest part; `force`
 * insists.
 *
 * The constants are measured, not derived: bytes per follow while a generated graph is built (the
 * edge buffers and both CSR directions: 16.9 B at 100,000 x 200 follows), per follow of the live
 * graph once every row is copied to JS arrays (16.6 B), per follow loaded into LadybugDB (65 to
 * 105 B at 2M to 10M follows). They are upper estimates on purpose: a run that fits its estimate
 * fits the machine; one that does not may still fit, which is what `--force` is for.
 */
import { getHeapStatistics } from 'node:v8';
import os from 'node:os';
import { FeedscopeError } from '../errors.js';
import { resolveTimelineConfig } from '../timeline/presets.js';
import { POST_INDEX_LIMIT } from '../player/applyTick.js';
import type { Scenario } from './schema.js';

/** While a generated graph is built: edge buffers (8.4 B) and both CSR directions (8 B), per follow. */
const GRAPH_BUILD_BYTES_PER_EDGE = 17;
/** An imported edge list while it is parsed: the dedupe set's string, id arrays, CSR, per follow. */
const EDGE_LIST_BYTES_PER_EDGE = 100;
/** Fewest bytes of an edge list line ("1 2\n" plus a little): the follows a file may hold. */
const EDGE_LIST_BYTES_PER_LINE = 8;
/** Per user: popularity weights, alias table, city, CSR offsets, draw stamps (plus 8 B per interest). */
const GRAPH_BYTES_PER_USER = 120;
/** The live follow graph (social/FollowGraph.ts) with every row copied: both directions as JS arrays. */
const LIVE_GRAPH_BYTES_PER_EDGE = 17;
const LIVE_GRAPH_BYTES_PER_USER = 80;
/** One event object of a tick, with its share of the tick's arrays and sort. */
const EVENT_BYTES = 200;
/** One post kept in the engine's post index (applyTick.ts keeps the last POST_INDEX_LIMIT). */
const POST_INDEX_BYTES = 250;
/** A timeline ZSET entry: skiplist node, dict entry and member sds, or a listpack entry (<= 128 entries). */
const ZSET_SKIPLIST_ENTRY_BYTES = 96;
const ZSET_LISTPACK_ENTRY_BYTES = 24;
/** zset-max-listpack-entries: Redis's default (redis.conf), which Feedscope's servers keep. */
const ZSET_MAX_LISTPACK_ENTRIES = 128;
/** A key's own overhead in Redis (dict entry, robj, key sds). */
const REDIS_KEY_BYTES = 100;
/** An outbox LIST entry (a post id in a quicklist node). */
const OUTBOX_ENTRY_BYTES = 24;
/** A feed stream entry with its share of consumer-group PEL entries (graph model). */
const STREAM_ENTRY_BYTES = 64;
/** A post body in the graph model's sharded hashes. */
const POST_BODY_BYTES = 250;
/** LadybugDB: a follow (peak during COPY), a post with its tags, a user. */
const LADYBUG_BYTES_PER_EDGE = 80;
const LADYBUG_BYTES_PER_POST = 200;
const LADYBUG_BYTES_PER_USER = 200;
/** Node, the engine's modules, onnxruntime, ioredis: what an empty engine holds. */
const BASELINE_BYTES = 250 * 1024 * 1024;

export interface EstimatePart {
  /** What it is, for a person: "graph (follows at the start)". */
  what: string;
  bytes: number;
  /** True for parts on V8's heap, which has a limit of its own. */
  heap: boolean;
  /** The JSON paths whose values drive this part, the most direct first. */
  paths: string[];
}

export interface RunEstimate {
  users: number;
  /** Follows at the start (of an edge list: at most, from its size). */
  edges: number;
  edgesUpperBound: boolean;
  /** Follows added by follow events over the whole run. */
  addedFollows: number;
  /** Events over the whole run, and in one tick. */
  events: number;
  eventsPerTick: number;
  posts: number;
  /** Peak memory of the run: this process plus a private redis-server. */
  bytes: number;
  /** Of which on V8's heap. */
  heapBytes: number;
  parts: EstimatePart[];
}

/**
 * The estimate of a run of `s`. `edgeListBytes`: the size of an edge-list graph's file (its
 * follows are not known before it is read, so they are bounded by its size).
 */
export function estimateRun(s: Scenario, o: { edgeListBytes?: number } = {}): RunEstimate {
  const g = s.graph;
  const w = s.workload;
  const parts: EstimatePart[] = [];
  let users: number;
  let edges: number;
  if (g.kind === 'generator') {
    users = g.users;
    edges = users * Math.min(g.avgFollows, users - 1) + (g.celebrities ? g.celebrities.count * Math.min(g.celebrities.followers, users - 1) : 0);
    parts.push({
      what: `graph (${fmtInt(edges)} follows of ${fmtInt(users)} users, built from the seed)`,
      bytes: edges * GRAPH_BUILD_BYTES_PER_EDGE + users * (GRAPH_BYTES_PER_USER + 8 * g.attributes.interestsPerUser),
      heap: false,
      paths: ['$.graph.avgFollows', '$.graph.users', ...(g.celebrities ? ['$.graph.celebrities.followers'] : [])],
    });
  } else {
    const fileBytes = o.edgeListBytes ?? 0;
    edges = Math.ceil(fileBytes / EDGE_LIST_BYTES_PER_LINE);
    users = Math.max(2, edges);
    parts.push({
      what: `graph (an edge list of ${fmtBytes(fileBytes)}: up to ${fmtInt(edges)} follows)`,
      bytes: fileBytes + edges * EDGE_LIST_BYTES_PER_EDGE + users * (GRAPH_BYTES_PER_USER + 8 * g.attributes.interestsPerUser),
      heap: true,
      paths: ['$.graph.file'],
    });
  }
  const addedFollows = w.followsPerSec * w.durationSec;
  parts.push({
    what: `live follow graph (${fmtInt(edges)} follows at the start, ${fmtInt(addedFollows)} added by follow events)`,
    bytes: (edges + addedFollows) * LIVE_GRAPH_BYTES_PER_EDGE + users * LIVE_GRAPH_BYTES_PER_USER,
    heap: true,
    paths: addedFollows > edges ? ['$.workload.followsPerSec', '$.workload.durationSec'] : g.kind === 'generator' ? ['$.graph.avgFollows', '$.graph.users'] : ['$.graph.file'],
  });

  const celebrityPerSec = w.celebrityPosting ? (w.celebrityPosting.topAuthors * w.celebrityPosting.postsPerMinute) / 60 : 0;
  const postsPerSec = w.postsPerSec + celebrityPerSec;
  const perSec = postsPerSec + w.readsPerSec + w.followsPerSec + w.unfollowsPerSec + w.interactionsPerSec;
  const eventsPerTick = Math.ceil((perSec * w.tickMs) / 1000);
  const posts = Math.ceil(postsPerSec * w.durationSec);
  const rates: [path: string, perSec: number][] = [
    ['$.workload.readsPerSec', w.readsPerSec], ['$.workload.interactionsPerSec', w.interactionsPerSec], ['$.workload.followsPerSec', w.followsPerSec],
    ['$.workload.unfollowsPerSec', w.unfollowsPerSec], ['$.workload.postsPerSec', postsPerSec],
  ];
  const busiest = rates.reduce((a, b) => (b[1] > a[1] ? b : a))[0];
  parts.push({
    what: `events (${fmtInt(eventsPerTick)} per tick of ${w.tickMs} ms; the last ${fmtInt(Math.min(posts, POST_INDEX_LIMIT))} posts indexed)`,
    bytes: eventsPerTick * EVENT_BYTES + Math.min(posts, POST_INDEX_LIMIT) * POST_INDEX_BYTES,
    heap: true,
    paths: [busiest, '$.workload.tickMs'],
  });

  if (s.models.includes('timeline')) parts.push(timelineRedis(s, users, edges, posts, celebrityPerSec * w.durationSec));
  if (s.models.includes('graph')) {
    const readers = Math.min(users, Math.ceil(w.readsPerSec * w.durationSec));
    const gm = s.graphModel;
    parts.push({
      what: `Redis, graph model (feed streams of ${fmtInt(readers)} readers, ${fmtInt(posts)} post bodies)`,
      bytes: readers * (REDIS_KEY_BYTES + gm.streamMaxLen * STREAM_ENTRY_BYTES * Math.max(1, gm.devicesPerUser / 2)) + posts * POST_BODY_BYTES,
      heap: false,
      paths: ['$.graphModel.streamMaxLen', '$.workload.readsPerSec', '$.workload.postsPerSec'],
    });
    parts.push({
      what: 'graph store (LadybugDB, embedded in this process)',
      bytes: (edges + addedFollows) * LADYBUG_BYTES_PER_EDGE + posts * LADYBUG_BYTES_PER_POST + users * LADYBUG_BYTES_PER_USER,
      heap: false,
      paths: g.kind === 'generator' ? ['$.graph.avgFollows', '$.graph.users'] : ['$.graph.file'],
    });
  }
  const bytes = BASELINE_BYTES + parts.reduce((a, p) => a + p.bytes, 0);
  const heapBytes = parts.filter((p) => p.heap).reduce((a, p) => a + p.bytes, 0);
  return { users, edges, edgesUpperBound: g.kind === 'edgeList', addedFollows, events: Math.ceil(perSec * w.durationSec), eventsPerTick, posts, bytes, heapBytes, parts };
}

/** Timeline ZSETs (capped at maxLength per user) and, for pull and hybrid, the authors' outboxes. */
function timelineRedis(s: Scenario, users: number, edges: number, posts: number, celebrityPosts: number): EstimatePart {
  const t = resolveTimelineConfig(s.timeline);
  const meanFollowers = edges / users;
  // A celebrity's post reaches nearly everyone: bound it by every user.
  const zadds = t.mode === 'pull' ? 0 : (posts - celebrityPosts) * meanFollowers + celebrityPosts * (users - 1);
  const entries = Math.min(users * t.maxLength, zadds);
  const entryBytes = t.maxLength > ZSET_MAX_LISTPACK_ENTRIES ? ZSET_SKIPLIST_ENTRY_BYTES : ZSET_LISTPACK_ENTRY_BYTES;
  const outbox = t.mode === 'push' ? 0 : Math.min(users * t.outboxMaxLength, posts);
  const keys = Math.min(users, Math.ceil(zadds)) + (t.mode === 'push' ? 0 : Math.min(users, posts));
  return {
    what: `Redis, timeline model (${fmtInt(entries)} timeline entries of at most ${fmtInt(t.maxLength)} per user${outbox > 0 ? `, ${fmtInt(outbox)} outbox entries` : ''})`,
    bytes: entries * entryBytes + outbox * OUTBOX_ENTRY_BYTES + keys * REDIS_KEY_BYTES,
    heap: false,
    paths: ['$.timeline.maxLength', '$.workload.postsPerSec', '$.workload.durationSec'],
  };
}

export interface BudgetLimits {
  /** The machine's memory; default os.totalmem(). */
  memoryBytes?: number;
  /** V8's heap limit; default that of this process. */
  heapBytes?: number;
  /** Accept whatever the estimate says (the CLI's --force). */
  force?: boolean;
}

/**
 * Throws SCENARIO_TOO_LARGE when the estimate exceeds the machine (or the heap), naming the JSON
 * path that drives the largest part, where it is (`locate`: "file:line:column" of a path), the
 * estimate and the fix. Does nothing with `force`.
 */
export function checkRunBudget(e: RunEstimate, label: string, limits: BudgetLimits = {}, locate: (path: string) => string = () => label): void {
  if (limits.force) return;
  const memory = limits.memoryBytes ?? os.totalmem();
  const heap = limits.heapBytes ?? getHeapStatistics().heap_size_limit;
  const overMemory = e.bytes > memory;
  const overHeap = e.heapBytes > heap;
  if (!overMemory && !overHeap) return;
  const candidates = overMemory ? e.parts : e.parts.filter((p) => p.heap);
  const worst = candidates.reduce((a, b) => (b.bytes > a.bytes ? b : a));
  const limit = overMemory ? `this machine has ${fmtBytes(memory)} of memory (os.totalmem())` : `Node's JavaScript heap is limited to ${fmtBytes(heap)} (--max-old-space-size)`;
  const total = overMemory ? `about ${fmtBytes(e.bytes)}` : `about ${fmtBytes(e.heapBytes)} of JavaScript heap`;
  const lines = candidates.map((p) => `${p.what}: ${fmtBytes(p.bytes)}`);
  throw new FeedscopeError(
    'SCENARIO_TOO_LARGE',
    `${locate(worst.paths[0])} at ${worst.paths[0]}: a run of this scenario needs ${total}, and ${limit}. The largest part is the ${worst.what} (${fmtBytes(worst.bytes)}), set by ${worst.paths.join(', ')}: lower ${worst.paths.length > 1 ? 'those values' : 'that value'}, or pass --force to run it anyway.\n  estimate: ${lines.join('; ')}`,
  );
}

/** One line for `feedscope validate`: follows, events and memory. */
export function describeEstimate(e: RunEstimate): string {
  return `${e.edgesUpperBound ? 'up to ' : 'about '}${fmtInt(e.edges)} follows at the start, ${fmtInt(e.addedFollows)} added, ${fmtInt(e.events)} events (${fmtInt(e.eventsPerTick)} per tick), about ${fmtBytes(e.bytes)} of memory (${fmtBytes(e.heapBytes)} of it JavaScript heap)`;
}

function fmtInt(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

function fmtBytes(n: number): string {
  if (n >= 1024 ** 3) return `${(n / 1024 ** 3).toFixed(1)} GiB`;
  if (n >= 1024 ** 2) return `${(n / 1024 ** 2).toFixed(1)} MiB`;
  return `${Math.round(n / 1024)} KiB`;
}
