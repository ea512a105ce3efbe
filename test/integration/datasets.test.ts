import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import { assertBuilt, bareFolder, onlyRun, runCli } from './harness';

before(assertBuilt);

/** Streamed data: a generator of unknown length, as from a file read line by line. */
const STREAMED = `import * as tf from '@tensorflow/tfjs';

export const config = { epochs: 3, batchSize: 32, learningRate: 0.05, loss: 'meanSquaredError' };

export function createModel() {
  return tf.sequential({ layers: [tf.layers.dense({ units: 8, activation: 'relu', inputShape: [2] }), tf.layers.dense({ units: 1 })] });
}

function* examples(count: number) {
  for (let i = 0; i < count; i++) {
    const x = [Math.sin(i), Math.cos(i * 0.7)];
    yield { xs: tf.tensor1d(x), ys: tf.tensor1d([x[0] + 2 * x[1]]) };
  }
}

export function loadData() {
  return {
    train: tf.data.generator(() => examples(640)),
    validation: tf.data.generator(() => examples(64)),
  };
}
`;

describe('tf.data datasets', () => {
  it('trains a streamed dataset of unknown size; steps per epoch are learned from the first epoch', () => {
    const dir = bareFolder({ 'model.ts': STREAMED });
    const result = runCli(['train', 'model.ts'], dir);
    assert.equal(result.code, 0, result.stdout + result.stderr);
    const run = onlyRun(dir);
    assert.equal(run.info.status, 'completed');
    assert.equal(run.epochs.length, 3);
    assert.equal(run.info.stepsPerEpoch, 20, '640 examples in batches of 32');
    assert.equal(run.batches.length, 60);
    assert.ok(run.epochs.every((epoch) => typeof epoch.logs.val_loss === 'number'));
    assert.ok((run.epochs[2]?.logs.loss ?? Infinity) < (run.epochs[0]?.logs.loss ?? 0), 'loss falls');
  });
});

/** The way tfjs's own fitDataset wants data: the pipeline batches itself (`.batch(64)`). */
const BATCHED = `const tf = require('@tensorflow/tfjs');

exports.config = { epochs: 2, batchSize: 32, optimizer: tf.train.rmsprop(0.01), loss: 'meanSquaredError' };

exports.createModel = () => {
  const input = tf.input({ shape: [3] });
  const output = tf.layers.dense({ units: 1 }).apply(tf.layers.dense({ units: 8, activation: 'relu' }).apply(input));
  return tf.model({ inputs: input, outputs: output });
};

function examples(count) {
  return tf.data.array(Array.from({ length: count }, (_, i) => [Math.sin(i), Math.cos(i), (i % 7) / 7])).map((x) => {
    const xs = tf.tensor1d(x);
    return { xs, ys: xs.sum().reshape([1]) };
  });
}

exports.loadData = () => ({
  train: examples(640).batch(64),
  validation: examples(100).batch(64),
  test: examples(100).batch(50),
});
`;

describe('tf.data datasets batched by the model file', () => {
  it('trains on its batches, says the batch size asked for does not apply, and evaluates and pre-flights them', () => {
    const dir = bareFolder({ 'model.js': BATCHED });
    const result = runCli(['train', 'model.js', '--batch-size', '16'], dir);
    assert.equal(result.code, 0, result.stdout + result.stderr);
    assert.match(
      result.stdout,
      /train dataset comes in batches of 64 .*the batch size 16 from --batch-size does not apply/,
    );
    assert.match(result.stdout, /Training: 2 epochs, batch size 64,/);
    const run = onlyRun(dir);
    assert.equal(run.info.status, 'completed');
    assert.equal(run.info.config?.batchSize, 64);
    assert.equal(run.info.stepsPerEpoch, 10, '640 examples in the file’s batches of 64');
    assert.equal(run.batches.length, 20);
    assert.ok(run.epochs.every((epoch) => typeof epoch.logs.val_loss === 'number'));
    const train = run.data?.splits.find((split) => split.name === 'train');
    assert.equal(train?.sampled, 640, 'the data record counts examples, not batches');
    assert.deepEqual(train?.inputShape, [3]);

    const evaluation = runCli(['evaluate', 'model.js'], dir);
    assert.equal(evaluation.code, 0, evaluation.stdout + evaluation.stderr);
    assert.match(evaluation.stdout, /on the test split: loss: \d/);
    const preflight = runCli(['preflight', 'model.js'], dir);
    assert.equal(preflight.code, 0, preflight.stdout + preflight.stderr);
    assert.match(preflight.stdout, /Every layer with weights gets a gradient/);
  });
});

