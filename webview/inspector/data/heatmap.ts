/**
 * Histograms over time as a heatmap: each sample's histogram re-binned onto one shared value
 * range, so rows line up across steps (each sample's own bins span its own min..max). Pure.
 */
import type { Histogram, LayerStatsRecord } from '../../../extension/protocol/inspection';

export type HistogramKind = 'weights' | 'activation';

export interface Heatmap {
  readonly steps: number[];
  readonly min: number;
  readonly max: number;
  readonly bins: number;
  /** `columns[step][bin]` in [0, 1], bin 0 at `min`; log-scaled counts relative to the column's peak. */
  readonly columns: number[][];
}

export const HEATMAP_BINS = 32;

function histogramOf(record: LayerStatsRecord, layer: string, kind: HistogramKind): Histogram | undefined {
  const stats = record.layers.find((entry) => entry.name === layer);
  return kind === 'weights' ? stats?.weights?.histogram : stats?.activation?.stats.histogram;
}

/** Spreads each source bin's count onto the target bin under its centre. */
export function rebin(histogram: Histogram, min: number, max: number, bins: number): number[] {
  const target = new Array<number>(bins).fill(0);
  const count = histogram.counts.length;
  const width = (histogram.max - histogram.min) / Math.max(1, count);
  const span = max - min;
  histogram.counts.forEach((value, i) => {
    const centre = histogram.min + (i + 0.5) * width;
    const index = span > 0 ? Math.floor(((centre - min) / span) * bins) : Math.floor(bins / 2);
    const at = Math.min(bins - 1, Math.max(0, index));
    target[at] = (target[at] ?? 0) + value;
  });
  return target;
}

function normalise(counts: number[]): number[] {
  const logs = counts.map((count) => Math.log1p(count));
  const peak = Math.max(...logs);
  return logs.map((value) => (peak > 0 ? value / peak : 0));
}

export function histogramHeatmap(
  records: readonly LayerStatsRecord[],
  layer: string,
  kind: HistogramKind,
  bins = HEATMAP_BINS,
): Heatmap | undefined {
  const samples = records.flatMap((record) => {
    const histogram = histogramOf(record, layer, kind);
    return histogram !== undefined && Number.isFinite(histogram.min) && Number.isFinite(histogram.max)
      ? [{ step: record.step, histogram }]
      : [];
  });
  if (samples.length === 0) return undefined;
  const min = Math.min(...samples.map((sample) => sample.histogram.min));
  const max = Math.max(...samples.map((sample) => sample.histogram.max));
  return {
    steps: samples.map((sample) => sample.step),
    min,
    max,
    bins,
    columns: samples.map((sample) => normalise(rebin(sample.histogram, min, max, bins))),
  };
}
