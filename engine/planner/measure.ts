/**
 * One calibration measurement: plays a scenario through the engine's public API (Engine.load,
 * runToEnd, report) on a private redis-server and the embedded graph store, then reads what the
 * planner's units cost off the real server before the engine closes: every key of the run's
 * prefix by type with `MEMORY USAGE key SAMPLES 0`, its entries and its encoding, and INFO
 * commandstats (reset once the load is done, so they count the events' commands only).
 */
import { readdir, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Redis } from 'ioredis';
import { Engine } from '../Engine.js';
import type { Report } from '../report/report.js';
import type { Scenario } from '../scenario/schema.js';
import type { CalibrationRun, KeyGroup, Machine, SizeRow } from './calibration.js';
import { commandStats } from './commandStats.js';

export interface MeasureOptions {
  rankerFile: string;
  sampleGraphsDir: string;
  /** A line of progress now and then. */
  log?: (line: string) => void;
  /** Also measure synthetic ZSETs and LISTs of the engine's member format at set lengths (probeStructures). */
  probe?: boolean;
}

/** Lengths of the synthetic keys: both sides of listpack's 128 and up to the article's feed lengths. */
export const PROBE_LENGTHS = [1, 2, 5, 10, 20, 50, 100, 128, 129, 150, 200, 300, 400, 500, 600, 800, 1000, 2000];

/**
 * MEMORY USAGE of ZSETs (member = post id, score = ms) and LISTs ("score:id", the outbox format)
 * of PROBE_LENGTHS entries, written under the run's prefix and deleted again: the planner's cost
 * of lengths a short run does not reach (an outbox of 800, a feed of 1,000).
 */
export async function probeStructures(client: Redis, prefix: string): Promise<{ zset: SizeRow[]; list: SizeRow[] }> {
  const zset: SizeRow[] = [];
  const list: SizeRow[] = [];
  const base = 1_767_225_600_000;
  for (const n of PROBE_LENGTHS) {
    const zk = `${prefix}probe:z:${n}`;
    const lk = `${prefix}probe:l:${n}`;
    const p = client.pipeline();
    for (let i = 0; i < n; i += 200) {
      const z: (string | number)[] = [];
      const l: string[] = [];
      for (let j = i; j < Math.min(n, i + 200); j++) {
        z.push(base + j * 997, String(100_000 + j * 13));
        l.push(`${base + j * 997}:${100_000 + j * 13}`);
      }
      p.zadd(zk, ...z);
      p.rpush(lk, ...l);
    }
    p.call('OBJECT', 'ENCODING', zk).call('OBJECT', 'ENCODING', lk).call('MEMORY', 'USAGE', zk, 'SAMPLES', '0').call('MEMORY', 'USAGE', lk, 'SAMPLES', '0').unlink(zk, lk);
    const res = (await p.exec()) ?? [];
    const at = res.length - 5;
    zset.push({ entries: n, encoding: String(res[at]?.[1]), keys: 1, meanBytes: Number(res[at + 2]?.[1]) });
    list.push({ entries: n, encoding: String(res[at + 1]?.[1]), keys: 1, meanBytes: Number(res[at + 3]?.[1]) });
  }
  return { zset, list };
}

const PREFIX = 'fsplan:';
const BATCH = 500;

export function machineInfo(): Machine {
  const cpus = os.cpus();
  return {
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    ramBytes: os.totalmem(),
    platform: `${os.platform()} ${os.release()}`,
    loadAverage1m: Math.round(os.loadavg()[0] * 100) / 100,
  };
}

async function usedMemory(client: Redis): Promise<number> {
  const info = await client.info('memory');
  return Number(/used_memory:(\d+)/.exec(info)?.[1] ?? 0);
}

const LENGTH_OF: Record<string, string> = { zset: 'ZCARD', list: 'LLEN', stream: 'XLEN', hash: 'HLEN' };

interface KeyFacts { key: string; type: string; encoding: string; entries: number; bytes: number }

/** Every key under `prefix` with its type, encoding, entries and MEMORY USAGE SAMPLES 0. */
async function keyFacts(client: Redis, prefix: string): Promise<KeyFacts[]> {
  const keys: string[] = [];
  let cursor = '0';
  do {
    const [next, batch] = await client.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 2000);
    keys.push(...batch);
    cursor = next;
  } while (cursor !== '0');
  const out: KeyFacts[] = [];
  for (let i = 0; i < keys.length; i += BATCH) {
    const slice = keys.slice(i, i + BATCH);
    const types = (await client.pipeline(slice.map((k) => ['type', k])).exec()) ?? [];
    const p = client.pipeline();
    slice.forEach((k, j) => {
      const type = String(types[j]?.[1] ?? 'none');
      p.call('OBJECT', 'ENCODING', k);
      p.call(LENGTH_OF[type] ?? 'EXISTS', k);
      p.call('MEMORY', 'USAGE', k, 'SAMPLES', '0');
    });
    const res = (await p.exec()) ?? [];
    slice.forEach((k, j) => {
      out.push({ key: k, type: String(types[j]?.[1]), encoding: String(res[3 * j]?.[1]), entries: Number(res[3 * j + 1]?.[1] ?? 0), bytes: Number(res[3 * j + 2]?.[1] ?? 0) });
    });
  }
  return out;
}

function group(facts: KeyFacts[]): KeyGroup {
  return { keys: facts.length, bytes: facts.reduce((s, f) => s + f.bytes, 0), entries: facts.reduce((s, f) => s + f.entries, 0) };
}