/**
 * Elements of plain numbers, as a generator or a CSV row mapped to arrays gives them: tfjs's batch()
 * makes tensors of them, so fitDataset trains on them, and so must every command here.
 */
const NUMBER_ELEMENTS = `const tf = require('@tensorflow/tfjs');

function examples(count) {
  return tf.data.generator(function* () {
    for (let i = 0; i < count; i++) {
      const x = [Math.sin(i), Math.cos(i * 0.3), (i % 5) / 5];
      yield { xs: x, ys: [x[0] - 2 * x[2]] };
    }
  });
}

module.exports = {
  config: { epochs: 2, batchSize: 32, loss: 'meanSquaredError' },
  createModel: () => tf.sequential({ layers: [tf.layers.dense({ units: 8, activation: 'relu', inputShape: [3] }), tf.layers.dense({ units: 1 })] }),
  loadData: () => ({ train: examples(256), validation: examples(64), test: examples(64).map((e) => [e.xs, e.ys]) }),
};
`;

describe('tf.data elements of plain numbers', () => {
  it('train, data, pre-flight and evaluate take them as tfjs batch() does', () => {
    const dir = bareFolder({ 'model.js': NUMBER_ELEMENTS });
    const trained = runCli(['train', 'model.js'], dir);
    assert.equal(trained.code, 0, trained.stdout + trained.stderr);
    const run = onlyRun(dir);
    assert.equal(run.info.stepsPerEpoch, 8, '256 examples in batches of 32');
    assert.ok(run.epochs.every((epoch) => typeof epoch.logs.val_loss === 'number'));
    const data = runCli(['data', 'model.js'], dir);
    assert.equal(data.code, 0, data.stdout + data.stderr);
    assert.match(data.stdout, /feature 2 +mean/);
    assert.equal(runCli(['preflight', 'model.js'], dir).code, 0);
    const evaluated = runCli(['evaluate', 'model.js'], dir);
    assert.equal(evaluated.code, 0, evaluated.stdout + evaluated.stderr);
    assert.match(evaluated.stdout, /on the test split: loss: \d/);
  });
});

/** Datasets from generators that note each time they are started (as a file opened, a stream read from its beginning). */
const COUNTED_READS = `import * as fs from 'node:fs';
import * as tf from '@tensorflow/tfjs';

export const config = { epochs: 2, batchSize: 16, loss: 'meanSquaredError' };

export function createModel() {
  return tf.sequential({ layers: [tf.layers.dense({ units: 4, activation: 'relu', inputShape: [2] }), tf.layers.dense({ units: 1 })] });
}

function* examples(split: string, count: number) {
  fs.appendFileSync(process.cwd() + '/starts.log', split + '\\n');
  for (let i = 0; i < count; i++) {
    const x = [Math.sin(i), Math.cos(i * 0.7)];
    yield { xs: tf.tensor1d(x), ys: tf.tensor1d([x[0] + 2 * x[1]]) };
  }
}

export function loadData() {
  return {
    train: tf.data.generator(() => examples('train', 256)),
    validation: tf.data.generator(() => examples('validation', 64)),
  };
}
`;

describe('what a start reads of a dataset', () => {
  it('reads each split’s first elements once, shared by batch detection, the data check and the checksum', () => {
    const dir = bareFolder({ 'model.ts': COUNTED_READS });
    const starts = () => {
      const lines = fs.readFileSync(path.join(dir, 'starts.log'), 'utf8').trim().split('\n');
      fs.rmSync(path.join(dir, 'starts.log'));
      return {
        train: lines.filter((line) => line === 'train').length,
        validation: lines.filter((line) => line === 'validation').length,
      };
    };
    const trained = runCli(['train', 'model.ts', '--sample-every', '0'], dir);
    assert.equal(trained.code, 0, trained.stdout + trained.stderr);
    assert.equal(onlyRun(dir).info.status, 'completed');
    // Once at the start, once for the data report, once per epoch (0.2 before: train 6, validation 5).
    assert.deepEqual(starts(), { train: 4, validation: 4 });

    const evaluated = runCli(['evaluate', 'model.ts'], dir);
    assert.equal(evaluated.code, 0, evaluated.stdout + evaluated.stderr);
    assert.doesNotMatch(evaluated.stdout + evaluated.stderr, /other data/, 'the checksum read the same first elements');
    // The start (train: detection and checksum; validation: detection), then the scored split.
    assert.deepEqual(starts(), { train: 1, validation: 2 });
  });
});
