/** The text of the inlay hints at the end of a layer's line and on the `createModel` line. Pure. */
import type { LayerSummary, ModelSummary } from '../../protocol/model';

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

/** `2,304 params`, or the range over several layers: `2,304–36,864 params`. */
function paramsRange(layers: readonly LayerSummary[]): string {
  const counts = layers.map((layer) => layer.params);
  const [low, high] = [Math.min(...counts), Math.max(...counts)];
  return low === high ? `${formatParams(low)} each` : `${formatCount(low)}–${formatParams(high)}`;
}

/**
 * `→ [null,13,13,16] · 160 params`; a line that built several layers is summarised by its first and
 * last shapes: `→ ×6 · [null,32,32,16] … [null,8,8,64] · 2,304–36,864 params`.
 */
export function layerHint(layers: readonly LayerSummary[]): string {
  const first = layers[0];
  const last = layers[layers.length - 1];
  if (first === undefined || last === undefined) return '';
  if (layers.length === 1) return `→ ${formatShape(first.outputShape)} · ${formatParams(first.params)}`;
  const [from, to] = [formatShape(first.outputShape), formatShape(last.outputShape)];
  const shapes = layers.every((layer) => formatShape(layer.outputShape) === from) ? from : `${from} … ${to}`;
  return `→ ×${layers.length} · ${shapes} · ${paramsRange(layers)}`;
}

/** A hint without its leading arrow, for where it is not after the code (before it, or a line above it). */
export function withoutArrow(hint: string): string {
  return hint.replace(/^→ /, '');
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
