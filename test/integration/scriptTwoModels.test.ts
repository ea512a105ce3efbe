/**
 * A script that trains two models in turn (an autoencoder, then a classifier on its frozen
 * encoder): the second's epochs continue the run, and a warning says they are another model's.
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
