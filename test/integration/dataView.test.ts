import assert from 'node:assert/strict';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import { assertBuilt, bareFolder, onlyRun, REPO_ROOT, runCli, TINY_MODEL } from './harness';

before(assertBuilt);

const example = (name: string) => path.join(REPO_ROOT, 'examples', name);

/**
 * An endless tf.data pipeline of 8×8 grey images, as a generator over a file would be: class 0
 * four times as common as each other class, and a NaN pixel in every 100th image.
 */
const ENDLESS_DATASET = `import * as tf from '@tensorflow/tfjs';

function* images() {
  for (let i = 0; ; i++) {
    const label = i % 7 < 4 ? 0 : (i % 7) - 3;
    const pixels = Array.from({ length: 64 }, (_, p) => ((p * (label + 1) + i) % 17) / 16);
    if (i % 100 === 0) pixels[5] = NaN;
    yield { xs: tf.tensor3d(pixels, [8, 8, 1]), ys: tf.oneHot(label, 4) };
  }
}

export function createModel() {
  return tf.sequential({ layers: [tf.layers.flatten({ inputShape: [8, 8, 1] }), tf.layers.dense({ units: 4, activation: 'softmax' })] });
}

export function loadData() {
  return { train: tf.data.generator(images) };
}
`;

describe('tensorscope data', () => {
  it('describes the spiral example: three balanced classes, two features, no duplicates', () => {
    const result = runCli(['data', 'model.ts'], example('mlp-synthetic'));
    assert.equal(result.code, 0, result.stdout + result.stderr);
    assert.match(result.stdout, /train\s+2,100 examples \(tensors\) · inputs \[2\] float32 · labels \[3\] float32/);
    assert.match(result.stdout, /test\s+450 examples/);
    assert.match(result.stdout, /Label balance, train \(3 classes\):/);
    assert.match(result.stdout, /feature 1\s+mean/);
    assert.match(result.stdout, /Duplicates: 0 of 450 test examples/);
    assert.match(result.stdout, /No problems found/);
    assert.doesNotMatch(result.stdout, /Run \d/, 'no run folder is made');
  });

  it('describes the MNIST example: 28×28 grey images in [0, 1], ten classes, a grid of every digit', () => {
    const result = runCli(['data', 'model.ts'], example('mnist-cnn'));
    assert.equal(result.code, 0, result.stdout + result.stderr);
    assert.match(
      result.stdout,
      /train\s+6,000 examples \(tensors\) · inputs \[28,28,1\] float32 · labels \[10\] float32/,
    );
    assert.match(result.stdout, /channel 0\s+mean\s+0\.1\d+\s+std\s+0\.3\d*\s+min\s+0\s+max\s+1/);
    assert.match(result.stdout, /Label balance, train \(10 classes\):(\n.*600\s+10\.0%){10}/);
    assert.match(result.stdout, /24 images 28×28 grey; labels 0 1 2 3 4 5 6 7 8 9 0 1/);
  });

  it('reads an endless tf.data dataset within its bound, and finds the dominating class and the NaNs', () => {
    const dir = bareFolder({ 'model.ts': ENDLESS_DATASET });
    const result = runCli(['data', 'model.ts'], dir);
    assert.equal(result.code, 0, result.stdout + result.stderr);
    const read = /train\s+unknown size, ([\d,]+) read/.exec(result.stdout);
    assert.ok(read, result.stdout);
    const sampled = Number(read[1]?.replace(/,/g, ''));
    assert.ok(sampled > 0 && sampled <= 10_000, `a bounded sample: ${sampled}`);
    assert.match(result.stdout, /\(dataset\) · inputs \[8,8,1\] float32 · labels \[4\] int32/);
    assert.match(result.stdout, /Class 0 dominates the train split: 57%/);
    assert.match(result.stdout, new RegExp(`train inputs hold ${Math.ceil(sampled / 100)} NaNs`));
    assert.match(result.stdout, /a tf\.data dataset is read for at most 15 s/);
  });

  it('records a data record in every training run', () => {
    const dir = bareFolder({ 'model.ts': TINY_MODEL });
    const result = runCli(['train', 'model.ts', '--epochs', '1'], dir);
    assert.equal(result.code, 0, result.stdout + result.stderr);
    assert.match(result.stdout, /Data: train 512, validation 64/);
    const { data } = onlyRun(dir);
    assert.equal(data?.splits[0]?.name, 'train');
    assert.equal(data?.splits[0]?.sampled, 512);
    assert.equal(data?.splits[0]?.balance, null, 'regression targets');
    assert.ok(data?.splits[0]?.labelStats, 'with their statistics');
    assert.equal(data?.duplicates?.found, 64, 'the validation split is the first 64 training examples');
  });
});
