/**
 * The social graph a scenario starts from: who follows whom (both directions, CSR arrays so that
 * millions of edges stay compact), each user's city and weighted interests, and the tag -> topic
 * map. Built by the power-law generator or imported from an edge list (edgeList.ts); immutable
 * once built. The engine's live follow graph (FollowGraph) starts as a copy and changes with
 * follow/unfollow events.
 */
import { AliasTable, Prng } from './prng.js';
import type { Attributes, GeneratorGraphSpec } from './schema.js';

/** Compressed sparse rows: the neighbours of u are targets[offsets[u] .. offsets[u+1]). */
export interface Csr {
  offsets: Uint32Array;
  targets: Uint32Array;
}

export interface ImportReport {
  file: string;
  lines: number;
  comments: number;
  edges: number;
  selfLoops: number;
  duplicates: number;
}

export interface SocialGraph {
  users: number;
  edges: number;
  followees: Csr;
  followers: Csr;
  /** Original ids of an imported edge list, by dense index; null for generated graphs. */
  originalIds: string[] | null;
  cities: number;
  tags: number;
  topics: number;
  city: Uint16Array;
  /** tag -> topic */
  tagTopic: Uint32Array;
  /** Interests: tags and weights (0, 1], CSR by user. */
  interests: Csr;
  interestWeights: Float32Array;
  importReport: ImportReport | null;
}

export interface GraphStats {
  users: number;
  follows: number;
  meanFollows: number;
  maxInDegree: number;
  maxOutDegree: number;
  /** Users by follower count, the highest first (at most 10). */
  topByFollowers: { user: number; followers: number }[];
}

export function degree(csr: Csr, u: number): number {
  return csr.offsets[u + 1] - csr.offsets[u];
}

export function neighbours(csr: Csr, u: number): Uint32Array {
  return csr.targets.subarray(csr.offsets[u], csr.offsets[u + 1]);
}

export function graphStats(g: SocialGraph): GraphStats {
  let maxIn = 0;
  let maxOut = 0;
  const top: { user: number; followers: number }[] = [];
  for (let u = 0; u < g.users; u++) {
    const inD = degree(g.followers, u);
    maxOut = Math.max(maxOut, degree(g.followees, u));
    maxIn = Math.max(maxIn, inD);
    if (top.length < 10 || inD > top[top.length - 1].followers) {
      top.push({ user: u, followers: inD });
      top.sort((a, b) => b.followers - a.followers || a.user - b.user);
      if (top.length > 10) top.pop();
    }
  }
  return {
    users: g.users,
    follows: g.edges,
    meanFollows: g.edges / g.users,
    maxInDegree: maxIn,
    maxOutDegree: maxOut,
    topByFollowers: top,
  };
}

/**
 * Builds both CSR directions from an edge array (src[i] follows dst[i]); edges must already be
 * free of self-loops and duplicates.
 */
export function buildCsrPair(users: number, src: Uint32Array, dst: Uint32Array): { followees: Csr; followers: Csr } {
  return { followees: toCsr(users, src, dst), followers: toCsr(users, dst, src) };
}

function toCsr(users: number, from: Uint32Array, to: Uint32Array): Csr {
  const offsets = new Uint32Array(users + 1);
  for (let i = 0; i < from.length; i++) offsets[from[i] + 1]++;
  for (let u = 0; u < users; u++) offsets[u + 1] += offsets[u];
  const fill = offsets.slice(0, users);
  const targets = new Uint32Array(from.length);
  for (let i = 0; i < from.length; i++) targets[fill[from[i]]++] = to[i];
  for (let u = 0; u < users; u++) targets.subarray(offsets[u], offsets[u + 1]).sort();
  return { offsets, targets };
}

/** Power-law popularity: the account of popularity rank r gets weight (r+1)^(-1/(alpha-1)). */
export function popularityWeights(users: number, alpha: number, rng: Prng): Float64Array {
  const w = new Float64Array(users);
  const order = shuffledRange(users, rng);
  const exponent = -1 / (alpha - 1);
  for (let r = 0; r < users; r++) w[order[r]] = Math.pow(r + 1, exponent);
  return w;
}

function shuffledRange(n: number, rng: Prng): Uint32Array {
  const a = new Uint32Array(n);
  for (let i = 0; i < n; i++) a[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = a[i];
    a[i] = a[j];
    a[j] = t;
  }
  return a;
}

