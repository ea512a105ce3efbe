/**
 * Failure matrix, data rows: data that cannot train the model, each through the real CLI. Every
 * row checks the one line the user reads (`model.ts:LINE:COL: error: ...` and a hint) and that the
 * run is recorded as failed with that error, with no stack dump.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { assertBuilt, bareFolder, onlyRun, runCli } from './harness';

before(assertBuilt);

/** A softmax classifier over 2 features and 3 classes; `loadData` (line 8) is filled in per row. */
function classifier(loadData: string, loss = 'categoricalCrossentropy'): string {
  return `import * as tf from '@tensorflow/tfjs';

export const config = { epochs: 2, batchSize: 8, loss: '${loss}' };

export function createModel() {
  return tf.sequential({ layers: [tf.layers.dense({ units: 3, activation: 'softmax', inputShape: [2] })] });
}
export function loadData() {
  ${loadData}
}
`;
}

const INDICES = 'tf.tensor1d([0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0], "int32")';

interface Row {
  name: string;
  source: string;
  message: RegExp;
  hint?: RegExp;
}

const rows: Row[] = [
  {
    name: 'inputs whose shape does not match the model',
    source: classifier('return { train: { xs: tf.randomUniform([16, 3]), ys: tf.oneHot(' + INDICES + ', 3) } };'),
    message: /loadData\(\) returned train xs with shape \[16,3\], but the model’s input expects \[\*,2\]\./,
    hint: /Reshape the inputs to \[\*,2\]/,
  },
  {
    name: 'labels whose shape does not match the model',
    source: classifier('return { train: { xs: tf.randomUniform([16, 2]), ys: tf.randomUniform([16, 4]) } };'),
    message: /loadData\(\) returned train ys with shape \[16,4\], but the model’s output expects \[\*,3\]\./,
    hint: /Make the labels match the model’s last layer/,
  },
  {
    name: 'int32 class indices for a one-hot (categorical) crossentropy',
    source: classifier(`return { train: { xs: tf.randomUniform([16, 2]), ys: ${INDICES} } };`),
    message: /loadData\(\) returned train ys with shape \[16\], but the model’s output expects \[\*,3\]\./,
    hint: /look like class indices: one-hot encode them with tf\.oneHot\(ys, 3\), or set config\.loss to 'sparseCategoricalCrossentropy'/,
  },
  {
    name: 'string labels',
    source: classifier(
      'return { train: { xs: tf.randomUniform([16, 2]), ys: tf.tensor(new Array(16).fill("cat")) } };',
    ),
    message: /loadData\(\) returned train ys as a string tensor; the model needs numbers\./,
    hint: /Encode class names as integer indices/,
  },
  {
    name: 'an empty dataset of tensors',
    source: classifier('return { train: { xs: tf.zeros([0, 2]), ys: tf.zeros([0, 3]) } };'),
    message: /loadData\(\) returned an empty train split: xs has 0 examples\./,
  },
  {
    name: 'an empty tf.data dataset',
    source: classifier('return { train: tf.data.array([] as tf.TensorContainerObject[]) };'),
    message: /loadData\(\) returned an empty train dataset: it yielded no examples\./,
  },
  {
    name: 'an empty tf.data generator (size unknown)',
    source: classifier('return { train: tf.data.generator(function* () {} as () => Iterator<tf.TensorContainer>) };'),
    message: /loadData\(\) returned an empty train dataset: it yielded no examples\./,
  },
  {
    name: 'a batched tf.data dataset whose inputs do not fit the model',
    source: classifier(
      `return { train: tf.data.zip({ xs: tf.data.array([tf.randomUniform([4, 3])]), ys: tf.data.array([tf.oneHot(tf.tensor1d([0, 1, 2, 0], 'int32'), 3)]) }) };`,
    ),
    message: /loadData\(\) returned train xs with shape \[4,3\], but the model’s input expects \[\*,2\]\./,
    hint: /Reshape the inputs to \[\*,2\]/,
  },
];

describe('failure matrix: data that cannot train the model', () => {
  for (const row of rows) {
    it(row.name, () => {
      const dir = bareFolder({ 'model.ts': row.source });
      const result = runCli(['train', 'model.ts'], dir);
      assert.equal(result.code, 1, result.stdout + result.stderr);
      const errorLine = result.stdout.split('\n').find((line) => line.includes('error:')) ?? '';
      assert.match(errorLine, /^model\.ts:8:\d+: error: /, result.stdout);
      assert.match(errorLine, row.message);
      if (row.hint) assert.match(result.stdout, row.hint);
      assert.doesNotMatch(result.stdout + result.stderr, /^\s+at /m, 'no stack dump');
      const run = onlyRun(dir);
      assert.equal(run.info.status, 'failed');
      assert.equal(run.info.error?.kind, 'data');
      assert.equal(run.info.error?.location?.line, 8);
      assert.match(run.info.error?.message ?? '', row.message);
      assert.equal(run.batches.length, 0, 'nothing trained');
    });
  }

  it('a file that is not a model (no exports, no training: script mode finds no fit either)', () => {
    const dir = bareFolder({ 'model.ts': 'const notes = ["just a script"];\nconsole.log(notes.length);\n' });
    const result = runCli(['train', 'model.ts'], dir);
    assert.equal(result.code, 1);
    assert.match(
      result.stdout,
      /^model\.ts:1:1: error: model\.ts ran to its end without calling model\.fit\(\) or model\.fitDataset\(\), and it exports neither createModel\(\) nor loadData\(\)\./m,
    );
    assert.match(
      result.stdout,
      /hint: Script mode follows training through model\.fit\(\) and model\.fitDataset\(\); a custom loop/,
    );
    const run = onlyRun(dir);
    assert.equal(run.info.status, 'failed');
    assert.equal(run.info.error?.kind, 'contract');
  });
});
