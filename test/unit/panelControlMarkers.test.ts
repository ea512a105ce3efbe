import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ControlRecord } from '../../extension/protocol/records';
import { controlLine, formatLearningRate, markerLabel } from '../../extension/protocol/controlLabels';
import { controlMarkers, markerSummary } from '../../webview/chart/controlMarkers';
import { fontWithSize, laneRows, placeLabels } from '../../webview/chart/markerLayout';

const control = (action: ControlRecord['action'], step: number, value: number | null = null): ControlRecord => ({
  action,
  step,
  epoch: Math.floor(step / 100) + 1,
  time: step,
  value,
});

describe('control marker labels', () => {
  it('reads as a CLI line with the step, the epoch and the callback that acted', () => {
    assert.equal(controlLine(control('setLearningRate', 250, 0.001)), 'lr 0.001 at step 250 (epoch 3)');
    assert.equal(
      controlLine({ ...control('stop', 286), by: 'EarlyStopping' }),
      'stopped by EarlyStopping at step 286 (epoch 3)',
    );
  });

  it('names each change briefly', () => {
    assert.equal(markerLabel(control('pause', 1)), 'paused');
    assert.equal(markerLabel(control('continue', 1)), 'continued');
    assert.equal(markerLabel(control('resume', 1)), 'resumed');
    assert.equal(markerLabel(control('stop', 1)), 'stopped');
    assert.equal(markerLabel(control('setLearningRate', 1, 0.001)), 'lr 0.001');
    assert.equal(markerLabel(control('addEpochs', 1, 5)), '+5 epochs');
    assert.equal(markerLabel(control('addEpochs', 1, 1)), '+1 epoch');
    assert.equal(markerLabel(control('fit', 1, 1)), 'fit() 1 epoch');
    assert.equal(markerLabel(control('fit', 1, 3)), 'fit() 3 epochs');
  });

  it('still says something when a value is missing', () => {
    assert.equal(markerLabel(control('setLearningRate', 1)), 'lr changed');
    assert.equal(markerLabel(control('addEpochs', 1)), 'epochs added');
  });

  it('shows learning rates with four significant digits at most', () => {
    assert.equal(formatLearningRate(0.0005), '0.0005');
    assert.equal(formatLearningRate(0.000123456), '0.0001235');
    assert.equal(formatLearningRate(3e-7), '3e-7');
    assert.equal(formatLearningRate(0.1 + 0.2), '0.3');
  });
});

describe('controlMarkers', () => {
  it('places changes at their step, ascending, one marker per position', () => {
    const markers = controlMarkers(
      [control('addEpochs', 300, 5), control('pause', 120), control('continue', 120), control('pause', 400)],
      'step',
      100,
    );
    assert.deepEqual(markers, [
      { x: 120, label: 'paused · continued' },
      { x: 300, label: '+5 epochs' },
      { x: 400, label: 'paused' },
    ]);
  });

  it('places changes at epochs done on the epoch axis, where the batch before them is drawn', () => {
    const markers = controlMarkers([control('setLearningRate', 150, 0.01), control('resume', 200)], 'epoch', 100);
    assert.deepEqual(
      markers.map((marker) => marker.x),
      [1.5, 2],
    );
  });

  it('does not repeat a label at one position', () => {
    const markers = controlMarkers([control('pause', 10), control('pause', 10)], 'step', 100);
    assert.deepEqual(markers, [{ x: 10, label: 'paused' }]);
  });

  it('is empty without changes', () => {
    assert.deepEqual(controlMarkers([], 'step', 100), []);
  });
});

describe('marker label layout', () => {
  const bounds = { left: 0, right: 500 };

  it('starts a label just right of its line', () => {
    assert.deepEqual(placeLabels([{ x: 100, width: 40 }], bounds, 1, 4), [{ x: 104, align: 'left', row: 0 }]);
  });

  it('ends a label at its line when it would run past the right edge', () => {
    assert.deepEqual(placeLabels([{ x: 490, width: 40 }], bounds, 1, 4), [{ x: 486, align: 'right', row: 0 }]);
  });

  it('moves an overlapping label to the next row, and leaves it out when no row is free', () => {
    const lines = [
      { x: 100, width: 80 },
      { x: 120, width: 40 },
      { x: 140, width: 40 },
      { x: 300, width: 40 },
    ];
    const slots = placeLabels(lines, bounds, 2, 4);
    assert.deepEqual(
      slots.map((slot) => slot?.row ?? null),
      [0, 1, null, 0],
    );
  });

  it('keeps labels right of the plot area left edge', () => {
    assert.deepEqual(placeLabels([{ x: 30, width: 480 }], { left: 40, right: 500 }, 1, 4), [null]);
  });

  it('reserves no lane without markers and two rows at most', () => {
    assert.deepEqual([0, 1, 2, 9].map(laneRows), [0, 1, 2, 2]);
  });

  it('sets the pixel size of a CSS font', () => {
    assert.equal(fontWithSize('13px "Segoe UI", sans-serif', 22), '22px "Segoe UI", sans-serif');
    assert.equal(fontWithSize('sans-serif', 11), '11px sans-serif');
  });
});

describe('markerSummary', () => {
  it('describes the markers for screen readers', () => {
    const markers = controlMarkers([control('setLearningRate', 900, 0.001), control('pause', 1350)], 'step', 100);
    assert.equal(markerSummary(markers, 'Step'), 'Run changes: lr 0.001 at step 900; paused at step 1350.');
    assert.equal(markerSummary([], 'Step'), '');
  });
});
