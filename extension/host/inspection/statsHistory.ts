/** The last sampled layer statistics of a run, bounded, and each layer's series over them. Pure. */
import type { LayerStats, LayerStatsRecord } from '../../protocol/inspection';

/** At most this many samples are kept (so at most this many per layer). */
export const MAX_SAMPLES = 200;

export interface LayerSeries {
  readonly steps: number[];
  readonly activationMean: (number | null)[];
  readonly activationStd: (number | null)[];
  readonly deadFraction: (number | null)[];
  readonly saturatedFraction: (number | null)[];
  readonly gradientNorm: (number | null)[];
  readonly updateRatio: (number | null)[];
  /** The newest sample of the layer. */
  readonly latest: LayerStats;
}

/** Appends `record` to `records`, dropping the oldest past `max`; returns the same array. */
export function appendBounded<T>(records: T[], record: T, max = MAX_SAMPLES): T[] {
  records.push(record);
  if (records.length > max) records.splice(0, records.length - max);
  return records;
}

/** The layer's series over the kept samples, or undefined when no sample mentions it. */
export function layerSeries(records: readonly LayerStatsRecord[], layerName: string): LayerSeries | undefined {
  const series = {
    steps: [] as number[],
    activationMean: [] as (number | null)[],
    activationStd: [] as (number | null)[],
    deadFraction: [] as (number | null)[],
    saturatedFraction: [] as (number | null)[],
    gradientNorm: [] as (number | null)[],
    updateRatio: [] as (number | null)[],
  };
  let latest: LayerStats | undefined;
  for (const record of records) {
    const stats = record.layers.find((layer) => layer.name === layerName);
    if (stats === undefined) continue;
    latest = stats;
    series.steps.push(record.step);
    series.activationMean.push(stats.activation?.stats.mean ?? null);
    series.activationStd.push(stats.activation?.stats.std ?? null);
    series.deadFraction.push(stats.activation?.deadUnitFraction ?? null);
    series.saturatedFraction.push(stats.activation?.saturatedFraction ?? null);
    series.gradientNorm.push(stats.gradientNorm ?? null);
    series.updateRatio.push(stats.updateRatio ?? null);
  }
  return latest === undefined ? undefined : { ...series, latest };
}
