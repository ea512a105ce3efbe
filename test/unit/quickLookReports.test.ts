import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatLearningRateRange } from '../../extension/cli/quickLookReports';
import {
  DEFAULT_SWEEP,
  suggestLearningRate,
  sweepLearningRate,
} from '../../extension/trainer/inspection/learningRateRange';

describe('learning-rate range as text', () => {
  it('marks the row of the suggested learning rate, also when thinning the rows would skip it', () => {
    // A loss that falls fastest around step 37 of 100, so the suggestion is not on a row of a stride of 5.
    const points = Array.from({ length: 100 }, (_, step) => {
      const learningRate = sweepLearningRate(step, DEFAULT_SWEEP);
      const smoothedLoss = 2 - Math.tanh((step - 37) / 4) + (step > 80 ? (step - 80) ** 2 / 10 : 0);
      return { learningRate, loss: smoothedLoss, smoothedLoss };
    });
    const { suggested, reason } = suggestLearningRate(points);
    assert.ok(suggested !== null);
    const text = formatLearningRateRange({ points, suggested, reason });
    const marked = text.split('\n').filter((line) => line.includes('◀ suggested'));
    assert.equal(marked.length, 1);
    assert.match(marked[0] ?? '', new RegExp(`lr +${suggested.toExponential(1)} `));
    assert.match(text, new RegExp(`Suggested learning rate: ${suggested.toExponential(1).replace('+', '\\+')}`));
  });
});
