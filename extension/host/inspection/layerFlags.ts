/** Plain-language warnings about a layer's latest sampled statistics. Pure. */
import type { LayerStats } from '../../protocol/inspection';
import { layerStatistic, type LayerStatisticKey } from '../../protocol/layerStatistics';

/** A bound of a statistic's healthy range, from its descriptor (the one home of the thresholds). */
function bound(key: LayerStatisticKey, side: 'low' | 'high'): number {
  return layerStatistic(key).health?.[side] ?? Number.NaN;
}

export const VANISHING_GRADIENT = bound('gradientNorm', 'low');
export const EXPLODING_GRADIENT = bound('gradientNorm', 'high');
export const DEAD_FRACTION = bound('deadFraction', 'high');
export const SATURATED_FRACTION = bound('saturatedFraction', 'high');
export const UPDATE_RATIO_LOW = bound('updateRatio', 'low');
export const UPDATE_RATIO_HIGH = bound('updateRatio', 'high');

export interface LayerFlag {
  readonly severity: 'warning' | 'error';
  readonly message: string;
  /** A few words for a table cell: "vanishing gradient", "62% dead". */
  readonly short: string;
}

function percent(fraction: number): string {
  return `${Math.round(fraction * 100)}%`;
}

function gradientFlag(norm: number | null | undefined): LayerFlag | undefined {
  if (norm === undefined || norm === null) return undefined;
  if (!Number.isFinite(norm))
    return {
      severity: 'error',
      message: 'Exploding gradient: the gradient is not finite (NaN or ∞).',
      short: 'gradient not finite',
    };
  if (norm < VANISHING_GRADIENT)
    return {
      severity: 'error',
      message: `Vanishing gradient (‖g‖ = ${norm.toExponential(1)}): this layer has stopped learning.`,
      short: `vanishing gradient ${norm.toExponential(1)}`,
    };
  if (norm > EXPLODING_GRADIENT)
    return {
      severity: 'warning',
      message: `Exploding gradient (‖g‖ = ${norm.toExponential(1)}): lower the learning rate or clip gradients.`,
      short: `exploding gradient ${norm.toExponential(1)}`,
    };
  return undefined;
}

function updateFlag(ratio: number | null | undefined): LayerFlag | undefined {
  if (ratio === undefined || ratio === null || !Number.isFinite(ratio) || ratio === 0) return undefined;
  if (ratio < UPDATE_RATIO_LOW)
    return {
      severity: 'warning',
      message: `Updates are tiny (${ratio.toExponential(1)} of the weights, ~1e-3 is typical): the learning rate may be too low.`,
      short: `tiny updates ${ratio.toExponential(1)}`,
    };
  if (ratio > UPDATE_RATIO_HIGH)
    return {
      severity: 'warning',
      message: `Updates are large (${ratio.toExponential(1)} of the weights, ~1e-3 is typical): the learning rate may be too high.`,
      short: `large updates ${ratio.toExponential(1)}`,
    };
  return undefined;
}

export function layerFlags(stats: LayerStats): LayerFlag[] {
  const flags: (LayerFlag | undefined)[] = [gradientFlag(stats.gradientNorm), updateFlag(stats.updateRatio)];
  const activation = stats.activation;
  if (activation !== undefined && activation.deadUnitFraction > DEAD_FRACTION)
    flags.push({
      severity: 'warning',
      message: `${percent(activation.deadUnitFraction)} of the units are dead (always zero): they no longer learn. Try a lower learning rate, LeakyReLU or He initialisation.`,
      short: `${percent(activation.deadUnitFraction)} dead units`,
    });
  if (activation !== undefined && activation.saturatedFraction > SATURATED_FRACTION)
    flags.push({
      severity: 'warning',
      message: `${percent(activation.saturatedFraction)} of the activations are saturated (flat tails): their gradient is near zero. Normalise the inputs or use a smaller initialisation.`,
      short: `${percent(activation.saturatedFraction)} saturated`,
    });
  return flags.filter((flag): flag is LayerFlag => flag !== undefined);
}
