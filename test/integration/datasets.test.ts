import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { assertBuilt, bareFolder, onlyRun, runCli } from './harness';

before(assertBuilt);

/** Streamed data: a generator of unknown length, as from a file read line by line. */
const STREAMED = `import * as tf from '@tensorflow/tfjs';

export const config = { epochs: 3, batchSize: 32, learningRate: 0.05, loss: 'meanSquaredError' };

export function createModel() {
  return tf.sequential({ layers: [tf.layers.dense({ units: 8, activation: 'relu', inputShape: [2] }), tf.layers.dense({ units: 1 })] });
}

function* examples(count: number) {
  for (let i = 0; i < count; i++) {
    const x = [Math.sin(i), Math.cos(i * 0.7)];
    yield { xs: tf.tensor1d(x), ys: tf.tensor1d([x[0] + 2 * x[1]]) };
  }
}

export function loadData() {
  return {
    train: tf.data.generator(() => examples(640)),
    validation: tf.data.generator(() => examples(64)),
  };
}
`;

describe('tf.data datasets', () => {
  it('trains a streamed dataset of unknown size; steps per epoch are learned from the first epoch', () => {
    const dir = bareFolder({ 'model.ts': STREAMED });
    const result = runCli(['train', 'model.ts'], dir);
    assert.equal(result.code, 0, result.stdout + result.stderr);
    const run = onlyRun(dir);
    assert.equal(run.info.status, 'completed');
    assert.equal(run.epochs.length, 3);
    assert.equal(run.info.stepsPerEpoch, 20, '640 examples in batches of 32');
    assert.equal(run.batches.length, 60);
    assert.ok(run.epochs.every((epoch) => typeof epoch.logs.val_loss === 'number'));
    assert.ok((run.epochs[2]?.logs.loss ?? Infinity) < (run.epochs[0]?.logs.loss ?? 0), 'loss falls');
  });
});
