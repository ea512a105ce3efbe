/**
 * A script that calls fit once per epoch, many times (text generation, RL and GAN scripts do):
 * its checkpoints are throttled by time (script/scriptCheckpoints.ts), and still hold what they
 * protect. `checkpoint-last` is the state the script ended with, after its own onTrainEnd put
 * earlier weights back, also when the script ends with its own process.exit(0); `checkpoint-best`
 * holds the best epoch's weights and run.json names that epoch. Data that grows from call to call
 * (a replay buffer) keeps the first call's graph: each epoch's last batch of a new size trains
 * eagerly, with the weights `--compile off` gives. A preload counts the checkpoint folders written
 * and the graphs built (test/fixtures/countTrainerWrites.cjs).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import { listRunDirs } from '../../extension/runs/runReader';
import { SCRIPT_CHECKPOINT_INTERVAL_MS } from '../../extension/trainer/script/scriptCheckpoints';
import { CLASS_WEIGHT_REASON, classifierScript } from './classifierScript';
import { assertBuilt, bareFolder, CLI, exitOf, onlyRun, REPO_ROOT, runCli, startCli, waitFor } from './harness';

before(assertBuilt);

const CALLS = 120;
const BATCHES_PER_CALL = 4;
const RESTORED_EPOCH = 10;
const COUNTER = path.join(REPO_ROOT, 'test', 'fixtures', 'countTrainerWrites.cjs');

/** Fit once per epoch; the last call's onTrainEnd puts epoch 10's weights back, as a restore callback would. */
function loopScript(ending: string): string {
  return `const fs = require('node:fs');
const path = require('node:path');
const tf = require('@tensorflow/tfjs');

const weightsNow = (model) => model.getWeights().map((weight) => Array.from(weight.dataSync()));

async function main() {
  const model = tf.sequential({
    layers: [tf.layers.dense({ units: 8, activation: 'relu', inputShape: [4] }), tf.layers.dense({ units: 1 })],
  });
  model.compile({ optimizer: tf.train.adam(0.01), loss: 'meanSquaredError' });
  const xs = tf.randomNormal([${BATCHES_PER_CALL * 16}, 4], 0, 1, 'float32', 3);
  const ys = xs.sum(1, true);
  const epochs = [];
  for (let call = 0; call < ${CALLS}; call++) {
    const restore = call === ${CALLS - 1};
    await model.fit(xs, ys, {
      epochs: 1,
      batchSize: 16,
      callbacks: {
        onEpochEnd: (epoch, logs) => epochs.push({ loss: logs.loss, weights: weightsNow(model) }),
        onTrainEnd: () => {
          if (!restore) return;
          const kept = epochs[${RESTORED_EPOCH - 1}].weights;
          model.setWeights(model.getWeights().map((weight, i) => tf.tensor(kept[i], weight.shape)));
        },
      },
    });
  }
  fs.writeFileSync(path.join(__dirname, 'epochs.json'), JSON.stringify(epochs));
  ${ending}
}
main();
`;
}

interface ScriptEpoch {
  loss: number;
  weights: number[][];
}

/** The model's weights in a checkpoint folder (the optimizer's state after them left out), and its position. */
function checkpointWeights(dir: string): { weights: number[][]; position: { epoch: number; step: number } } {
  const modelJson = JSON.parse(fs.readFileSync(path.join(dir, 'model.json'), 'utf8')) as {
    weightsManifest: { weights: { name: string; shape: number[]; group?: string }[] }[];
    tensorscope: { epoch: number; step: number };
  };
  const bytes = fs.readFileSync(path.join(dir, 'weights.bin'));
  const floats = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
  const weights: number[][] = [];
  let offset = 0;
  for (const spec of modelJson.weightsManifest.flatMap((group) => group.weights)) {
    const size = spec.shape.reduce((a, b) => a * b, 1);
    if (spec.group !== 'optimizer') weights.push(Array.from(floats.subarray(offset, offset + size)));
    offset += size;
  }
  return { weights, position: modelJson.tensorscope };
}

interface Counted {
  /** Checkpoint folders written. */
  writes: number;
  /** Step graphs built. */
  graphs: number;
  seconds: number;
  stdout: string;
}

