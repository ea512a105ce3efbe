/**
 * The learning rate a run reports is the one its optimizer really uses: read from the
 * optimizer after compiling, whether the model file compiled itself, left it to the config,
 * or named no learning rate at all (the optimizer's own default).
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { assertBuilt, bareFolder, onlyRun, runCli, TINY_MODEL } from './harness';

before(assertBuilt);

/** A model that compiles itself the way users write it: an optimizer object with its own rate. */
const COMPILED_WITH_ADAM = `import * as tf from '@tensorflow/tfjs';

export const config = { epochs: 1, batchSize: 64 };

export function createModel(): tf.LayersModel {
  const model = tf.sequential();
  model.add(tf.layers.dense({ units: 8, activation: 'relu', inputShape: [2] }));
  model.add(tf.layers.dense({ units: 1 }));
  model.compile({ optimizer: tf.train.adam(0.002), loss: 'meanSquaredError' });
  return model;
}

export function loadData() {
  const xs = tf.randomUniform([128, 2], -1, 1, 'float32', 3);
  return { train: { xs, ys: xs.sum(1, true) } };
}
`;

function recordedLearningRate(source: string): number | null | undefined {
  const dir = bareFolder({ 'model.ts': source });
  const result = runCli(['train', 'model.ts', '--epochs', '1'], dir);
  assert.equal(result.code, 0, result.stdout + result.stderr);
  return onlyRun(dir).info.config?.learningRate;
}

describe('the learning rate a run records', () => {
  it('is the optimizer’s own for a model compiled with tf.train.adam(0.002)', () => {
    assert.equal(recordedLearningRate(COMPILED_WITH_ADAM), 0.002);
  });

  it('is the optimizer’s default when neither the file nor the config names one', () => {
    const source = TINY_MODEL.replace(', learningRate: 0.05', '');
    assert.equal(recordedLearningRate(source), 0.001, 'tf.train.adam() defaults to 0.001');
  });

  it('is config.learningRate when the config sets it', () => {
    assert.equal(recordedLearningRate(TINY_MODEL), 0.05);
  });
});
