import type { LayersModel } from '@tensorflow/tfjs';
import type { BuiltBy, LayerSummary, ModelSummary, SourceLocation } from '../protocol/model';
import { activationOf } from './inspection/layerActivation';

type Shape = (number | null)[];

function outputShapes(shape: unknown): Shape[] {
  if (!Array.isArray(shape)) return [];
  return Array.isArray(shape[0]) ? (shape as Shape[]) : [shape as Shape];
}

function countWeights(weights: { shape: (number | null)[] }[]): number {
  return weights.reduce((total, weight) => total + weight.shape.reduce<number>((size, dim) => size * (dim ?? 0), 1), 0);
}

/** Where each layer was built (the trainer's LayerSourceRecorder). */
export interface LayerOrigins {
  sourceOf(layer: object): SourceLocation | undefined;
  builtByOf(layer: object): BuiltBy | undefined;
}

const UNKNOWN_ORIGINS: LayerOrigins = { sourceOf: () => undefined, builtByOf: () => undefined };

/** Names of the layers feeding the layer's first call (none for an input layer). */
function inboundOf(layer: LayersModel['layers'][number]): string[] {
  const node = layer.inboundNodes[0];
  return node === undefined ? [] : node.inboundLayers.map((inbound) => inbound.name);
}

export function summarizeModel(model: LayersModel, origins: LayerOrigins = UNKNOWN_ORIGINS): ModelSummary {
  const layers: LayerSummary[] = model.layers.map((layer) => {
    let shape: unknown;
    try {
      shape = layer.outputShape;
    } catch {
      shape = undefined; // a layer shared across several nodes has no single output shape
    }
    const activation = activationOf(layer);
    const source = origins.sourceOf(layer);
    const builtBy = origins.builtByOf(layer);
    return {
      name: layer.name,
      className: layer.getClassName(),
      outputShape: outputShapes(shape),
      params: layer.countParams(),
      trainableParams: countWeights(layer.trainableWeights),
      ...(activation && { activation }),
      ...(source && { source }),
      inbound: inboundOf(layer),
      ...(builtBy && { builtBy }),
    };
  });
  return {
    name: model.name,
    layers,
    totalParams: layers.reduce((total, layer) => total + layer.params, 0),
    trainableParams: layers.reduce((total, layer) => total + layer.trainableParams, 0),
  };
}
