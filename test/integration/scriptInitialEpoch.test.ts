/**
 * A script that resumes its own training (a saved model and epoch count, then
 * fit({ epochs: 4, initialEpoch: 2 })): the run counts its own epochs from 1, as its header says.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { assertBuilt, bareFolder, onlyRun, runCli } from './harness';

before(assertBuilt);

const RESUMES_ITSELF = `const tf = require('@tensorflow/tfjs-node');

async function main() {
  const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [2] })] });
  model.compile({ optimizer: 'adam', loss: 'meanSquaredError' });
  const xs = tf.randomNormal([32, 2]);
  const done = 2; // read from the script's own checkpoint in real code
  const history = await model.fit(xs, xs.sum(1, true), { epochs: done + 2, initialEpoch: done });
  console.log('script epochs', history.epoch.join(' '));
}
main();
`;

describe('script mode: a fit with initialEpoch', () => {
  it('records epochs 1 and 2 of 2 (it printed "Epoch 3/2")', () => {
    const dir = bareFolder({ 'train.js': RESUMES_ITSELF });
    const result = runCli(['train', 'train.js'], dir);
    assert.equal(result.code, 0, result.stdout + result.stderr);
    assert.match(result.stdout, /script epochs 2 3/, "the script's History is tfjs's");
    assert.match(result.stdout, /^Epoch 1\/2 /m);
    assert.match(result.stdout, /^Epoch 2\/2 /m);
    assert.deepEqual(
      onlyRun(dir).epochs.map((epoch) => epoch.epoch),
      [1, 2],
    );
  });
});