function sizeRows(facts: KeyFacts[]): SizeRow[] {
  const m = new Map<string, { entries: number; encoding: string; keys: number; bytes: number }>();
  for (const f of facts) {
    const id = `${f.entries}/${f.encoding}`;
    const r = m.get(id) ?? { entries: f.entries, encoding: f.encoding, keys: 0, bytes: 0 };
    r.keys++;
    r.bytes += f.bytes;
    m.set(id, r);
  }
  return [...m.values()].sort((a, b) => a.entries - b.entries || a.encoding.localeCompare(b.encoding)).map((r) => ({ entries: r.entries, encoding: r.encoding, keys: r.keys, meanBytes: Math.round((r.bytes / r.keys) * 10) / 10 }));
}

async function dirBytes(dir: string): Promise<number | null> {
  const s = await stat(dir).catch(() => null);
  if (!s) return null;
  if (!s.isDirectory()) return s.size;
  let total = 0;
  for (const e of await readdir(dir, { withFileTypes: true })) total += (await dirBytes(path.join(dir, e.name))) ?? 0;
  return total;
}

function latency(r: Report['timeline'], pick: (name: string) => boolean): { count: number; p50Ms: number; p99Ms: number } | null {
  const ops = Object.entries(r ?? {}).filter(([k]) => pick(k));
  if (ops.length === 0) return null;
  const count = ops.reduce((s, [, v]) => s + v.count, 0);
  // The worst operation's percentile: the read a user waits for is one of them.
  return { count, p50Ms: Math.max(...ops.map(([, v]) => v.p50Ms)), p99Ms: Math.max(...ops.map(([, v]) => v.p99Ms)) };
}

/** Plays `scenario` on a private Redis and measures it (see the file comment). */
export async function measureScenario(label: string, scenario: Scenario, scenarioFile: string | null, o: MeasureOptions): Promise<{ run: CalibrationRun; probes: { zset: SizeRow[]; list: SizeRow[] } | null; redisVersion: string; graphStoreVersion: string | null }> {
  const engine = new Engine({ prefix: PREFIX, sampleGraphsDir: o.sampleGraphsDir, rankerFile: o.rankerFile, graphStore: { kind: 'ladybug' } });
  try {
    const handle = await engine.redis();
    const l0 = performance.now();
    await engine.load(scenario, scenarioFile ?? path.join(o.sampleGraphsDir, `${label}.json`), o.sampleGraphsDir);
    const loadMs = performance.now() - l0;
    const client = handle.client;
    const usedLoaded = await usedMemory(client);
    await client.call('CONFIG', 'RESETSTAT');
    const r0 = performance.now();
    await engine.runToEnd();
    const wallMs = performance.now() - r0;
    // Before the report: its quality sampling reads feeds too.
    const commands = await commandStats(client);
    const report = await engine.report();
    const usedEnd = await usedMemory(client);
    o.log?.(`${label}: ${report.graph.users} users played in ${(wallMs / 1000).toFixed(1)} s; measuring keys`);
    const facts = await keyFacts(client, PREFIX);
    const probes = o.probe ? await probeStructures(client, PREFIX) : null;
    const role = (f: KeyFacts): 'timelines' | 'outboxes' | 'streams' | 'bodies' | 'other' =>
      f.type === 'zset' && f.key.includes('timeline') ? 'timelines' : f.type === 'list' && f.key.includes('outbox') ? 'outboxes' : f.type === 'stream' ? 'streams' : f.type === 'hash' && f.key.includes('post_body') ? 'bodies' : 'other';
    const by = { timelines: [] as KeyFacts[], outboxes: [] as KeyFacts[], streams: [] as KeyFacts[], bodies: [] as KeyFacts[], other: [] as KeyFacts[] };
    for (const f of facts) by[role(f)].push(f);
    const cfg = report.timelineConfig;
    const store = report.graphStore ?? null;
    const recall = latency(report.graphModel, (k) => k.startsWith('recall'));
    const run: CalibrationRun = {
      label,
      scenarioFile,
      users: report.graph.users,
      follows: report.graph.follows,
      meanFollows: report.graph.meanFollows,
      maxInDegree: report.graph.maxInDegree,
      durationSec: scenario.workload.durationSec,
      posts: report.run.events.post ?? 0,
      reads: report.run.events.read ?? 0,
      graphRefreshes: report.recall?.calls ?? 0,
      models: report.scenario.models,
      mode: cfg?.mode ?? 'none',
      preset: cfg?.preset ?? 'none',
      maxLength: cfg?.maxLength ?? 0,
      outboxMaxLength: cfg?.outboxMaxLength ?? 0,
      hybridFollowerThreshold: cfg?.hybridFollowerThreshold ?? 0,
      pageSize: scenario.workload.pageSize,
      wallMs: Math.round(wallMs),
      loadMs: Math.round(loadMs),
      usedMemoryLoadedBytes: usedLoaded,
      usedMemoryEndBytes: usedEnd,
      timelines: group(by.timelines),
      outboxes: group(by.outboxes),
      streams: group(by.streams),
      bodies: group(by.bodies),
      other: group(by.other),
      zsetSizes: sizeRows(by.timelines),
      listSizes: sizeRows(by.outboxes),
      fanoutZadds: report.fanout?.zadds ?? 0,
      commands,
      timelineReadLatency: latency(report.timeline, (k) => /^read|Read$/.test(k)),
      graphReadLatency: latency(report.graphModel, (k) => k === 'read'),
      graphReads: report.graphModel?.read?.count ?? 0,
      graphStoreBytes: store ? await dirBytes(store.location) : null,
      graphStoreLoadMs: store?.loadMs ?? null,
      recallP50Ms: recall?.p50Ms ?? null,
      recallP99Ms: recall?.p99Ms ?? null,
    };
    return { run, probes, redisVersion: report.redis.version, graphStoreVersion: store ? `${store.kind} ${store.version}` : null };
  } finally {
    await engine.close();
  }
}
