import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import { listRunDirs } from '../../extension/runs/runReader';
import { assertBuilt, bareFolder, onlyRun, runCli } from './harness';

before(assertBuilt);

/** Hyper-parameters kept in JSON and layers built by a helper in another folder, as projects grow. */
const HELPERS = {
  'hparams.json': '{ "hidden": [16, 8], "lr": 0.01, "epochs": 2 }\n',
  'lib/blocks.ts': `import * as tf from '@tensorflow/tfjs';
export function denseBlock(model: tf.Sequential, units: number, inputs?: number) {
  model.add(tf.layers.dense({ units, activation: 'relu', ...(inputs ? { inputShape: [inputs] } : {}) }));
}
`,
};

const BODY = `
  const model = tf.sequential();
  hp.hidden.forEach((units, i) => denseBlock(model, units, i === 0 ? 4 : undefined));
  model.add(tf.layers.dense({ units: 3, activation: 'softmax' }));
  model.compile({ optimizer: tf.train.adam(hp.lr), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  return model;
`;

const DATA = `
  const xs = tf.randomNormal([300, 4]);
  return { train: { xs, ys: tf.oneHot(xs.argMax(1).mod(3).toInt(), 3) } };
`;

const DEFAULT_EXPORT = `import * as tf from '@tensorflow/tfjs';
import hp from './hparams.json';
import { denseBlock } from './lib/blocks';

const createModel = () => {${BODY}};
const loadData = async () => {${DATA}};

export default { createModel, loadData, config: { epochs: hp.epochs, validationSplit: 0.2 } };
`;

const COMMONJS_OBJECT = `const tf = require('@tensorflow/tfjs');
const hp = require('./hparams.json');
const { denseBlock } = require('./lib/blocks');

function createModel() {${BODY}}
function loadData() {${DATA}}

module.exports = { createModel, loadData, config: { epochs: hp.epochs } };
`;

describe('the model-file contract, in the forms people write it', () => {
  for (const [name, file, source] of [
    ['export default { createModel, loadData, config }', 'model.ts', DEFAULT_EXPORT],
    ['module.exports = { createModel, loadData, config }', 'model.js', COMMONJS_OBJECT],
  ] as const) {
    it(`${name}, with a JSON import and a helper file, trains in module mode`, () => {
      const dir = bareFolder({ ...HELPERS, [file]: source });
      const result = runCli(['train', file], dir);
      assert.equal(result.code, 0, result.stdout + result.stderr);
      const run = onlyRun(dir);
      assert.equal(run.info.status, 'completed');
      assert.equal(run.info.config?.epochs, 2, 'the config comes from the same export');
      assert.equal(run.epochs.length, 2);
      const helper = run.layers.filter((layer) => layer.source?.file === path.join(dir, 'lib', 'blocks.ts'));
      assert.equal(helper.length, 2, 'the two hidden layers are tied to the helper that built them');
      assert.equal(helper[0]?.source?.line, 3);
    });
  }
});

const BASE = `import * as tf from '@tensorflow/tfjs';
export const config = { epochs: 1 };
export function createModel() {
  return tf.sequential({ layers: [tf.layers.dense({ inputShape: [4], units: 16, activation: 'relu', name: 'features' }), tf.layers.dense({ units: 2, activation: 'softmax' })] });
}
export function loadData() {
  const xs = tf.randomNormal([64, 4]);
  return { train: { xs, ys: tf.oneHot(xs.argMax(1).mod(2).toInt(), 2) } };
}
`;

/** Transfer learning: a trained model is loaded and gets a new head. */
const FINE_TUNE = (baseModel: string) => `import * as tf from '@tensorflow/tfjs';

export async function createModel() {
  const base = await tf.loadLayersModel(${JSON.stringify(`file://${baseModel}`)});
  base.getLayer('features').trainable = false;
  const head = tf.layers.dense({ units: 3, activation: 'softmax', name: 'new_head' });
  return tf.model({ inputs: base.inputs, outputs: head.apply(base.getLayer('features').output) as tf.SymbolicTensor });
}
export function loadData() {
  const xs = tf.randomNormal([64, 4]);
  return { train: { xs, ys: tf.oneHot(xs.argMax(1).mod(3).toInt(), 3) } };
}
`;

describe('a model loaded to fine-tune', () => {
  it('ties the loaded layers to the line that loads them, and new layers to their own lines', () => {
    const dir = bareFolder({ 'base.ts': BASE });
    assert.equal(runCli(['train', 'base.ts'], dir).code, 0);
    const [baseRun] = listRunDirs(dir);
    const baseModel = path.join(baseRun ?? '', 'checkpoint-last', 'model.json');
    fs.writeFileSync(path.join(dir, 'finetune.ts'), FINE_TUNE(baseModel));
    const result = runCli(['inspect', 'finetune.ts'], dir);
    assert.equal(result.code, 0, result.stdout + result.stderr);
    assert.match(result.stdout, /^features \(Dense\) .* finetune\.ts:4$/m);
    assert.match(result.stdout, /^new_head \(Dense\) .* finetune\.ts:6$/m);
  });
});
