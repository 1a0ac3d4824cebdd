/**
 * report.json: the figures of one run, every number measured on the real servers of that run.
 */
import type { Engine } from '../Engine.js';
import type { FeedModel } from '../model.js';
import type { RedisHandle } from '../redis/connect.js';
import type { GraphStats, ImportReport } from '../scenario/graph.js';
import type { Scenario } from '../scenario/schema.js';
import type { LatencySummary } from '../trace/Tracer.js';
import type { MemorySample } from '../redis/MemorySampler.js';

export interface SampledFeed {
  key: string;
  why: string;
  type: string;
  encoding: string;
  entries: number;
  memoryUsageBytes: number;
}

export interface Report {
  feedscope: { version: string; generatedAt: string };
  scenario: { name: string; seed: number; file: string; models: string[] };
  redis: { version: string; url: string; port: number };
  graph: { users: number; follows: number; followsAtEnd: number; posts: number; meanFollows: number; maxInDegree: number; maxOutDegree: number; import: ImportReport | null };
  run: { simulatedMs: number; wallMs: number; events: Record<string, number> };
  timeline?: Record<string, LatencySummary>;
  fanout?: unknown;
  writeAmplification?: number;
  memory: {
    usedMemoryBytes: number;
    byModel: Record<string, number>;
    feeds: SampledFeed[];
    series: { tMs: number; usedMemoryBytes: number; byModel: Record<string, number> }[];
  };
  spans: string[];
  [section: string]: unknown;
}

export interface ReportInput {
  engine: Engine;
  scenario: Scenario;
  file: string;
  redis: RedisHandle;
  stats: GraphStats;
  importReport: ImportReport | null;
  follows: number;
  totals: Record<string, number>;
  tMs: number;
  wallMs: number;
  models: FeedModel[];
  memorySeries: MemorySample[];
}

/** Span names `<model>.<operation>` become `{operation: summary}` for that model's section. */
export function operationsOf(summary: Record<string, LatencySummary>, model: string): Record<string, LatencySummary> {
  const out: Record<string, LatencySummary> = {};
  for (const [name, s] of Object.entries(summary)) if (name.startsWith(`${model}.`)) out[name.slice(model.length + 1)] = s;
  return out;
}

export async function buildReport(r: ReportInput): Promise<Report> {
  const summary = r.engine.tracer.summary();
  const last = r.memorySeries[r.memorySeries.length - 1];
  const report: Report = {
    feedscope: { version: '0.1.0', generatedAt: new Date().toISOString() },
    scenario: { name: r.scenario.name, seed: r.scenario.seed, file: r.file, models: r.scenario.models },
    redis: { version: r.redis.info.version, url: r.redis.info.url, port: r.redis.info.port },
    graph: {
      users: r.stats.users,
      follows: r.stats.follows,
      followsAtEnd: r.follows,
      posts: r.totals.post ?? 0,
      meanFollows: Math.round(r.stats.meanFollows * 1000) / 1000,
      maxInDegree: r.stats.maxInDegree,
      maxOutDegree: r.stats.maxOutDegree,
      import: r.importReport,
    },
    run: { simulatedMs: r.tMs, wallMs: Math.round(r.wallMs), events: r.totals },
    memory: { usedMemoryBytes: last?.usedMemoryBytes ?? 0, byModel: last?.byModel ?? {}, feeds: [], series: r.memorySeries },
    spans: r.engine.tracer.foldedStacks(),
  };
  for (const m of r.models) {
    const section = await m.report();
    if (m.name === 'timeline') {
      report.timeline = operationsOf(summary, 'timeline');
      report.fanout = section.fanout;
      report.timelineConfig = section.config;
      report.writeAmplification = (section.fanout as { writeAmplification: number }).writeAmplification;
      report.memory.feeds = await sampleFeeds(r);
    } else {
      report.graphModel = operationsOf(summary, 'graph');
      Object.assign(report, section);
    }
  }
  // The article's claims with this machine's figures (bench/results + a live drift measurement).
  report.claims = await r.engine.views.getClaims();
  return report;
}

/**
 * A few timelines worth looking at: the largest (the user who follows the most), a median one and
 * one that receives the most followed account's posts, with Redis's own encoding, length and
 * MEMORY USAGE (SAMPLES 0: every element, not the default 5).
 */
async function sampleFeeds(r: ReportInput): Promise<SampledFeed[]> {
  const g = r.engine.followGraph!;
  const users = Array.from({ length: g.users }, (_, i) => i).sort((a, b) => g.followeeCount(b) - g.followeeCount(a) || a - b);
  const star = g.topByFollowers(1)[0];
  const picks: [number, string][] = [
    [users[0], 'follows the most accounts'],
    [users[Math.floor(users.length / 2)], 'median follows'],
    [g.followers(star)[0] ?? star, `follows the most followed account (${star})`],
  ];
  const out: SampledFeed[] = [];
  const seen = new Set<number>();
  for (const [u, why] of picks) {
    if (seen.has(u)) continue;
    seen.add(u);
    const key = `${r.engine.prefix}timeline:${u}`;
    const c = r.redis.client;
    const [type, encoding, entries, mem] = await Promise.all([
      c.type(key),
      c.object('ENCODING', key).catch(() => null),
      c.zcard(key).catch(() => 0),
      c.call('MEMORY', 'USAGE', key, 'SAMPLES', '0') as Promise<number | null>,
    ]);
    out.push({ key, why, type, encoding: String(encoding ?? 'none'), entries, memoryUsageBytes: mem ?? 0 });
  }
  return out;
}
