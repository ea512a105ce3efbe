import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { assertBuilt, bareFolder, onlyRun, runCli, TINY_MODEL } from './harness';

before(assertBuilt);

interface Case {
  name: string;
  source: string;
  /** What the CLI must print: `model.ts:LINE:` and the message. */
  expected: RegExp;
  kind: string;
}

const cases: Case[] = [
  {
    name: 'a syntax error',
    source: `import * as tf from '@tensorflow/tfjs';\n\nexport function createModel() {\n  return tf.sequential({ layers: [ });\n}\n`,
    expected: /^model\.ts:4:\d+: error: Unexpected/m,
    kind: 'build',
  },
  {
    name: 'a misnamed export',
    source: TINY_MODEL.replace('export function createModel', 'export function buildModel'),
    expected:
      /^model\.ts:5:\d+: error: model\.ts does not export createModel\(\)\. It exports buildModel: did you mean createModel\?/m,
    kind: 'contract',
  },
  {
    name: 'top-level code that throws',
    source: TINY_MODEL.replace(
      'export function createModel',
      'const labels = tf.oneHot(tf.tensor1d([0, 1]), 2);\n\nexport function createModel',
    ),
    expected:
      /^model\.ts:5:\d+: error: model\.ts threw while it ran its top-level code: Argument 'indices' passed to 'oneHot' must be int32/m,
    kind: 'model',
  },
  {
    name: 'createModel that throws',
    source: TINY_MODEL.replace('  return tf.sequential({', "  throw new Error('not today');\n  return tf.sequential({"),
    expected: /^model\.ts:6:\d+: error: createModel\(\) threw: not today/m,
    kind: 'model',
  },
  {
    name: 'createModel returning something else',
    source: TINY_MODEL.replace(
      'export function createModel(): tf.LayersModel {',
      'export function createModel(): unknown {\n  return 42;',
    ),
    expected: /^model\.ts:5:\d+: error: createModel\(\) returned a number; expected a tf\.LayersModel/m,
    kind: 'contract',
  },
  {
    name: 'loadData without a train split',
    source: TINY_MODEL.replace('return { train: { xs, ys },', 'return { training: { xs, ys },'),
    expected: /^model\.ts:\d+:\d+: error: loadData\(\) returned an object \(Object\) without a train split/m,
    kind: 'data',
  },
  {
    name: 'an import that cannot be resolved',
    source: `import { thing } from 'not-a-package';\nexport const used = thing;\n${TINY_MODEL}`,
    expected: /^model\.ts:1:\d+: error: Could not resolve "not-a-package"/m,
    kind: 'build',
  },
  {
    // TensorFlow.js then fails inside createModel; the message names the pollution, not that line.
    name: 'an enumerable property added to Object.prototype',
    source: TINY_MODEL.replace(
      'export const config',
      '(Object.prototype as Record<string, unknown>).extra = () => 1;\nexport const config',
    ),
    expected:
      /^error: The model file \(or a package it loads\) added enumerable Object\.prototype\.extra; TensorFlow\.js reads objects with for…in and failed: /m,
    kind: 'model',
  },
];

describe('bad model files get one located message and a failed run', () => {
  for (const testCase of cases) {
    it(testCase.name, () => {
      const dir = bareFolder({ 'model.ts': testCase.source });
      const result = runCli(['train', 'model.ts', '--epochs', '1'], dir);
      assert.equal(result.code, 1, result.stdout + result.stderr);
      assert.match(result.stdout, testCase.expected);
      assert.doesNotMatch(result.stdout + result.stderr, /^\s+at /m, 'no stack dump');
      const run = onlyRun(dir);
      assert.equal(run.info.status, 'failed');
      assert.equal(run.info.error?.kind, testCase.kind);
      assert.ok(run.info.endedAt);
    });
  }

  it('a file that does not exist', () => {
    const dir = bareFolder({});
    const result = runCli(['train', 'missing.ts'], dir);
    assert.equal(result.code, 1);
    assert.match(result.stdout, /error: Model file not found: .*missing\.ts/);
  });

  it('a loss that becomes NaN stops the run at once and says which step', () => {
    const source = TINY_MODEL.replace('learningRate: 0.05', "optimizer: 'sgd', learningRate: 1e10");
    const dir = bareFolder({ 'model.ts': source });
    const result = runCli(['train', 'model.ts', '--epochs', '20'], dir);
    assert.equal(result.code, 1, result.stdout);
    assert.match(result.stdout, /error: The loss became (NaN|Infinity) at step \d+; training stopped\./);
    assert.match(result.stdout, /hint: Lower the learning rate/);
    const run = onlyRun(dir);
    assert.equal(run.info.error?.kind, 'training');
    assert.ok(run.epochs.length < 20);
  });
});
