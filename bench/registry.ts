/** Every benchmark, in the order `npm run bench` runs them. */
import { adjacencyBench } from './adjacency.js';
import { delayBench } from './delay.js';
import { fanoutBench } from './fanout.js';
import { graphBench } from './graph.js';
import type { Bench } from './lib/bench.js';
import { pullReadBench } from './pullRead.js';
import { rendererBench } from './renderer.js';
import { scaleBench } from './scale.js';
import { writerBench } from './writer.js';
import { zsetBench } from './zset.js';

export const BENCHES: Bench[] = [fanoutBench, writerBench, pullReadBench, delayBench, zsetBench, adjacencyBench, graphBench, rendererBench, scaleBench];
