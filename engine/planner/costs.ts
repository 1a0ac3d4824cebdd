/**
 * Per-unit costs fitted on calibration runs. Pure: runs in, costs out.
 *  - ZSET and LIST bytes by entries: the mean MEMORY USAGE of keys of exactly that length
 *    (timelines and outboxes of the runs, and the synthetic probes), per length, so listpack (up
 *    to zset-max-listpack-entries 128) and skiplist (above) each keep their own curve, jemalloc
 *    size-class steps included. Between measured lengths: linear interpolation; past the longest:
 *    the slope of the last measured points (flagged as an extrapolation).
 *  - Feed streams: MEMORY USAGE per distinct graph reader; bodies: per post.
 *  - The server: used_memory after the load (the baseline); on top of every key's MEMORY USAGE,
 *    the keyspace's hash table (keyspaceTableBytes), which MEMORY USAGE does not count.
 *  - Graph read path: commands per read (XREADGROUP, XAUTOCLAIM, XACK, HMGET, XADD, ...).
 *  - Redis CPU per command (commandstats usec_per_call), for a node's ops budget.
 */
import type { CalibrationFile, CalibrationRun, SizeRow } from './calibration.js';

/** Commands of the graph model's read path (DeviceReader, StreamCache). */
export const GRAPH_READ_COMMANDS = ['xreadgroup', 'xautoclaim', 'xack', 'hmget', 'xadd', 'xlen', 'xgroup|create'] as const;
/** Commands of Timeline reads: pages of one ZSET, outboxes of pulled accounts. */
export const TIMELINE_READ_COMMANDS = ['zrevrange', 'zrevrangebyscore', 'lrange'] as const;

export interface SizeCurve {
  /** Bytes of one key holding `entries` entries, and whether that length lies past the measured ones. */
  bytes(entries: number): { bytes: number; extrapolated: boolean };
  maxMeasured: number;
  /** What the curve is made of, in words. */
  from: string;
}

export interface UnitCosts {
  zset: SizeCurve;
  list: SizeCurve;
  /** MEMORY USAGE of one graph reader's feed stream (entries and consumer groups), and its entries, as measured. */
  streamBytesPerReader: number;
  streamEntriesPerReader: number;
  bodyBytesPerPost: number;
  baselineBytes: number;
  /**
   * Graph read path commands = perRead x reads + perRefresh x refreshes, least squares over the
   * runs, with each run's refreshes as the engine counted them (older calibrations: its distinct
   * readers, which is exact only for a run shorter than refreshAfterSec): a refresh is recall +
   * rank + XADD of feedLength items.
   */
  graphCommands: { perRead: number; perRefresh: number };
  /** Redis main-thread microseconds per command, over every command of the runs (commandstats). */
  usecPerCommand: number;
  /** A fan-out delivery (ZADD + ZREMRANGEBYRANK): Redis main-thread microseconds. */
  usecPerDelivery: number;
  /** LadybugDB's files on disk per follow (the graph model's store), and recall per graph read at the largest run. */
  graphStoreBytesPerFollow: number | null;
  recall: { users: number; p50Ms: number; p99Ms: number } | null;
  /** Users of the runs fitted on: the range a projection is measured in. */
  usersRange: [number, number];
  runs: string[];
}

function curve(rows: SizeRow[], what: string): SizeCurve {
  const byLen = new Map<number, { keys: number; bytes: number }>();
  for (const r of rows) {
    if (r.entries <= 0) continue;
    const m = byLen.get(r.entries) ?? { keys: 0, bytes: 0 };
    m.keys += r.keys;
    m.bytes += r.keys * r.meanBytes;
    byLen.set(r.entries, m);
  }
  const pts = [...byLen.entries()].sort((a, b) => a[0] - b[0]).map(([n, m]) => ({ n, b: m.bytes / m.keys }));
  if (pts.length === 0) return { bytes: () => ({ bytes: 0, extrapolated: true }), maxMeasured: 0, from: `no ${what} measured` };
  const last = pts[pts.length - 1];
  // Slope past the end: over the last quarter of the measured lengths (at least two points).
  const tailFrom = pts.find((p) => p.n >= last.n * 0.75 && p.n < last.n) ?? pts[Math.max(0, pts.length - 2)];
  const slope = last.n > tailFrom.n ? (last.b - tailFrom.b) / (last.n - tailFrom.n) : last.b / last.n;
  return {
    maxMeasured: last.n,
    from: `MEMORY USAGE of ${rows.reduce((s, r) => s + r.keys, 0).toLocaleString('en-US')} ${what} of 1 to ${last.n} entries`,
    bytes(n: number) {
      if (n <= 0) return { bytes: 0, extrapolated: false };
      if (n > last.n) return { bytes: last.b + slope * (n - last.n), extrapolated: true };
      let lo = 0;
      let hi = pts.length - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (pts[mid].n < n) lo = mid + 1;
        else hi = mid;
      }
      const p = pts[lo];
      if (p.n === n || lo === 0) return { bytes: p.n === n ? p.b : (p.b * n) / p.n, extrapolated: false };
      const q = pts[lo - 1];
      return { bytes: q.b + ((p.b - q.b) * (n - q.n)) / (p.n - q.n), extrapolated: false };
    },
  };
}

const sum = (xs: number[]): number => xs.reduce((s, x) => s + x, 0);

function calls(r: CalibrationRun, names: readonly string[]): number {
  return callsOf(r.commands, names);
}

function callsOf(commands: Readonly<Record<string, { calls: number }>>, names: readonly string[]): number {
  return sum(names.map((c) => commands[c]?.calls ?? 0));
}

