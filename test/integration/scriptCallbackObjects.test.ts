/**
 * Callback objects a script builds itself: tf.node.tensorBoard(dir) and new tf.CustomCallback({...})
 * are CustomCallbacks, not tf.Callbacks. They reach tfjs as they are, in fit (the compiled step)
 * and fitDataset alike (wrapped once more, their hooks called themselves until the trainer ran out of memory).
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import { assertBuilt, bareFolder, onlyRun, runCli } from './harness';

before(assertBuilt);

const WITH_CALLBACK_OBJECTS = `const tf = require('@tensorflow/tfjs-node');
const path = require('path');

async function main() {
  const model = tf.sequential({ layers: [tf.layers.dense({ units: 4, inputShape: [2], activation: 'relu' }), tf.layers.dense({ units: 1 })] });
  model.compile({ optimizer: 'adam', loss: 'meanSquaredError' });
  let saves = 0;
  const saveEachEpoch = new tf.CustomCallback({ onEpochEnd: async () => { saves++; } });
  const board = tf.node.tensorBoard(path.join(__dirname, 'logs'));
  const xs = tf.randomNormal([64, 2]);
  await model.fit(xs, xs.sum(1, true), { epochs: 2, batchSize: 16, callbacks: [board, saveEachEpoch] });
  const data = tf.data.zip({ xs: tf.data.array(xs.arraySync()), ys: tf.data.array(xs.sum(1, true).arraySync()) }).batch(16);
  await model.fitDataset(data, { epochs: 2, callbacks: [saveEachEpoch] });
  console.log('epoch ends seen', saves);
}
main();
`;

describe('script mode: callback objects the script builds', () => {
  it('tf.node.tensorBoard and tf.CustomCallback run once per epoch, in fit and fitDataset', () => {
    const dir = bareFolder({ 'train.js': WITH_CALLBACK_OBJECTS });
    const result = runCli(['train', 'train.js'], dir);
    assert.equal(result.code, 0, result.stdout + result.stderr);
    assert.match(result.stdout, /epoch ends seen 4/);
    assert.ok(fs.readdirSync(path.join(dir, 'logs', 'train')).length > 0, 'TensorBoard wrote its events');
    assert.equal(onlyRun(dir).epochs.length, 4);
  });
});
