/**
 * A training script's own `model.fit` through the compiled step: the same seed trains the same
 * way as `--compile off` (History, what the script's callbacks see, the weights it saves right
 * after fit), a fit-in-a-loop script continues from one call to the next, and the options only
 * tfjs's loop takes keep a call eager with the reason recorded.
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import * as fs from 'node:fs';
import type { TrainerToHost } from '../../extension/protocol/trainerMessages';
import { listRunDirs } from '../../extension/runs/runReader';
import { CLASS_WEIGHT_REASON, classifierScript } from './classifierScript';
import { assertBuilt, bareFolder, onlyRun, REPO_ROOT, runCli, startTrainer, waitFor } from './harness';

before(assertBuilt);

/** Written as scripts are: a callback object per batch, tf.callbacks.earlyStopping, save after fit. */
const SCRIPT = `const path = require('node:path');
const tf = require('@tensorflow/tfjs');

function kernelSum(model) {
  return tf.tidy(() => model.layers[0].getWeights()[0].sum().dataSync()[0]);
}

async function main() {
  const model = tf.sequential();
  model.add(tf.layers.dense({ units: 16, activation: 'relu', inputShape: [4] }));
  model.add(tf.layers.dense({ units: 1 }));
  model.compile({ optimizer: tf.train.adam(0.02), loss: 'meanSquaredError', metrics: ['mae'] });
  const xs = tf.randomNormal([300, 4], 0, 1, 'float32', 3);
  const ys = xs.sum(1, true);
  const seenAtBatchEnd = [];
  const events = [];
  const order = {
    onTrainBegin: () => events.push('trainBegin'),
    onEpochBegin: (epoch) => events.push('epochBegin ' + epoch),
    onEpochEnd: (epoch, logs) => events.push('epochEnd ' + epoch + ' ' + Object.keys(logs).sort().join(',')),
    onTrainEnd: () => events.push('trainEnd'),
  };
  const history = await model.fit(xs, ys, {
    epochs: 8,
    batchSize: 32,
    validationSplit: 0.2,
    callbacks: [
      { onBatchEnd: () => seenAtBatchEnd.push(kernelSum(model)) },
      order,
      // Never "improves" after the first epoch: stops after epoch 3 of 8.
      tf.callbacks.earlyStopping({ monitor: 'val_loss', minDelta: 1e9, patience: 2 }),
    ],
  });
  console.log('HISTORY ' + JSON.stringify({ epoch: history.epoch, history: history.history }));
  console.log('BATCHES ' + JSON.stringify(seenAtBatchEnd));
  console.log('ITERATIONS ' + model.optimizer.iterations);
  console.log('EVENTS ' + JSON.stringify(events));
  await model.save('file://' + path.join(__dirname, 'saved'));
  const saved = await tf.loadLayersModel('file://' + path.join(__dirname, 'saved', 'model.json'));
  console.log('SAVED ' + kernelSum(saved));
}
main();
`;

interface ScriptOutput {
  history: { epoch: number[]; history: Record<string, number[]> };
  batches: number[];
  iterations: number;
  saved: number;
  events: string[];
}

function printed(stdout: string, tag: string): string {
  const line = stdout.split('\n').find((text) => text.startsWith(`${tag} `));
  assert.ok(line, `the script printed ${tag}:\n${stdout}`);
  return line.slice(tag.length + 1);
}

function trainBothWays(script: string): { graph: ScriptOutput; eager: ScriptOutput; graphDir: string } {
  const outputs = (['auto', 'off'] as const).map((mode) => {
    const dir = bareFolder({ 'train.js': script });
    const result = runCli(['train', 'train.js', '--seed', '11', '--compile', mode], dir);
    assert.equal(result.code, 0, result.stdout + result.stderr);
    const output: ScriptOutput = {
      history: JSON.parse(printed(result.stdout, 'HISTORY')) as ScriptOutput['history'],
      batches: JSON.parse(printed(result.stdout, 'BATCHES')) as number[],
      iterations: Number(printed(result.stdout, 'ITERATIONS')),
      saved: Number(printed(result.stdout, 'SAVED')),
      events: JSON.parse(printed(result.stdout, 'EVENTS')) as string[],
    };
    return { dir, output };
  });
  const [graph, eager] = outputs as [(typeof outputs)[0], (typeof outputs)[0]];
  return { graph: graph.output, eager: eager.output, graphDir: graph.dir };
}

