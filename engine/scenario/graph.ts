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

import type { ImportReport } from '../api/report.js';

export type { ImportReport };

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
  const steps = csrPairSteps(users, src, dst);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/** buildCsrPair, giving the event loop a turn every CSR_STEP_EDGES edges or so (a 20M-follow graph: ~0.6 s of work). */
export async function buildCsrPairAsync(users: number, src: Uint32Array, dst: Uint32Array): Promise<{ followees: Csr; followers: Csr }> {
  const steps = csrPairSteps(users, src, dst);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** Edges handled between two turns of the event loop in buildCsrPairAsync (~30 ms here). */
const CSR_STEP_EDGES = 1 << 21;

function* csrPairSteps(users: number, src: Uint32Array, dst: Uint32Array): Generator<void, { followees: Csr; followers: Csr }> {
  const followers = yield* toCsr(users, dst, src);
  return { followees: yield* transpose(users, followers), followers };
}

/**
 * The reverse CSR, its rows sorted by construction (rows are read in order): no per-row sort,
 * which was most of building a generated graph's followees (100k unsorted rows of ~200).
 */
function* transpose(users: number, c: Csr): Generator<void, Csr> {
  const t = c.targets;
  const offsets = yield* countRows(users, t);
  const fill = offsets.slice(0, users);
  const targets = new Uint32Array(t.length);
  for (let v = 0; v < users; ) {
    const stop = c.offsets[v] + CSR_STEP_EDGES;
    for (; v < users && c.offsets[v] < stop; v++) {
      for (let i = c.offsets[v]; i < c.offsets[v + 1]; i++) targets[fill[t[i]]++] = v;
    }
    yield;
  }
  return { offsets, targets };
}

function* toCsr(users: number, from: Uint32Array, to: Uint32Array): Generator<void, Csr> {
  const offsets = yield* countRows(users, from);
  const fill = offsets.slice(0, users);
  const targets = new Uint32Array(from.length);
  for (let a = 0; a < from.length; a += CSR_STEP_EDGES) {
    const b = Math.min(from.length, a + CSR_STEP_EDGES);
    for (let i = a; i < b; i++) targets[fill[from[i]]++] = to[i];
    yield;
  }
  // Rows filled from edges in source order are often sorted already (every followers row of a
  // generated graph): check before paying for a subarray and a sort.
  for (let u = 0; u < users; u++) {
    const from = offsets[u];
    const to = offsets[u + 1];
    let sorted = true;
    for (let i = from + 1; i < to; i++) {
      if (targets[i - 1] > targets[i]) {
        sorted = false;
        break;
      }
    }
    if (!sorted) targets.subarray(from, to).sort();
  }
  yield;
  return { offsets, targets };
}

/** CSR offsets of rows keyed by `keys` (a row per user, sized by how often the user occurs). */
function* countRows(users: number, keys: Uint32Array): Generator<void, Uint32Array> {
  const offsets = new Uint32Array(users + 1);
  for (let a = 0; a < keys.length; a += CSR_STEP_EDGES) {
    const b = Math.min(keys.length, a + CSR_STEP_EDGES);
    for (let i = a; i < b; i++) offsets[keys[i] + 1]++;
    yield;
  }
  for (let u = 0; u < users; u++) offsets[u + 1] += offsets[u];
  return offsets;
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
  const e = generateEdges(spec, seed);
  return { ...socialParts(e), ...buildCsrPair(e.users, e.src, e.dst) };
}

/**
 * A generated graph before its adjacency is built: the follows as parallel arrays (src[i] follows
 * dst[i]; no self-loops, no duplicates) and the users' attributes. Enough to draw the most
 * followed users (engine/social/graphView.ts edgesGraphView) while the CSR arrays are built.
 */
export interface GeneratedEdges {
  users: number;
  src: Uint32Array;
  dst: Uint32Array;
  attributes: ReturnType<typeof generateAttributes>;
}

/** The SocialGraph of `e` once its CSR arrays exist. */
export function socialParts(e: GeneratedEdges): Omit<SocialGraph, 'followees' | 'followers'> {
  return { users: e.users, edges: e.src.length, originalIds: null, ...e.attributes, importReport: null };
}

/** The generator's follows and attributes (generateGraph without the CSR build). */
export function generateEdges(spec: GeneratorGraphSpec, seed: number): GeneratedEdges {
  const n = spec.users;
  const rng = new Prng(seed, 'graph');
  const weights = popularityWeights(n, spec.followerExponent, rng.fork('popularity'));
  const alias = new AliasTable(weights);
  const degRng = rng.fork('degrees');
  const pickRng = rng.fork('targets');
  const p = 1 / Math.max(1, spec.avgFollows);
  const logQ = Math.log(1 - p);

  // Typed, growable edge arrays and a stamp array instead of a Set per user: 20M edges then cost
  // 160 MB of Uint32 instead of boxed arrays, and no per-edge garbage (a profile of 100k users x
  // 200 follows spent 60% of its time in Set and array growth and GC). The draws, their order and
  // the edges are exactly those of the Set version: `chosen` kept insertion order, and so does
  // `picked` here.
  const edges = new EdgeBuffer(Math.ceil(n * Math.max(1, spec.avgFollows) * 1.05) + 16);
  const stamp = new Uint32Array(n);
  let pickedBuf = new Uint32Array(Math.min(n, Math.max(16, Math.ceil(spec.avgFollows * 8))));
  for (let u = 0; u < n; u++) {
    let d = p >= 1 ? 1 : 1 + Math.floor(Math.log(1 - degRng.next()) / logQ);
    d = Math.min(d, n - 1);
    const mark = u + 1;
    if (pickedBuf.length < d) pickedBuf = new Uint32Array(d);
    let size = 0;
    let attempts = 0;
    while (size < d && attempts < d * 30) {
      attempts++;
      const v = alias.draw(pickRng);
      if (v !== u && stamp[v] !== mark) {
        stamp[v] = mark;
        pickedBuf[size++] = v;
      }
    }
    // A user who wants nearly everyone: fill in order, deterministically.
    for (let v = 0; size < d && v < n; v++) {
      if (v !== u && stamp[v] !== mark) {
        stamp[v] = mark;
        pickedBuf[size++] = v;
      }
    }
    edges.pushFrom(u, pickedBuf, size);
  }
  if (spec.celebrities) {
    const celebRng = rng.fork('celebrities');
    const byWeight = Array.from({ length: n }, (_, i) => i).sort((a, b) => weights[b] - weights[a] || a - b);
    for (let c = 0; c < Math.min(spec.celebrities.count, n); c++) {
      const celeb = byWeight[c];
      const want = Math.min(spec.celebrities.followers, n - 1);
      // Only edges into this celebrity can collide with the ones added for it.
      const has = new Uint8Array(n);
      let have = 0;
      for (let i = 0; i < edges.length; i++) {
        if (edges.dst[i] === celeb) {
          have++;
          has[edges.src[i]] = 1;
        }
      }
      const order = shuffledRange(n, celebRng);
      for (let k = 0; k < n && have < want; k++) {
        const f = order[k];
        if (f === celeb || has[f]) continue;
        has[f] = 1;
        edges.push(f, celeb);
        have++;
      }
    }
  }
  // The attributes' stream is forked after the celebrities' one, as before the split.
  const attributes = generateAttributes(n, spec.attributes, rng.fork('attributes'));
  return { users: n, src: edges.src.subarray(0, edges.length), dst: edges.dst.subarray(0, edges.length), attributes };
}

/** Parallel src/dst Uint32Arrays that double when full. */
class EdgeBuffer {
  src: Uint32Array;
  dst: Uint32Array;
  length = 0;

  constructor(capacity: number) {
    this.src = new Uint32Array(capacity);
    this.dst = new Uint32Array(capacity);
  }

  private grow(need: number): void {
    let cap = this.src.length * 2;
    while (cap < need) cap *= 2;
    const s = new Uint32Array(cap);
    const d = new Uint32Array(cap);
    s.set(this.src.subarray(0, this.length));
    d.set(this.dst.subarray(0, this.length));
    this.src = s;
    this.dst = d;
  }

  push(from: number, to: number): void {
    if (this.length === this.src.length) this.grow(this.length + 1);
    this.src[this.length] = from;
    this.dst[this.length++] = to;
  }

  /** Edges from -> targets[0..count). */
  pushFrom(from: number, targets: Uint32Array, count: number): void {
    if (this.length + count > this.src.length) this.grow(this.length + count);
    this.src.fill(from, this.length, this.length + count);
    this.dst.set(targets.subarray(0, count), this.length);
    this.length += count;
  }
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
