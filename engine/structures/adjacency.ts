/*
 * Follow adjacency, three ways, for article 3.3 ("BloomFilter+RoaringBitmap的图邻接压缩存储"):
 *
 *   SetAdjacency          one JS Set<number> of followees per user: the article's baseline
 *                         (a HashMap<Long, Set<Long>> in its Java/Go).
 *   RoaringAdjacency      one Roaring bitmap (CRoaring through the `roaring` package) of followees
 *                         per user, run-optimized and shrunk to fit. Source: Lemire et al., "Roaring
 *                         Bitmaps: Implementation of an Optimized Software Library" (2018).
 *   EdgeBloom             one Bloom filter over all edges (u, v), in front of the bitmaps, so most
 *                         "does u follow v?" misses never reach native code. Source: Bloom (1970);
 *                         k indexes by double hashing (Kirsch & Mitzenmacher, 2006), the sizing of
 *                         the article: m = -n ln p / (ln 2)^2 bits, k = round(m/n ln 2).
 *
 * How ours differs from the article: its Bloom filter (Guava-style, m = 16 MB, k = 7 for 1e7 edges)
 * hashes Long edge ids; EdgeBloom hashes the (u, v) pair of 32-bit ids with murmur3's fmix32
 * mixer into a Uint32Array. The `bloom-filters` package (string hashing, about 40 µs per add on
 * this machine) is measured beside it in bench/adjacency.ts on a sample, since filling it with
 * 20M edges would take a quarter of an hour.
 *
 * Ownership: each structure copies what it needs from the CSR it is built from (engine/scenario/
 * graph.ts); none keeps a reference to the CSR arrays.
 */
import roaring from 'roaring';
import type { Csr } from '../scenario/graph.js';

const { RoaringBitmap32 } = roaring;
type Bitmap = InstanceType<typeof RoaringBitmap32>;

/** "Does u follow v?" and what it costs. */
export interface Adjacency {
  hasEdge(u: number, v: number): boolean;
}

export class SetAdjacency implements Adjacency {
  private readonly sets: Set<number>[];

  constructor(csr: Csr) {
    const users = csr.offsets.length - 1;
    this.sets = new Array(users);
    for (let u = 0; u < users; u++) this.sets[u] = new Set(csr.targets.subarray(csr.offsets[u], csr.offsets[u + 1]));
  }

  hasEdge(u: number, v: number): boolean {
    return this.sets[u].has(v);
  }
}

export class RoaringAdjacency implements Adjacency {
  private readonly bitmaps: Bitmap[];

  constructor(csr: Csr) {
    const users = csr.offsets.length - 1;
    this.bitmaps = new Array(users);
    for (let u = 0; u < users; u++) {
      const b = new RoaringBitmap32(csr.targets.subarray(csr.offsets[u], csr.offsets[u + 1]));
      b.runOptimize();
      b.shrinkToFit();
      this.bitmaps[u] = b;
    }
  }

  hasEdge(u: number, v: number): boolean {
    return this.bitmaps[u].has(v);
  }

  /** Bytes of the bitmaps in CRoaring's own serialized form (a lower bound of their heap use). */
  serializedBytes(): number {
    let n = 0;
    for (const b of this.bitmaps) n += b.getSerializationSizeInBytes('croaring');
    return n;
  }
}

/** The optimal Bloom filter for n items at false-positive rate p. */
export function bloomSizing(n: number, p: number): { bits: number; hashes: number } {
  const bits = Math.max(64, Math.ceil((-n * Math.log(p)) / (Math.LN2 * Math.LN2)));
  return { bits, hashes: Math.max(1, Math.round((bits / n) * Math.LN2)) };
}

/** The textbook false-positive rate of m bits, k hashes, n items: (1 - e^(-kn/m))^k. */
export function bloomExpectedFpr(bits: number, hashes: number, n: number): number {
  return Math.pow(1 - Math.exp((-hashes * n) / bits), hashes);
}

function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

export class EdgeBloom {
  readonly bits: number;
  readonly hashes: number;
  private readonly words: Uint32Array;
  /** bits / 2^32: a 32-bit hash times this is an index in [0, bits) (Lemire's fastrange, no modulo). */
  private readonly scale: number;

  constructor(expectedEdges: number, falsePositiveRate: number) {
    const s = bloomSizing(expectedEdges, falsePositiveRate);
    this.bits = s.bits;
    this.hashes = s.hashes;
    this.words = new Uint32Array(Math.ceil(s.bits / 32));
    this.scale = s.bits / 4294967296;
  }

  get bytes(): number {
    return this.words.byteLength;
  }

  add(u: number, v: number): void {
    const h1 = fmix32(Math.imul(u, 0x9e3779b1) ^ v);
    const h2 = fmix32(Math.imul(v, 0x85ebca77) ^ (u + 0x27d4eb2f)) | 1;
    for (let i = 0; i < this.hashes; i++) {
      const idx = Math.floor(((h1 + Math.imul(i, h2)) >>> 0) * this.scale);
      this.words[idx >>> 5] |= 1 << (idx & 31);
    }
  }

  /** False means "certainly no edge"; true means "maybe". */
  mightHave(u: number, v: number): boolean {
    const h1 = fmix32(Math.imul(u, 0x9e3779b1) ^ v);
    const h2 = fmix32(Math.imul(v, 0x85ebca77) ^ (u + 0x27d4eb2f)) | 1;
    for (let i = 0; i < this.hashes; i++) {
      const idx = Math.floor(((h1 + Math.imul(i, h2)) >>> 0) * this.scale);
      if ((this.words[idx >>> 5] & (1 << (idx & 31))) === 0) return false;
    }
    return true;
  }

  static fromCsr(csr: Csr, falsePositiveRate: number): EdgeBloom {
    const f = new EdgeBloom(Math.max(1, csr.targets.length), falsePositiveRate);
    const users = csr.offsets.length - 1;
    for (let u = 0; u < users; u++) for (let i = csr.offsets[u]; i < csr.offsets[u + 1]; i++) f.add(u, csr.targets[i]);
    return f;
  }
}

/** The article's combination: the Bloom filter answers most misses, the bitmap answers the rest exactly. */
export class BloomRoaringAdjacency implements Adjacency {
  constructor(readonly bloom: EdgeBloom, readonly roaring: RoaringAdjacency) {}

  static fromCsr(csr: Csr, falsePositiveRate: number): BloomRoaringAdjacency {
    return new BloomRoaringAdjacency(EdgeBloom.fromCsr(csr, falsePositiveRate), new RoaringAdjacency(csr));
  }

  hasEdge(u: number, v: number): boolean {
    return this.bloom.mightHave(u, v) && this.roaring.hasEdge(u, v);
  }
}
