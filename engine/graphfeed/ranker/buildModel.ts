/**
 * `npm run model:build`: simulates engagement (dataset.ts), trains the logistic regression
 * (logistic.ts) on users not held out, measures AUC on the held-out users against a
 * recency-only baseline, and writes models/ranker.onnx plus models/ranker.json. Deterministic:
 * the same inputs give byte-identical files, so the committed artifacts can be checked by a test.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { FEATURE_COUNT, FEATURE_NAMES, FRESHNESS_HALF_LIFE_SEC, FRESHNESS_INDEX } from '../features.js';
import { buildDataset, DEFAULT_DATASET, ENGAGEMENT_BIAS, ENGAGEMENT_COEFFICIENTS, HOLDOUT_MODULUS, splitByUser, type DatasetOptions } from './dataset.js';
import { auc, DEFAULT_TRAIN, predict, train, type LogisticModel, type TrainOptions } from './logistic.js';
import { encodeRanker } from './onnxModel.js';

export const RANKER_ONNX = 'ranker.onnx';
export const RANKER_JSON = 'ranker.json';

/** models/ranker.json */
export interface RankerMeta {
  format: 1;
  model: 'logistic-regression';
  onnx: string;
  input: string;
  output: string;
  features: string[];
  featureParams: { freshnessHalfLifeSec: number };
  normalization: { mean: number[]; std: number[] };
  weights: number[];
  bias: number;
  training: {
    dataset: DatasetOptions;
    train: TrainOptions;
    rows: number;
    positives: number;
    trainRows: number;
    testRows: number;
    heldOut: string;
    auc: number;
    trainAuc: number;
    baselineAuc: number;
    baseline: string;
    engagementModel: { bias: number; coefficients: Record<string, number> };
  };
}

export interface BuiltRanker {
  onnx: Uint8Array;
  meta: RankerMeta;
  model: LogisticModel;
}

export function buildRanker(dataset: DatasetOptions = DEFAULT_DATASET, trainOpts: TrainOptions = DEFAULT_TRAIN): BuiltRanker {
  const d = buildDataset(dataset, FEATURE_NAMES);
  const { train: tr, test } = splitByUser(d);
  const model = train(tr.x, tr.y, FEATURE_COUNT, trainOpts);
  const testScores = predict(model, test.x, test.rows);
  const fresh = Array.from({ length: test.rows }, (_, i) => test.x[i * FEATURE_COUNT + FRESHNESS_INDEX]);
  const r4 = (v: number): number => Math.round(v * 10_000) / 10_000;
  const meta: RankerMeta = {
    format: 1,
    model: 'logistic-regression',
    onnx: RANKER_ONNX,
    input: 'features',
    output: 'score',
    features: [...FEATURE_NAMES],
    featureParams: { freshnessHalfLifeSec: FRESHNESS_HALF_LIFE_SEC },
    normalization: { mean: model.mean, std: model.std },
    weights: model.weights,
    bias: model.bias,
    training: {
      dataset,
      train: trainOpts,
      rows: d.rows,
      positives: d.y.reduce((a, b) => a + b, 0),
      trainRows: tr.rows,
      testRows: test.rows,
      heldOut: `reading users with id % ${HOLDOUT_MODULUS} === 0`,
      auc: r4(auc(testScores, test.y)),
      trainAuc: r4(auc(predict(model, tr.x, tr.rows), tr.y)),
      baselineAuc: r4(auc(fresh, test.y)),
      baseline: 'recency only (freshness feature)',
      engagementModel: { bias: ENGAGEMENT_BIAS, coefficients: { ...ENGAGEMENT_COEFFICIENTS } },
    },
  };
  return { onnx: encodeRanker(model, FEATURE_NAMES), meta, model };
}

export async function writeRanker(dir: string, built: BuiltRanker): Promise<{ onnx: string; json: string }> {
  await mkdir(dir, { recursive: true });
  const onnx = path.join(dir, RANKER_ONNX);
  const json = path.join(dir, RANKER_JSON);
  await writeFile(onnx, built.onnx);
  await writeFile(json, `${JSON.stringify(built.meta, null, 2)}\n`);
  return { onnx, json };
}
