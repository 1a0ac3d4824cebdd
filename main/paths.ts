/** Where the app's files are, relative to this checkout (or the packaged app's root). */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const APP_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const RENDERER_DIST = path.join(APP_ROOT, 'renderer', 'dist');
export const SAMPLE_GRAPHS = path.join(APP_ROOT, 'sample-graphs');
export const BENCH_RESULTS = path.join(APP_ROOT, 'bench', 'results');
export const RANKER_FILE = path.join(APP_ROOT, 'models', 'ranker.onnx');
