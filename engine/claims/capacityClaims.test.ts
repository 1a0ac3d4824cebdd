import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CalibrationFileSchema } from '../planner/calibration.js';
import { buildLedger } from './ledger.js';
import { capacityFigures, judge12Gb } from './capacityClaims.js';

const CAL = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../models/capacity-calibration.json');

describe('chapter 1 capacity rows', () => {
  it('projects the article\'s fleet from the shipped calibration', async () => {
    const cal = CalibrationFileSchema.parse(JSON.parse(await readFile(CAL, 'utf8')));
    const c = capacityFigures(cal);
    // 5e9 posts a day at ~201 ZADDs each (200 follows + the author's own timeline).
    expect(c.fanout.zaddsPerSec).toBeGreaterThan((5e9 / 86_400) * 190);
    expect(c.fanout.zaddsPerSec).toBeLessThan((5e9 / 86_400) * 210);
    // Full feeds of 400: the measured 400-entry skiplist (MEMORY USAGE) per user, give or take the keyspace table.
    const z400 = cal.probes.zset.find((r) => r.entries === 400)!.meanBytes;
    expect(c.feeds[0].bytesPerUser).toBeGreaterThan(z400 * 0.95);
    expect(c.feeds[0].bytesPerUser).toBeLessThan(z400 * 1.1);
    expect(c.feeds[1].totalBytes).toBeGreaterThan(c.feeds[0].totalBytes * 2);
    expect(c.entriesIn12GB).toBeGreaterThan(10);
    expect(c.entriesIn12GB).toBeLessThan(129);
    expect(c.twitter.deliveriesPerTweet).toBeCloseTo(69.4, 0);
    const rows = buildLedger({}, { drift: null, capacity: c });
    expect(rows.find((r) => r.id === 'ch1-12gb')?.measured).toMatch(/nodes of 12 GB/);
    expect(rows.find((r) => r.id === 'ch1-fanout-rate')?.measured).toMatch(/ZADDs\/s/);
    expect(judge12Gb(null)).toBeNull();
  });
});
