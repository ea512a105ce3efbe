/** Which files the dry build may run on its own: model files that import TensorFlow.js. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { exportsCreateModel, importsTensorFlow } from '../../extension/host/modelFileText';

const KERAS_STYLE = `import * as tf from '@tensorflow/tfjs';

export function createModel(): tf.LayersModel {
  return tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [4] })] });
}
`;

const COMMONJS_NODE = `const tf = require('@tensorflow/tfjs-node');
exports.createModel = () => tf.sequential();
`;

const NAMED_IMPORTS = `import { sequential, layers } from "@tensorflow/tfjs-layers";
export const createModel = () => sequential({ layers: [layers.dense({ units: 2, inputShape: [2] })] });
`;

const DYNAMIC_IMPORT = `export async function createModel() {
  const tf = await import('@tensorflow/tfjs');
  return tf.sequential();
}
`;

/** A database model factory: exports createModel, has nothing to do with TensorFlow.js. */
const MONGOOSE_FACTORY = `import mongoose from 'mongoose';
// Not a tfjs model: see @tensorflow/tfjs for those.
export function createModel(name: string) {
  return mongoose.model(name, new mongoose.Schema({ title: String }));
}
`;

describe('model file text', () => {
  it('finds createModel exported as a function, a const, CommonJS or in an export list', () => {
    for (const text of [KERAS_STYLE, COMMONJS_NODE, NAMED_IMPORTS, DYNAMIC_IMPORT, MONGOOSE_FACTORY])
      assert.ok(exportsCreateModel(text), text);
    assert.ok(exportsCreateModel('function createModel() {}\nexport { createModel, loadData };'));
    assert.ok(exportsCreateModel('const createModel = () => m;\nexport default { createModel, loadData, config };'));
    assert.ok(exportsCreateModel('function createModel() {}\nmodule.exports = {\n  createModel,\n  loadData,\n};'));
    assert.ok(!exportsCreateModel('function createModel() {}\n'));
    assert.ok(!exportsCreateModel('function createModel() {}\nmodule.exports = { run };\n// createModel'));
  });

  it('sees TensorFlow.js imported by import, require or import()', () => {
    for (const text of [KERAS_STYLE, COMMONJS_NODE, NAMED_IMPORTS, DYNAMIC_IMPORT])
      assert.ok(importsTensorFlow(text), text);
    assert.ok(importsTensorFlow("import '@tensorflow/tfjs-backend-wasm';"));
    assert.ok(importsTensorFlow("import type { Tensor } from '@tensorflow/tfjs-core/dist/tensor';"));
  });

  it('does not mistake a mention in a comment, or another package, for an import', () => {
    assert.ok(!importsTensorFlow(MONGOOSE_FACTORY));
    assert.ok(!importsTensorFlow("import tfjsLike from 'tensorflow-lookalike';"));
  });
});