function trainCounted(dir: string, args: string[] = []): Counted {
  const counts = path.join(dir, 'counts.jsonl');
  const started = Date.now();
  const result = spawnSync(process.execPath, [CLI, 'train', 'train.js', ...args], {
    cwd: dir,
    encoding: 'utf8',
    timeout: 240_000,
    env: { ...process.env, FITLOOP_COUNTS: counts, NODE_OPTIONS: `--require ${COUNTER}` },
  });
  const seconds = (Date.now() - started) / 1000;
  assert.equal(result.status, 0, result.stdout + result.stderr);
  const lines = fs
    .readFileSync(counts, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, number>);
  const graphs = lines.reduce((sum, counted) => sum + (counted.graphs ?? 0), 0);
  const all = lines.reduce((sum, counted) => sum + Object.values(counted).reduce((a, b) => a + b, 0), 0);
  return { writes: all - graphs, graphs, seconds, stdout: result.stdout };
}

function assertCheckpointsHoldTheLoop(dir: string): void {
  const epochs = JSON.parse(fs.readFileSync(path.join(dir, 'epochs.json'), 'utf8')) as ScriptEpoch[];
  assert.equal(epochs.length, CALLS);
  const run = onlyRun(dir);
  assert.equal(run.info.status, 'completed');
  // Written at the end, though the per-call counts were kept in memory between the interval's writes.
  assert.equal(run.info.config?.epochs, CALLS);
  assert.deepEqual(run.info.execution?.fitCalls, { graph: CALLS, eager: 0 });
  assert.equal(run.info.execution?.changes, undefined);
  const runDir = listRunDirs(dir)[0] ?? '';

  const last = checkpointWeights(path.join(runDir, 'checkpoint-last'));
  assert.deepEqual(last.position, { epoch: CALLS, step: CALLS * BATCHES_PER_CALL }, 'last: the end of the loop');
  assert.deepEqual(last.weights, epochs[RESTORED_EPOCH - 1]?.weights, "last: what the script's onTrainEnd restored");
  assert.notDeepEqual(last.weights, epochs[CALLS - 1]?.weights, 'the restore changed the weights');

  const bestEpoch = run.info.best?.epoch ?? 0;
  const losses = epochs.map((epoch) => epoch.loss);
  assert.equal(bestEpoch, losses.indexOf(Math.min(...losses)) + 1, 'run.json: the epoch of the lowest loss');
  const best = checkpointWeights(path.join(runDir, 'checkpoint-best'));
  assert.equal(best.position.epoch, bestEpoch, 'best: the epoch run.json names');
  assert.deepEqual(best.weights, epochs[bestEpoch - 1]?.weights, "best: that epoch's weights");
}

/** At most one write of each checkpoint (last, best) per interval, and each written once more at the end. */
function assertThrottled({ writes, seconds }: Counted): void {
  const intervals = Math.ceil((seconds * 1000) / SCRIPT_CHECKPOINT_INTERVAL_MS);
  assert.ok(writes >= 2, `last and best written (${writes})`);
  assert.ok(writes <= 2 * (intervals + 2), `${writes} checkpoint writes in ${seconds.toFixed(1)} s for ${CALLS} calls`);
}

