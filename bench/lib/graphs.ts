/** Small hand-built social graphs for benchmarks that need an exact shape (one celebrity, a fixed fan-in). */
import { buildCsrPair, generateAttributes, Prng, type SocialGraph } from '../../engine/index.js';

/** User 0 followed by users 1..followers (and nobody else follows anyone). */
export function celebrityGraph(followers: number): SocialGraph {
  const users = followers + 1;
  const src = new Uint32Array(followers);
  const dst = new Uint32Array(followers);
  for (let i = 0; i < followers; i++) src[i] = i + 1;
  return fromEdges(users, src, dst);
}

/** Every reader r < readers follows `followees` distinct authors from readers.. (the article 2.3 shape). */
export function readerGraph(readers: number, authors: number, followees: number, seed = 1): SocialGraph {
  const users = readers + authors;
  const rng = new Prng(seed, 'bench-readers');
  const src = new Uint32Array(readers * followees);
  const dst = new Uint32Array(readers * followees);
  let k = 0;
  const picked = new Set<number>();
  for (let r = 0; r < readers; r++) {
    picked.clear();
    while (picked.size < followees) picked.add(readers + rng.int(authors));
    for (const a of picked) {
      src[k] = r;
      dst[k++] = a;
    }
  }
  return fromEdges(users, src, dst);
}

function fromEdges(users: number, src: Uint32Array, dst: Uint32Array): SocialGraph {
  return {
    users,
    edges: src.length,
    ...buildCsrPair(users, src, dst),
    originalIds: null,
    ...generateAttributes(users, { cities: 4, tags: 10, topics: 3, interestsPerUser: 1 }, new Prng(1, 'bench-attrs')),
    importReport: null,
  };
}
