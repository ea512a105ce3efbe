import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { SweepFollower } from '../../extension/host/sweep/sweepFollower';
import type { SweepRecord, TrialRecord } from '../../extension/protocol/sweep';
import { writeSweep } from '../../extension/sweep/sweepStore';
import { trialCurvesData } from '../../webview/hparams/curvesData';
import {
  axisPosition,
  axisTicks,
  formatValue,
  metricAxis,
  metricBand,
  parameterAxes,
  sortTrials,
  sweepHeading,
  sweepMetricTitle,
  type Axis,
} from '../../webview/hparams/hparamsData';

function trial(
  index: number,
  params: TrialRecord['params'],
  metric: number | null,
  state: TrialRecord['state'] = 'completed',
): TrialRecord {
  return {
    index,
    params,
    state,
    runDir: null,
    metric,
    epochs: 3,
    startedAt: '2026-11-30T09:00:00.000Z',
    endedAt: `2026-11-30T09:00:${String(10 + index).padStart(2, '0')}.000Z`,
  };
}

function sweepOf(trials: TrialRecord[], goal: 'minimize' | 'maximize' = 'minimize'): SweepRecord {
  return {
    formatVersion: 1,
    sweepId: 'sweep-1',
    modelFile: '/m/model.ts',
    workspaceDir: '/m',
    createdAt: '',
    updatedAt: '',
    status: 'running',
    executor: { kind: 'local', parallel: 2, threadsPerTrial: 1 },
    spec: {
      metric: 'val_loss',
      goal,
      method: 'random',
      trials: trials.length,
      parallel: null,
      seed: 1,
      earlyStopping: { method: 'none' },
      parameters: {
        lr: { kind: 'range', min: 0.001, max: 0.1, scale: 'log', integer: false, steps: null },
        units: { kind: 'values', values: [8, 16, 32] },
        optimizer: { kind: 'values', values: ['adam', 'sgd'] },
      },
    },
    trials,
    best: null,
  };
}

const TRIALS = [
  trial(0, { lr: 0.001, units: 8, optimizer: 'adam' }, 0.9),
  trial(1, { lr: 0.1, units: 32, optimizer: 'sgd' }, 0.1),
  trial(2, { lr: 0.01, units: 16, optimizer: 'adam' }, 0.5, 'pruned'),
  trial(3, { lr: 0.01, units: 16, optimizer: 'sgd' }, null, 'running'),
];

test('axes: a log range on its scale, a number list numeric, a string list categorical', () => {
  const [lr, units, optimizer] = parameterAxes(sweepOf(TRIALS)) as [Axis, Axis, Axis];
  assert.deepEqual(lr, { name: 'lr', kind: 'numeric', log: true, min: 0.001, max: 0.1 });
  assert.equal(axisPosition(lr, 0.01), 0.5); // the geometric middle
  assert.deepEqual(units, { name: 'units', kind: 'numeric', log: false, min: 8, max: 32 });
  assert.deepEqual(optimizer, { name: 'optimizer', kind: 'categorical', categories: ['adam', 'sgd'] });
  assert.equal(axisPosition(optimizer, 'sgd'), 1);
  assert.equal(axisPosition(optimizer, 'rmsprop'), null);
  assert.deepEqual(
    axisTicks(lr).map((t) => t.label),
    ['0.001', '0.01', '0.1'],
  );
});

test('the metric band is 0 for the best and 4 for the worst, whichever the goal; none without a metric', () => {
  assert.equal(metricBand(sweepOf(TRIALS), 0.1), 0);
  assert.equal(metricBand(sweepOf(TRIALS), 0.9), 4);
  assert.equal(metricBand(sweepOf(TRIALS, 'maximize'), 0.9), 0);
  assert.equal(metricBand(sweepOf(TRIALS), null), null);
});

