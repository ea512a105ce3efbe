/** The learning-rate range test as chart data: loss and smoothed loss against the learning rate. Pure. */
import type { LearningRateRange } from '../../../extension/protocol/inspection';
import type { ChartData } from '../../chart/seriesData';

/** The index of the value nearest `target` on a log scale, or -1. */
export function nearestIndex(values: readonly number[], target: number | null): number {
  let best = -1;
  let distance = Infinity;
  if (target === null || !(target > 0)) return best;
  values.forEach((value, index) => {
    const gap = Math.abs(Math.log(value / target));
    if (gap < distance) [best, distance] = [index, gap];
  });
  return best;
}

/** Losses above this multiple of the starting loss (the sweep diverging) are left off so the useful range stays readable. */
export const DIVERGED_FACTOR = 4;

export function learningRateChartData(result: LearningRateRange): ChartData {
  const points = result.points.filter((point) => point.learningRate > 0);
  const cap = DIVERGED_FACTOR * (points[0]?.smoothedLoss ?? Infinity);
  const shown = (value: number): number | null => (Number.isFinite(value) && value <= cap ? value : null);
  const x = points.map((point) => point.learningRate);
  const suggested = nearestIndex(x, result.suggested);
  return {
    specs: [
      { label: 'loss', kind: 'raw', group: 0 },
      { label: 'smoothed', kind: 'smoothed', group: 0 },
      { label: 'suggested', kind: 'val', group: 0 },
    ],
    x,
    ys: [
      points.map((point) => shown(point.loss)),
      points.map((point) => shown(point.smoothedLoss)),
      points.map((point, index) => (index === suggested ? shown(point.smoothedLoss) : null)),
    ],
  };
}
