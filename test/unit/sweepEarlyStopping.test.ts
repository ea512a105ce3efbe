import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EarlyStopper, isRung } from '../../extension/sweep/earlyStopping';

test('ASHA rungs are minEpochs·η^k', () => {
  assert.deepEqual(
    [1, 2, 3, 4, 9, 10, 27].filter((e) => isRung(e, 1, 3)),
    [1, 3, 9, 27],
  );
  assert.deepEqual(
    [1, 2, 3, 4, 8].filter((e) => isRung(e, 2, 2)),
    [2, 4, 8],
  );
});

test('ASHA keeps the best 1/η at each rung, deciding with what has been reported so far', () => {
  const stopper = new EarlyStopper({ method: 'asha', minEpochs: 1, reductionFactor: 2 }, 'minimize');
  assert.equal(stopper.report(0, 1, 0.5), 'continue'); // alone at the rung: nothing to compare with
  assert.equal(stopper.report(1, 1, 0.9), 'stop'); // worse half of two
  assert.equal(stopper.report(2, 1, 0.3), 'continue'); // best of three
  assert.equal(stopper.report(0, 2, 0.1), 'continue'); // epoch 2 is a rung (1·2): alone there
  assert.equal(stopper.report(0, 3, 0.1), 'continue'); // not a rung
  assert.equal(stopper.report(3, 1, 0.4), 'continue'); // second best of four: in the top half
  assert.equal(stopper.report(4, 1, Number.NaN), 'stop'); // diverged
});

test('ASHA on a maximised metric keeps the highest', () => {
  const stopper = new EarlyStopper({ method: 'asha', minEpochs: 1, reductionFactor: 2 }, 'maximize');
  assert.equal(stopper.report(0, 1, 0.6), 'continue');
  assert.equal(stopper.report(1, 1, 0.9), 'continue');
  assert.equal(stopper.report(2, 1, 0.1), 'stop');
});

test('median stopping waits out the grace epochs and enough other trials, then stops the worse-than-median', () => {
  const stopper = new EarlyStopper({ method: 'median', graceEpochs: 1, minTrials: 2 }, 'minimize');
  for (const trial of [0, 1]) {
    assert.equal(stopper.report(trial, 1, 1.0), 'continue');
    assert.equal(stopper.report(trial, 2, 0.5), 'continue');
  }
  assert.equal(stopper.report(2, 1, 3.0), 'continue'); // grace epoch
  assert.equal(stopper.report(2, 2, 2.0), 'stop'); // best 2.0 > median of others' running means (0.75)
  assert.equal(stopper.report(3, 1, 0.4), 'continue');
  assert.equal(stopper.report(3, 2, 0.3), 'continue');
});

test('no early stopping continues everything, even a diverged trial (the trainer reports it)', () => {
  const stopper = new EarlyStopper({ method: 'none' }, 'minimize');
  assert.equal(stopper.report(0, 1, Number.NaN), 'continue');
});
