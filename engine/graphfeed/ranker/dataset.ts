/**
 * Training data for the ranker, with no database and no downloads: a training scenario from the
 * scenario generator plays its posts and interactions; at a few moments sampled users "open the
 * app", their candidates come from the brute-force recall (../recallReference.ts, the same paths
 * as the graph store) and their engagement is simulated by a hidden user-behaviour model below.
 * The ranker never sees that model; it has to learn it from the labels, and its AUC is measured
 * on users held out of training.
 */
import { decayedAfter, type InteractionRow, type RecallPath } from '../../backends/GraphStore.js';
import { roundWeight } from '../../backends/weights.js';
import { EventStream, type PostEvent } from '../../scenario/events.js';
import { generateGraph } from '../../scenario/graph.js';
import { Prng } from '../../scenario/prng.js';
import { ScenarioSchema, type GeneratorGraphSpec } from '../../scenario/schema.js';
import { FollowGraph } from '../../social/FollowGraph.js';
import { addPath, FEATURE_COUNT, featureMatrix, type Candidate } from '../features.js';
import { referenceRecall } from '../recallReference.js';
import { normalizedStrengths } from '../strength.js';

export interface DatasetOptions {
  seed: number;
  users: number;
  durationSec: number;
  postsPerSec: number;
  interactionsPerSec: number;
  /** Moments (fractions of the duration) at which users read. */
  snapshots: number[];
  usersPerSnapshot: number;
  limits: Record<RecallPath, number>;
  windowSec: number;
  decayPerDay: number;
}

export const DEFAULT_DATASET: DatasetOptions = {
  seed: 20260101,
  users: 300,
  durationSec: 3600,
  postsPerSec: 1,
  interactionsPerSec: 1.5,
  snapshots: [0.4, 0.6, 0.8, 1],
  usersPerSnapshot: 90,
  limits: { follow: 100, interest: 40, city: 25, topic: 25 },
  windowSec: 3600,
  decayPerDay: 0.95,
};

/**
 * The hidden engagement model: P(engage) = sigmoid(ENGAGEMENT_BIAS + sum coef x feature). People
 * engage with close ties, with their followees, with their interests and with fresh posts; a
 * little with popular authors and their own city; less the further the recall path.
 */
export const ENGAGEMENT_COEFFICIENTS: Readonly<Record<string, number>> = {
  strength: 2.2, path_follow: 1.0, path_interest: 0.4, path_city: 0.3, path_topic: 0, depth: -0.3, freshness: 3.5, popularity: 0.25, tag_overlap: 1.1,
};
export const ENGAGEMENT_BIAS = -5;

export interface Dataset {
  x: Float32Array;
  y: Uint8Array;
  /** The reading user of each row (for the held-out split). */
  user: Uint32Array;
  rows: number;
}

export function buildDataset(o: DatasetOptions, featureNames: readonly string[]): Dataset {
  const sc = ScenarioSchema.parse({
    name: 'ranker training',
    seed: o.seed,
    graph: { kind: 'generator', users: o.users, avgFollows: 12 },
    workload: { durationSec: o.durationSec, tickMs: 1000, postsPerSec: o.postsPerSec, readsPerSec: 0, interactionsPerSec: o.interactionsPerSec },
  });
  const social = generateGraph(sc.graph as GeneratorGraphSpec, sc.seed);
  const live = new FollowGraph(social);
  const stream = new EventStream(sc, social);
  const rng = new Prng(o.seed, 'engagement');
  const posts: PostEvent[] = [];
  const inter = new Map<number, Map<number, InteractionRow>>();
  const coef = featureNames.map((n) => ENGAGEMENT_COEFFICIENTS[n] ?? 0);
  const xs: Float32Array[] = [];
  const ys: number[] = [];
  const us: number[] = [];
  const moments = o.snapshots.map((s) => Math.round((s * o.durationSec * 1000) / sc.workload.tickMs));
  for (let evs = stream.nextTick(); evs; evs = stream.nextTick()) {
    for (const e of evs) {
      if (e.kind === 'post') posts.push(e);
      if (e.kind === 'interact') {
        const m = inter.get(e.user) ?? new Map<number, InteractionRow>();
        inter.set(e.user, m);
        const prev = m.get(e.author) ?? null;
        m.set(e.author, { author: e.author, cnt: (prev?.cnt ?? 0) + 1, lastTs: e.t, decayed: decayedAfter(prev, e.t, o.decayPerDay) });
      }
    }
    if (!moments.includes(stream.currentTick)) continue;
    const nowMs = stream.currentTick * sc.workload.tickMs;
    const byId = new Map(posts.map((p) => [p.id, p]));
    for (let k = 0; k < o.usersPerSnapshot; k++) {
      const user = rng.int(o.users);
      const cands = new Map<number, Candidate>();
      for (const path of Object.keys(o.limits) as RecallPath[]) {
        for (const r of referenceRecall({ social, followees: (u) => live.followees(u), posts }, path, { user, sinceMs: nowMs - o.windowSec * 1000, limit: o.limits[path] })) {
          addPath(cands, path, r, byId.get(r.id)?.tags ?? []);
        }
      }
      const list = [...cands.values()];
      const interests = new Map<number, number>();
      for (let i = social.interests.offsets[user]; i < social.interests.offsets[user + 1]; i++) interests.set(social.interests.targets[i], roundWeight(social.interestWeights[i]));
      const x = featureMatrix(list, { nowMs, strength: normalizedStrengths([...(inter.get(user)?.values() ?? [])], nowMs, o.decayPerDay), interests, followerCount: (a) => live.followerCount(a) });
      for (let i = 0; i < list.length; i++) {
        let logit = ENGAGEMENT_BIAS;
        for (let j = 0; j < FEATURE_COUNT; j++) logit += coef[j] * x[i * FEATURE_COUNT + j];
        ys.push(rng.next() < 1 / (1 + Math.exp(-logit)) ? 1 : 0);
        us.push(user);
      }
      xs.push(x);
    }
  }
  const rows = ys.length;
  const x = new Float32Array(rows * FEATURE_COUNT);
  let o2 = 0;
  for (const part of xs) {
    x.set(part, o2);
    o2 += part.length;
  }
  return { x, y: Uint8Array.from(ys), user: Uint32Array.from(us), rows };
}

/** Users with id % HOLDOUT_MODULUS === 0 are held out of training (a split by user, not by row). */
export const HOLDOUT_MODULUS = 5;

export function splitByUser(d: Dataset): { train: Dataset; test: Dataset } {
  const pick = (keep: (u: number) => boolean): Dataset => {
    const idx: number[] = [];
    for (let i = 0; i < d.rows; i++) if (keep(d.user[i])) idx.push(i);
    const x = new Float32Array(idx.length * FEATURE_COUNT);
    idx.forEach((r, i) => x.set(d.x.subarray(r * FEATURE_COUNT, (r + 1) * FEATURE_COUNT), i * FEATURE_COUNT));
    return { x, y: Uint8Array.from(idx.map((r) => d.y[r])), user: Uint32Array.from(idx.map((r) => d.user[r])), rows: idx.length };
  };
  return { train: pick((u) => u % HOLDOUT_MODULUS !== 0), test: pick((u) => u % HOLDOUT_MODULUS === 0) };
}

