/** The learning-rate range test as chart data: loss and smoothed loss against the learning rate. Pure. */
import type { LearningRateRange } from '../../../extension/protocol/inspection';
import type { ChartMarker } from '../../chart/controlMarkers';
import type { ChartData } from '../../chart/seriesData';

/** Losses above this multiple of the starting loss (the sweep diverging) are left off so the useful range stays readable. */
export const DIVERGED_FACTOR = 4;

/** The losses against the learning rate; the suggestion is drawn as a marker (`suggestionMarker`), not a series. */
export function learningRateChartData(result: LearningRateRange): ChartData {
  const points = result.points.filter((point) => point.learningRate > 0);
  const cap = DIVERGED_FACTOR * (points[0]?.smoothedLoss ?? Infinity);
  const shown = (value: number): number | null => (Number.isFinite(value) && value <= cap ? value : null);
  return {
    specs: [
      { label: 'loss', kind: 'raw', group: 0 },
      { label: 'smoothed loss', kind: 'smoothed', group: 0 },
    ],
    x: points.map((point) => point.learningRate),
    ys: [points.map((point) => shown(point.loss)), points.map((point) => shown(point.smoothedLoss))],
  };
}

/** "0.013": two significant digits, as the Apply button says it. */
export function formatSuggestion(learningRate: number): string {
  return String(Number(learningRate.toPrecision(2)));
}

/** A marker at the suggested rate, labelled as a learning rate; none without a suggestion. */
export function suggestionMarker(result: LearningRateRange): ChartMarker[] {
  const { suggested } = result;
  return suggested === null ? [] : [{ x: suggested, label: `suggested learning rate ${formatSuggestion(suggested)}` }];
}
