import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { FEATURE_COUNT, FEATURE_NAMES, FRESHNESS_INDEX } from '../features.js';
import { buildRanker, RANKER_JSON, RANKER_ONNX } from './buildModel.js';
import { buildDataset, DEFAULT_DATASET, splitByUser } from './dataset.js';
import { auc, predict } from './logistic.js';
import { OnnxRanker } from './onnxModel.js';
import { RANKER_FILE as DEFAULT_RANKER_FILE } from '../../test/helpers.js';

// A smaller training run than `npm run model:build`, for speed; the committed model is checked below.
const QUICK = { ...DEFAULT_DATASET, users: 200, durationSec: 1800, usersPerSnapshot: 60 };

describe('auc', () => {
  it('is 1 for a perfect ranking, 0 for an inverted one, 0.5 for ties', () => {
    expect(auc([0.1, 0.2, 0.8, 0.9], [0, 0, 1, 1])).toBe(1);
    expect(auc([0.9, 0.8, 0.2, 0.1], [0, 0, 1, 1])).toBe(0);
    expect(auc([0.5, 0.5, 0.5, 0.5], [0, 1, 0, 1])).toBe(0.5);
    expect(auc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1])).toBe(0.75);
  });
});

describe('ranker build', () => {
  const a = buildRanker(QUICK);

  it('is deterministic: two builds give byte-identical ONNX and the same metrics', () => {
    const b = buildRanker(QUICK);
    expect(Buffer.from(b.onnx).equals(Buffer.from(a.onnx))).toBe(true);
    expect(b.meta).toEqual(a.meta);
  });

  it('beats the recency-only baseline on held-out users', () => {
    const t = a.meta.training;
    expect(t.testRows).toBeGreaterThan(1000);
    expect(t.positives).toBeGreaterThan(t.rows * 0.05);
    expect(t.auc).toBeGreaterThan(t.baselineAuc + 0.05);
    expect(t.auc).toBeGreaterThan(0.6);
  });

  it('loads in onnxruntime and scores like the TypeScript model', async () => {
    const { test } = splitByUser(buildDataset(QUICK, FEATURE_NAMES));
    const ranker = await OnnxRanker.fromBytes(a.onnx, FEATURE_COUNT);
    const onnx = await ranker.score(test.x, test.rows);
    const ts = predict(a.model, test.x, test.rows);
    let maxDiff = 0;
    for (let i = 0; i < test.rows; i++) maxDiff = Math.max(maxDiff, Math.abs(onnx[i] - ts[i]));
    expect(onnx).toHaveLength(test.rows);
    expect(maxDiff).toBeLessThan(1e-5);
    expect(auc(onnx, test.y)).toBeCloseTo(a.meta.training.auc, 3);
    // The baseline really is recency: it ranks by the freshness column alone.
    const fresh = Array.from({ length: test.rows }, (_, i) => test.x[i * FEATURE_COUNT + FRESHNESS_INDEX]);
    expect(Math.round(auc(fresh, test.y) * 10_000) / 10_000).toBe(a.meta.training.baselineAuc);
    await ranker.close();
  });

  it('matches the committed models/ranker.onnx and ranker.json (rebuild with `npm run model:build`)', async () => {
    const full = buildRanker();
    const committed = await readFile(DEFAULT_RANKER_FILE);
    expect(DEFAULT_RANKER_FILE.endsWith(RANKER_ONNX)).toBe(true);
    expect(Buffer.from(full.onnx).equals(committed)).toBe(true);
    const meta = JSON.parse(await readFile(DEFAULT_RANKER_FILE.replace(RANKER_ONNX, RANKER_JSON), 'utf8'));
    expect(meta).toEqual(JSON.parse(JSON.stringify(full.meta)));
  });

  it('rejects bytes that are not an ONNX model with an error naming the fix', async () => {
    await expect(OnnxRanker.fromBytes(new Uint8Array([1, 2, 3, 4]), FEATURE_COUNT)).rejects.toThrow(/npm run model:build/);
  });
});
