/**
 * Train run on the helper that builds the model (model.js) instead of the script that imports it
 * and calls fit (train.js), as happens from the CodeLens of the file with the layers: the message
 * names the script to train.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { assertBuilt, bareFolder, onlyRun, runCli } from './harness';

before(assertBuilt);

const HELPER = `import * as tf from '@tensorflow/tfjs-node';

export function buildModel(inputs: number): tf.LayersModel {
  const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [inputs] })] });
  model.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
  return model;
}
`;

const TRAIN = `import * as tf from '@tensorflow/tfjs-node';
import { buildModel } from './model';

buildModel(2).fit(tf.ones([8, 2]), tf.ones([8, 1]), { epochs: 1 });
`;

describe('script mode: a helper file trained by mistake', () => {
  it('names the script that imports it and calls fit', () => {
    const dir = bareFolder({ 'model.ts': HELPER, 'train.ts': TRAIN, 'other.ts': "import './model';\n" });
    const result = runCli(['train', 'model.ts'], dir);
    assert.equal(result.code, 1, result.stdout + result.stderr);
    assert.match(
      result.stdout,
      /model\.ts:1:1: error: model\.ts ran to its end without calling model\.fit\(\).* It looks like a helper: train\.ts imports it and calls fit\./,
    );
    assert.match(result.stdout, /hint: Train train\.ts instead/);
    assert.equal(onlyRun(dir).info.status, 'failed');
  });
});
