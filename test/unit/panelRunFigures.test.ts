import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { BackendInfo } from '../../extension/protocol/model';
import type { EpochRecord } from '../../extension/protocol/records';
import {
  bestEpoch,
  formatEpochLoss,
  latestEpochLoss,
  OVERFITTING_EPOCHS,
  overfittingNote,
} from '../../extension/protocol/runFigures';
import { EtaEstimator } from '../../extension/runs/eta';
import { formatClock, formatElapsed } from '../../webview/chart/axisValues';
import { markerX, withMarker } from '../../webview/chart/controlMarkers';
import { metricTitle } from '../../extension/protocol/metricNames';
import { metricsAxisTitle, seriesLabel, xAxisTitle } from '../../webview/chart/seriesLabels';
import {
  backendBadgeText,
  formatBestEpoch,
  formatElapsedTime,
  formatRunLearningRate,
} from '../../webview/header/format';

function epochs(pairs: readonly [loss: number, valLoss?: number][]): EpochRecord[] {
  return pairs.map(([loss, valLoss], i) => ({
    epoch: i + 1,
    step: (i + 1) * 10,
    time: 1_000 * (i + 1),
    durationMs: 1_000,
    samplesPerSec: 100,
    logs: valLoss === undefined ? { loss } : ({ loss, val_loss: valLoss } as Record<string, number>),
  }));
}

describe('run figures (panel header and status bar)', () => {
  it('labels the newest epoch’s loss the same way wherever it is shown', () => {
    const latest = latestEpochLoss(
      epochs([
        [0.5, 0.6],
        [0.41234567, 0.55],
      ]).at(-1),
    );
    assert.deepEqual(latest, { epoch: 2, loss: 0.41234567, valLoss: 0.55 });
    assert.ok(latest);
    assert.equal(formatEpochLoss(latest), 'loss 0.4123 · validation 0.55 (epoch 2)');
    const trainOnly = latestEpochLoss(epochs([[0.3]])[0]);
    assert.ok(trainOnly);
    assert.equal(formatEpochLoss(trainOnly), 'loss 0.3 (epoch 1)');
    assert.equal(latestEpochLoss(undefined), null);
  });

  it('picks the best epoch by validation loss, else by training loss, skipping NaN', () => {
    const best = bestEpoch(
      epochs([
        [0.9, 0.8],
        [0.5, 0.4],
        [0.3, NaN],
        [0.2, 0.45],
      ]),
    );
    assert.deepEqual(best && [best.epoch, best.by, best.value, best.step], [2, 'validation loss', 0.4, 20]);
    assert.equal(bestEpoch(epochs([[0.9], [0.5], [0.7]]))?.epoch, 2);
    assert.equal(bestEpoch([]), null);
    assert.ok(best);
    assert.equal(formatBestEpoch(best), 'best: epoch 2 (validation loss 0.4)');
    assert.equal(formatBestEpoch(best, 3), 'best: epoch 2 (validation loss 0.4)');
    // The newest epoch's loss is on the line above: the best line does not repeat it.
    assert.equal(formatBestEpoch(best, 2), 'best: epoch 2, the newest');
  });

  it('says overfitting only when validation loss rose for several epochs while training loss fell', () => {
    const rising = epochs([
      [1, 0.5],
      [0.8, 0.52],
      [0.6, 0.55],
      [0.5, 0.6],
    ]);
    assert.equal(rising.length, OVERFITTING_EPOCHS + 1);
    assert.match(overfittingNote(rising, bestEpoch(rising)) ?? '', /overfitting \(best: epoch 1\)/);
    const oneBump = epochs([
      [1, 0.5],
      [0.8, 0.45],
      [0.6, 0.44],
      [0.5, 0.6],
    ]);
    assert.equal(overfittingNote(oneBump, bestEpoch(oneBump)), null, 'one rise is noise');
    const bothRise = epochs([
      [1, 0.5],
      [1.1, 0.52],
      [1.2, 0.55],
      [1.3, 0.6],
    ]);
    assert.equal(overfittingNote(bothRise, null), null, 'training loss rising too is divergence, not overfitting');
    assert.equal(overfittingNote(epochs([[1], [0.8], [0.6], [0.5]]), null), null, 'no validation, no note');
  });
});