describe('script mode: a fit-per-epoch loop', () => {
  it('keeps the final state (after onTrainEnd) and the best epoch while writing checkpoints at most once per interval', () => {
    const dir = bareFolder({ 'train.js': loopScript('') });
    const counted = trainCounted(dir);
    assertThrottled(counted);
    assertCheckpointsHoldTheLoop(dir);
  });

  it('writes the held checkpoints when the script ends with its own process.exit(0)', () => {
    const dir = bareFolder({ 'train.js': loopScript('process.exit(0);') });
    trainCounted(dir);
    assertCheckpointsHoldTheLoop(dir);
  });

  it("keeps the first call's graph for data that grows each call: the new last batches train eagerly, as --compile off trains them", () => {
    // A replay buffer: call i trains on 40 + 3i samples, so each call's last batch (of 16) has another size.
    const script = `const fs = require('node:fs');
const path = require('node:path');
const tf = require('@tensorflow/tfjs');

async function main() {
  const model = tf.sequential({
    layers: [tf.layers.dense({ units: 8, activation: 'relu', inputShape: [4] }), tf.layers.dense({ units: 1 })],
  });
  model.compile({ optimizer: tf.train.adam(0.01), loss: 'meanSquaredError' });
  const xs = tf.randomNormal([100, 4], 0, 1, 'float32', 3);
  const ys = xs.sum(1, true);
  for (let call = 0; call < 20; call++) {
    const [x, y] = [xs, ys].map((all) => all.slice(0, 40 + 3 * call));
    await model.fit(x, y, { epochs: 1, batchSize: 16, shuffle: false });
    tf.dispose([x, y]);
  }
  const weights = model.getWeights().map((weight) => Array.from(weight.dataSync()));
  fs.writeFileSync(path.join(__dirname, 'weights.json'), JSON.stringify(weights));
}
main();
`;
    const trained = (['auto', 'off'] as const).map((mode) => {
      const dir = bareFolder({ 'train.js': script });
      const counted = trainCounted(dir, ['--seed', '5', '--compile', mode]);
      const weights = JSON.parse(fs.readFileSync(path.join(dir, 'weights.json'), 'utf8')) as number[][];
      return { counted, weights, run: onlyRun(dir) };
    });
    const [graph, eager] = trained as [(typeof trained)[0], (typeof trained)[0]];
    assert.equal(graph.run.info.execution?.execution, 'graph');
    assert.equal(graph.counted.graphs, 1, 'one graph for all 20 calls');
    assert.equal(eager.counted.graphs, 0);
    assert.doesNotMatch(graph.counted.stdout, /This fit call trains eagerly/, 'every call trains through the graph');
    assert.equal(graph.run.batches.length, eager.run.batches.length);
    graph.weights.flat().forEach((value, index) => {
      const expected = eager.weights.flat()[index] ?? Number.NaN;
      assert.ok(
        Math.abs(value - expected) <= 1e-4 * Math.max(1, Math.abs(expected)),
        `weight ${index}: ${value} vs ${expected}`,
      );
    });
  });

  it('records in run.json how every fit call trained: the first call, the counts and the calls that changed the way', () => {
    // classWeight keeps calls 2 and 3 eager (tfjs's fit trains with it; the compiled step does not take it).
    const script = classifierScript(`for (let call = 1; call <= 4; call++) {
    const weighted = call === 2 || call === 3 ? { classWeight: { 0: 1, 1: 3 } } : {};
    await model.fit(xs, ys, { epochs: 1, batchSize: 16, ...weighted });
  }`);
    const dir = bareFolder({ 'train.js': script });
    const result = runCli(['train', 'train.js'], dir);
    assert.equal(result.code, 0, result.stdout + result.stderr);
    const execution = onlyRun(dir).info.execution;
    const eagerReason = CLASS_WEIGHT_REASON;
    assert.equal(execution?.execution, 'graph');
    assert.match(execution?.reason ?? '', /one TensorFlow graph \(batch sizes 16\)/);
    assert.deepEqual(execution?.fitCalls, { graph: 2, eager: 2 });
    assert.deepEqual(execution?.changes, [
      { fitCall: 2, execution: 'eager', reason: eagerReason },
      { fitCall: 4, execution: 'graph', reason: execution?.reason },
    ]);
    assert.ok(result.stdout.includes(`warning: This fit call trains eagerly: ${eagerReason}.`), result.stdout);
    assert.match(result.stdout, /warning: This fit call trains through the compiled graph: /);
  });

  it('writes the state a stopped loop ended with at once: checkpoint-last holds what the script saves after its loop', async () => {
    const script = `const path = require('node:path');
const tf = require('@tensorflow/tfjs');

async function main() {
  const model = tf.sequential({
    layers: [tf.layers.dense({ units: 8, activation: 'relu', inputShape: [4] }), tf.layers.dense({ units: 1 })],
  });
  model.compile({ optimizer: 'adam', loss: 'meanSquaredError' });
  const xs = tf.randomNormal([512, 4], 0, 1, 'float32', 3);
  const ys = xs.sum(1, true);
  for (let call = 0; call < 1000; call++) {
    await model.fit(xs, ys, { epochs: 1, batchSize: 8 });
    console.log('call done', call);
  }
  await model.save('file://' + path.join(__dirname, 'saved'));
  console.log('saved');
}
main();
`;
    const dir = bareFolder({ 'train.js': script });
    const { child, output } = startCli(['train', 'train.js'], dir);
    // Inside the interval after the first call's write: the stopped call's state is held, not yet written.
    await waitFor(() => output().includes('call done 2'), 60_000, 'three fit calls');
    child.kill('SIGINT');
    const exit = await exitOf(child);
    assert.equal(exit.code, 130, output());
    assert.match(output(), /^saved$/m);
    const run = onlyRun(dir);
    assert.equal(run.info.status, 'stopped');
    const runDir = listRunDirs(dir)[0] ?? '';
    const last = checkpointWeights(path.join(runDir, 'checkpoint-last'));
    assert.deepEqual(last.weights, checkpointWeights(path.join(dir, 'saved')).weights, 'the state the script saved');
    assert.equal(last.position.step, run.batches.at(-1)?.step, 'taken after the last batch trained');
  });
});
