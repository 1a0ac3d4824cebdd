/**
 * The ranker as an ONNX model (protobuf ModelProto written with onnx-proto), run by
 * onnxruntime-node on the CPU. The graph is logistic regression with the standardisation inside:
 *
 *   features[N,F] -Sub(mean)-Div(std)-MatMul(W[F,1])-Add(B)-Sigmoid-> score[N,1]
 *
 * opset 13, IR version 8. Nothing is downloaded: the file is built by `npm run model:build`.
 */
import { readFile } from 'node:fs/promises';
import onnxProto from 'onnx-proto';
import * as ort from 'onnxruntime-node';
import { FeedscopeError } from '../../errors.js';
import type { LogisticModel } from './logistic.js';

const { onnx } = onnxProto;
const OPSET = 13;
const IR_VERSION = 8;
export const INPUT_NAME = 'features';
export const OUTPUT_NAME = 'score';

export function encodeRanker(m: LogisticModel, featureNames: readonly string[]): Uint8Array {
  const f = m.weights.length;
  const FLOAT = onnx.TensorProto.DataType.FLOAT;
  const tensor = (name: string, dims: number[], floatData: number[]) => onnx.TensorProto.create({ name, dims, dataType: FLOAT, floatData });
  const valueInfo = (name: string, dims: (number | string)[]) =>
    onnx.ValueInfoProto.create({
      name,
      type: onnx.TypeProto.create({
        tensorType: onnx.TypeProto.Tensor.create({
          elemType: FLOAT,
          shape: onnx.TensorShapeProto.create({ dim: dims.map((d) => (typeof d === 'string' ? { dimParam: d } : { dimValue: d })) }),
        }),
      }),
    });
  const node = (opType: string, input: string[], output: string) => onnx.NodeProto.create({ opType, input, output: [output], name: `${opType.toLowerCase()}_${output}` });
  const graph = onnx.GraphProto.create({
    name: 'feedscope_ranker',
    docString: `logistic regression over ${featureNames.join(', ')}`,
    initializer: [tensor('mean', [f], m.mean), tensor('std', [f], m.std), tensor('W', [f, 1], m.weights), tensor('B', [1], [m.bias])],
    node: [
      node('Sub', [INPUT_NAME, 'mean'], 'centered'),
      node('Div', ['centered', 'std'], 'standardized'),
      node('MatMul', ['standardized', 'W'], 'product'),
      node('Add', ['product', 'B'], 'logit'),
      node('Sigmoid', ['logit'], OUTPUT_NAME),
    ],
    input: [valueInfo(INPUT_NAME, ['N', f])],
    output: [valueInfo(OUTPUT_NAME, ['N', 1])],
  });
  const model = onnx.ModelProto.create({ irVersion: IR_VERSION, opsetImport: [{ domain: '', version: OPSET }], producerName: 'feedscope model:build', producerVersion: '0.1.0', graph });
  return onnx.ModelProto.encode(model).finish();
}

/** A loaded ranker: scores rows of FEATURE_COUNT float32 features. */
export class OnnxRanker {
  private constructor(
    private readonly session: ort.InferenceSession,
    readonly features: number,
  ) {}

  static async fromBytes(bytes: Uint8Array, features: number, what = 'the ranker model'): Promise<OnnxRanker> {
    try {
      return new OnnxRanker(await ort.InferenceSession.create(bytes, { executionProviders: ['cpu'], intraOpNumThreads: 1 }), features);
    } catch (err) {
      throw new FeedscopeError('RANKER_INVALID', `onnxruntime could not load ${what}: ${(err as Error).message}. Rebuild it with \`npm run model:build\`.`, { cause: err });
    }
  }

  static async fromFile(file: string, features: number): Promise<OnnxRanker> {
    let bytes: Uint8Array;
    try {
      bytes = await readFile(file);
    } catch (err) {
      throw new FeedscopeError('RANKER_MISSING', `The ranker model ${file} cannot be read (${(err as Error).message}). Build it with \`npm run model:build\` or fix graphModel.rankerFile in the scenario.`, { cause: err });
    }
    return OnnxRanker.fromBytes(bytes, features, file);
  }

  /** Scores `n` rows (row-major `x`, `features` columns). */
  async score(x: Float32Array, n: number): Promise<Float32Array> {
    if (n === 0) return new Float32Array(0);
    const out = await this.session.run({ [INPUT_NAME]: new ort.Tensor('float32', x, [n, this.features]) });
    return out[OUTPUT_NAME].data as Float32Array;
  }

  async close(): Promise<void> {
    await this.session.release();
  }
}
