/**
 * The ranker of a run: the ONNX file and its description (models/ranker.json: feature order,
 * normalisation, held-out AUC), checked against the features this build computes.
 */
import { readFile } from 'node:fs/promises';
import { FeedscopeError } from '../../errors.js';
import { FEATURE_NAMES } from '../features.js';
import type { RankerMeta } from './buildModel.js';
import { OnnxRanker } from './onnxModel.js';

export interface LoadedRanker {
  file: string;
  meta: RankerMeta;
  ranker: OnnxRanker;
}

export async function loadRanker(onnxFile: string): Promise<LoadedRanker> {
  const meta = await readRankerMeta(onnxFile);
  return { file: onnxFile, meta, ranker: await OnnxRanker.fromFile(onnxFile, FEATURE_NAMES.length) };
}

export async function readRankerMeta(onnxFile: string): Promise<RankerMeta> {
  const file = onnxFile.replace(/\.onnx$/, '.json');
  let meta: RankerMeta;
  try {
    meta = JSON.parse(await readFile(file, 'utf8')) as RankerMeta;
  } catch (err) {
    throw new FeedscopeError('RANKER_MISSING', `The ranker's description ${file} cannot be read (${(err as Error).message}). Build it with \`npm run model:build\`.`, { cause: err });
  }
  if (JSON.stringify(meta.features) !== JSON.stringify(FEATURE_NAMES)) {
    throw new FeedscopeError('RANKER_MISMATCH', `${file} lists features [${meta.features?.join(', ')}] but this Feedscope computes [${FEATURE_NAMES.join(', ')}]: rebuild the model with \`npm run model:build\`.`);
  }
  return meta;
}