function assertClose(actual: number, expected: number, what: string): void {
  assert.ok(
    Math.abs(actual - expected) <= 1e-4 * Math.max(1, Math.abs(expected)),
    `${what}: ${actual} vs eager ${expected}`,
  );
}

describe("a script's own fit through the compiled step", () => {
  it('trains as eager fit does: History, callbacks, early stopping and the weights saved after fit', () => {
    const { graph, eager, graphDir } = trainBothWays(SCRIPT);
    const run = onlyRun(graphDir);
    assert.equal(run.info.execution?.execution, 'graph', run.info.execution?.reason);
    assert.deepEqual(graph.history.epoch, [0, 1, 2], 'early stopping stopped after epoch 3');
    assert.deepEqual(graph.history.epoch, eager.history.epoch);
    assert.deepEqual(Object.keys(graph.history.history).sort(), ['loss', 'mae', 'val_loss', 'val_mae']);
    for (const [key, values] of Object.entries(eager.history.history))
      values.forEach((value, epoch) =>
        assertClose(graph.history.history[key]?.[epoch] ?? NaN, value, `${key}[${epoch}]`),
      );
    assert.equal(graph.batches.length, 3 * 8, 'the batch callback ran for every batch');
    graph.batches.forEach((sum, batch) => assertClose(sum, eager.batches[batch] ?? NaN, `weights at batch ${batch}`));
    assert.equal(graph.iterations, eager.iterations, "the optimizer's step count");
    assert.deepEqual(graph.events, eager.events, "the script's callbacks are called in tfjs's order, with its logs");
    assert.equal(graph.events.at(-1), 'trainEnd');
    assertClose(graph.saved, eager.saved, 'the model saved right after fit');
    assert.equal(run.epochs.length, 3);
    assert.equal(run.batches.length, 3 * 8);
    assert.ok(run.layerStats.length > 0, 'the steps the inspector samples still record layer statistics');
    const savedWeights = fs.readFileSync(path.join(graphDir, 'saved', 'weights.bin'));
    const checkpoint = fs.readFileSync(path.join(listRunDirs(graphDir)[0] ?? '', 'checkpoint-last', 'weights.bin'));
    assert.ok(
      checkpoint.subarray(0, savedWeights.length).equals(savedWeights),
      "the run's last checkpoint holds the weights the script saved",
    );
  });

  it('a fit-in-a-loop script continues from one fit call to the next', () => {
    const script = path.join(REPO_ROOT, 'test', 'fixtures', 'scripts', 'esm-yargs-loop', 'train.js');
    const losses = (['auto', 'off'] as const).map((mode) => {
      const dir = bareFolder({});
      const args = ['train', script, '--runs-in', dir, '--seed', '5', '--compile', mode, '--', '--iterations', '3'];
      const result = runCli(args, path.dirname(script));
      assert.equal(result.code, 0, result.stdout + result.stderr);
      const run = onlyRun(dir);
      assert.equal(run.info.execution?.execution, mode === 'auto' ? 'graph' : 'eager');
      assert.deepEqual(
        run.batches.map((batch) => batch.step),
        Array.from({ length: 24 }, (_, i) => i + 1),
      );
      return [...result.stdout.matchAll(/iteration \d: loss (\d+\.\d+)/g)].map((match) => Number(match[1]));
    });
    const [graph, eager] = losses as [number[], number[]];
    assert.equal(graph.length, 3);
    assert.deepEqual(graph, eager, 'each fit call goes on from the weights and optimizer state the last one left');
  });

  it('what a batch callback writes into the weights (clipping, as WGAN critics do) trains on, as in eager fit', () => {
    const script = `const tf = require('@tensorflow/tfjs');
const CLIP = 0.05;
async function main() {
  const model = tf.sequential();
  model.add(tf.layers.dense({ units: 8, activation: 'relu', inputShape: [3] }));
  model.add(tf.layers.dense({ units: 1 }));
  model.compile({ optimizer: tf.train.rmsprop(0.01), loss: 'meanSquaredError' });
  const xs = tf.randomNormal([160, 3], 0, 1, 'float32', 4);
  const ys = xs.sum(1, true);
  const clip = () =>
    tf.tidy(() => model.layers.forEach((layer) => layer.setWeights(layer.getWeights().map((w) => w.clipByValue(-CLIP, CLIP)))));
  const history = await model.fit(xs, ys, { epochs: 3, batchSize: 32, callbacks: { onBatchEnd: clip } });
  const largest = tf.tidy(() => Math.max(...model.getWeights().map((w) => w.abs().max().dataSync()[0])));
  console.log('LOSSES ' + JSON.stringify(history.history.loss));
  console.log('LARGEST ' + largest);
}
main();
`;
    const outputs = (['auto', 'off'] as const).map((mode) => {
      const dir = bareFolder({ 'train.js': script });
      const result = runCli(['train', 'train.js', '--seed', '7', '--compile', mode], dir);
      assert.equal(result.code, 0, result.stdout + result.stderr);
      assert.equal(onlyRun(dir).info.execution?.execution, mode === 'auto' ? 'graph' : 'eager');
      assert.ok(Number(printed(result.stdout, 'LARGEST')) <= 0.05 + 1e-7, `${mode}: ${result.stdout}`);
      return JSON.parse(printed(result.stdout, 'LOSSES')) as number[];
    });
    const [graph, eager] = outputs as [number[], number[]];
    assert.equal(graph.length, 3);
    // Each step starts from the clipped weights: a step from unclipped ones would train another curve.
    graph.forEach((loss, epoch) => assertClose(loss, eager[epoch] ?? NaN, `loss of epoch ${epoch + 1}`));
  });

  it('a script that freezes a layer and compiles again between fits trains the new step', () => {
    const script = `const tf = require('@tensorflow/tfjs');
async function main() {
  const model = tf.sequential();
  model.add(tf.layers.dense({ units: 8, activation: 'tanh', inputShape: [3] }));
  model.add(tf.layers.dense({ units: 1 }));
  model.compile({ optimizer: 'adam', loss: 'meanSquaredError' });
  const xs = tf.randomNormal([200, 3], 0, 1, 'float32', 4);
  const ys = xs.sum(1, true).tanh();
  const losses = [];
  for (let i = 0; i < 2; i++) losses.push((await model.fit(xs, ys, { epochs: 2, batchSize: 50 })).history.loss);
  const frozen = model.layers[0].getWeights()[0].arraySync();
  model.layers[0].trainable = false;
  model.compile({ optimizer: tf.train.sgd(0.1), loss: 'meanSquaredError' });
  losses.push((await model.fit(xs, ys, { epochs: 2, batchSize: 64 })).history.loss);
  const after = model.layers[0].getWeights()[0].arraySync();
  console.log('LOSSES ' + JSON.stringify(losses));
  console.log('FROZEN ' + (JSON.stringify(frozen) === JSON.stringify(after)));
}
main();
`;
    const outputs = (['auto', 'off'] as const).map((mode) => {
      const dir = bareFolder({ 'train.js': script });
      const result = runCli(['train', 'train.js', '--seed', '3', '--compile', mode], dir);
      assert.equal(result.code, 0, result.stdout + result.stderr);
      assert.equal(onlyRun(dir).info.execution?.execution, mode === 'auto' ? 'graph' : 'eager');
      assert.equal(printed(result.stdout, 'FROZEN'), 'true', 'the frozen layer kept its weights');
      return JSON.parse(printed(result.stdout, 'LOSSES')) as number[][];
    });
    const [graph, eager] = outputs as [number[][], number[][]];
    assert.equal(graph.flat().length, 6);
    graph.flat().forEach((loss, index) => assertClose(loss, eager.flat()[index] ?? NaN, `loss ${index}`));
  });

  it('follows the panel: learning rate, pause and stop act on the compiled fit, which returns to the script', async () => {
    const script = `const fs = require('node:fs');
const tf = require('@tensorflow/tfjs');
async function main() {
  const model = tf.sequential();
  model.add(tf.layers.dense({ units: 32, activation: 'relu', inputShape: [8] }));
  model.add(tf.layers.dense({ units: 1 }));
  model.compile({ optimizer: tf.train.sgd(0.01), loss: 'meanSquaredError' });
  const xs = tf.randomNormal([512, 8]);
  const ys = xs.sum(1, true);
  const history = await model.fit(xs, ys, { epochs: 5000, batchSize: 16 });
  fs.writeFileSync('after-fit.json', JSON.stringify({ epochs: history.epoch.length, learningRate: model.optimizer.learningRate }));
}
main();
`;
    const dir = bareFolder({ 'train.js': script });
    const received: TrainerToHost[] = [];
    const trainer = startTrainer(dir, received, { file: 'train.js' });
    const batchCount = () =>
      received.reduce((count, message) => count + (message.type === 'batches' ? message.records.length : 0), 0);
    await waitFor(() => batchCount() > 0, 60_000, 'the first batches');
    trainer.send({ type: 'setLearningRate', learningRate: 0.002 });
    trainer.send({ type: 'pauseTraining' });
    await waitFor(() => received.some((m) => m.type === 'control' && m.record.action === 'pause'), 10_000, 'pause');
    const paused = batchCount();
    await new Promise((resolve) => setTimeout(resolve, 700));
    assert.ok(batchCount() <= paused + 1, 'no batches while paused');
    trainer.send({ type: 'continueTraining' });
    await waitFor(() => batchCount() > paused + 5, 10_000, 'training to go on');
    trainer.stop();
    const exit = await trainer.exited;
    assert.equal(exit.code, 0);
    const run = onlyRun(dir);
    assert.equal(run.info.execution?.execution, 'graph', run.info.execution?.reason);
    assert.equal(run.info.status, 'stopped');
    assert.deepEqual(
      run.controls.map((control) => control.action),
      ['setLearningRate', 'pause', 'continue'],
    );
    assert.ok(run.controls.some((control) => control.action === 'setLearningRate' && control.value === 0.002));
    const afterFit = JSON.parse(fs.readFileSync(path.join(dir, 'after-fit.json'), 'utf8')) as {
      epochs: number;
      learningRate: number;
    };
    assert.ok(afterFit.epochs < 5000, 'the stopped fit returned to the script early');
    assert.equal(afterFit.learningRate, 0.002);
  });

  it("keeps a fit call eager when it passes what only tfjs's loop takes, and says why (a warning for a later call; a failure under --compile on)", () => {
    const classifier = (before: string) =>
      classifierScript(
        `${before}\n  await model.fit(xs, ys, { epochs: 2, batchSize: 16, classWeight: { 0: 1, 1: 3 } });`,
      );
    const reason = CLASS_WEIGHT_REASON;
    const dir = bareFolder({ 'train.js': classifier('') });
    const result = runCli(['train', 'train.js', '--epochs', '1'], dir);
    assert.equal(result.code, 0, result.stdout + result.stderr);
    assert.deepEqual(onlyRun(dir).info.execution, { execution: 'eager', reason, fitCalls: { graph: 0, eager: 1 } });
    const later = classifier('await model.fit(xs, ys, { epochs: 1 });');
    const switched = runCli(['train', 'train.js', '--epochs', '1'], bareFolder({ 'train.js': later }));
    assert.equal(switched.code, 0, switched.stdout + switched.stderr);
    assert.match(switched.stdout, /^Execution: graph/m);
    assert.ok(switched.stdout.includes(`warning: This fit call trains eagerly: ${reason}`), switched.stdout);
    const required = runCli(
      ['train', 'train.js', '--epochs', '1', '--compile', 'on'],
      bareFolder({ 'train.js': classifier('') }),
    );
    assert.equal(required.code, 1, required.stdout + required.stderr);
    assert.ok((required.stdout + required.stderr).includes(`cannot be compiled: ${reason}`), required.stdout);
  });

  it("compiles a fit call that asks for verbose 1, and prints Tensorscope's progress instead of tfjs's progress bar (eager too)", () => {
    const script = SCRIPT.replace('validationSplit: 0.2,', 'validationSplit: 0.2, verbose: 1,');
    // tfjs-node's progress bar ends each epoch with e.g. "12ms 402us/step - loss=0.51 mae=0.55 val_loss=…".
    const progressBar = /\d+us\/step|eta=/;
    for (const mode of ['auto', 'off'] as const) {
      const dir = bareFolder({ 'train.js': script });
      const result = runCli(['train', 'train.js', '--epochs', '2', '--compile', mode], dir);
      assert.equal(result.code, 0, result.stdout + result.stderr);
      assert.equal(onlyRun(dir).info.execution?.execution, mode === 'auto' ? 'graph' : 'eager');
      assert.match(result.stdout, /^Epoch 2\b.*loss/m, "Tensorscope's own epoch lines");
      assert.doesNotMatch(result.stdout + result.stderr, progressBar, `${mode}: no tfjs progress bar`);
    }
  });
});
