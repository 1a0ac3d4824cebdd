/**
 * Logistic regression trained by full-batch gradient descent with L2, on standardised features:
 * deterministic (no random init, fixed epochs), so `npm run model:build` writes the same weights
 * on every machine. Also the metrics: ROC AUC (Mann-Whitney U, ties counted half).
 */

export interface Standardizer {
  mean: number[];
  std: number[];
}

export interface LogisticModel extends Standardizer {
  weights: number[];
  bias: number;
}

export interface TrainOptions {
  epochs: number;
  learningRate: number;
  l2: number;
}

export const DEFAULT_TRAIN: TrainOptions = { epochs: 400, learningRate: 0.5, l2: 1e-4 };

/** Standardisation of each column; a constant column keeps std 1 (it then contributes nothing). */
export function fitStandardizer(x: Float32Array, n: number, f: number): Standardizer {
  const mean = new Array<number>(f).fill(0);
  const std = new Array<number>(f).fill(0);
  for (let i = 0; i < n; i++) for (let j = 0; j < f; j++) mean[j] += x[i * f + j] / n;
  for (let i = 0; i < n; i++) for (let j = 0; j < f; j++) std[j] += (x[i * f + j] - mean[j]) ** 2 / n;
  return { mean: mean.map(round6), std: std.map((v) => (v > 1e-12 ? round6(Math.sqrt(v)) : 1)) };
}

export function train(x: Float32Array, y: Uint8Array, f: number, opts: TrainOptions = DEFAULT_TRAIN): LogisticModel {
  const n = y.length;
  const s = fitStandardizer(x, n, f);
  const z = new Float64Array(n * f);
  for (let i = 0; i < n; i++) for (let j = 0; j < f; j++) z[i * f + j] = (x[i * f + j] - s.mean[j]) / s.std[j];
  const w = new Float64Array(f);
  let b = 0;
  const grad = new Float64Array(f);
  for (let epoch = 0; epoch < opts.epochs; epoch++) {
    grad.fill(0);
    let gb = 0;
    for (let i = 0; i < n; i++) {
      let logit = b;
      for (let j = 0; j < f; j++) logit += w[j] * z[i * f + j];
      const err = sigmoid(logit) - y[i];
      for (let j = 0; j < f; j++) grad[j] += err * z[i * f + j];
      gb += err;
    }
    for (let j = 0; j < f; j++) w[j] -= opts.learningRate * (grad[j] / n + opts.l2 * w[j]);
    b -= opts.learningRate * (gb / n);
  }
  // Weights go into a float32 ONNX tensor; rounding here keeps TS and ONNX on the same numbers.
  return { ...s, weights: [...w].map((v) => Math.fround(v)), bias: Math.fround(b) };
}

export function sigmoid(v: number): number {
  return 1 / (1 + Math.exp(-v));
}

/** The model's probability for each row (the same arithmetic as the ONNX graph). */
export function predict(m: LogisticModel, x: Float32Array, n: number): Float64Array {
  const f = m.weights.length;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let logit = m.bias;
    for (let j = 0; j < f; j++) logit += m.weights[j] * ((x[i * f + j] - m.mean[j]) / m.std[j]);
    out[i] = sigmoid(logit);
  }
  return out;
}

/** ROC AUC of `scores` against 0/1 `labels`; 0.5 when one class is missing. */
export function auc(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  const idx = Array.from({ length: labels.length }, (_, i) => i).sort((a, b) => scores[a] - scores[b]);
  let pos = 0;
  let rankSum = 0;
  for (let i = 0; i < idx.length; ) {
    let j = i;
    while (j + 1 < idx.length && scores[idx[j + 1]] === scores[idx[i]]) j++;
    const avgRank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) {
      if (labels[idx[k]]) {
        pos++;
        rankSum += avgRank;
      }
    }
    i = j + 1;
  }
  const neg = labels.length - pos;
  if (pos === 0 || neg === 0) return 0.5;
  return (rankSum - (pos * (pos + 1)) / 2) / (pos * neg);
}

function round6(v: number): number {
  return Math.round(v * 1e6) / 1e6;
}
