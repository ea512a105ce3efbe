/** The text of the inlay hints at the end of a layer's line and on the `createModel` line. Pure. */
import type { LayerSummary, ModelSummary } from '../../protocol/model';

/** At most this many layers are spelled out on one line; the rest are counted. */
const MAX_LAYERS_PER_HINT = 3;

export function formatCount(value: number): string {
  return value.toLocaleString('en-US');
}

export function formatParams(value: number): string {
  return `${formatCount(value)} ${value === 1 ? 'param' : 'params'}`;
}

/** `[null,13,13,16]`; several outputs side by side. */
export function formatShape(shape: readonly (readonly (number | null)[])[]): string {
  return shape.map((dims) => `[${dims.map((dim) => (dim === null ? 'null' : String(dim))).join(',')}]`).join(' ');
}

function layerPart(layer: LayerSummary): string {
  return `${formatShape(layer.outputShape)} · ${formatParams(layer.params)}`;
}

/** `→ [null,13,13,16] · 160 params`, or for a loop's layers `→ ×2 [null,26,26,8] · 80 params | [null,11,11,16] · 1,168 params`. */
export function layerHint(layers: readonly LayerSummary[]): string {
  if (layers.length === 1) return `→ ${layerPart(layers[0] as LayerSummary)}`;
  const shown = layers.slice(0, MAX_LAYERS_PER_HINT).map(layerPart);
  const rest = layers.length - shown.length;
  return `→ ×${layers.length} ${shown.join(' | ')}${rest > 0 ? ` | +${rest} more` : ''}`;
}

/** `→ 27,562 params · 8 layers`, with the trainable count when some are frozen. */
export function totalHint(summary: ModelSummary): string {
  const frozen = summary.totalParams - summary.trainableParams;
  const trainable = frozen > 0 ? ` (${formatCount(summary.trainableParams)} trainable)` : '';
  const layers = summary.layers.length;
  return `→ ${formatParams(summary.totalParams)}${trainable} · ${layers} ${layers === 1 ? 'layer' : 'layers'}`;
}

/** The hint's tooltip: one line per layer with its name and class. */
export function layerHintTooltip(layers: readonly LayerSummary[]): string {
  return layers
    .map(
      (layer) => `${layer.name} (${layer.className}): ${formatShape(layer.outputShape)}, ${formatParams(layer.params)}`,
    )
    .join('\n');
}
