/**
 * Tensors left behind per fit call and per checkpoint. A training script that calls fit in a loop
 * (once per epoch, say) prints tf.memory().numTensors after each call, as a user checking for a
 * leak would; under Tensorscope the count must stay flat, eagerly and through the compiled step.
 * Each fit call saves checkpoints (the last, the best, and at the fit's end), so a tensor leaked
 * per checkpoint shows as several per call. Checkpoints are also saved in-process, and a saved
 * one restores with the optimizer's iteration count it had.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import * as tfNode from '@tensorflow/tfjs-node';
import { restoreCheckpoint, saveCheckpoint } from '../../extension/trainer/checkpoint';
import type { TensorFlow } from '../../extension/trainer/tensorflow';
import { assertBuilt, bareFolder, onlyRun, runCli } from './harness';

before(assertBuilt);

const tf = tfNode as unknown as TensorFlow;
const FITS = 5;

const FIT_IN_A_LOOP = `const tf = require('@tensorflow/tfjs-node');

async function main() {
  const model = tf.sequential({
    layers: [
      tf.layers.dense({ units: 8, inputShape: [3], activation: 'relu' }),
      tf.layers.dropout({ rate: 0.1 }),
      tf.layers.dense({ units: 1 }),
    ],
  });
  model.compile({ optimizer: 'adam', loss: 'meanSquaredError', metrics: ['mae'] });
  const xs = tf.randomNormal([96, 3], 0, 1, 'float32', 3);
  const ys = xs.sum(1, true);
  const counts = [];
  for (let epoch = 0; epoch < ${FITS}; epoch++) {
    await model.fit(xs, ys, { epochs: 1, batchSize: 16, validationSplit: 0.25 });
    counts.push(tf.memory().numTensors);
  }
  console.log('tensors after each fit: ' + JSON.stringify(counts));
}
main();
`;

function tensorsAfterEachFit(compile: 'off' | 'on'): { counts: number[]; execution: string | undefined } {
  const dir = bareFolder({ 'train.js': FIT_IN_A_LOOP });
  const result = runCli(['train', 'train.js', '--compile', compile], dir);
  assert.equal(result.code, 0, result.stdout + result.stderr);
  const printed = /tensors after each fit: (\[[\d,]+\])/.exec(result.stdout);
  assert.ok(printed, result.stdout);
  return { counts: JSON.parse(printed[1] ?? '[]') as number[], execution: onlyRun(dir).info.execution?.execution };
}

describe('tensors left behind', () => {
  for (const [compile, execution] of [
    ['off', 'eager'],
    ['on', 'graph'],
  ] as const) {
    it(`a script's fit in a loop keeps tf.memory().numTensors flat (${execution})`, () => {
      const run = tensorsAfterEachFit(compile);
      assert.equal(run.execution, execution);
      assert.equal(run.counts.length, FITS);
      const [first] = run.counts;
      assert.deepEqual(run.counts, Array(FITS).fill(first), `tensors after each fit: ${run.counts.join(' ')}`);
    });
  }

  it('saving checkpoints leaves no tensor behind, and a checkpoint keeps the optimizer state it saved', async () => {
    const model = tf.sequential({ layers: [tf.layers.dense({ units: 2, inputShape: [3] })] });
    model.compile({ optimizer: tf.train.adam(0.01), loss: 'meanSquaredError' });
    const xs = tf.randomNormal([32, 3], 0, 1, 'float32', 5);
    const ys = tf.randomNormal([32, 2], 0, 1, 'float32', 6);
    await model.fit(xs, ys, { epochs: 1, batchSize: 8, verbose: 0 });
    const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tensorscope-memory-'));
    try {
      const counts: number[] = [];
      for (let save = 0; save < 4; save++) {
        await saveCheckpoint(tf, model, runDir);
        counts.push(tf.memory().numTensors);
      }
      assert.deepEqual(counts, Array(4).fill(counts[0]), `tensors after each save: ${counts.join(' ')}`);
      const saved = await model.optimizer.getWeights();
      const restored = tf.sequential({ layers: [tf.layers.dense({ units: 2, inputShape: [3] })] });
      restored.compile({ optimizer: tf.train.adam(0.01), loss: 'meanSquaredError' });
      await restoreCheckpoint(tf, restored, path.join(runDir, 'checkpoint-last'));
      const loaded = await restored.optimizer.getWeights();
      assert.deepEqual(
        loaded.map(({ name, tensor }) => [name, Array.from(tensor.dataSync())]),
        saved.map(({ name, tensor }) => [name, Array.from(tensor.dataSync())]),
        'iterations (4 batches) and both moments came back',
      );
      assert.equal(loaded[0]?.tensor.dataSync()[0], 4);
      tf.dispose([xs, ys]);
    } finally {
      fs.rmSync(runDir, { recursive: true, force: true });
    }
  });
});
