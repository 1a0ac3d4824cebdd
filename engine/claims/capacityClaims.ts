/**
 * Chapter 1's fleet figures, projected by the capacity planner (engine/planner/) from the
 * calibration of real runs: what 10M users' feeds take at 200 follows (Mastodon's 400 entries,
 * and the article's own ~1,000: "每位用户平均关注 200 人,每人最新 5 条动态(共约 1000 条 key)"),
 * on how many 12 GB nodes; and the fan-out rate implied by "200+ follows, 5e9 posts a day"
 * beside Twitter's published figures. Pure: a calibration in, figures out.
 *
 * Twitter's figures: 300K QPS of timeline reads against ~6,000 writes/s, 150M active users
 * (Raffi Krikorian, "Timelines at Scale", QCon San Francisco 2012, as reported by High
 * Scalability, 2013); 30 billion timeline updates a day from ~5,000 tweets/s, 400M tweets a day,
 * into Redis (A. Bloom, "Staple Yourself to a Tweet to Understand 30 Billion Redis Updates Per
 * Day", VMware Tanzu blog, 2013-08-07, reporting the same talk).
 *
 * capacityFigures is pure; capacityFiguresOf reads the file once per modification (the ledger is
 * built for every getClaims and report, and a projection of 1e8 users takes ~0.2 s).
 */
import { stat } from 'node:fs/promises';
import { readCalibration } from '../planner/calibrate.js';
import type { CalibrationFile } from '../planner/calibration.js';
import { fitCosts } from '../planner/costs.js';
import { fleetPlanInputs } from '../planner/inputs.js';
import { project } from '../planner/project.js';

export const TWITTER = {
  timelineReadsPerSec: 300_000,
  tweetsPerSec: 5_000,
  timelineUpdatesPerDay: 30e9,
  source: 'Krikorian, "Timelines at Scale", QCon SF 2012 (High Scalability 2013; VMware Tanzu blog 2013-08-07)',
} as const;

/** The article's: DAU above 1e8, 200+ follows, more than 5e9 posts a day; 10M users' feeds at 12 GB per node. */
export const ARTICLE = { users: 1e8, follows: 200, postsPerDay: 5e9, feedUsers: 1e7, nodeBytes: 12e9, feedEntries: 1000 } as const;

export interface CapacityFigures {
  calibratedAt: string;
  calibratedOn: string;
  /** 10M users x 200 follows, feeds full after a day at the article's per-user rate. */
  feeds: { entries: number; totalBytes: number; bytesPerUser: number; nodesOf12GB: number }[];
  /** Entries per feed that 12 GB / 10M users (1.2 KB a user) holds, from the measured ZSET curve. */
  entriesIn12GB: number;
  fanout: { zaddsPerSec: number; zaddsPerPost: number; nodesForOps: number; usecPerDelivery: number; topFollowers: number; topLagMs: number | null };
  twitter: { deliveriesPerSec: number; deliveriesPerTweet: number; readsPerTweet: number };
}

export function capacityFigures(cal: CalibrationFile): CapacityFigures {
  const costs = fitCosts(cal);
  const perUserPosts = ARTICLE.postsPerDay / ARTICLE.users;
  const feeds = [400, ARTICLE.feedEntries].map((entries) => {
    const { degrees, workload } = fleetPlanInputs({
      users: ARTICLE.feedUsers, follows: ARTICLE.follows, followsExponent: 2.2, postsPerDay: perUserPosts * ARTICLE.feedUsers, readsPerDay: 0, pageSize: 20,
      maxLength: entries, mode: 'push', preset: 'custom', days: 1, models: ['timeline'], nodeMemoryBytes: ARTICLE.nodeBytes,
    }, cal);
    const t = project(degrees, workload, costs).timeline!;
    const total = t.memory.timelines.value + t.memory.overhead.value;
    return { entries, totalBytes: total, bytesPerUser: total / ARTICLE.feedUsers, nodesOf12GB: Math.ceil(total / ARTICLE.nodeBytes) };
  });
  const budget = ARTICLE.nodeBytes / ARTICLE.feedUsers;
  let entriesIn12GB = 0;
  for (let n = 1; n <= 5000 && costs.zset.bytes(n).bytes <= budget; n++) entriesIn12GB = n;
  const fleet = fleetPlanInputs({ users: ARTICLE.users, follows: ARTICLE.follows, followsExponent: 2.2, postsPerDay: ARTICLE.postsPerDay, readsPerDay: 0, pageSize: 20, mode: 'push', preset: 'mastodon', days: 1, models: ['timeline'] }, cal);
  const t = project(fleet.degrees, fleet.workload, costs).timeline!;
  const deliveriesPerSec = TWITTER.timelineUpdatesPerDay / 86_400;
  return {
    calibratedAt: cal.measuredAt,
    calibratedOn: cal.runs.map((r) => `${r.users.toLocaleString('en-US')}`).join(' / '),
    feeds,
    entriesIn12GB,
    fanout: { zaddsPerSec: t.zaddsPerSec.value, zaddsPerPost: t.zaddsPerPost.value, nodesForOps: Math.ceil((t.zaddsPerSec.value * costs.usecPerDelivery) / 1e6), usecPerDelivery: costs.usecPerDelivery, topFollowers: t.topAuthor.followers, topLagMs: t.topAuthor.lagMs?.value ?? null },
    twitter: { deliveriesPerSec, deliveriesPerTweet: deliveriesPerSec / TWITTER.tweetsPerSec, readsPerTweet: TWITTER.timelineReadsPerSec / TWITTER.tweetsPerSec },
  };
}

