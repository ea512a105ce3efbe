/** Summary statistics of tensor values, computed from their data in one pass (pure, tested). */
import type { ActivationStats, Histogram, TensorStats } from '../../protocol/inspection';

export const HISTOGRAM_BINS = 30;
/** Values beyond this many are read with a stride: statistics, not an audit. */
const MAX_VALUES = 262_144;

export function histogram(values: ArrayLike<number>, min: number, max: number, bins = HISTOGRAM_BINS): Histogram {
  const counts = new Array<number>(bins).fill(0);
  const width = max - min;
  for (let i = 0; i < values.length; i++) {
    const value = values[i] as number;
    if (!Number.isFinite(value)) continue;
    const bin = width > 0 ? Math.min(bins - 1, Math.floor(((value - min) / width) * bins)) : 0;
    counts[bin] = (counts[bin] ?? 0) + 1;
  }
  return { min, max, counts };
}

function strided(values: ArrayLike<number>): ArrayLike<number> {
  if (values.length <= MAX_VALUES) return values;
  const stride = Math.ceil(values.length / MAX_VALUES);
  const sample = new Float32Array(Math.floor(values.length / stride));
  for (let i = 0; i < sample.length; i++) sample[i] = values[i * stride] as number;
  return sample;
}

export function tensorStats(all: ArrayLike<number>): TensorStats {
  const values = strided(all);
  let sum = 0;
  let sumSquares = 0;
  let min = Infinity;
  let max = -Infinity;
  let zeros = 0;
  let finite = 0;
  for (let i = 0; i < values.length; i++) {
    const value = values[i] as number;
    if (!Number.isFinite(value)) continue;
    finite++;
    sum += value;
    sumSquares += value * value;
    if (value < min) min = value;
    if (value > max) max = value;
    if (value === 0) zeros++;
  }
  if (finite === 0)
    return {
      mean: Number.NaN,
      std: Number.NaN,
      min: Number.NaN,
      max: Number.NaN,
      zeroFraction: 0,
      histogram: { min: 0, max: 0, counts: [] },
    };
  const mean = sum / finite;
  const variance = Math.max(0, sumSquares / finite - mean * mean);
  return {
    mean,
    std: Math.sqrt(variance),
    min,
    max,
    zeroFraction: zeros / finite,
    histogram: histogram(values, min, max),
  };
}

/** Fraction of units (the last axis) that are zero for every example and position. */
export function deadUnitFraction(values: ArrayLike<number>, units: number): number {
  if (units <= 0 || values.length < units) return 0;
  const active = new Uint8Array(units);
  for (let i = 0; i < values.length; i++) if (values[i] !== 0) active[i % units] = 1;
  let dead = 0;
  for (let unit = 0; unit < units; unit++) if (active[unit] === 0) dead++;
  return dead / units;
}

/** Fraction of outputs in the flat tails of a saturating activation (where its gradient vanishes). */
export function saturatedFraction(values: ArrayLike<number>, activation: string | undefined): number {
  const inTail: ((v: number) => boolean) | undefined =
    activation === 'sigmoid' || activation === 'hardSigmoid'
      ? (v) => v < 0.01 || v > 0.99
      : activation === 'tanh' || activation === 'softsign'
        ? (v) => Math.abs(v) > 0.99
        : undefined;
  if (!inTail || values.length === 0) return 0;
  let count = 0;
  for (let i = 0; i < values.length; i++) if (inTail(values[i] as number)) count++;
  return count / values.length;
}

export function activationStats(
  values: ArrayLike<number>,
  units: number,
  activation: string | undefined,
): ActivationStats {
  return {
    stats: tensorStats(values),
    deadUnitFraction: activation === 'relu' || activation === 'relu6' ? deadUnitFraction(values, units) : 0,
    saturatedFraction: saturatedFraction(values, activation),
  };
}
