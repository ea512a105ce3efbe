/**
 * Scripts that train several models: in turn (an autoencoder, then a classifier on its frozen
 * encoder), the second's epochs continue the run with a warning that they are another model's;
 * side by side (an ensemble's Promise.all), the first is followed and the others train unrecorded.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { assertBuilt, bareFolder, onlyRun, runCli } from './harness';

before(assertBuilt);

const PRETRAIN_THEN_CLASSIFY = `const tf = require('@tensorflow/tfjs-node');

async function main() {
  const x = tf.randomNormal([128, 8]);
  const encoder = tf.sequential({ name: 'encoder', layers: [tf.layers.dense({ units: 3, inputShape: [8], activation: 'tanh' })] });
  const autoencoder = tf.sequential({ name: 'autoencoder', layers: [encoder, tf.layers.dense({ units: 8 })] });
  autoencoder.compile({ optimizer: 'adam', loss: 'meanSquaredError' });
  await autoencoder.fit(x, x, { epochs: 2, batchSize: 32 });
  encoder.trainable = false;
  const classifier = tf.sequential({ name: 'classifier', layers: [encoder, tf.layers.dense({ units: 2, activation: 'softmax' })] });
  classifier.compile({ optimizer: 'adam', loss: 'categoricalCrossentropy' });
  const y = tf.oneHot(x.slice([0, 0], [-1, 1]).greater(0).toInt().squeeze(), 2);
  await classifier.fit(x, y, { epochs: 2, batchSize: 32 });
}
main();
`;

describe('script mode: two models in one script', () => {
  it("the second model's fit continues the run, with one warning naming both models", () => {
    const dir = bareFolder({ 'train.js': PRETRAIN_THEN_CLASSIFY });
    const result = runCli(['train', 'train.js'], dir);
    assert.equal(result.code, 0, result.stdout + result.stderr);
    const warnings = result.stdout.match(/warning: This fit call trains another model.*/g) ?? [];
    assert.equal(warnings.length, 1, result.stdout);
    assert.match(
      warnings[0] ?? '',
      /\(classifier\w*, loss categoricalCrossentropy\) than the run's \(autoencoder\w*, loss meanSquaredError\).*stay with autoencoder\w*\./,
    );
    const run = onlyRun(dir);
    assert.match(run.info.summary?.name ?? '', /^autoencoder/, 'the first model is the one inspected');
    assert.equal(run.epochs.length, 4);
  });
});

const ENSEMBLE = `const tf = require('@tensorflow/tfjs-node');

function member(seed) {
  const model = tf.sequential({ layers: [tf.layers.dense({ units: 8, inputShape: [2], activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed }) }), tf.layers.dense({ units: 1 })] });
  model.compile({ optimizer: 'adam', loss: 'meanSquaredError' });
  return model;
}

async function main() {
  const x = tf.randomNormal([256, 2]);
  const y = x.sum(1, true);
  const histories = await Promise.all([1, 2, 3].map((seed) => member(seed).fit(x, y, { epochs: 3, batchSize: 32, verbose: 0 })));
  console.log('members trained', histories.map((history) => history.epoch.length).join(' '));
}
main();
`;

describe('script mode: models trained side by side', () => {
  it('the first fit is the run; the others train as under node, unrecorded, with a warning each', () => {
    const dir = bareFolder({ 'train.js': ENSEMBLE });
    const result = runCli(['train', 'train.js'], dir);
    assert.equal(result.code, 0, result.stdout + result.stderr);
    assert.match(result.stdout, /members trained 3 3 3/);
    assert.equal(result.stdout.match(/warning: A fit call on \w+ started while another fit trains/g)?.length, 2);
    assert.doesNotMatch(result.stdout, /custom training loop/, 'their optimizer steps are fits, not a loop');
    const run = onlyRun(dir);
    assert.deepEqual(
      run.epochs.map((epoch) => epoch.epoch),
      [1, 2, 3],
    );
  });
});