test('sorting: by metric, by a parameter, by duration; trials without a value stay last both ways', () => {
  const order = (column: 'metric' | 'duration', descending: boolean) =>
    sortTrials(TRIALS, { key: { column }, descending }, Date.parse('2026-11-30T09:01:00.000Z')).map((t) => t.index);
  assert.deepEqual(order('metric', false), [1, 2, 0, 3]);
  assert.deepEqual(order('metric', true), [0, 2, 1, 3]);
  assert.deepEqual(order('duration', true), [3, 2, 1, 0]); // the running one has run longest by now
  const byOptimizer = sortTrials(TRIALS, { key: { column: 'param', name: 'optimizer' }, descending: false }, 0);
  assert.deepEqual(
    byOptimizer.map((t) => t.index),
    [0, 2, 1, 3],
  );
});

test('values read short: small and large numbers in exponent form', () => {
  assert.deepEqual([0.000123, 0.01234567, 32, 'adam', null].map(formatValue), [
    '1.23e-4',
    '0.01235',
    '32',
    'adam',
    '—',
  ]);
  assert.equal(formatValue(1234567.5), '1.23e+6');
});

test('curves: the selected trials in selection order, one colour group each, non-finite values as gaps', () => {
  const curves = [
    { index: 0, epochs: [1, 2], values: [1, 0.5] },
    { index: 1, epochs: [1, 2, 3], values: [0.9, Number.NaN, 0.2] },
  ];
  const data = trialCurvesData(curves, [1, 0], 'val_loss', false);
  assert.deepEqual(
    data.specs.map((s) => [s.label, s.group]),
    [
      ['trial 2 · validation loss', 0],
      ['trial 1 · validation loss', 1],
    ],
  );
  assert.deepEqual(data.x, [1, 2, 3]);
  assert.deepEqual(data.ys, [
    [0.9, null, 0.2],
    [1, 0.5, null],
  ]);
});

test('the follower reads sweep.json when it changes and each trial metrics.jsonl from where it left off', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tensorscope-follower-'));
  try {
    const runDir = path.join(dir, 'run');
    fs.mkdirSync(runDir);
    const metrics = path.join(runDir, 'metrics.jsonl');
    fs.writeFileSync(metrics, `${JSON.stringify({ type: 'epoch', epoch: 1, val_loss: 0.8 })}\n{"type":"batch"}\n`);
    const sweepDir = path.join(dir, 'sweep');
    writeSweep(sweepDir, sweepOf([{ ...(TRIALS[0] as TrialRecord), runDir, state: 'running' }]));
    const follower = new SweepFollower(sweepDir);
    const first = follower.poll();
    assert.deepEqual(first?.curves, [{ index: 0, epochs: [1], values: [0.8] }]);
    assert.equal(follower.poll(), undefined, 'nothing changed');
    fs.appendFileSync(metrics, `${JSON.stringify({ type: 'epoch', epoch: 2, val_loss: 0.6 })}\n{"type":"epo`);
    assert.deepEqual(
      follower.poll()?.curves,
      [{ index: 0, epochs: [1, 2], values: [0.8, 0.6] }],
      'a torn last line waits',
    );
    fs.appendFileSync(metrics, `ch","epoch":3}\n`);
    assert.deepEqual(follower.poll()?.curves[0]?.values, [0.8, 0.6, null], 'an epoch without the metric is a gap');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('the view is headed by the model and the sweep’s start time, in words, not by the sweep id', () => {
  const createdAt = '2026-11-30T09:05:00.000Z';
  const heading = sweepHeading('mlp-synthetic/model.ts', createdAt);
  const started = new Date(createdAt).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
  assert.equal(heading, `mlp-synthetic/model.ts sweep, started ${started}`);
  assert.match(heading, /2026/);
  assert.equal(sweepHeading('model.ts', 'not a time'), 'model.ts sweep');
});

test('the sweep metric is named in words, as the loss panel and Compare name it', () => {
  const sweep = sweepOf(TRIALS);
  assert.equal(sweep.spec.metric, 'val_loss');
  assert.equal(sweepMetricTitle(sweep), 'validation loss');
  assert.equal(metricAxis(sweep).name, 'validation loss');
  assert.equal(sweepMetricTitle({ ...sweep, spec: { ...sweep.spec, metric: 'acc' } }), 'training accuracy');
});
