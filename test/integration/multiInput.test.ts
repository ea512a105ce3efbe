/**
 * Functional models with two inputs, their data given as an array of tensors, a dict by input
 * name, or a tf.data pipeline of dicts: pre-flight, the learning-rate finder, training with
 * probes, and evaluate all take their batches through the same helpers as single-input models.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { assertBuilt, bareFolder, onlyRun, runCli } from './harness';

before(assertBuilt);

/** A recommender-like model: user features and item features, concatenated. `DATA` picks the form. */
const TWO_INPUTS = `import * as tf from '@tensorflow/tfjs';

export const config = { epochs: 2, batchSize: 32, loss: 'categoricalCrossentropy', metrics: ['accuracy'] };

export function createModel() {
  const user = tf.input({ shape: [3], name: 'user' });
  const item = tf.input({ shape: [2], name: 'item' });
  const joined = tf.layers.concatenate().apply([user, item]);
  const hidden = tf.layers.dense({ units: 8, activation: 'relu' }).apply(joined);
  const output = tf.layers.dense({ units: 2, activation: 'softmax' }).apply(hidden);
  return tf.model({ inputs: [user, item], outputs: output as tf.SymbolicTensor });
}

function split(count: number, seed: number) {
  const user = tf.randomNormal([count, 3], 0, 1, 'float32', seed);
  const item = tf.randomNormal([count, 2], 0, 1, 'float32', seed + 1);
  const liked = user.slice([0, 0], [-1, 1]).add(item.slice([0, 0], [-1, 1])).greater(0).reshape([count]);
  return { user, item, ys: tf.oneHot(liked.toInt(), 2) };
}

export function loadData() {
  const train = split(256, 1);
  const test = split(64, 9);
  return DATA;
}
`;

const FORMS = {
  array: '{ train: { xs: [train.user, train.item], ys: train.ys }, test: { xs: [test.user, test.item], ys: test.ys } }',
  dict: '{ train: { xs: { item: train.item, user: train.user }, ys: train.ys }, test: { xs: { user: test.user, item: test.item }, ys: test.ys } }',
  dataset:
    '{ train: tf.data.zip({ xs: tf.data.zip({ user: tf.data.array(train.user.unstack()), item: tf.data.array(train.item.unstack()) }), ys: tf.data.array(train.ys.unstack()) }) }',
} as const;

function folderWith(form: keyof typeof FORMS): string {
  return bareFolder({ 'model.ts': TWO_INPUTS.replace('DATA', FORMS[form]) });
}

describe('models with two inputs', () => {
  for (const form of ['array', 'dict', 'dataset'] as const) {
    it(`pre-flight on ${form} inputs: one batch forward and backward, gradients for every layer`, () => {
      const result = runCli(['preflight', 'model.ts'], folderWith(form));
      assert.equal(result.code, 0, result.stdout + result.stderr);
      assert.match(result.stdout, /^Pre-flight: one batch of 32, inputs \[32,3\], labels \[32,2\]/m);
      assert.match(result.stdout, /Initial categoricalCrossentropy loss: [\d.]+; expected ≈ 0\.6931/);
      assert.match(result.stdout, /✓ Every layer with weights gets a gradient\./);
    });
  }

  it('the learning-rate finder sweeps on array inputs', () => {
    const result = runCli(['find-lr', 'model.ts'], folderWith('array'));
    assert.equal(result.code, 0, result.stdout + result.stderr);
    assert.match(result.stdout, /Smoothed loss against learning rate:/);
    assert.match(result.stdout, /Suggested learning rate: \d\.\de-\d|No suggestion\./);
  });

  it('trains on dict inputs with the inspector probing both inputs, then evaluates', () => {
    const dir = folderWith('dict');
    const trained = runCli(['train', 'model.ts', '--sample-every', '4'], dir);
    assert.equal(trained.code, 0, trained.stdout + trained.stderr);
    const run = onlyRun(dir);
    assert.equal(run.info.stepsPerEpoch, 8);
    assert.ok(run.layerStats.length > 0, 'layer statistics sampled on the two-input probe');
    const evaluated = runCli(['evaluate', 'model.ts'], dir);
    assert.equal(evaluated.code, 0, evaluated.stdout + evaluated.stderr);
    assert.match(evaluated.stdout, /Evaluation of .* on the test split: loss: [\d.]+ - acc: [\d.]+/);
    assert.match(evaluated.stdout, /Accuracy [\d.]+%\. Confusion matrix/);
    const evaluation = onlyRun(dir).evaluation;
    assert.equal(evaluation?.split, 'test', 'the evaluation is recorded in the run');
    assert.equal(evaluation?.classification?.classes, 2);
  });
});
