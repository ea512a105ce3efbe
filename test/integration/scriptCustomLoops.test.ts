/**
 * Training loops of a script's own (trainOnBatch, optimizer.minimize), written the way public
 * tfjs scripts write them (a GAN's alternating steps, a hand-rolled regression): Tensorscope
 * cannot follow them, and says so at the line that calls them instead of at line 1.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { assertBuilt, bareFolder, onlyRun, runCli } from './harness';

before(assertBuilt);

const STEPS = `const tf = require('@tensorflow/tfjs-node');

exports.makeCritic = () => {
  const critic = tf.sequential({ layers: [tf.layers.dense({ units: 4, inputShape: [2], activation: 'tanh' }), tf.layers.dense({ units: 1 })] });
  critic.compile({ optimizer: tf.train.adam(0.01), loss: 'meanSquaredError' });
  return critic;
};
`;

const BATCH_LOOP = `const tf = require('@tensorflow/tfjs-node');
const { makeCritic } = require('./steps');

async function main() {
  const critic = makeCritic();
  for (let step = 0; step < 12; step++) {
    const x = tf.randomUniform([16, 2]);
    const loss = await critic.trainOnBatch(x, x.sum(1, true));
    if (step % 4 === 0) console.log('step', step, 'loss', Number(loss).toFixed(3));
    tf.dispose(x);
  }
}
main();
`;

const FIT_THEN_MINIMIZE = `const tf = require('@tensorflow/tfjs-node');

async function main() {
  const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [1] })] });
  model.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
  const xs = tf.tensor2d([[1], [2], [3], [4]]);
  const ys = xs.mul(2);
  await model.fit(xs, ys, { epochs: 2, verbose: 0 });
  const bias = tf.variable(tf.scalar(0));
  const tuner = tf.train.sgd(0.05);
  for (let i = 0; i < 5; i++) tuner.minimize(() => model.predict(xs).add(bias).sub(ys).square().mean(), false, [bias]);
  console.log('tuned bias', bias.dataSync()[0].toFixed(3));
}
main();
`;

describe('script mode: custom training loops', () => {
  it('a trainOnBatch loop is named with its line and count, not "ran to its end" at line 1', () => {
    const dir = bareFolder({ 'train.js': BATCH_LOOP, 'steps.js': STEPS });
    const result = runCli(['train', 'train.js'], dir);
    assert.equal(result.code, 1, result.stdout + result.stderr);
    assert.match(result.stdout, /step 8 loss/, 'the script ran as under node');
    assert.match(
      result.stdout,
      /train\.js:8:\d+: error: train\.js trains in a custom loop \(model\.trainOnBatch\(\), called 12 times\) and never calls model\.fit\(\)/,
    );
    assert.equal(
      result.stdout.match(/warning: train\.js:8: model\.trainOnBatch\(\) trains outside model\.fit\(\)/g)?.length,
      1,
    );
    const run = onlyRun(dir);
    assert.equal(run.info.status, 'failed');
    assert.equal(run.info.error?.location?.line, 8);
  });

  it('optimizer.minimize after a fit: the fit is recorded, the loop gets one located warning', () => {
    const dir = bareFolder({ 'train.js': FIT_THEN_MINIMIZE });
    const result = runCli(['train', 'train.js'], dir);
    assert.equal(result.code, 0, result.stdout + result.stderr);
    assert.match(result.stdout, /tuned bias/);
    const warnings = result.stdout.match(/warning: .*custom training loop.*/g) ?? [];
    assert.deepEqual(warnings, [
      'warning: train.js:11: optimizer.minimize() trains outside model.fit(): Tensorscope cannot follow a custom training loop, so its steps are not recorded.',
    ]);
    const run = onlyRun(dir);
    assert.equal(run.info.status, 'completed');
    assert.equal(run.epochs.length, 2, "only the fit's epochs");
  });
});
