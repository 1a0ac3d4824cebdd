/**
 * Article 4.4's checker, measured live for the claims ledger (pure, milliseconds): three hours of
 * writes (one a second) go to the old store and, asynchronously, to the new one: 2% of the async
 * writes fail and are retried after 30 s (idempotent by id, as the article's order.ID), a quarter
 * of the failures end in the dead-letter queue. The new store's writers stamp `updated_at` with
 * clocks 0, 1.5 s and 3 s fast. Every 5 minutes the checker compares the last hour by id (exact)
 * and time (within 2 s), and re-inserts what the new store lacks. The same comparator as the
 * migration scenario (compare.ts) does the comparing.
 */
import { compareFeeds, userHash, type FeedSide } from './compare.js';

export interface MigrationFigures {
  writes: number;
  failed: number;
  deadLettered: number;
  checks: number;
  repaired: number;
  /** Dead-lettered writes still missing after the last check (younger than one check interval). */
  lostAtEnd: number;
  /** Items flagged "time beyond tolerance", per writer skew (ms). */
  flaggedBySkew: Record<string, number>;
  everyMin: number;
  windowMin: number;
  toleranceMs: number;
}

const HOURS = 3;
const EVERY_MS = 5 * 60_000;
const WINDOW_MS = 60 * 60_000;
const TOLERANCE_MS = 2000;
const RETRY_MS = 30_000;
const FAILURE_SHARE = 0.02;
const DEAD_LETTER_SHARE = 0.25;
const SKEWS_MS = [0, 1500, 3000];

export function measureMigrationChecker(): MigrationFigures {
  const total = HOURS * 3600;
  const oldStore = new Map<number, number>();
  const newStore = new Map<number, number>();
  const retries: { at: number; id: number }[] = [];
  const dead = new Set<number>();
  const flaggedIds = new Set<number>();
  let failed = 0;
  let deadLettered = 0;
  let checks = 0;
  let repaired = 0;
  const stamp = (id: number, t: number): number => t + SKEWS_MS[id % SKEWS_MS.length];
  for (let id = 1; id <= total; id++) {
    const t = id * 1000;
    oldStore.set(id, t);
    if (userHash(id ^ 0x2545f491) < FAILURE_SHARE) {
      failed++;
      if (userHash(Math.imul(id, 31) + 7) < DEAD_LETTER_SHARE) {
        dead.add(id);
        deadLettered++;
      }
      else retries.push({ at: t + RETRY_MS, id });
    } else newStore.set(id, stamp(id, t));
    while (retries.length > 0 && retries[0].at <= t) {
      const r = retries.shift() as { id: number };
      newStore.set(r.id, stamp(r.id, r.id * 1000));
    }
    if (t % EVERY_MS === 0) {
      checks++;
      const since = t - WINDOW_MS;
      const side = (m: Map<number, number>, ids: number[]): FeedSide[] => ids.filter((i) => m.has(i)).map((i) => ({ id: i, tMs: m.get(i) as number }));
      const ids: number[] = [];
      for (let i = Math.max(1, since / 1000); i <= id; i++) ids.push(i);
      const cmp = compareFeeds(side(oldStore, ids), side(newStore, ids), Infinity, TOLERANCE_MS, (i) => i * 1000);
      for (const i of cmp.score) flaggedIds.add(i);
      for (const i of cmp.missing) {
        newStore.set(i, oldStore.get(i) as number);
        dead.delete(i);
        repaired++;
      }
    }
  }
  const flagged: Record<string, number> = Object.fromEntries(SKEWS_MS.map((s) => [String(s), 0]));
  for (const i of flaggedIds) flagged[String(SKEWS_MS[i % SKEWS_MS.length])]++;
  return { writes: total, failed, deadLettered, checks, repaired, lostAtEnd: dead.size, flaggedBySkew: flagged, everyMin: EVERY_MS / 60_000, windowMin: WINDOW_MS / 60_000, toleranceMs: TOLERANCE_MS };
}
