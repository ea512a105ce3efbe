/** The selected layer's latest statistics as one line of text, unhealthy ones marked ⚠. Pure. */
import type { LayerStatsRecord } from '../../extension/protocol/inspection';
import { formatLayerStatistic, isUnhealthy, LAYER_STATISTICS } from '../../extension/protocol/layerStatistics';

export function latestStatsText(records: readonly LayerStatsRecord[], layer: string): string {
  const record = [...records].reverse().find((candidate) => candidate.layers.some((entry) => entry.name === layer));
  const stats = record?.layers.find((entry) => entry.name === layer);
  if (record === undefined || stats === undefined)
    return 'No samples yet: train the model to see this layer’s statistics.';
  const parts = [`step ${record.step}`];
  for (const statistic of LAYER_STATISTICS) {
    const value = statistic.value(stats);
    if (value === undefined) continue;
    const flag = isUnhealthy(statistic, value) ? ' ⚠' : '';
    parts.push(`${statistic.label} ${formatLayerStatistic(statistic, value)}${flag}`);
  }
  return parts.join(' · ');
}
