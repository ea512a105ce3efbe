import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import { assertBuilt, bareFolder, onlyRun, runCli, TINY_MODEL } from './harness';

before(assertBuilt);

describe('CLI train in a bare folder', () => {
  it('trains a model file it has never seen, with no package.json or node_modules, and the loss falls', () => {
    const dir = bareFolder({ 'model.ts': TINY_MODEL });
    const result = runCli(['train', 'model.ts'], dir);
    assert.equal(result.code, 0, result.stdout + result.stderr);
    assert.match(result.stdout, /Backend: tensorflow \(native\)/);
    assert.match(result.stdout, /Epoch 4\/4 .* samples\/s/);
    const run = onlyRun(dir);
    assert.equal(run.info.status, 'completed');
    assert.equal(run.info.backend?.name, 'tensorflow');
    assert.equal(run.epochs.length, 4);
    const losses = run.epochs.map((epoch) => epoch.logs.loss ?? Number.NaN);
    assert.ok((losses[3] ?? Infinity) < (losses[0] ?? 0) * 0.5, `loss fell: ${losses.join(' → ')}`);
    assert.ok(run.epochs.every((epoch) => typeof epoch.logs.val_loss === 'number'));
    assert.equal(run.batches.length, 4 * 16);
    assert.equal(run.skippedLines, 0);
    assert.ok(fs.existsSync(path.join(run.info.modelFile.replace('model.ts', ''), '.tensorscope')));
  });

  it('honours --epochs and --batch-size over the file config', () => {
    const dir = bareFolder({ 'model.ts': TINY_MODEL });
    const result = runCli(['train', 'model.ts', '--epochs', '2', '--batch-size', '128'], dir);
    assert.equal(result.code, 0, result.stderr);
    const run = onlyRun(dir);
    assert.equal(run.info.config?.epochs, 2);
    assert.equal(run.info.config?.batchSize, 128);
    assert.equal(run.batches.length, 2 * 4);
  });

  it('evaluates the newest checkpoint after training', () => {
    const dir = bareFolder({ 'model.ts': TINY_MODEL });
    assert.equal(runCli(['train', 'model.ts', '--epochs', '2'], dir).code, 0);
    const result = runCli(['evaluate', 'model.ts'], dir);
    assert.equal(result.code, 0, result.stdout + result.stderr);
    assert.match(result.stdout, /Evaluation of .*checkpoint-best on the validation split: loss: \d+\.\d+/);
  });

  it('says there is no checkpoint yet before the first training', () => {
    const dir = bareFolder({ 'model.ts': TINY_MODEL });
    const result = runCli(['evaluate', 'model.ts'], dir);
    assert.equal(result.code, 1);
    assert.match(result.stdout, /No checkpoint yet for model\.ts: train it first/);
  });

  it('exits 2 with usage on bad arguments', () => {
    const result = runCli(['train'], bareFolder({}));
    assert.equal(result.code, 2);
    assert.match(result.stderr, /train needs a model file/);
  });
});
