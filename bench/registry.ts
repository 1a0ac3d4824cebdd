/** Every benchmark, in the order `npm run bench` runs them (BENCH_NAMES, engine/claims/benchResults.ts). */
import { BENCH_NAMES, type BenchName } from '../engine/index.js';
import { adjacencyBench } from './adjacency.js';
import { alternativesBench } from './alternatives.js';
import { clusterBench } from './cluster.js';
import { delayBench } from './delay.js';
import { fanoutBench } from './fanout.js';
import { faultsBench } from './faults.js';
import { graphBench } from './graph.js';
import type { AnyBench, Bench } from './lib/bench.js';
import { pullReadBench } from './pullRead.js';
import { rendererBench } from './renderer.js';
import { scaleBench } from './scale.js';
import { scanBench } from './scan.js';
import { speedBench } from './speed.js';
import { writerBench } from './writer.js';
import { zsetBench } from './zset.js';

/** One bench per results schema: a name without a bench (or the reverse) does not compile. */
const BY_NAME: { [N in BenchName]: Bench<N> } = {
  fanout: fanoutBench,
  cluster: clusterBench,
  writer: writerBench,
  pullread: pullReadBench,
  delay: delayBench,
  zset: zsetBench,
  alternatives: alternativesBench,
  adjacency: adjacencyBench,
  graph: graphBench,
  renderer: rendererBench,
  scale: scaleBench,
  speed: speedBench,
  scan: scanBench,
  faults: faultsBench,
};

export const BENCHES: AnyBench[] = BENCH_NAMES.map((n) => BY_NAME[n]);
