/**
 * A model file sees its own location: `__dirname`, `__filename` and `import.meta.url` point at the
 * file itself (not the temporary bundle), in the entry file and in helper files in other folders,
 * so a data file read next to the model is found, also in a file with top-level await (an ES module bundle).
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import { assertBuilt, bareFolder, onlyRun, runCli } from './harness';

before(assertBuilt);

const DATA = JSON.stringify({
  xs: [
    [0, 1],
    [1, 0],
    [1, 1],
    [0, 0],
  ],
  ys: [[1], [1], [2], [0]],
});

/** A helper in a subfolder, CommonJS style: its __dirname is its own folder. */
const HELPER = `const fs = require('node:fs');
const path = require('node:path');
exports.readJson = (name) => JSON.parse(fs.readFileSync(path.join(__dirname, '..', name), 'utf8'));
exports.where = () => ({ dirname: __dirname, filename: __filename });
`;

const MODEL = `import * as tf from '@tensorflow/tfjs';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readJson, where } from './lib/data.js';

export const config = { epochs: 2, batchSize: 2 };

const here = { dirname: __dirname, filename: __filename, url: import.meta.url, helper: where() };
fs.writeFileSync(path.join(__dirname, 'where.json'), JSON.stringify(here));

export function createModel() {
  return tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [2] })] });
}

export function loadData() {
  const byUrl = JSON.parse(fs.readFileSync(fileURLToPath(new URL('./data.json', import.meta.url)), 'utf8'));
  const byHelper = readJson('data.json');
  return { train: { xs: tf.tensor2d(byUrl.xs), ys: tf.tensor2d(byHelper.ys) } };
}
`;

/** The usual ESM idiom declares its own __dirname: it must not clash with Tensorscope's. */
const ESM_IDIOM = `import * as tf from '@tensorflow/tfjs';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
const __filename = fileURLToPath(import.meta.url);
const __dirname = path.dirname(__filename);
export const config = { epochs: 1, batchSize: 2 };
export function createModel() {
  return tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [2] })] });
}
export function loadData() {
  const data = JSON.parse(fs.readFileSync(path.join(__dirname, 'data.json'), 'utf8'));
  return { train: { xs: tf.tensor2d(data.xs), ys: tf.tensor2d(data.ys) } };
}
`;

describe('a model file sees its own location', () => {
  it('__dirname, __filename and import.meta.url name the model file and its helpers, wherever the CLI runs', () => {
    const dir = bareFolder({ 'model.ts': MODEL, 'data.json': DATA });
    fs.mkdirSync(path.join(dir, 'lib'));
    fs.writeFileSync(path.join(dir, 'lib', 'data.js'), HELPER);
    const elsewhere = bareFolder({});
    const result = runCli(['train', path.join(dir, 'model.ts'), '--runs-in', elsewhere], elsewhere);
    assert.equal(result.code, 0, result.stdout + result.stderr);
    const here = JSON.parse(fs.readFileSync(path.join(dir, 'where.json'), 'utf8'));
    assert.deepEqual(here, {
      dirname: dir,
      filename: path.join(dir, 'model.ts'),
      url: `file://${path.join(dir, 'model.ts')}`,
      helper: { dirname: path.join(dir, 'lib'), filename: path.join(dir, 'lib', 'data.js') },
    });
    const run = onlyRun(elsewhere);
    assert.equal(run.info.status, 'completed');
    assert.equal(run.layers[0]?.source?.line, 13, 'layer source lines are unchanged by the location prologue');
  });

  it('a file that declares its own __dirname from import.meta.url (the ESM idiom) trains', () => {
    const dir = bareFolder({ 'model.ts': ESM_IDIOM, 'data.json': DATA });
    const result = runCli(['train', 'model.ts'], dir);
    assert.equal(result.code, 0, result.stdout + result.stderr);
    assert.equal(onlyRun(dir).info.status, 'completed');
  });

  it('a file with top-level await sees its own location too, and trains', () => {
    const model = ESM_IDIOM.replace(
      'export const config',
      'const remote = await Promise.resolve({ epochs: 1 });\nexport const config',
    );
    const dir = bareFolder({ 'model.ts': model, 'data.json': DATA });
    const result = runCli(['train', 'model.ts'], dir);
    assert.equal(result.code, 0, result.stdout + result.stderr);
    assert.equal(onlyRun(dir).info.status, 'completed');
  });
});

describe('a model file reached through a symlink', () => {
  it('keeps its layer source lines, under the path it was opened by', () => {
    const real = bareFolder({ 'model.ts': ESM_IDIOM, 'data.json': DATA });
    const workspace = bareFolder({});
    fs.symlinkSync(real, path.join(workspace, 'linked'));
    const opened = path.join(workspace, 'linked', 'model.ts');
    const result = runCli(['train', opened, '--runs-in', workspace], workspace);
    assert.equal(result.code, 0, result.stdout + result.stderr);
    const run = onlyRun(workspace);
    assert.equal(run.info.modelFile, opened);
    assert.deepEqual(run.layers[0]?.source && { file: run.layers[0].source.file, line: run.layers[0].source.line }, {
      file: opened,
      line: 9,
    });
  });
});
