// The benchmark models, built with whichever tfjs namespace the caller loaded (tfjs-node or pure tfjs).
// Keep these in step with workers/keras_bench.py and workers/torch_bench.py.

/** MLP 784-128-64-10 (ReLU, softmax). */
export function buildMlp(tf) {
  const model = tf.sequential();
  model.add(tf.layers.dense({ inputShape: [784], units: 128, activation: 'relu' }));
  model.add(tf.layers.dense({ units: 64, activation: 'relu' }));
  model.add(tf.layers.dense({ units: 10, activation: 'softmax' }));
  return model;
}

/** Small MNIST-shape CNN: conv3x3x8-maxpool-conv3x3x16-maxpool-flatten-dense64-dense10 (valid padding). */
export function buildCnn(tf) {
  const model = tf.sequential();
  model.add(tf.layers.conv2d({ inputShape: [28, 28, 1], filters: 8, kernelSize: 3, activation: 'relu' }));
  model.add(tf.layers.maxPooling2d({ poolSize: 2 }));
  model.add(tf.layers.conv2d({ filters: 16, kernelSize: 3, activation: 'relu' }));
  model.add(tf.layers.maxPooling2d({ poolSize: 2 }));
  model.add(tf.layers.flatten());
  model.add(tf.layers.dense({ units: 64, activation: 'relu' }));
  model.add(tf.layers.dense({ units: 10, activation: 'softmax' }));
  return model;
}

export const BUILDERS = { mlp: buildMlp, cnn: buildCnn };

/** Compiles with the settings every framework shares: Adam(1e-3), categorical cross-entropy. */
export function compileForBench(tf, model) {
  model.compile({ optimizer: tf.train.adam(1e-3), loss: 'categoricalCrossentropy' });
  return model;
}
