import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RunHeader } from '../../extension/protocol/panelMessages';
import type { BatchRecord, EpochRecord } from '../../extension/protocol/records';
import {
  alignTracks,
  batchPosition,
  epochPosition,
  lossChartData,
  metricNames,
  metricsChartData,
  stepsInView,
} from '../../webview/chart/seriesData';
import { dotsFit } from '../../webview/chart/colors';
import type { RunState } from '../../webview/state/runState';
import { DEFAULT_UI_SETTINGS, type UiSettings } from '../../webview/state/uiSettings';

const PER_EPOCH = 4;

/** Two epochs of four batches, counted as the trainer does: epochs from 1, batches from 0. */
function run(options: { losses?: number[]; stepsPerEpoch?: number | null } = {}): RunState {
  const losses = options.losses ?? [2, 1.8, 1.5, 1.2, 1, 0.9, 0.7, 0.6];
  const batches: BatchRecord[] = losses.map((loss, i) => ({
    epoch: Math.floor(i / PER_EPOCH) + 1,
    batch: i % PER_EPOCH,
    step: i + 1,
    time: i,
    logs: { loss, acc: i / 10 },
  }));
  const epochs: EpochRecord[] = [1, 2].map((epoch) => ({
    epoch,
    step: epoch * PER_EPOCH,
    time: 0,
    durationMs: 1,
    samplesPerSec: 1,
    logs: { loss: 1.5 / epoch, acc: 0.3 * epoch, val_loss: 1.6 / epoch, val_acc: 0.25 * epoch },
  }));
  const header = { stepsPerEpoch: options.stepsPerEpoch === undefined ? PER_EPOCH : options.stepsPerEpoch };
  return { header: header as RunHeader, batches, epochs, controls: [], detail: null };
}

const settings = (patch: Partial<UiSettings> = {}): UiSettings => ({ ...DEFAULT_UI_SETTINGS, ...patch });

describe('alignTracks', () => {
  it('merges ascending tracks onto one x axis with gaps as null', () => {
    const spec = { label: 'a', kind: 'smoothed', group: 0 } as const;
    const data = alignTracks([
      { spec, xs: [1, 2, 3], ys: [10, 20, 30] },
      { spec, xs: [2, 4], ys: [200, 400] },
    ]);
    assert.deepEqual(data.x, [1, 2, 3, 4]);
    assert.deepEqual(data.ys, [
      [10, 20, 30, null],
      [null, 200, null, 400],
    ]);
  });
});

describe('lossChartData', () => {
  it('draws raw and smoothed batch loss, epoch loss and validation loss against steps', () => {
    const data = lossChartData(run(), settings({ smoothing: 0.5 }));
    assert.deepEqual(
      data.specs.map((spec) => spec.kind),
      ['raw', 'smoothed', 'epoch', 'val'],
    );
    assert.deepEqual(data.x, [1, 2, 3, 4, 5, 6, 7, 8]);
    assert.deepEqual(data.ys[0], [2, 1.8, 1.5, 1.2, 1, 0.9, 0.7, 0.6]);
    assert.equal(data.ys[1]?.[0], 2, 'smoothing is debiased');
    assert.ok((data.ys[1]?.[7] as number) > 0.6, 'smoothed lags the falling raw loss');
    assert.deepEqual(data.ys[3], [null, null, null, 1.6, null, null, null, 0.8]);
  });

  it('leaves out the raw series when smoothing is off', () => {
    const data = lossChartData(run(), settings({ smoothing: 0 }));
    assert.deepEqual(
      data.specs.map((spec) => spec.kind),
      ['smoothed', 'epoch', 'val'],
    );
    assert.deepEqual(data.ys[0], [2, 1.8, 1.5, 1.2, 1, 0.9, 0.7, 0.6]);
  });

  it('puts an epoch point on the row of that epoch’s last batch on the epoch axis', () => {
    const data = lossChartData(run(), settings({ xAxis: 'epoch', smoothing: 0 }));
    assert.deepEqual(data.x, [0.25, 0.5, 0.75, 1, 1.25, 1.5, 1.75, 2]);
    assert.deepEqual(data.ys[1], [null, null, null, 1.5, null, null, null, 0.75]);
  });

  it('turns values a log scale cannot draw into gaps', () => {
    const data = lossChartData(
      run({ losses: [2, 0, -1, Number.NaN, 1, 1, 1, 1] }),
      settings({ yScale: 'log', smoothing: 0 }),
    );
    assert.deepEqual(data.ys[0]?.slice(0, 5), [2, null, null, null, 1]);
    const linear = lossChartData(run({ losses: [2, 0, -1, Number.NaN, 1, 1, 1, 1] }), settings({ smoothing: 0 }));
    assert.deepEqual(linear.ys[0]?.slice(0, 5), [2, 0, -1, null, 1]);
  });

  it('is empty for a run without records', () => {
    const data = lossChartData({ header: null, batches: [], epochs: [] }, settings());
    assert.deepEqual(data, { specs: [], x: [], ys: [] });
  });
});

