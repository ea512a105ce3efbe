/** The model graph's boxes: each layer with its role, class, output shape and parameters. Pure. */
import type { ModelSummary } from '../../../extension/protocol/model';

export interface LayerBox {
  readonly name: string;
  readonly className: string;
  readonly role: 'input' | 'hidden' | 'output';
  readonly shape: string;
  readonly params: string;
  readonly line: number | null;
}

function shapeText(shape: readonly (readonly (number | null)[])[]): string {
  return shape.map((dims) => `[${dims.map((dim) => (dim === null ? 'null' : String(dim))).join(',')}]`).join(' ');
}

export function layerBoxes(summary: ModelSummary): LayerBox[] {
  const last = summary.layers.length - 1;
  return summary.layers.map((layer, index) => ({
    name: layer.name,
    className: layer.className,
    role: index === 0 || layer.className === 'InputLayer' ? 'input' : index === last ? 'output' : 'hidden',
    shape: shapeText(layer.outputShape),
    params: `${layer.params.toLocaleString('en-US')} ${layer.params === 1 ? 'param' : 'params'}`,
    line: layer.source?.line ?? null,
  }));
}
