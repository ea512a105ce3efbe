import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { learningRateChartData } from '../../webview/inspector/data/learningRateChart';
import {
  DEFAULT_SWEEP,
  MIN_USEFUL_FALL,
  suggestLearningRate,
  sweepLearningRate,
} from '../../extension/trainer/inspection/learningRateRange';

/** A sweep whose smoothed loss is `lossAt(fraction of the sweep)`. */
function sweep(lossAt: (fraction: number) => number, steps = 60) {
  return Array.from({ length: steps }, (_, step) => {
    const loss = lossAt(step / (steps - 1));
    return { learningRate: sweepLearningRate(step, { ...DEFAULT_SWEEP, steps }), loss, smoothedLoss: loss };
  });
}

describe('learning-rate range test suggestion', () => {
  it('suggests the rate where a clearly falling loss falls fastest', () => {
    // Flat, a steep fall around the middle of the sweep (1e-3), then divergence.
    const points = sweep((f) => (f < 0.7 ? 1.1 - 0.8 / (1 + Math.exp(-(f - 0.5) * 30)) : 0.3 + (f - 0.7) * 10));
    const { suggested } = suggestLearningRate(points);
    assert.ok(suggested !== null && suggested > 3e-4 && suggested < 3e-3, `suggested ${suggested}`);
  });

  it('says the curve is too flat instead of suggesting from noise', () => {
    const points = sweep((f) => 1.1 - 0.03 * f + 0.005 * Math.sin(f * 40));
    const result = suggestLearningRate(points);
    assert.equal(result.suggested, null);
    assert.match(result.reason, /almost flat/);
    assert.ok(MIN_USEFUL_FALL > 0.03);
  });

  it('charts the losses only: the suggestion is a marker with a learning rate, not a loss series', () => {
    const points = sweep((f) => 1.1 - f * 0.9);
    const data = learningRateChartData({ points, suggested: 0.01, reason: '' });
    assert.deepEqual(
      data.specs.map((spec) => spec.label),
      ['loss', 'smoothed loss'],
    );
  });
});
