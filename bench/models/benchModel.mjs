// The benchmark's MLP or CNN as a Tensorscope model file, so that `node dist/cli.js train` trains exactly
// what bench/workers/tfjs.mjs trains with plain `model.fit`: same layers, optimizer, loss, data and batch.
// bench/lib/tensorscope.mjs picks the model and data through TENSORSCOPE_BENCH_MODEL / TENSORSCOPE_BENCH_DATA.
import * as tf from '@tensorflow/tfjs';
import { BUILDERS, compileForBench } from '../lib/tfjsModels.mjs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import process from 'node:process';

const which = process.env.TENSORSCOPE_BENCH_MODEL ?? 'mlp';
const header = JSON.parse(readFileSync(process.env.TENSORSCOPE_BENCH_DATA, 'utf8'));

export const config = {
  epochs: Number(process.env.TENSORSCOPE_BENCH_EPOCHS ?? 4),
  batchSize: 64,
  shuffle: true,
};

// The same builders and compile settings as the plain-fit worker, with this file's TensorFlow.js.
export function createModel() {
  return compileForBench(tf, BUILDERS[which](tf));
}

export function loadData() {
  const dir = process.env.TENSORSCOPE_BENCH_DATA.replace(/[^/\\]+$/, '');
  const xb = readFileSync(join(dir, header.x));
  const yb = readFileSync(join(dir, header.y));
  const x = new Float32Array(xb.buffer, xb.byteOffset, xb.byteLength / 4);
  const y = new Int32Array(yb.buffer, yb.byteOffset, yb.byteLength / 4);
  const labels = tf.tensor1d(y, 'int32');
  const ys = tf.oneHot(labels, header.classes).toFloat();
  labels.dispose();
  return { train: { xs: tf.tensor(x, [header.samples, ...header.shape], 'float32'), ys } };
}