/** Refreshes per reader up to which a run's feed streams count as first-refresh streams. */
const FIRST_REFRESH_SHARE = 1.5;

/** Fits the unit costs on `runs` (default: every run of the file) and the file's probes. */
export function fitCosts(c: CalibrationFile, only?: (r: CalibrationRun) => boolean): UnitCosts {
  const runs = c.runs.filter(only ?? (() => true));
  if (runs.length === 0) throw new Error('fitCosts: no calibration runs selected');
  const zsetRows = [...runs.flatMap((r) => r.zsetSizes), ...c.probes.zset];
  const listRows = [...runs.flatMap((r) => r.listSizes), ...c.probes.list];
  // A feed stream as one refresh leaves it: from the runs whose readers mostly read once (the
  // projection scales it by the entries more refreshes add; a run of rereaders' streams would
  // count their extra entries twice).
  const anyStreams = runs.filter((r) => r.streams.keys > 0);
  const firstRefresh = anyStreams.filter((r) => r.graphRefreshes === undefined || r.graphRefreshes <= FIRST_REFRESH_SHARE * r.streams.keys);
  const withStreams = firstRefresh.length > 0 ? firstRefresh : anyStreams;
  const withBodies = runs.filter((r) => r.bodies.entries > 0);
  const withGraph = runs.filter((r) => r.graphReads > 0);
  const allCalls = runs.flatMap((r) => Object.values(r.commands));
  const usec = (name: string): number => {
    const xs = runs.map((r) => r.commands[name]).filter((x) => x !== undefined);
    const n = sum(xs.map((x) => x.calls));
    return n > 0 ? sum(xs.map((x) => x.calls * x.usecPerCall)) / n : 0;
  };
  const users = runs.map((r) => r.users);
  const withStore = runs.filter((r) => r.graphStoreBytes !== null && r.graphStoreBytes > 0);
  const largestRecall = runs.filter((r) => r.recallP99Ms !== null).sort((a, b) => b.users - a.users)[0];
  return {
    zset: curve(zsetRows, 'timeline ZSETs'),
    list: curve(listRows, 'outbox LISTs'),
    streamBytesPerReader: withStreams.length ? sum(withStreams.map((r) => r.streams.bytes)) / sum(withStreams.map((r) => r.streams.keys)) : 0,
    bodyBytesPerPost: withBodies.length ? sum(withBodies.map((r) => r.bodies.bytes)) / sum(withBodies.map((r) => r.bodies.entries)) : 0,
    streamEntriesPerReader: withStreams.length ? sum(withStreams.map((r) => r.streams.entries)) / sum(withStreams.map((r) => r.streams.keys)) : 0,
    baselineBytes: sum(runs.map((r) => r.usedMemoryLoadedBytes)) / runs.length,
    graphCommands: fitGraphCommands(withGraph),
    usecPerCommand: sum(allCalls.map((x) => x.calls * x.usecPerCall)) / Math.max(1, sum(allCalls.map((x) => x.calls))),
    usecPerDelivery: usec('zadd') + usec('zremrangebyrank'),
    graphStoreBytesPerFollow: withStore.length ? sum(withStore.map((r) => r.graphStoreBytes ?? 0)) / sum(withStore.map((r) => r.follows)) : null,
    recall: largestRecall ? { users: largestRecall.users, p50Ms: largestRecall.recallP50Ms ?? 0, p99Ms: largestRecall.recallP99Ms ?? 0 } : null,
    usersRange: [Math.min(...users), Math.max(...users)],
    runs: runs.map((r) => r.label),
  };
}

/**
 * The main keyspace's hash table: 8-byte bucket pointers, a power of two at least `keys + 1`
 * (dict.c _dictExpandIfNeeded grows to the next power of two once used reaches size). MEMORY
 * USAGE counts a key's dictEntry but not its bucket, so used_memory holds this on top.
 */
export function keyspaceTableBytes(keys: number): number {
  if (keys <= 0) return 0;
  return 8 * 2 ** Math.ceil(Math.log2(keys + 1));
}

function fitGraphCommands(runs: CalibrationRun[]): { perRead: number; perRefresh: number } {
  if (runs.length === 0) return { perRead: 0, perRefresh: 0 };
  // Normal equations of c = a * reads + b * refreshes.
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  let sxc = 0;
  let syc = 0;
  for (const r of runs) {
    const x = r.graphReads;
    const y = r.graphRefreshes ?? r.streams.keys;
    const c = calls(r, GRAPH_READ_COMMANDS);
    sxx += x * x;
    sxy += x * y;
    syy += y * y;
    sxc += x * c;
    syc += y * c;
  }
  const det = sxx * syy - sxy * sxy;
  const a = (sxc * syy - syc * sxy) / det;
  const b = (syc * sxx - sxc * sxy) / det;
  // One run, or readers proportional to reads: no split, commands per read alone.
  if (!Number.isFinite(a) || !Number.isFinite(b) || a < 0 || b < 0 || Math.abs(det) < 1e-9 * sxx * syy) return { perRead: sxc / sxx, perRefresh: 0 };
  return { perRead: a, perRefresh: b };
}

/** A run's measured read commands of each model (commandstats over the run). */
export function measuredReadCommands(r: CalibrationRun): { timeline: number; graph: number } {
  return readCommandsOf(r.commands);
}

/** Read commands of each model among calls per command name (commandstats, or the difference of two readings). */
export function readCommandsOf(commands: Readonly<Record<string, { calls: number }>>): { timeline: number; graph: number } {
  return { timeline: callsOf(commands, TIMELINE_READ_COMMANDS), graph: callsOf(commands, GRAPH_READ_COMMANDS) };
}
