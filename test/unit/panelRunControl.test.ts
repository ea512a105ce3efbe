import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { statusBadge } from '../../webview/header/format';
import { MAX_MORE_EPOCHS, parseEpochCount, parseLearningRate } from '../../webview/header/runInputs';

describe('run control fields', () => {
  it('takes a whole number of epochs in range', () => {
    assert.equal(parseEpochCount('5'), 5);
    assert.equal(parseEpochCount(' 12 '), 12);
    assert.equal(parseEpochCount(String(MAX_MORE_EPOCHS)), MAX_MORE_EPOCHS);
    for (const text of ['', '0', '-3', '2.5', '1e3', 'five', String(MAX_MORE_EPOCHS + 1)]) {
      assert.equal(parseEpochCount(text), null, text);
    }
  });

  it('takes a positive learning rate, decimal or with an exponent', () => {
    assert.equal(parseLearningRate('0.001'), 0.001);
    assert.equal(parseLearningRate('.01'), 0.01);
    assert.equal(parseLearningRate('1e-4'), 1e-4);
    assert.equal(parseLearningRate(' 3E-5 '), 3e-5);
    assert.equal(parseLearningRate('2'), 2);
    for (const text of ['', '0', '0.0', '-0.1', 'abc', '1e', 'Infinity', '1e999', '0x10', '1,5']) {
      assert.equal(parseLearningRate(text), null, text);
    }
  });
});

describe('status badge', () => {
  it('says Paused for a paused running run, the status otherwise', () => {
    assert.deepEqual(statusBadge({ status: 'running', paused: true }), { label: 'Paused', state: 'paused' });
    assert.deepEqual(statusBadge({ status: 'running', paused: false }), { label: 'Running', state: 'running' });
    assert.deepEqual(statusBadge({ status: 'stopped', paused: true }), { label: 'Stopped', state: 'stopped' });
  });
});
