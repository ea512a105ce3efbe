/**
 * Per-feature or per-channel statistics of a block of example values, in one pass. Pure, so it is
 * unit-tested without TensorFlow. NaN and ±Infinity are counted apart and left out of the
 * moments (one NaN would otherwise hide every other figure).
 */
import type { NonFiniteCounts, ValueStats } from '../../protocol/dataReport';

/** Beyond this many features (a flattened image, a long sequence) one "all values" row is kept. */
export const MAX_STAT_COLUMNS = 64;

export type NumericArray = ArrayLike<number>;

export interface ValueSummary {
  readonly stats: ValueStats[];
  readonly nonFinite: NonFiniteCounts;
}

interface Accumulator {
  count: number;
  sum: number;
  sumOfSquares: number;
  min: number;
  max: number;
}

function emptyAccumulator(): Accumulator {
  return { count: 0, sum: 0, sumOfSquares: 0, min: Infinity, max: -Infinity };
}

function finish(name: string, acc: Accumulator): ValueStats {
  if (acc.count === 0) return { name, mean: null, std: null, min: null, max: null };
  const mean = acc.sum / acc.count;
  const variance = Math.max(0, acc.sumOfSquares / acc.count - mean * mean);
  return { name, mean, std: Math.sqrt(variance), min: acc.min, max: acc.max };
}

/**
 * Statistics of `values`, laid out example after example with `columns` values on the last axis
 * (channels of an image, features of a vector). `columnName` names column i ("channel 0").
 */
export function summarizeValues(
  values: NumericArray,
  columns: number,
  columnName: (column: number) => string,
): ValueSummary {
  const perColumn = columns >= 1 && columns <= MAX_STAT_COLUMNS;
  const width = perColumn ? columns : 1;
  const accumulators = Array.from({ length: width }, emptyAccumulator);
  let nan = 0;
  let infinity = 0;
  for (let i = 0; i < values.length; i++) {
    const value = values[i] as number;
    if (Number.isNaN(value)) nan++;
    else if (!Number.isFinite(value)) infinity++;
    else {
      const acc = accumulators[perColumn ? i % width : 0] as Accumulator;
      acc.count++;
      acc.sum += value;
      acc.sumOfSquares += value * value;
      if (value < acc.min) acc.min = value;
      if (value > acc.max) acc.max = value;
    }
  }
  const stats = accumulators.map((acc, column) => finish(perColumn ? columnName(column) : 'all values', acc));
  return { stats, nonFinite: { nan, infinity } };
}