/**
 * The generator: every user follows 1 + Geometric(mean avgFollows - 1) distinct accounts, drawn in
 * proportion to a power-law popularity, so followers per account follow P(k) ~ k^-alpha and a few
 * celebrities appear. Optional explicit celebrities get a fixed number of extra random followers.
 */
export function generateGraph(spec: GeneratorGraphSpec, seed: number): SocialGraph {
  const n = spec.users;
  const rng = new Prng(seed, 'graph');
  const weights = popularityWeights(n, spec.followerExponent, rng.fork('popularity'));
  const alias = new AliasTable(weights);
  const degRng = rng.fork('degrees');
  const pickRng = rng.fork('targets');
  const p = 1 / Math.max(1, spec.avgFollows);
  const logQ = Math.log(1 - p);

  const src: number[] = [];
  const dst: number[] = [];
  const chosen = new Set<number>();
  for (let u = 0; u < n; u++) {
    let d = p >= 1 ? 1 : 1 + Math.floor(Math.log(1 - degRng.next()) / logQ);
    d = Math.min(d, n - 1);
    chosen.clear();
    let attempts = 0;
    while (chosen.size < d && attempts < d * 30) {
      attempts++;
      const v = alias.draw(pickRng);
      if (v !== u) chosen.add(v);
    }
    // A user who wants nearly everyone: fill in order, deterministically.
    for (let v = 0; chosen.size < d && v < n; v++) if (v !== u) chosen.add(v);
    for (const v of chosen) {
      src.push(u);
      dst.push(v);
    }
  }
  if (spec.celebrities) {
    const celebRng = rng.fork('celebrities');
    const byWeight = Array.from({ length: n }, (_, i) => i).sort((a, b) => weights[b] - weights[a] || a - b);
    const existing = new Set<number>();
    for (let i = 0; i < src.length; i++) existing.add(src[i] * n + dst[i]);
    for (let c = 0; c < Math.min(spec.celebrities.count, n); c++) {
      const celeb = byWeight[c];
      const want = Math.min(spec.celebrities.followers, n - 1);
      let have = 0;
      for (let i = 0; i < src.length; i++) if (dst[i] === celeb) have++;
      const order = shuffledRange(n, celebRng);
      for (let k = 0; k < n && have < want; k++) {
        const f = order[k];
        if (f === celeb || existing.has(f * n + celeb)) continue;
        existing.add(f * n + celeb);
        src.push(f);
        dst.push(celeb);
        have++;
      }
    }
  }
  const csr = buildCsrPair(n, Uint32Array.from(src), Uint32Array.from(dst));
  return {
    users: n,
    edges: src.length,
    ...csr,
    originalIds: null,
    ...generateAttributes(n, spec.attributes, rng.fork('attributes')),
    importReport: null,
  };
}

/** Cities (Zipf-weighted), weighted interests and the tag -> topic map. */
export function generateAttributes(
  users: number,
  attrs: Attributes,
  rng: Prng,
): Pick<SocialGraph, 'cities' | 'tags' | 'topics' | 'city' | 'tagTopic' | 'interests' | 'interestWeights'> {
  const cityAlias = new AliasTable(Array.from({ length: attrs.cities }, (_, c) => 1 / (c + 1)));
  const tagAlias = new AliasTable(Array.from({ length: attrs.tags }, (_, t) => 1 / Math.sqrt(t + 1)));
  const city = new Uint16Array(users);
  for (let u = 0; u < users; u++) city[u] = cityAlias.draw(rng);
  const tagTopic = new Uint32Array(attrs.tags);
  for (let t = 0; t < attrs.tags; t++) tagTopic[t] = rng.int(attrs.topics);
  const k = Math.min(attrs.interestsPerUser, attrs.tags);
  const offsets = new Uint32Array(users + 1);
  const targets = new Uint32Array(users * k);
  const interestWeights = new Float32Array(users * k);
  const seen = new Set<number>();
  for (let u = 0; u < users; u++) {
    offsets[u + 1] = offsets[u] + k;
    seen.clear();
    let i = offsets[u];
    let attempts = 0;
    while (seen.size < k) {
      const t = attempts++ < k * 20 ? tagAlias.draw(rng) : rng.int(attrs.tags);
      if (seen.has(t)) continue;
      seen.add(t);
      targets[i] = t;
      interestWeights[i] = Math.round((0.2 + 0.8 * rng.next()) * 1000) / 1000;
      i++;
    }
  }
  return {
    cities: attrs.cities,
    tags: attrs.tags,
    topics: attrs.topics,
    city,
    tagTopic,
    interests: { offsets, targets },
    interestWeights,
  };
}
