/** Entry point of `npm run model:build [-- <dir>]` (default: models/ of the repo). */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildRanker, writeRanker } from './buildModel.js';

const dir = process.argv[2] ?? path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../models');
const t0 = performance.now();
const built = buildRanker();
const files = await writeRanker(dir, built);
const t = built.meta.training;
process.stdout.write(`ranker: ${t.rows} rows (${t.positives} engaged), trained on ${t.trainRows}, held out ${t.testRows}\n`);
process.stdout.write(`AUC ${t.auc} on held-out users (train ${t.trainAuc}); recency-only baseline ${t.baselineAuc}\n`);
process.stdout.write(`wrote ${files.onnx} (${built.onnx.length} bytes) and ${files.json} in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
