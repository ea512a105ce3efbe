/** The selected layer's latest statistics as one line of text. Pure. */
import type { LayerStatsRecord } from '../../extension/protocol/inspection';

function format(value: number | null | undefined): string {
  if (value === null || value === undefined) return '–';
  if (value === 0 || !Number.isFinite(value)) return String(value);
  return Math.abs(value) < 1e-3 || Math.abs(value) >= 1e4
    ? value.toExponential(1)
    : String(Number(value.toPrecision(3)));
}

export function latestStatsText(records: readonly LayerStatsRecord[], layer: string): string {
  const record = [...records].reverse().find((candidate) => candidate.layers.some((entry) => entry.name === layer));
  const stats = record?.layers.find((entry) => entry.name === layer);
  if (record === undefined || stats === undefined)
    return 'No samples yet: train the model to see this layer’s statistics.';
  const parts = [`step ${record.step}`];
  if (stats.activation !== undefined) {
    const { mean, std } = stats.activation.stats;
    parts.push(`activation mean ${format(mean)} ± ${format(std)}`);
    parts.push(`dead ${Math.round(stats.activation.deadUnitFraction * 100)}%`);
    parts.push(`saturated ${Math.round(stats.activation.saturatedFraction * 100)}%`);
  }
  if (stats.gradientNorm !== undefined) parts.push(`‖grad‖ ${format(stats.gradientNorm)}`);
  if (stats.updateRatio !== undefined) parts.push(`update/weight ${format(stats.updateRatio)}`);
  return parts.join(' · ');
}
