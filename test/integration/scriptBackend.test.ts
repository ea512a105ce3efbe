/**
 * A script that picks its own backend before training (`await tf.setBackend('cpu')`, as scripts
 * written for the browser or for reproducible numbers do): the run records the backend it trained on.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { assertBuilt, bareFolder, onlyRun, runCli } from './harness';

before(assertBuilt);

const CHOOSES_CPU = `const tf = require('@tensorflow/tfjs');

async function main() {
  await tf.setBackend('cpu');
  const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [2] })] });
  model.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
  await model.fit(tf.ones([8, 2]), tf.ones([8, 1]), { epochs: 1 });
  console.log('trained on', tf.getBackend());
}
main();
`;

describe('script mode: a backend the script chose', () => {
  it('header and run.json name the backend the fit trained on, and why', () => {
    const dir = bareFolder({ 'train.js': CHOOSES_CPU });
    const result = runCli(['train', 'train.js'], dir);
    assert.equal(result.code, 0, result.stdout + result.stderr);
    assert.match(result.stdout, /trained on cpu/);
    assert.match(result.stdout, /^Backend: cpu \(pure JS\) — the script chose it \(tf\.setBackend\('cpu'\)\)/m);
    const { backend } = onlyRun(dir).info;
    assert.equal(backend?.name, 'cpu');
    assert.equal(backend?.native, 'no');
  });
});
