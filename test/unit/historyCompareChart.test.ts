import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CompareRun } from '../../extension/protocol/compareMessages';
import { trainLossData, valLossData } from '../../webview/compare/compareChartData';
import { batch, epoch } from './historyFixtures';

function run(label: string, withVal: boolean): CompareRun {
  const logs = (loss: number): Record<string, number> => (withVal ? { loss, val_loss: loss + 0.1 } : { loss });
  return {
    runId: label,
    label,
    status: 'completed',
    epochs: [epoch(1, logs(1)), epoch(2, logs(0.5))],
    batches: Array.from({ length: 20 }, (_, i) => batch(i + 1, 1 - i / 40)),
  };
}

describe('compare chart data', () => {
  it('draws each run’s epoch loss in its own colour group on an epoch axis', () => {
    const data = trainLossData([run('a', true), run('b', false)], { batches: false, yLog: false });
    assert.deepEqual(
      data.specs.map((spec) => [spec.label, spec.kind, spec.group]),
      [
        ['a · training loss (epoch)', 'epoch', 0],
        ['b · training loss (epoch)', 'epoch', 1],
      ],
    );
    assert.deepEqual(data.x, [1, 2]);
    assert.deepEqual(data.ys, [
      [1, 0.5],
      [1, 0.5],
    ]);
  });

  it('adds the smoothed batch loss at fractional epochs when asked', () => {
    const data = trainLossData([run('a', true)], { batches: true, yLog: false });
    assert.deepEqual(
      data.specs.map((spec) => spec.kind),
      ['smoothed', 'epoch'],
    );
    assert.equal(data.x[0], 0.1);
    assert.equal(data.x.at(-1), 2);
    const smoothed = data.ys[0] ?? [];
    assert.equal(smoothed[0], 1, 'the debiased EMA starts at the first value');
    assert.ok((smoothed.at(-1) ?? 0) > 1 - 19 / 40, 'smoothing lags the falling raw loss');
  });

  it('draws validation loss only for runs that have it, and gaps non-positive values on a log scale', () => {
    const val = valLossData([run('a', false), run('b', true)], { batches: false, yLog: false });
    assert.deepEqual(
      val.specs.map((spec) => [spec.label, spec.group]),
      [['b · validation loss (epoch)', 1]],
    );
    const zero = run('z', false);
    zero.epochs[1] = epoch(2, { loss: 0 });
    assert.deepEqual(trainLossData([zero], { batches: false, yLog: true }).ys, [[1, null]]);
  });
});
