/** The last sampled layer statistics of a run, bounded, and each layer's series over them. Pure. */
import type { LayerStats, LayerStatsRecord } from '../../protocol/inspection';
import { LAYER_STATISTICS, type LayerStatisticKey } from '../../protocol/layerStatistics';

/** At most this many samples are kept (so at most this many per layer). */
export const MAX_SAMPLES = 200;

/** Each statistic's values over the samples (null where a sample lacks it), their steps and the newest sample. */
export type LayerSeries = { readonly [K in LayerStatisticKey]: (number | null)[] } & {
  readonly steps: number[];
  /** The newest sample of the layer. */
  readonly latest: LayerStats;
};

/** Appends `record` to `records`, dropping the oldest past `max`; returns the same array. */
export function appendBounded<T>(records: T[], record: T, max = MAX_SAMPLES): T[] {
  records.push(record);
  if (records.length > max) records.splice(0, records.length - max);
  return records;
}

/** The layer's series over the kept samples, or undefined when no sample mentions it. */
export function layerSeries(records: readonly LayerStatsRecord[], layerName: string): LayerSeries | undefined {
  const steps: number[] = [];
  const values = Object.fromEntries(LAYER_STATISTICS.map((statistic) => [statistic.key, [] as (number | null)[]])) as {
    [K in LayerStatisticKey]: (number | null)[];
  };
  let latest: LayerStats | undefined;
  for (const record of records) {
    const stats = record.layers.find((layer) => layer.name === layerName);
    if (stats === undefined) continue;
    latest = stats;
    steps.push(record.step);
    for (const statistic of LAYER_STATISTICS) values[statistic.key].push(statistic.value(stats) ?? null);
  }
  return latest === undefined ? undefined : { ...values, steps, latest };
}
