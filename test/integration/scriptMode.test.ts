import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { TrainerToHost } from '../../extension/protocol/trainerMessages';
import { assertBuilt, bareFolder, onlyRun, runCli, startTrainer } from './harness';

before(assertBuilt);

/** An ordinary tfjs training script: it calls fit itself and knows nothing of Tensorscope. */
const SCRIPT = `const tf = require('@tensorflow/tfjs');

async function main() {
  const model = tf.sequential();
  model.add(tf.layers.dense({ units: 8, activation: 'relu', inputShape: [4] }));
  model.add(tf.layers.dense({ units: 1 }));
  model.compile({ optimizer: tf.train.adam(0.02), loss: 'meanSquaredError' });
  const xs = tf.randomNormal([256, 4], 0, 1, 'float32', 3);
  const ys = xs.sum(1, true);
  await new Promise((resolve) => setTimeout(resolve, 100)); // scripts do async work before fitting
  await model.fit(xs, ys, {
    epochs: 6,
    batchSize: 32,
    validationSplit: 0.25,
    callbacks: { onEpochEnd: (epoch, logs) => console.log('user callback', epoch, logs.loss.toFixed(3)) },
  });
  console.log('script done');
}
main();
`;

describe('script mode', () => {
  it('trains a plain model.fit script unchanged, with the same run files as module mode', () => {
    const dir = bareFolder({ 'train.js': SCRIPT });
    const result = runCli(['train', 'train.js'], dir);
    assert.equal(result.code, 0, result.stdout + result.stderr);
    assert.match(result.stdout, /user callback 5 /, "the script's own callbacks still run");
    assert.match(result.stdout, /script done/);
    const run = onlyRun(dir);
    assert.equal(run.info.status, 'completed');
    assert.equal(run.info.config?.epochs, 6);
    assert.equal(run.epochs.length, 6);
    assert.equal(run.batches.length, 6 * 6);
    assert.ok((run.epochs[5]?.logs.loss ?? Infinity) < (run.epochs[0]?.logs.loss ?? 0), 'loss falls');
    assert.ok(run.epochs.every((epoch) => epoch.logs.val_loss !== undefined));
    assert.ok(
      run.layers.some((layer) => layer.className === 'Dense' && layer.source?.line === 5),
      'layers tied to source lines',
    );
  });

  it('runs under the extension’s trainer process and streams the same messages', async () => {
    const dir = bareFolder({ 'train.js': SCRIPT });
    const received: TrainerToHost[] = [];
    const trainer = startTrainer(dir, received, { file: 'train.js' });
    const exit = await trainer.exited;
    assert.equal(exit.code, 0);
    const types = new Set(received.map((message) => message.type));
    for (const type of ['runCreated', 'trainingStarted', 'batches', 'epochEnd', 'runEnded'] as const)
      assert.ok(types.has(type), type);
    const ended = received.find((message) => message.type === 'runEnded');
    assert.equal(ended?.type === 'runEnded' && ended.status, 'completed');
  });

  it('says so when a file neither exports the contract nor trains', () => {
    const dir = bareFolder({ 'notes.ts': 'export const answer = 42;\n' });
    const result = runCli(['train', 'notes.ts'], dir);
    assert.equal(result.code, 1);
    assert.match(
      result.stdout,
      /^notes\.ts:1:1: error: notes\.ts ran to its end without calling model\.fit\(\) or model\.fitDataset\(\), and it exports neither createModel\(\) nor loadData\(\)\.$/m,
    );
    assert.equal(onlyRun(dir).info.status, 'failed');
  });

  it('reports a script that fails asynchronously, at its line', () => {
    const dir = bareFolder({
      'train.js': SCRIPT.replace(
        '  const xs = tf.randomNormal',
        "  throw new Error('no data today');\n  const xs = tf.randomNormal",
      ),
    });
    const result = runCli(['train', 'train.js'], dir);
    assert.equal(result.code, 1);
    assert.match(result.stdout, /^train\.js:8:\d+: error: no data today/m);
  });

  it('names the script for an unhandled error that carries no stack frame of it (a model.save into a missing folder)', () => {
    const dir = bareFolder({
      'train.js': SCRIPT.replace(
        "  console.log('script done');",
        // as tfjs-node's model.save does: a callback-style fs error, whose stack holds no frame of the script
        "  await new Promise((resolve, reject) => require('fs').mkdir(require('path').join(__dirname, 'missing', 'model'), reject));",
      ),
    });
    const result = runCli(['train', 'train.js'], dir);
    assert.equal(result.code, 1, result.stdout + result.stderr);
    assert.match(result.stdout, /error: train\.js stopped on an error it did not handle: ENOENT: no such file/);
    const run = onlyRun(dir);
    assert.equal(run.info.status, 'failed');
    assert.equal(run.info.error?.kind, 'model', 'the script’s error, not Tensorscope’s');
    assert.equal(run.epochs.length, 6, 'the training before it is kept');
  });
});
