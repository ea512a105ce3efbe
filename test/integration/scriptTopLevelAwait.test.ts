/**
 * Top-level await, as modern ES module scripts use it: a script awaiting its data and then
 * `model.fit` in a loop trains and is followed call by call; a module-mode file awaiting its data
 * before `export function createModel` trains; an error after an await is the script's own,
 * located; Ctrl+C stops it at a batch; a quick look at such a script says it is a script instead of waiting on its fit; a
 * CommonJS file with top-level await (refused by Node too) gets a located message.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import { assertBuilt, bareFolder, exitOf, onlyRun, runCli, startCli, waitFor } from './harness';

before(assertBuilt);

const FIT_CALLS = 4;

/** An installed CommonJS package, imported by name (named and default imports). */
const INSTALLED_PACKAGE = {
  'node_modules/toy-data/package.json': JSON.stringify({ name: 'toy-data', main: 'index.js' }),
  'node_modules/toy-data/index.js': `exports.examples = 64;
exports.load = async (n) => ({ xs: Array.from({ length: n }, (_, i) => [i / n, 1 - i / n]) });
`,
};

/** Awaits its data, then fits once per call with `await` at the top level, as an ESM script does. */
const SCRIPT = `import * as tf from '@tensorflow/tfjs';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import toyData, { examples, load } from 'toy-data';

const here = path.dirname(fileURLToPath(import.meta.url));
const { xs: rows } = await load(examples);
const xs = tf.tensor2d(rows);
const ys = xs.sum(1, true);
const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [2] })] });
model.compile({ optimizer: tf.train.sgd(0.1), loss: 'meanSquaredError' });
for (let call = 0; call < ${FIT_CALLS}; call++) {
  await model.fit(xs, ys, { epochs: 1, batchSize: 16 });
}
const scratch = process.env.TENSORSCOPE_SCRATCH_DIR ?? os.tmpdir();
const bundles = fs.readdirSync(scratch).filter((name) => name.startsWith('tensorscope-model-'));
fs.writeFileSync(
  path.join(here, 'seen.json'),
  JSON.stringify({ argv: process.argv.slice(1), defaultImport: toyData.examples, bundles }),
);
`;

/** Its first await is a fit: a quick look holds that fit for ever. */
const FIT_FIRST = `import * as tf from '@tensorflow/tfjs';
const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [2] })] });
model.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
const xs = tf.ones([8, 2]);
await model.fit(xs, xs.sum(1, true), { epochs: 1 });
await model.fit(xs, xs.sum(1, true), { epochs: 1 });
`;

/** More fit calls than a test waits for; after a stop, each returns at once without training. */
const LONG_LOOP_CALLS = 400;
const LONG_LOOP = `import * as tf from '@tensorflow/tfjs';
const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [2] })] });
model.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
const xs = await Promise.resolve(tf.randomNormal([256, 2], 0, 1, 'float32', 1));
for (let call = 0; call < ${LONG_LOOP_CALLS}; call++) await model.fit(xs, xs.sum(1, true), { epochs: 1, batchSize: 8 });
`;

const THROWS_AFTER_AWAIT = `import * as tf from '@tensorflow/tfjs';
const settings = await Promise.resolve({ units: 1 });
const model = tf.sequential({ layers: [tf.layers.dense({ units: settings.units, inputShape: [2] })] });
await new Promise((resolve) => setTimeout(resolve, 20));
throw new Error('the dataset server answered 503');
`;

const MODULE_MODE = `import * as tf from '@tensorflow/tfjs';

const data = await new Promise<{ xs: number[][]; ys: number[][] }>((resolve) =>
  setTimeout(() => resolve({ xs: [[0, 1], [1, 0], [1, 1], [0, 0]], ys: [[1], [1], [2], [0]] }), 10),
);

export const config = { epochs: 3, batchSize: 2 };

export function createModel(): tf.LayersModel {
  return tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [2] })] });
}

export function loadData() {
  return { train: { xs: tf.tensor2d(data.xs), ys: tf.tensor2d(data.ys) } };
}
`;

