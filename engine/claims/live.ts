/**
 * Claims that need no server and take milliseconds: measured live every time the ledger is built.
 * Article 4.2: three writer nodes whose clocks are 50 ms apart stamp the same stream of posts;
 * the drift lab (engine/drift/) counts the pairs each score strategy puts out of order, and the
 * scores of `(ms << 20) | seq` that a double cannot hold.
 */
import { DriftLab } from '../drift/DriftLab.js';

export interface DriftFigures {
  posts: number;
  skewMs: number;
  inversions: Record<string, number>;
  shift20PrecisionLost: number;
  shift20Stamped: number;
  example: { exact: string; stored: string } | null;
}

const POSTS = 5_000;
const POST_EVERY_MS = 0.5;
const SKEW_MS = 50;
const EPOCH_MS = 1_767_225_600_000;

export function measureDrift(): DriftFigures {
  const lab = new DriftLab({ nodes: [{ name: 'a', skewMs: -SKEW_MS, driftPpm: 0 }, { name: 'b', skewMs: 0, driftPpm: 0 }, { name: 'c', skewMs: SKEW_MS, driftPpm: 0 }], strategy: 'raw', gossipMs: 20 }, EPOCH_MS);
  for (let i = 1; i <= POSTS; i++) lab.observe({ id: i, t: Math.floor(i * POST_EVERY_MS) });
  const v = lab.view();
  const shift = v.strategies.find((s) => s.name === 'shift20');
  return {
    posts: POSTS,
    skewMs: SKEW_MS,
    inversions: Object.fromEntries(v.strategies.map((s) => [s.name, s.inversions])),
    shift20PrecisionLost: shift?.precisionLost ?? 0,
    shift20Stamped: shift?.stamped ?? 0,
    example: shift?.example ?? null,
  };
}
