import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { clampWeight, createEma, pushEma, smooth } from '../../webview/chart/smoothing';

function close(actual: number[], expected: number[], tolerance = 1e-12): void {
  assert.equal(actual.length, expected.length);
  actual.forEach((value, i) => assert.ok(Math.abs(value - (expected[i] as number)) <= tolerance, `[${i}] ${value}`));
}

describe('debiased EMA smoothing', () => {
  it('follows TensorBoard: last = w*last + (1-w)*x, divided by 1 - w^t', () => {
    // t=1: 0.5 / 0.5; t=2: 1.25 / 0.75; t=3: 2.125 / 0.875
    close(smooth([1, 2, 3], 0.5), [1, 1.25 / 0.75, 2.125 / 0.875]);
  });

  it('starts at the first value instead of being pulled towards zero', () => {
    for (const weight of [0.3, 0.6, 0.9, 0.99]) assert.equal(smooth([2.3, 2.2], weight)[0], 2.3);
  });

  it('returns the values unchanged at weight 0', () => {
    assert.deepEqual(smooth([3, 1, 4, 1, 5], 0), [3, 1, 4, 1, 5]);
  });

  it('keeps a constant series constant', () => {
    close(smooth(Array(500).fill(0.7), 0.95), Array(500).fill(0.7), 1e-9);
  });

  it('passes non-finite values through without counting them', () => {
    const result = smooth([1, Number.NaN, 3, Number.POSITIVE_INFINITY], 0.5);
    assert.ok(Number.isNaN(result[1]));
    assert.equal(result[3], Number.POSITIVE_INFINITY);
    close([result[0] as number, result[2] as number], smooth([1, 3], 0.5));
  });

  it('smooths more at a higher weight', () => {
    const noisy = Array.from({ length: 400 }, (_, i) => 1 + (i % 2 === 0 ? 0.5 : -0.5));
    const spread = (values: number[]): number => {
      const tail = values.slice(100);
      return Math.max(...tail) - Math.min(...tail);
    };
    assert.ok(spread(smooth(noisy, 0.9)) < spread(smooth(noisy, 0.5)));
    assert.ok(spread(smooth(noisy, 0.5)) < spread(noisy));
  });

  it('gives the same values fed one at a time as over the whole series', () => {
    const values = [2.3, 1.9, 2.1, 1.2, 0.9, 1.1, 0.4];
    const state = createEma(0.8);
    close(
      values.map((value) => pushEma(state, value)),
      smooth(values, 0.8),
    );
  });

  it('clamps the weight below 1, where the average would never move', () => {
    assert.equal(clampWeight(1), 0.999);
    assert.equal(clampWeight(-0.5), 0);
    assert.equal(clampWeight(Number.NaN), 0);
    assert.equal(clampWeight(0.6), 0.6);
    const result = smooth([1, 5], 1);
    assert.ok((result[1] as number) > 1, 'still moves at the largest weight');
  });
});
