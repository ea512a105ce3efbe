/**
 * A module-mode run through the CLI with the compiled step: the header and run.json say how the
 * run trained and why, the loss falls, the checkpoint the session synced back evaluates, and a
 * resume continues; `--compile off` and an unsupported layer train eagerly and say so.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { listRunDirs, readRun } from '../../extension/runs/runReader';
import { assertBuilt, bareFolder, onlyRun, runCli, TINY_MODEL } from './harness';

before(assertBuilt);

const NOISE_MODEL = TINY_MODEL.replace(
  "tf.layers.dense({ units: 16, activation: 'relu', inputShape: [2] }),",
  "tf.layers.dense({ units: 16, activation: 'relu', inputShape: [2] }), tf.layers.gaussianNoise({ stddev: 0.1 }),",
);

describe('compiled module-mode runs', () => {
  it('trains through the graph by default, records it, and its checkpoint evaluates and resumes', () => {
    const dir = bareFolder({ 'model.ts': TINY_MODEL });
    const result = runCli(['train', 'model.ts', '--epochs', '3'], dir);
    assert.equal(result.code, 0, result.stdout + result.stderr);
    assert.match(result.stdout, /Execution: graph — the whole training step runs as one TensorFlow graph/);
    const run = onlyRun(dir);
    const runDir = listRunDirs(dir)[0] ?? '';
    assert.equal(run.info.execution?.execution, 'graph');
    const losses = run.epochs.map((epoch) => epoch.logs.loss ?? Number.NaN);
    assert.ok((losses[2] ?? Infinity) < (losses[0] ?? 0) * 0.5, `loss fell: ${losses.join(' → ')}`);
    assert.ok(run.layerStats.length > 0, 'sampled steps still record layer statistics');
    const evaluation = runCli(['evaluate', 'model.ts'], dir);
    assert.equal(evaluation.code, 0, evaluation.stdout + evaluation.stderr);
    const evaluated = Number(/loss: (\d+\.\d+)/.exec(evaluation.stdout)?.[1]);
    // Evaluate scores checkpoint-best: the epoch with the lowest validation loss.
    const bestValidation = Math.min(...run.epochs.map((epoch) => epoch.logs.val_loss ?? Infinity));
    assert.ok(
      Math.abs(evaluated - bestValidation) < 1e-3,
      `checkpoint scores ${evaluated}, training said ${bestValidation}`,
    );
    const resumed = runCli(['resume', runDir, '--epochs', '5'], dir);
    assert.equal(resumed.code, 0, resumed.stdout + resumed.stderr);
    const after = readRun(runDir);
    assert.equal(after?.epochs.length, 5);
    assert.ok((after?.epochs.at(-1)?.logs.loss ?? Infinity) <= (losses[2] ?? 0) * 1.5);
  });

  it('trains eagerly with --compile off, and says why', () => {
    const dir = bareFolder({ 'model.ts': TINY_MODEL });
    const result = runCli(['train', 'model.ts', '--epochs', '1', '--compile', 'off'], dir);
    assert.equal(result.code, 0, result.stdout + result.stderr);
    assert.match(result.stdout, /Execution: eager — compiling is off/);
    assert.deepEqual(onlyRun(dir).info.execution, {
      execution: 'eager',
      reason: 'compiling is off (tensorscope.compile / --compile off)',
    });
  });

  it('falls back to eager for a layer it cannot compile under auto, and fails under --compile on', () => {
    const dir = bareFolder({ 'model.ts': NOISE_MODEL });
    const auto = runCli(['train', 'model.ts', '--epochs', '1'], dir);
    assert.equal(auto.code, 0, auto.stdout + auto.stderr);
    assert.match(auto.stdout, /Execution: eager — layer gaussian\S* \(GaussianNoise\) draws random numbers/);
    const required = runCli(['train', 'model.ts', '--epochs', '1', '--compile', 'on'], dir);
    assert.equal(required.code, 1, required.stdout + required.stderr);
    assert.match(required.stdout + required.stderr, /cannot be compiled: layer gaussian/);
  });
});
