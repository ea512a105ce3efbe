/**
 * The trainer's statistics maths against values worked out by hand: tensor summary statistics,
 * dead and saturated units, and (with the real TensorFlow.js) one captured optimizer step's
 * per-layer gradient norm and update ratio ‖Δw‖/‖w‖.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { GradientCapture } from '../../extension/trainer/inspection/gradientCapture';
import {
  activationStats,
  deadUnitFraction,
  HISTOGRAM_BINS,
  saturatedFraction,
  tensorStats,
} from '../../extension/trainer/inspection/tensorStats';
import { silenceCpuBackendBanner } from '../../extension/trainer/quietTensorFlow';
import type { TensorFlow } from '../../extension/trainer/tensorflow';

function close(actual: number, expected: number, what: string, tolerance = 1e-5): void {
  assert.ok(
    Math.abs(actual - expected) <= tolerance * Math.max(1, Math.abs(expected)),
    `${what}: ${actual} ≠ ${expected}`,
  );
}

describe('tensorStats', () => {
  it('mean, std, min, max, zero fraction and histogram of [1, 2, 3, 4, 0], skipping NaN and ∞', () => {
    const stats = tensorStats([1, 2, 3, 4, 0, Number.NaN, Number.POSITIVE_INFINITY]);
    assert.equal(stats.mean, 2); // 10 / 5
    close(stats.std, Math.SQRT2, 'std'); // (1+4+9+16+0)/5 − 2² = 2
    assert.equal(stats.min, 0);
    assert.equal(stats.max, 4);
    assert.equal(stats.zeroFraction, 1 / 5);
    // 30 bins over [0, 4]: 0 → bin 0, 1 → ⌊7.5⌋ = 7, 2 → 15, 3 → ⌊22.5⌋ = 22, 4 → the last bin, 29
    const expected = new Array<number>(HISTOGRAM_BINS).fill(0);
    for (const bin of [0, 7, 15, 22, 29]) expected[bin] = 1;
    assert.deepEqual(stats.histogram, { min: 0, max: 4, counts: expected });
  });

  it('a constant tensor: std 0 and every value in the first bin', () => {
    const stats = tensorStats(new Float32Array([3, 3, 3]));
    assert.equal(stats.std, 0);
    assert.equal(stats.histogram.counts[0], 3);
  });

  it('no finite value: NaN statistics and an empty histogram', () => {
    const stats = tensorStats([Number.NaN, Number.NEGATIVE_INFINITY]);
    assert.ok(Number.isNaN(stats.mean) && Number.isNaN(stats.std));
    assert.deepEqual(stats.histogram.counts, []);
  });

  it('reads every third value of 524,290 (stride ⌈524290 / 262144⌉ = 3)', () => {
    const values = Float32Array.from({ length: 524_290 }, (_, i) => i % 2);
    const stats = tensorStats(values);
    // sample[i] = values[3i] = i mod 2, for i < ⌊524290 / 3⌋ = 174763: 87382 zeros, 87381 ones
    close(stats.zeroFraction, 87_382 / 174_763, 'zero fraction');
    close(stats.mean, 87_381 / 174_763, 'mean');
  });
});

describe('dead and saturated units', () => {
  it('a unit is dead when it is zero for every example: [[0,1,0],[0,2,0]] → 2 of 3', () => {
    assert.equal(deadUnitFraction([0, 1, 0, 0, 2, 0], 3), 2 / 3);
    assert.equal(deadUnitFraction([0, 1, 5, 0], 2), 0); // unit 0 fires in the second example
  });

  it('saturation: sigmoid outside [0.01, 0.99], tanh beyond |0.99|, none for relu', () => {
    assert.equal(saturatedFraction([0.005, 0.5, 0.995, 0.99], 'sigmoid'), 2 / 4);
    assert.equal(saturatedFraction([-0.995, 0.5, 0.999, 0], 'tanh'), 2 / 4);
    assert.equal(saturatedFraction([0, 100], 'relu'), 0);
  });

  it('activationStats counts dead units for relu only', () => {
    assert.equal(activationStats([0, 1, 0, 0, 2, 0], 3, 'relu').deadUnitFraction, 2 / 3);
    assert.equal(activationStats([0, 1, 0, 0, 2, 0], 3, 'linear').deadUnitFraction, 0);
  });
});

describe('gradient capture (real TensorFlow.js, one SGD step)', () => {
  before(async () => {
    await tf.setBackend('cpu');
    silenceCpuBackendBanner(tf);
  });

  /** x → a (kernel [1, 1]) → b (kernel [2]) → ŷ, no biases, MSE, SGD(0.01). */
  function twoLayerModel(): tf.Sequential {
    const model = tf.sequential({
      layers: [
        tf.layers.dense({ name: 'a', units: 1, inputShape: [2], useBias: false, kernelInitializer: 'ones' }),
        tf.layers.dense({
          name: 'b',
          units: 1,
          useBias: false,
          kernelInitializer: tf.initializers.constant({ value: 2 }),
        }),
      ],
    });
    model.compile({ optimizer: tf.train.sgd(0.01), loss: 'meanSquaredError' });
    return model;
  }

  it('per layer ‖g‖ and ‖Δw‖/‖w‖ for x = [1, 2], y = 0', async () => {
    const model = twoLayerModel();
    const capture = new GradientCapture(tf as unknown as TensorFlow, model);
    capture.arm();
    await model.fit(tf.tensor2d([[1, 2]]), tf.tensor2d([[0]]), { epochs: 1, batchSize: 1, shuffle: false, verbose: 0 });
    const layers = await capture.collect();
    assert.ok(layers);
    // h = 1·1 + 1·2 = 3, ŷ = 2h = 6, L = 36, ∂L/∂ŷ = 12
    // b: g = h·12 = 36; w' = 2 − 0.36 = 1.64 → ratio 0.36 / 1.64
    close(layers.get('b')?.gradientNorm ?? NaN, 36, 'b gradient norm', 1e-4);
    close(layers.get('b')?.updateRatio ?? NaN, 0.36 / 1.64, 'b update ratio', 1e-4);
    // a: ∂L/∂h = 12·2 = 24, g = [24, 48], ‖g‖ = √2880; w' = [0.76, 0.52] → ratio 0.01·√2880 / √0.848
    close(layers.get('a')?.gradientNorm ?? NaN, Math.sqrt(2880), 'a gradient norm', 1e-4);
    close(layers.get('a')?.updateRatio ?? NaN, (0.01 * Math.sqrt(2880)) / Math.sqrt(0.848), 'a update ratio', 1e-4);
    model.dispose();
  });

  it('captures only an armed step', async () => {
    const model = twoLayerModel();
    const capture = new GradientCapture(tf as unknown as TensorFlow, model);
    await model.fit(tf.tensor2d([[1, 2]]), tf.tensor2d([[0]]), { epochs: 1, batchSize: 1, verbose: 0 });
    assert.equal(await capture.collect(), undefined);
    model.dispose();
  });
});
