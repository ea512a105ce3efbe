import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TrainerFailure } from '../../extension/trainer/failure';
import { locateSweepKey } from '../../extension/sweep/specLocation';
import { parseSweepSpec } from '../../extension/sweep/sweepSpec';
import { generateTrials } from '../../extension/sweep/trialGeneration';

const FILE = '/work/model.ts';
const SOURCE = `import * as tf from '@tensorflow/tfjs';
export const config = { epochs: 5, learningRate: 0.01 };
export const sweep = {
  metric: 'val_loss',
  method: 'grid',
  parameters: {
    learningRate: { min: 1e-4, max: 1e-1, scale: 'log' },
    'units': [16, 32, 64],
  },
  earlyStopping: { method: 'asha', reductionFactor: 1 },
};
`;

function parse(value: unknown) {
  return parseSweepSpec(value, (keys) => locateSweepKey(SOURCE, FILE, keys));
}

function failure(value: unknown): TrainerFailure {
  try {
    parse(value);
  } catch (error) {
    assert.ok(error instanceof TrainerFailure);
    return error;
  }
  assert.fail('expected the spec to be rejected');
}

test('a minimal spec gets its defaults: random, 10 trials, no early stopping, goal from the metric', () => {
  const spec = parse({ metric: 'val_acc', parameters: { units: [8, 16] } });
  assert.equal(spec.method, 'random');
  assert.equal(spec.trials, 10);
  assert.equal(spec.goal, 'maximize');
  assert.deepEqual(spec.earlyStopping, { method: 'none' });
  assert.deepEqual(spec.parameters.units, { kind: 'values', values: [8, 16] });
  assert.equal(parse({ metric: 'val_loss', parameters: { units: [8] } }).goal, 'minimize');
});

test('ranges keep their scale and integer flag; early stopping fills its defaults', () => {
  const spec = parse({
    metric: 'val_loss',
    parameters: { lr: { min: 0.001, max: 0.1, scale: 'log' }, layers: { min: 1, max: 3, integer: true } },
    earlyStopping: { method: 'median' },
  });
  assert.deepEqual(spec.parameters.lr, {
    kind: 'range',
    min: 0.001,
    max: 0.1,
    scale: 'log',
    integer: false,
    steps: null,
  });
  assert.deepEqual(spec.earlyStopping, { method: 'median', graceEpochs: 1, minTrials: 3 });
  assert.deepEqual(parse({ metric: 'loss', parameters: { a: [1] }, earlyStopping: {} }).earlyStopping, {
    method: 'asha',
    minEpochs: 1,
    reductionFactor: 3,
  });
});

test('a bad value is reported with its key path and the line it is written on', () => {
  const bad = failure({
    metric: 'val_loss',
    parameters: { learningRate: { min: 1e-4, max: 1e-1, scale: 'log' }, units: [16, 32] },
    earlyStopping: { method: 'asha', reductionFactor: 1 },
  });
  assert.match(bad.message, /^sweep\.earlyStopping\.reductionFactor must be an integer ≥ 2, got 1\./);
  assert.equal(bad.location?.line, 10);
  assert.equal(bad.location?.file, FILE);

  const log = failure({ metric: 'val_loss', parameters: { learningRate: { min: 0, max: 1, scale: 'log' } } });
  assert.match(log.message, /sweep\.parameters\.learningRate\.min must be > 0 on a log scale/);
  assert.equal(log.location?.line, 7);

  const quoted = failure({ metric: 'val_loss', parameters: { units: [16, null] } });
  assert.match(quoted.message, /sweep\.parameters\.units\.1 must be a number, string or boolean, got null/);
  assert.equal(quoted.location?.line, 8);
});

test('whole-spec mistakes are named: no metric, no parameters, a grid over a continuous range, too many grid trials', () => {
  assert.match(failure(undefined).message, /^sweep must be an object, got nothing/);
  assert.match(failure({ parameters: { a: [1] } }).message, /sweep\.metric must name the epoch metric/);
  assert.match(failure({ metric: 'loss', parameters: {} }).message, /at least one parameter/);
  const grid = failure({ metric: 'loss', method: 'grid', parameters: { lr: { min: 0.1, max: 1 } } });
  assert.match(grid.message, /sweep\.parameters\.lr is a continuous range, which a grid cannot enumerate/);
  assert.equal(grid.location?.line, 6);
  assert.match(
    failure({ metric: 'loss', method: 'grid', trials: 7, parameters: { a: [1, 2], b: [1, 2, 3] } }).message,
    /sweep\.trials is 7, but the grid has only 6 points/,
  );
  assert.match(failure({ metric: 'loss', parameters: { a: { min: 2, max: 1 } } }).message, /needs min < max/);
  assert.match(failure({ metric: 'loss', parameters: { a: { step: 2 } } }).message, /must be a list of values/);
});

test('a grid enumerates every point in order, the last parameter fastest, ranges by steps', () => {
  const spec = parse({
    metric: 'loss',
    method: 'grid',
    parameters: {
      lr: { min: 0.001, max: 0.1, scale: 'log', steps: 3 },
      units: [8, 16],
      layers: { min: 1, max: 2, integer: true },
    },
  });
  assert.equal(spec.trials, 12);
  const trials = generateTrials(spec);
  assert.equal(trials.length, 12);
  assert.deepEqual(trials[0], { lr: 0.001, units: 8, layers: 1 });
  assert.deepEqual(trials[1], { lr: 0.001, units: 8, layers: 2 });
  assert.deepEqual(trials[2], { lr: 0.001, units: 16, layers: 1 });
  assert.deepEqual(trials[11], { lr: 0.1, units: 16, layers: 2 });
  assert.equal(trials[4]?.lr, 0.01);
  assert.equal(new Set(trials.map((t) => JSON.stringify(t))).size, 12);
});

test('random trials are the same for the same seed, stay in range, respect log scale and integers', () => {
  const raw = {
    metric: 'loss',
    trials: 200,
    seed: 7,
    parameters: {
      lr: { min: 1e-5, max: 1e-1, scale: 'log' },
      units: { min: 4, max: 64, integer: true },
      optimizer: ['adam', 'sgd'],
    },
  };
  const trials = generateTrials(parse(raw));
  assert.deepEqual(generateTrials(parse(raw)), trials);
  assert.notDeepEqual(generateTrials(parse({ ...raw, seed: 8 })), trials);
  for (const { lr, units, optimizer } of trials) {
    assert.ok(typeof lr === 'number' && lr >= 1e-5 && lr <= 1e-1);
    assert.ok(typeof units === 'number' && Number.isInteger(units) && units >= 4 && units <= 64);
    assert.ok(optimizer === 'adam' || optimizer === 'sgd');
  }
  // On a log scale about half the draws fall below the geometric middle (1e-3), not 1% as on a linear one.
  const below = trials.filter((t) => (t.lr as number) < 1e-3).length;
  assert.ok(below > 70 && below < 130, `${below} of 200 below 1e-3`);
  assert.ok(new Set(trials.map((t) => t.optimizer)).size === 2);
});