describe('metrics', () => {
  it('names each metric once, without val_ and without the loss', () => {
    assert.deepEqual(metricNames(run()), ['acc']);
  });

  it('draws the same four series per metric, on a linear scale even when the loss is on log', () => {
    const data = metricsChartData(run(), settings({ yScale: 'log', smoothing: 0.5 }));
    assert.deepEqual(
      data.specs.map((spec) => spec.label),
      [
        'training accuracy (batch, raw)',
        'training accuracy (batch, smoothed)',
        'training accuracy (epoch)',
        'validation accuracy (epoch)',
      ],
    );
    assert.equal(data.ys[0]?.[0], 0, 'a zero accuracy is drawn, not dropped as on a log scale');
  });
});

describe('stepsInView', () => {
  it('turns a zoomed x range into the steps it covers, one batch beyond each edge', () => {
    assert.deepEqual(stepsInView(run(), settings(), { min: 3.5, max: 5.5 }), { fromStep: 3, toStep: 6 });
    const onEpochs = stepsInView(run(), settings({ xAxis: 'epoch' }), { min: 0.6, max: 1.1 });
    assert.deepEqual(onEpochs, { fromStep: 2, toStep: 5 });
    assert.equal(stepsInView(run(), settings(), { min: 50, max: 60 }), null, 'nothing there');
  });
});

describe('batchPosition', () => {
  it('infers the batches per epoch when the header does not say', () => {
    const position = batchPosition(run({ stepsPerEpoch: null }), settings({ xAxis: 'epoch' }));
    assert.equal(position({ epoch: 2, batch: 1, step: 6, time: 0, logs: {} }), 1.5);
  });

  it('places batches and epochs in seconds since the run started, or at their Unix second', () => {
    const shown = run();
    const startedAt = shown.header?.startedAt ?? 0;
    const batch = { epoch: 1, batch: 0, step: 1, time: startedAt + 2_500, logs: {} };
    const epoch = { epoch: 1, step: 1, time: startedAt + 4_000, durationMs: 1, samplesPerSec: 1, logs: {} };
    assert.equal(batchPosition(shown, settings({ xAxis: 'relative' }))(batch), 2.5);
    assert.equal(epochPosition(shown, settings({ xAxis: 'relative' }))(epoch), 4);
    assert.equal(batchPosition(shown, settings({ xAxis: 'wall' }))(batch), (startedAt + 2_500) / 1000);
  });

  it('counts relative time from the first record when there is no header (compared runs)', () => {
    const batches = [{ epoch: 1, batch: 0, step: 1, time: 10_000, logs: { loss: 1 } }];
    const position = batchPosition({ header: null, batches, epochs: [] }, settings({ xAxis: 'relative' }));
    assert.equal(position({ epoch: 1, batch: 1, step: 2, time: 13_000, logs: {} }), 3);
  });
});

describe('epoch dots', () => {
  it('marks each epoch with a dot while the dots stay apart, not a thousand epochs in a few hundred pixels', () => {
    // An epoch series as the chart aligns it: a value at each epoch's last batch, null between.
    const epochValues = (epochs: number, stepsPerEpoch: number) =>
      Array.from({ length: epochs * stepsPerEpoch }, (_, i) => ((i + 1) % stepsPerEpoch === 0 ? 0.5 : null));
    const hundred = epochValues(100, 1000);
    assert.equal(dotsFit(hundred, 0, hundred.length - 1, 1150), true);
    const thousand = epochValues(1000, 4);
    assert.equal(dotsFit(thousand, 0, thousand.length - 1, 1150), false);
    // Zoomed into 50 of the thousand epochs, the dots come back.
    assert.equal(dotsFit(thousand, 0, 199, 1150), true);
    // 6 px a dot: 100 dots fit in 600 px, not in 590.
    assert.equal(dotsFit(hundred, 0, hundred.length - 1, 600), true);
    assert.equal(dotsFit(hundred, 0, hundred.length - 1, 590), false);
  });
});
