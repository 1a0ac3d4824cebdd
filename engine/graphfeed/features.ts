/**
 * The ranker's features, in the order of models/ranker.json: relationship strength, which recall
 * paths found the item (one-hot), the shortest path depth, freshness decay, author popularity and
 * tag overlap with the user's interests. Pure: everything comes in as arguments.
 */
import { PATH_DEPTH, RECALL_PATHS, type RecallPath } from '../backends/GraphStore.js';

export const FEATURE_NAMES = ['strength', 'path_follow', 'path_interest', 'path_city', 'path_topic', 'depth', 'freshness', 'popularity', 'tag_overlap'] as const;
export const FEATURE_COUNT = FEATURE_NAMES.length;
/** Index of freshness: the recency-only baseline ranks by it alone. */
export const FRESHNESS_INDEX = FEATURE_NAMES.indexOf('freshness');

/** Freshness halves every 30 simulated minutes. */
export const FRESHNESS_HALF_LIFE_SEC = 1800;

/** A recalled post with everything known about it before ranking. */
export interface Candidate {
  postId: number;
  author: number;
  ts: number;
  tags: readonly number[];
  paths: RecallPath[];
  /** Hops along the shortest path that found it. */
  depth: number;
}

export interface FeatureInputs {
  nowMs: number;
  /** Normalised strength by author (absent: 0). */
  strength: ReadonlyMap<number, number>;
  /** The user's interest weight by tag. */
  interests: ReadonlyMap<number, number>;
  followerCount(author: number): number;
}

/** Adds a path to a candidate map entry (keeps every path and the smallest depth). */
export function addPath(into: Map<number, Candidate>, path: RecallPath, row: { id: number; ts: number; author: number }, tags: readonly number[]): void {
  const c = into.get(row.id);
  if (c) {
    if (!c.paths.includes(path)) c.paths.push(path);
    c.depth = Math.min(c.depth, PATH_DEPTH[path]);
  } else into.set(row.id, { postId: row.id, author: row.author, ts: row.ts, tags, paths: [path], depth: PATH_DEPTH[path] });
}

export function freshness(ageMs: number): number {
  return 0.5 ** (Math.max(0, ageMs) / 1000 / FRESHNESS_HALF_LIFE_SEC);
}

/** Writes the features of `c` at row `i` of `out` (row-major, FEATURE_COUNT columns). */
export function writeFeatures(c: Candidate, f: FeatureInputs, out: Float32Array, i: number): void {
  const o = i * FEATURE_COUNT;
  out[o] = f.strength.get(c.author) ?? 0;
  for (let p = 0; p < RECALL_PATHS.length; p++) out[o + 1 + p] = c.paths.includes(RECALL_PATHS[p]) ? 1 : 0;
  out[o + 5] = c.depth;
  out[o + 6] = freshness(f.nowMs - c.ts);
  out[o + 7] = Math.log1p(f.followerCount(c.author));
  let overlap = 0;
  for (const t of c.tags) overlap += f.interests.get(t) ?? 0;
  out[o + 8] = overlap;
}

export function featureMatrix(cands: readonly Candidate[], f: FeatureInputs): Float32Array {
  const out = new Float32Array(cands.length * FEATURE_COUNT);
  for (let i = 0; i < cands.length; i++) writeFeatures(cands[i], f, out, i);
  return out;
}
