/**
 * One descriptor per sampled layer statistic: its key, label, unit, formatter, chart scale and
 * health threshold. The host's hover card and flags and the webview's inspector all read these,
 * so a statistic is named, formatted and judged the same everywhere; a new statistic is its
 * field in the protocol, its computation in the trainer and one entry here. Pure.
 */
import { formatStatValue } from './dataFormat';
import type { LayerStats } from './inspection';

export type LayerStatisticKey =
  'activationMean' | 'activationStd' | 'deadFraction' | 'saturatedFraction' | 'gradientNorm' | 'updateRatio';

/** Outside [low, high] (either bound optional) the statistic is flagged. */
export interface HealthRange {
  readonly low?: number;
  readonly high?: number;
}

export interface LayerStatistic {
  readonly key: LayerStatisticKey;
  readonly label: string;
  /** `fraction`: shown as a percentage of units; `ratio`: a dimensionless ratio; `value`: in the tensor's units. */
  readonly unit: 'value' | 'fraction' | 'ratio';
  /** Charts and sparklines: `log` for statistics that span decades. */
  readonly scale: 'linear' | 'log';
  readonly health?: HealthRange;
  /** The statistic in a sample; undefined when the layer does not have it (no activation, no weights). */
  value(stats: LayerStats): number | null | undefined;
}

const statistics: readonly LayerStatistic[] = [
  {
    key: 'activationMean',
    label: 'activation mean',
    unit: 'value',
    scale: 'linear',
    value: (stats) => stats.activation?.stats.mean,
  },
  {
    key: 'activationStd',
    label: 'activation std',
    unit: 'value',
    scale: 'linear',
    value: (stats) => stats.activation?.stats.std,
  },
  {
    key: 'deadFraction',
    label: 'dead units',
    unit: 'fraction',
    scale: 'linear',
    health: { high: 0.5 },
    value: (stats) => stats.activation?.deadUnitFraction,
  },
  {
    key: 'saturatedFraction',
    label: 'saturated units',
    unit: 'fraction',
    scale: 'linear',
    health: { high: 0.5 },
    value: (stats) => stats.activation?.saturatedFraction,
  },
  {
    key: 'gradientNorm',
    label: 'gradient norm',
    unit: 'value',
    scale: 'log',
    health: { low: 1e-7, high: 1e2 },
    value: (stats) => stats.gradientNorm,
  },
  {
    key: 'updateRatio',
    label: 'update / weight',
    unit: 'ratio',
    scale: 'log',
    // A healthy step moves the weights by about 1e-3 of their size; two decades off either way is flagged.
    health: { low: 1e-5, high: 1e-1 },
    value: (stats) => stats.updateRatio,
  },
];

export const LAYER_STATISTICS = statistics;

export function layerStatistic(key: LayerStatisticKey): LayerStatistic {
  return statistics.find((statistic) => statistic.key === key) as LayerStatistic;
}

/** A fraction as a percentage (one decimal below 1%), other units with three significant digits. */
export function formatLayerStatistic(statistic: LayerStatistic, value: number | null | undefined): string {
  if (statistic.unit !== 'fraction' || value === null || value === undefined || !Number.isFinite(value))
    return formatStatValue(value);
  return `${(value * 100).toFixed(value > 0 && value < 0.01 ? 1 : 0)}%`;
}

/** Whether a value is outside its statistic's healthy range (never for statistics without one). */
export function isUnhealthy(statistic: LayerStatistic, value: number | null | undefined): boolean {
  if (value === null || value === undefined || statistic.health === undefined) return false;
  const { low, high } = statistic.health;
  return (low !== undefined && value < low) || (high !== undefined && value > high);
}
