import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { assertBuilt, bareFolder, onlyRun, runCli, TINY_MODEL } from './harness';

before(assertBuilt);

/** The tiny model with its config's callbacks replaced. */
function withCallbacks(callbacks: string, epochs = 8): string {
  const model = TINY_MODEL.replace(
    'export const config = { epochs: 4, batchSize: 32, learningRate: 0.05 };',
    `export const config = { epochs: ${epochs}, batchSize: 32, learningRate: 0.05, callbacks: ${callbacks} };`,
  );
  assert.notEqual(model, TINY_MODEL, 'the tiny model still has the config this test replaces');
  return model;
}

describe('config.callbacks in module mode', () => {
  it('tf.callbacks.earlyStopping ends the run early, as completed, with a control record naming it', () => {
    // No improvement of 1000 is ever seen: patience 1 stops after the second epoch.
    const dir = bareFolder({
      'model.ts': withCallbacks("[tf.callbacks.earlyStopping({ monitor: 'val_loss', patience: 1, minDelta: 1000 })]"),
    });
    const result = runCli(['train', 'model.ts'], dir);
    assert.equal(result.code, 0, result.stdout + result.stderr);
    const run = onlyRun(dir);
    assert.equal(run.info.execution?.execution, 'graph', 'the callbacks run around the compiled step');
    assert.equal(run.info.status, 'completed');
    assert.equal(run.epochs.length, 2);
    assert.deepEqual(
      run.controls.map(({ action, by, epoch }) => ({ action, by, epoch })),
      [{ action: 'stop', by: 'EarlyStopping', epoch: 2 }],
    );
  });

  it('a learning-rate schedule written as a tf.Callback changes the rate, and each change is recorded', () => {
    const schedule = `[new (class HalveEachEpoch extends tf.Callback {
      async onEpochEnd() {
        const optimizer = this.model.optimizer as unknown as { learningRate: number };
        optimizer.learningRate = optimizer.learningRate / 2;
      }
    })()]`;
    const [graph, eager] = (['auto', 'off'] as const).map((mode) => {
      const dir = bareFolder({ 'model.ts': withCallbacks(schedule, 3) });
      const result = runCli(['train', 'model.ts', '--seed', '9', '--compile', mode], dir);
      assert.equal(result.code, 0, result.stdout + result.stderr);
      const run = onlyRun(dir);
      assert.equal(run.info.execution?.execution, mode === 'auto' ? 'graph' : 'eager');
      assert.equal(run.epochs.length, 3);
      assert.deepEqual(
        run.controls.map(({ action, by, value }) => ({ action, by, value })),
        [0.025, 0.0125, 0.00625].map((value) => ({ action: 'setLearningRate', by: 'HalveEachEpoch', value })),
      );
      return run.epochs.map((epoch) => epoch.logs.loss ?? Number.NaN);
    }) as [number[], number[]];
    graph.forEach((loss, epoch) =>
      assert.ok(Math.abs(loss - (eager[epoch] ?? NaN)) < 1e-4, `epoch ${epoch + 1}: ${loss} vs eager ${eager[epoch]}`),
    );
  });

  it('a plain { onEpochEnd } object works too; something that is not a callback is reported at config', () => {
    const ok = bareFolder({ 'model.ts': withCallbacks('[{ onEpochEnd: async () => undefined }]', 2) });
    assert.equal(runCli(['train', 'model.ts'], ok).code, 0);
    assert.equal(onlyRun(ok).controls.length, 0);

    const bad = bareFolder({ 'model.ts': withCallbacks("['earlyStopping']", 2) });
    const result = runCli(['train', 'model.ts'], bad);
    assert.equal(result.code, 1);
    assert.match(result.stdout, /model\.ts:3:\d+: error: config\.callbacks\[0\] is not a tfjs callback/);
  });
});
