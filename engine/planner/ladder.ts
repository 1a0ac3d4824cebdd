/**
 * The calibration ladder: small-to-medium runs of one shape (power-law followers with the
 * scale-100k exponent, Mastodon's preset, hybrid fan-out with a threshold that pulls the top
 * accounts, both models), differing in users, follows and rates so that the fit sees listpack
 * and skiplist timelines, pushed and pulled authors, and graph reads. `validate` fits on the
 * `fit` rungs and predicts the `holdout` ones (the largest is sample-graphs/scale-100k.json,
 * shortened), which the fit never saw.
 */
import { ScenarioSchema, type Scenario } from '../scenario/schema.js';

export interface Rung {
  label: string;
  users: number;
  avgFollows: number;
  postsPerSec: number;
  readsPerSec: number;
  durationSec: number;
  hybridFollowerThreshold: number;
}

/** Fitted on: timelines from a few entries to past 128 (skiplist), hybrid with pulled celebrities. */
export const FIT_RUNGS: readonly Rung[] = [
  { label: 'ladder-5k', users: 5000, avgFollows: 100, postsPerSec: 300, readsPerSec: 100, durationSec: 20, hybridFollowerThreshold: 1000 },
  { label: 'ladder-10k', users: 10_000, avgFollows: 100, postsPerSec: 200, readsPerSec: 100, durationSec: 20, hybridFollowerThreshold: 2000 },
  // Readers who come back: ~4.5 reads each over 90 s (refreshAfterSec 30), so that graph read
  // commands split into per read and per refresh (in the short runs above refreshes follow reads).
  { label: 'ladder-rereads', users: 1000, avgFollows: 50, postsPerSec: 50, readsPerSec: 50, durationSec: 90, hybridFollowerThreshold: 400 },
];

/** Held out by --validate (and part of the ladder of --calibrate). */
export const HOLDOUT_RUNGS: readonly Rung[] = [
  { label: 'ladder-30k', users: 30_000, avgFollows: 150, postsPerSec: 150, readsPerSec: 100, durationSec: 20, hybridFollowerThreshold: 6000 },
];

/** The scale-100k holdout plays this many simulated seconds (the file's 60 s would take minutes of graph reads). */
export const SCALE_100K_SECONDS = 20;

export function rungScenario(r: Rung, seed = 4242): Scenario {
  return ScenarioSchema.parse({
    name: `Capacity ladder: ${r.users} users`,
    description: 'A calibration run of the capacity planner (engine/planner/ladder.ts).',
    seed,
    models: ['timeline', 'graph'],
    graph: { kind: 'generator', users: r.users, avgFollows: r.avgFollows, followerExponent: 2.2, attributes: { cities: 50, tags: 500, topics: 40, interestsPerUser: 5 } },
    workload: { durationSec: r.durationSec, tickMs: 100, postsPerSec: r.postsPerSec, readsPerSec: r.readsPerSec, pageSize: 20, cursorReadShare: 0.5, followsPerSec: 20, unfollowsPerSec: 5 },
    timeline: { preset: 'mastodon', mode: 'hybrid', hybridFollowerThreshold: r.hybridFollowerThreshold, fanoutConcurrency: 8 },
    graphModel: { hotLists: true },
  });
}
