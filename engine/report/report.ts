/**
 * report.json: the figures of one run, every number measured on the real servers of that run.
 * The sections' types are in api/report.ts (shared with report.html, the CLI and the tests);
 * each model writes its own section (FeedModel.report) and this file puts them together.
 */
import type { ClaimsView } from '../api.js';
import type { Report } from '../api/report.js';
import type { FeedModel } from '../model.js';
import type { RedisInfo } from '../redis/connect.js';
import type { GraphStats, ImportReport } from '../scenario/graph.js';
import type { Scenario } from '../scenario/schema.js';
import type { EventLoopSummary } from '../trace/EventLoopDelay.js';
import type { LatencySummary, Tracer } from '../trace/Tracer.js';
import type { MemorySample } from '../redis/MemorySampler.js';
import { capacityReport, type CapacityInput } from './capacity.js';

export type { Report, SampledFeed } from '../api/report.js';

export interface ReportInput {
  tracer: Tracer;
  scenario: Scenario;
  file: string;
  redis: RedisInfo;
  stats: GraphStats;
  importReport: ImportReport | null;
  follows: number;
  totals: Record<string, number>;
  tMs: number;
  wallMs: number;
  /** The event loop's delay while playing and the speed achieved over all playing (engine/trace/EventLoopDelay.ts, engine/player/Player.ts). */
  pace: { eventLoop: EventLoopSummary | null; achievedSpeed: number | null };
  models: readonly FeedModel[];
  memorySeries: MemorySample[];
  claims: ClaimsView;
  /** What report.json `capacity` needs besides the report (absent: no capacity section). */
  capacity?: CapacityInput;
}

/** Span names `<model>.<operation>` become `{operation: summary}` for that model's section. */
export function operationsOf(summary: Record<string, LatencySummary>, model: string): Record<string, LatencySummary> {
  const out: Record<string, LatencySummary> = {};
  for (const [name, s] of Object.entries(summary)) if (name.startsWith(`${model}.`)) out[name.slice(model.length + 1)] = s;
  return out;
}

export async function buildReport(r: ReportInput): Promise<Report> {
  const summary = r.tracer.summary();
  const last = r.memorySeries[r.memorySeries.length - 1];
  const report: Report = {
    feedscope: { version: '0.1.0', generatedAt: new Date().toISOString() },
    scenario: { name: r.scenario.name, seed: r.scenario.seed, file: r.file, models: r.scenario.models },
    redis: { version: r.redis.version, url: r.redis.url, port: r.redis.port },
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
    run: {
      simulatedMs: r.tMs,
      wallMs: Math.round(r.wallMs),
      capacity: r.wallMs > 0 ? Number((r.tMs / r.wallMs).toPrecision(3)) : null,
      achievedSpeed: r.pace.achievedSpeed,
      eventLoop: r.pace.eventLoop,
      events: r.totals,
    },
    memory: { usedMemoryBytes: last?.usedMemoryBytes ?? 0, byModel: last?.byModel ?? {}, feeds: [], series: r.memorySeries },
    spans: r.tracer.foldedStacks(),
    claims: r.claims,
  };
  for (const m of r.models) {
    const part = await m.report();
    if (part.model === 'timeline') {
      report.timeline = operationsOf(summary, 'timeline');
      report.fanout = part.section.fanout;
      report.timelineConfig = part.section.config;
      report.writeAmplification = part.section.fanout.writeAmplification;
      if (part.section.writer) report.writer = part.section.writer;
      if (part.section.readCache) report.readCache = part.section.readCache;
    } else {
      report.graphModel = operationsOf(summary, 'graph');
      Object.assign(report, part.section);
    }
    if (m.sampleFeeds) report.memory.feeds.push(...(await m.sampleFeeds()));
  }
  if (r.capacity) report.capacity = await capacityReport(report, r.scenario, r.capacity);
  return report;
}
