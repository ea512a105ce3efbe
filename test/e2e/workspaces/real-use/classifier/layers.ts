// Building blocks shared by the models in this folder, as a project keeps them in a helper file.
//
// denseBlock adds one hidden layer and its dropout; buildClassifier stacks as many blocks as
// `hidden` lists, then a softmax over the classes, and compiles with an optimizer object (not a
// name) so that the learning rate lives here with the architecture.
//
// Tensorscope ties every layer to the line that built it: the dense line below built two layers
// (one per block), so its hover lists both.
import * as tf from '@tensorflow/tfjs';

export function denseBlock(model: tf.Sequential, units: number): void {
  model.add(tf.layers.dense({ units, activation: 'relu', kernelInitializer: 'heNormal' }));
  model.add(tf.layers.dropout({ rate: 0.1 }));
}

export function buildClassifier(features: number, classes: number, hidden: readonly number[]): tf.Sequential {
  const model = tf.sequential();
  model.add(tf.layers.inputLayer({ inputShape: [features] }));
  for (const units of hidden) denseBlock(model, units);
  model.add(tf.layers.dense({ units: classes, activation: 'softmax' }));
  model.compile({ optimizer: tf.train.adam(0.01), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  return model;
}
