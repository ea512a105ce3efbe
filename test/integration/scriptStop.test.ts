/**
 * Stop (Ctrl+C) on scripts that do more than train: one with its own SIGINT handler (save, exit),
 * one that serves predictions after its fit (it never ends by itself, as under node) and one that
 * saves its model after a fit-per-epoch loop. The handler runs as under node; the server is ended
 * soon after the stop, with a line saying why; the loop keeps the code it runs after its stopped fit.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { TrainerToHost } from '../../extension/protocol/trainerMessages';
import { assertBuilt, bareFolder, exitOf, onlyRun, startCli, startTrainer, waitFor } from './harness';

before(assertBuilt);

const SERVES_AFTER_FIT = `const tf = require('@tensorflow/tfjs-node');
const http = require('http');

const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [1] })] });
model.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
model.fit(tf.tensor2d([[1], [2], [3]]), tf.tensor2d([[2], [4], [6]]), { epochs: 2 }).then(() => {
  const server = http.createServer((req, res) => res.end(String(model.predict(tf.tensor2d([[4]])).dataSync()[0])));
  server.listen(0, '127.0.0.1', () => console.log('serving predictions'));
});
`;

const SAVES_AFTER_LOOP = `const tf = require('@tensorflow/tfjs-node');
const path = require('path');

async function main() {
  const model = tf.sequential({ layers: [tf.layers.dense({ units: 8, inputShape: [4], activation: 'relu' }), tf.layers.dense({ units: 1 })] });
  model.compile({ optimizer: 'adam', loss: 'meanSquaredError' });
  const xs = tf.randomNormal([512, 4]);
  const ys = xs.sum(1, true);
  for (let epoch = 0; epoch < 300; epoch++) {
    await model.fit(xs, ys, { epochs: 1, batchSize: 8 });
    console.log('epoch done', epoch);
  }
  await model.save('file://' + path.join(__dirname, 'saved'));
  console.log('saved');
}
main();
`;

const SAVES_ON_CTRL_C = `const tf = require('@tensorflow/tfjs-node');
const path = require('path');

let model;
process.on('SIGINT', async () => {
  console.log('interrupted: saving');
  await model.save('file://' + path.join(__dirname, 'interrupted'));
  process.exit(0);
});

async function main() {
  model = tf.sequential({ layers: [tf.layers.dense({ units: 16, inputShape: [8], activation: 'relu' }), tf.layers.dense({ units: 1 })] });
  model.compile({ optimizer: 'adam', loss: 'meanSquaredError' });
  const xs = tf.randomNormal([4096, 8]);
  await model.fit(xs, xs.sum(1, true), { epochs: 500, batchSize: 16 });
}
main();
`;

describe('script mode: stop outside fit', () => {
  it("Ctrl+C runs the script's own SIGINT handler (save, then exit), as under node: run stopped", async () => {
    const dir = bareFolder({ 'train.js': SAVES_ON_CTRL_C });
    const { child, output } = startCli(['train', 'train.js'], dir);
    await waitFor(() => /Epoch 1\/500/.test(output()), 60_000, 'the first epoch');
    child.kill('SIGINT');
    const exit = await exitOf(child);
    assert.equal(exit.code, 130, output());
    assert.match(output(), /interrupted: saving/);
    assert.ok(fs.existsSync(path.join(dir, 'interrupted', 'model.json')), 'the handler saved the model');
    const run = onlyRun(dir);
    assert.equal(run.info.status, 'stopped');
    assert.equal(run.info.exit?.reason, 'The script called process.exit(0) after the stop.');
  });

  it('a script serving after its fit is ended soon after Ctrl+C, not killed as if stuck in a batch', async () => {
    const dir = bareFolder({ 'serve.js': SERVES_AFTER_FIT });
    const { child, output } = startCli(['train', 'serve.js'], dir);
    await waitFor(() => output().includes('serving predictions'), 60_000, 'the server');
    const stoppedAt = Date.now();
    child.kill('SIGINT');
    const exit = await exitOf(child);
    assert.equal(exit.code, 130, output());
    assert.ok(Date.now() - stoppedAt < 8_000, 'before the supervisor would kill it (10 s)');
    assert.match(
      output(),
      /warning: serve\.js was still running outside model\.fit\(\) 3 s after the stop \(a server, a timer or an open handle keeps it alive\)/,
    );
    const run = onlyRun(dir);
    assert.equal(run.info.status, 'stopped');
    assert.equal(run.info.exit, undefined, 'ended by the trainer, not killed');
    assert.equal(run.epochs.length, 2);
  });

  it('extension: Stop on a script serving after its fit ends it without a forced kill', async () => {
    const dir = bareFolder({ 'serve.js': SERVES_AFTER_FIT });
    const received: TrainerToHost[] = [];
    const trainer = startTrainer(dir, received, { file: 'serve.js' });
    const epochs = () => received.filter((message) => message.type === 'epochEnd').length;
    await waitFor(() => epochs() === 2, 60_000, 'the fit');
    await sleep(500); // past the fit: the script is serving
    const exit = await trainer.stop();
    assert.equal(exit.stopForced, false, 'the trainer ended the run itself');
    const ended = received.find((message) => message.type === 'runEnded');
    assert.equal(ended?.type === 'runEnded' && ended.status, 'stopped');
    assert.ok(
      received.some((message) => message.type === 'log' && /still running outside model\.fit\(\)/.test(message.text)),
    );
  });

  it("a fit-per-epoch loop stopped mid-training still runs the script's own save after the loop", async () => {
    const dir = bareFolder({ 'train.js': SAVES_AFTER_LOOP });
    const { child, output } = startCli(['train', 'train.js'], dir);
    await waitFor(() => output().includes('epoch done 1'), 60_000, 'two fit calls');
    child.kill('SIGINT');
    const exit = await exitOf(child);
    assert.equal(exit.code, 130, output());
    assert.match(output(), /^saved$/m);
    assert.ok(fs.existsSync(path.join(dir, 'saved', 'model.json')));
    assert.doesNotMatch(output(), /still running outside model\.fit/);
    assert.equal(onlyRun(dir).info.status, 'stopped');
  });
});