describe('EtaEstimator', () => {
  it('says nothing until enough steps and seconds after the warm-up were timed', () => {
    const eta = new EtaEstimator();
    // A slow first batch (start-up) then 10 ms per step.
    eta.observe(1, 0);
    eta.observe(2, 5_000 - 1);
    for (let step = 3; step <= 100; step++) eta.observe(step, 5_000 + step * 10);
    assert.equal(eta.secondsLeft(100, 1_000), null, 'under three seconds timed');
    for (let step = 101; step <= 500; step++) eta.observe(step, 5_000 + step * 10);
    const left = eta.secondsLeft(500, 1_000);
    assert.ok(left !== null && Math.abs(left - 5) < 0.05, `500 steps at 10 ms: ~5 s, got ${left}`);
  });

  it('follows a change of pace smoothly and ignores a pause', () => {
    const eta = new EtaEstimator();
    let time = 0;
    for (let step = 1; step <= 1_000; step++) eta.observe(step, (time += 10));
    time += 60_000; // paused for a minute
    eta.observe(1_001, time);
    assert.ok(Math.abs((eta.secondsLeft(1_001, 2_001) ?? 0) - 10) < 0.1, 'the pause does not count as pace');
    for (let step = 1_002; step <= 1_010; step++) eta.observe(step, (time += 20));
    const after = eta.secondsLeft(1_010, 2_010) ?? 0;
    assert.ok(after > 10 && after < 12, `a few slower steps move it a little, not to 20 s: ${after}`);
    assert.equal(eta.secondsLeft(1_010, null), null, 'no total, no ETA');
  });
});

describe('labels a newcomer reads', () => {
  it('names series, metrics and axes in words', () => {
    assert.equal(seriesLabel('loss', 'val', true), 'validation loss (epoch)');
    assert.equal(seriesLabel('acc', 'smoothed', false), 'training accuracy (batch)');
    assert.equal(metricTitle('categoricalAccuracy'), 'categorical accuracy');
    assert.equal(metricsAxisTitle(['acc', 'mse']), 'accuracy, mean squared error');
    assert.equal(xAxisTitle('relative'), 'Time since the run started');
  });

  it('formats time axes, elapsed time, the learning rate and the backend badge', () => {
    assert.deepEqual([formatElapsed(42), formatElapsed(187), formatElapsed(3_729)], ['42s', '3:07', '1:02:09']);
    assert.match(formatClock(0), /\d{1,2}:\d{2}:\d{2}/);
    assert.equal(formatElapsedTime(187), '3m 07s elapsed');
    assert.equal(formatRunLearningRate(0.002), 'learning rate 0.002');
    assert.equal(formatRunLearningRate(null), null);
    const backend: BackendInfo = {
      name: 'cpu',
      native: 'no',
      packageName: '@tensorflow/tfjs',
      packagePath: '/x',
      version: '4.22.0',
      reason: 'no native build',
    };
    assert.equal(backendBadgeText(backend), 'cpu · slow');
    assert.equal(backendBadgeText({ ...backend, name: 'tensorflow', native: 'yes' }), 'tensorflow');
  });

  it('places markers on every x axis and joins one at an occupied position', () => {
    const record = { step: 30, time: 61_000 };
    assert.deepEqual(
      (['step', 'epoch', 'relative', 'wall'] as const).map((axis) => markerX(record, axis, 10, 1_000)),
      [30, 3, 60, 61],
    );
    const markers = withMarker([{ x: 3, label: 'lr 0.001' }], 3, 'best epoch 3');
    assert.deepEqual(markers, [{ x: 3, label: 'lr 0.001 · best epoch 3' }]);
    assert.deepEqual(
      withMarker([{ x: 5, label: 'paused' }], 2, 'best epoch 2').map((marker) => marker.x),
      [2, 5],
    );
  });
});
