import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { assertBuilt, bareFolder, onlyRun, runCli } from './harness';

before(assertBuilt);

/** Two outputs, a loss per output and a metrics dict: the keys fit's History has under plain tfjs. */
const TWO_HEADS = `const tf = require('@tensorflow/tfjs');
const input = tf.input({ shape: [4] });
const hidden = tf.layers.dense({ units: 8, activation: 'relu' }).apply(input);
const kind = tf.layers.dense({ units: 3, activation: 'softmax', name: 'kind' }).apply(hidden);
const size = tf.layers.dense({ units: 1, name: 'size' }).apply(hidden);
const model = tf.model({ inputs: input, outputs: [kind, size] });
model.compile({ optimizer: 'adam', loss: { kind: 'categoricalCrossentropy', size: 'meanSquaredError' }, metrics: { kind: 'accuracy' } });
const xs = tf.randomNormal([256, 4], 0, 1, 'float32', 5);
const ys = [tf.oneHot(xs.argMax(1).mod(3).toInt(), 3), xs.sum(1, true)];
model.fit(xs, ys, { epochs: 2, batchSize: 32, validationSplit: 0.25 }).then((history) => {
  console.log('history keys: ' + Object.keys(history.history).sort().join(','));
});
`;

describe('a two-output script with a metrics dict, through the compiled step', () => {
  it('returns the History keys tfjs gives, and no key without a name', () => {
    const dir = bareFolder({ 'train.js': TWO_HEADS });
    const result = runCli(['train', 'train.js'], dir);
    assert.equal(result.code, 0, result.stdout + result.stderr);
    assert.equal(onlyRun(dir).info.execution?.execution, 'graph');
    assert.match(
      result.stdout,
      /^history keys: kind_acc,kind_loss,loss,size_loss,val_kind_acc,val_kind_loss,val_loss,val_size_loss$/m,
    );
  });
});
