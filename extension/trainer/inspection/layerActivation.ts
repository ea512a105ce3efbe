import type { layers } from '@tensorflow/tfjs';

/** The activation function a layer applies (its `activation` config, or the layer itself for ReLU etc.). */
export function activationOf(layer: layers.Layer): string | undefined {
  const config = layer.getConfig() as { activation?: unknown };
  if (typeof config.activation === 'string') return config.activation;
  const className = layer.getClassName();
  if (className === 'ReLU') return 'relu';
  if (className === 'Softmax') return 'softmax';
  return undefined;
}