const cached = new Map<string, { mtimeMs: number; figures: CapacityFigures | null }>();

/** The figures of a calibration file, or null when it is missing or unreadable (the rows then read "not measured yet"). */
export async function capacityFiguresOf(file: string): Promise<CapacityFigures | null> {
  const st = await stat(file).catch(() => null);
  if (!st) return null;
  const hit = cached.get(file);
  if (hit && hit.mtimeMs === st.mtimeMs) return hit.figures;
  const figures = await readCalibration(file).then(capacityFigures, () => null);
  cached.set(file, { mtimeMs: st.mtimeMs, figures });
  return figures;
}

const gb = (b: number): string => `${(b / 1e9).toLocaleString('en-US', { maximumFractionDigits: b < 1e11 ? 1 : 0 })} GB`;
const n0 = (x: number): string => Math.round(x).toLocaleString('en-US');
const m1 = (x: number): string => `${(x / 1e6).toLocaleString('en-US', { maximumFractionDigits: 1 })}M`;

export const CH1_12GB = {
  id: 'ch1-12gb', section: '1', claim: 'Follow feeds of 10 million users take 12 GB per node.',
  quote: '实测1000万用户关注流平均占用内存达12GB/节点', article: '12 GB / node',
} as const;

export const CH1_FANOUT = {
  id: 'ch1-fanout-rate', section: '1', claim: 'DAU above 1e8, 200+ follows per user and more than 5e9 posts a day strain the ZSET fan-out.',
  quote: '随着DAU突破亿级、人均关注数达200+、单日内容发布量超50亿条', article: '>1e8 DAU, 200+ follows, >5e9 posts/day',
} as const;

/** The 12 GB row: projected, not measured (no node count or feed length in the article). */
export function judge12Gb(c: CapacityFigures | null | undefined): { measured: string; verdict: 'not measurable here'; why: string } | null {
  if (!c) return null;
  const [mastodon, article] = c.feeds;
  return {
    measured: `10M users x 200 follows, feeds full: ${gb(mastodon.totalBytes)} at Mastodon's ${mastodon.entries} entries (${n0(mastodon.bytesPerUser)} B a user: ${mastodon.nodesOf12GB} nodes of 12 GB), ${gb(article.totalBytes)} at the article's ~${article.entries} (${article.nodesOf12GB} nodes); 12 GB / 10M users holds ${c.entriesIn12GB} entries a feed (capacity planner, calibrated on ${c.calibratedOn} users)`,
    verdict: 'not measurable here',
    why: `the article gives no node count; 12 GB per node fits only if the 10M users' feeds are spread over ~${mastodon.nodesOf12GB} nodes (400 entries) or ${article.nodesOf12GB} (1,000), or are ${c.entriesIn12GB} entries long (MEMORY USAGE of real timelines, projected by \`feedscope plan\`).`,
  };
}

/** The fan-out rate the article's figures imply, beside Twitter's published ones. */
export function judgeFanout(c: CapacityFigures | null | undefined): { measured: string; verdict: 'not measurable here'; why: string } | null {
  if (!c) return null;
  const f = c.fanout;
  return {
    measured: `${m1(f.zaddsPerSec)} ZADDs/s (${f.zaddsPerPost.toFixed(0)} per post, push) = ${n0(f.nodesForOps)} Redis main threads at our measured ${f.usecPerDelivery.toFixed(2)} us per ZADD+trim; top account ${m1(f.topFollowers)} followers${f.topLagMs !== null ? `, ${n0(f.topLagMs / 1000)} s to fan out` : ''}. Twitter: ${n0(c.twitter.deliveriesPerSec)} updates/s (${n0(c.twitter.deliveriesPerTweet)} per tweet), ${n0(c.twitter.readsPerTweet)} timeline reads per tweet`,
    verdict: 'not measurable here',
    why: `a fleet's rate, projected from calibrated runs (\`feedscope plan --users 1e8 --follows 200 --posts-per-day 5e9\`): the article's figures imply ${n0(f.zaddsPerSec / c.twitter.deliveriesPerSec)}x the timeline updates Twitter published (${TWITTER.source}).`,
  };
}
