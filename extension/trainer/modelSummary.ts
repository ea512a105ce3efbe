import type { LayersModel } from '@tensorflow/tfjs';
import type { LayerSummary, ModelSummary, SourceLocation } from '../protocol/model';
import { activationOf } from './inspection/layerActivation';

type Shape = (number | null)[];

function outputShapes(shape: unknown): Shape[] {
  if (!Array.isArray(shape)) return [];
  return Array.isArray(shape[0]) ? (shape as Shape[]) : [shape as Shape];
}

function countWeights(weights: { shape: (number | null)[] }[]): number {
  return weights.reduce((total, weight) => total + weight.shape.reduce<number>((size, dim) => size * (dim ?? 0), 1), 0);
}

export type SourceLookup = (layer: object) => SourceLocation | undefined;

export function summarizeModel(model: LayersModel, sourceOf: SourceLookup = () => undefined): ModelSummary {
  const layers: LayerSummary[] = model.layers.map((layer) => {
    let shape: unknown;
    try {
      shape = layer.outputShape;
    } catch {
      shape = undefined; // a layer shared across several nodes has no single output shape
    }
    const activation = activationOf(layer);
    const source = sourceOf(layer);
    return {
      name: layer.name,
      className: layer.getClassName(),
      outputShape: outputShapes(shape),
      params: layer.countParams(),
      trainableParams: countWeights(layer.trainableWeights),
      ...(activation && { activation }),
      ...(source && { source }),
    };
  });
  return {
    name: model.name,
    layers,
    totalParams: layers.reduce((total, layer) => total + layer.params, 0),
    trainableParams: layers.reduce((total, layer) => total + layer.trainableParams, 0),
  };
}
