/**
 * Multi-path recall and ranking of one user's candidates: the four recall paths run concurrently
 * against the graph store (each its own `graph.recall.<path>` span with a `cypher` child; with hot
 * lists, the interest, city and topic paths, and with author lists the follow path, have a
 * `hotlists` child instead; the store is asked, after the post writer's queue is flushed, only by
 * a path no list answers), the
 * candidates merge keeping every path that found them and the shortest depth, the user's
 * relationship strengths come from INTERACTED (mirrored in memory by GraphFeed, so no query), and
 * the ONNX ranker scores them (`graph.rank` > `onnx`).
 */
import { RECALL_PATHS, userFacts, type GraphStore, type InteractionRow, type RecallPath, type RecallRow } from '../backends/GraphStore.js';
import { roundWeight } from '../backends/weights.js';
import type { SocialGraph } from '../scenario/graph.js';
import type { Span, Tracer } from '../trace/Tracer.js';
import type { HotLists, HotPath } from './HotLists.js';
import { addPath, FEATURE_COUNT, featureMatrix, type Candidate } from './features.js';
import type { OnnxRanker } from './ranker/onnxModel.js';
import { normalizedStrengths } from './strength.js';

export interface RankedItem extends Candidate {
  score: number;
  /** The feature row the ranker saw. */
  features: Float32Array;
}

export interface RecallContext {
  store: GraphStore;
  tracer: Tracer;
  social: SocialGraph;
  limits: Record<RecallPath, number>;
  windowMs: number;
  decayPerDay: number;
  tagsOf(postId: number): readonly number[];
  followerCount(user: number): number;
  /**
   * The user's INTERACTED edges as the engine wrote them (same rows as store.interactions): set
   * by GraphFeed, which saw every interaction, so a read spends no graph query on them.
   */
  interactionsOf?(user: number): InteractionRow[];
  /**
   * When set, the paths it keeps lists for (HotLists.paths) merge these lists (a `hotlists` span) instead
   * of querying the store, which they still ask when a list cannot answer exactly.
   */
  hot?: HotLists | null;
  /** Counts a hot-list answer (true) or a fall-back to the store (false). */
  onHot?(path: HotPath, answered: boolean): void;
  /** The user's followees now (the follow path's author lists merge theirs). */
  followeesOf?(user: number): readonly number[];
  /** Called before the first query of a read to the store (the post writer's queue is flushed, so the store has every post). */
  beforeStore?(): Promise<void>;
}

export interface RecallResult {
  candidates: Candidate[];
  perPath: Record<RecallPath, number>;
  strength: Map<number, number>;
  /** The user's interest tags and weights (interestsOf): the interest path's and the features' input. */
  interests: Map<number, number>;
}

export async function recallCandidates(c: RecallContext, user: number, nowMs: number, parent?: Span): Promise<RecallResult> {
  return c.tracer.span('graph.recall', parent, async (span) => {
    const q = { user, sinceMs: nowMs - c.windowMs, limit: 0, ...userFacts(c.social, user) };
    const interests = interestsOf(c.social, user);
    const hotPaths = c.hot?.paths ?? [];
    // The post writer's queue is flushed once per read, before its first store query.
    let flushed: Promise<void> | null = null;
    const storeReady = (): Promise<void> => (flushed ??= c.beforeStore?.() ?? Promise.resolve());
    const one = async (p: RecallPath, s: Span): Promise<RecallRow[]> => {
      const pq = { ...q, limit: c.limits[p] };
      if (c.hot && hotPaths.includes(p)) {
        const hs = c.tracer.start('hotlists', s);
        const rows = c.hot.recall(p, { ...pq, interests, followees: p === 'follow' ? c.followeesOf?.(user) : undefined });
        hs.end();
        c.onHot?.(p, rows !== null);
        if (rows) return rows;
      }
      await storeReady();
      return c.store.recall(p, pq, s);
    };
    const [rows, inter] = await Promise.all([
      Promise.all(RECALL_PATHS.map((p) => c.tracer.span(`graph.recall.${p}`, span, (s) => one(p, s)))),
      c.tracer.span('graph.strength', span, async (s) => {
        if (c.interactionsOf) return c.interactionsOf(user);
        await storeReady();
        return c.store.interactions(user, s);
      }),
    ]);
    const merged = new Map<number, Candidate>();
    const perPath = {} as Record<RecallPath, number>;
    RECALL_PATHS.forEach((p, i) => {
      perPath[p] = rows[i].length;
      for (const r of rows[i]) addPath(merged, p, r, c.tagsOf(r.id));
    });
    return { candidates: [...merged.values()], perPath, strength: normalizedStrengths(inter, nowMs, c.decayPerDay), interests };
  });
}

export function interestsOf(g: SocialGraph, user: number): Map<number, number> {
  const m = new Map<number, number>();
  for (let i = g.interests.offsets[user]; i < g.interests.offsets[user + 1]; i++) m.set(g.interests.targets[i], roundWeight(g.interestWeights[i]));
  return m;
}

/** Scores the candidates and returns them best first (ties: newer first, then higher id). */
export async function rankCandidates(c: RecallContext, ranker: OnnxRanker, r: RecallResult, nowMs: number, parent?: Span): Promise<RankedItem[]> {
  return c.tracer.span('graph.rank', parent, async (span) => {
    const x = featureMatrix(r.candidates, { nowMs, strength: r.strength, interests: r.interests, followerCount: c.followerCount });
    const scores = await c.tracer.span('onnx', span, () => ranker.score(x, r.candidates.length));
    // This read's candidates become its ranked items in place, and the comparator compares rather
    // than subtracts (doubles: every difference was a heap number): at ~200 candidates per read,
    // copies and differences were the read path's largest allocations, hence its GC pauses.
    const out = r.candidates as RankedItem[];
    for (let i = 0; i < out.length; i++) {
      out[i].score = scores[i];
      out[i].features = x.subarray(i * FEATURE_COUNT, (i + 1) * FEATURE_COUNT);
    }
    out.sort((a, b) => descending(a.score, b.score) || descending(a.ts, b.ts) || descending(a.postId, b.postId));
    return out;
  });
}

function descending(a: number, b: number): number {
  return a > b ? -1 : a < b ? 1 : 0;
}