describe('top-level await in a training script', () => {
  it('trains a script that awaits its data and then fit in a loop, with its arguments', () => {
    const dir = bareFolder({ 'train.mjs': SCRIPT, ...INSTALLED_PACKAGE });
    const result = runCli(['train', 'train.mjs', '--', '--rate', '0.1'], dir);
    assert.equal(result.code, 0, result.stdout + result.stderr);
    const run = onlyRun(dir);
    assert.equal(run.info.status, 'completed');
    assert.equal(run.info.mode, 'script');
    assert.equal(run.epochs.length, FIT_CALLS, 'each fit call is an epoch of the run');
    const dense = run.layers.find((layer) => layer.className === 'Dense');
    assert.equal(dense?.source?.line, 12, 'layers are tied to the line that built them');
    const seen = JSON.parse(fs.readFileSync(path.join(dir, 'seen.json'), 'utf8')) as {
      argv: string[];
      defaultImport: number;
      bundles: string[];
    };
    assert.deepEqual(seen.argv, [path.join(dir, 'train.mjs'), '--rate', '0.1']);
    assert.equal(seen.defaultImport, 64, 'a CommonJS package imported by name, default and named');
    assert.deepEqual(seen.bundles, [], 'the temporary bundle is gone once Node has loaded it');
  });

  it('reports an error thrown after an await at its line, and marks the run failed', () => {
    const dir = bareFolder({ 'train.mjs': THROWS_AFTER_AWAIT });
    const result = runCli(['train', 'train.mjs'], dir);
    assert.equal(result.code, 1, result.stdout + result.stderr);
    assert.match(result.stdout, /train\.mjs:5:\d+: error: .*the dataset server answered 503/);
    const run = onlyRun(dir);
    assert.equal(run.info.status, 'failed');
    assert.equal(run.info.error?.location?.line, 5);
  });

  it('Ctrl+C stops a top-level fit loop at a batch: run stopped, its epochs kept', async () => {
    const dir = bareFolder({ 'train.mjs': LONG_LOOP });
    const { child, output } = startCli(['train', 'train.mjs'], dir);
    await waitFor(() => /fit call 3/.test(output()), 60_000, 'three fit calls');
    child.kill('SIGINT');
    const exit = await exitOf(child);
    assert.equal(exit.code, 130, output());
    const run = onlyRun(dir);
    assert.equal(run.info.status, 'stopped');
    const epochs = run.epochs.length;
    assert.ok(
      epochs >= 3 && epochs < LONG_LOOP_CALLS,
      `${epochs} epochs recorded: the fits after the stop trained none`,
    );
  });

  it('inspect says the script is a script, also when its first await is a fit it holds', () => {
    for (const script of [SCRIPT, FIT_FIRST]) {
      const dir = bareFolder({ 'train.mjs': script, ...INSTALLED_PACKAGE });
      const result = runCli(['inspect', 'train.mjs'], dir);
      assert.equal(result.code, 1, result.stdout + result.stderr);
      assert.match(result.stdout, /train\.mjs does not export createModel\(\)/);
    }
  });
});

describe('top-level await in a module-mode file', () => {
  it('trains a file that awaits its data before export function createModel', () => {
    const dir = bareFolder({ 'model.mts': MODULE_MODE });
    const result = runCli(['train', 'model.mts'], dir);
    assert.equal(result.code, 0, result.stdout + result.stderr);
    const run = onlyRun(dir);
    assert.equal(run.info.status, 'completed');
    assert.equal(run.info.mode, 'module');
    assert.equal(run.epochs.length, 3);
  });

  it('trains a file that awaits its data before export default { createModel, loadData }', () => {
    const dir = bareFolder({
      'model.mjs': `import * as tf from '@tensorflow/tfjs';
const rows = await Promise.resolve([[0, 1], [1, 0], [1, 1], [0, 0]]);
export default {
  config: { epochs: 2, batchSize: 2 },
  createModel: () => tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [2] })] }),
  loadData: () => ({ train: { xs: tf.tensor2d(rows), ys: tf.tensor2d([[1], [1], [2], [0]]) } }),
};
`,
    });
    const result = runCli(['train', 'model.mjs'], dir);
    assert.equal(result.code, 0, result.stdout + result.stderr);
    assert.equal(onlyRun(dir).epochs.length, 2);
  });

  it('refuses top-level await in a CommonJS file at its line, saying why', () => {
    const dir = bareFolder({
      'model.cjs': `const tf = require('@tensorflow/tfjs');\nconst data = await Promise.resolve([]);\nmodule.exports = { data };\n`,
    });
    const result = runCli(['train', 'model.cjs'], dir);
    assert.equal(result.code, 1, result.stdout + result.stderr);
    assert.match(
      result.stdout,
      /model\.cjs:2:\d+: error: Top-level await is not supported in a CommonJS model file .*Node allows it only in ES modules/,
    );
    assert.equal(onlyRun(dir).info.status, 'failed');
  });
});
