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

/**
 * Residual CNN with batch normalisation on 32x32x3, the way users write one with the functional API:
 * stem conv16-BN-ReLU; two blocks of 16 filters; a stride-2 block of 32 with a 1x1 projection shortcut;
 * one more block of 32; global average pooling; dense10 softmax. 10 convolutions, 10 batch norms.
 */
export function buildResnet(tf) {
  const conv = (x, filters, kernelSize, strides = 1) =>
    tf.layers.conv2d({ filters, kernelSize, strides, padding: 'same', useBias: false }).apply(x);
  const bn = (x) => tf.layers.batchNormalization().apply(x);
  const relu = (x) => tf.layers.activation({ activation: 'relu' }).apply(x);
  const block = (x, filters, strides = 1) => {
    let y = relu(bn(conv(x, filters, 3, strides)));
    y = bn(conv(y, filters, 3));
    const shortcut = strides === 1 ? x : bn(conv(x, filters, 1, strides));
    return relu(tf.layers.add().apply([y, shortcut]));
  };
  const input = tf.input({ shape: [32, 32, 3] });
  let x = relu(bn(conv(input, 16, 3)));
  x = block(block(x, 16), 16);
  x = block(block(x, 32, 2), 32);
  x = tf.layers.globalAveragePooling2d({}).apply(x);
  const output = tf.layers.dense({ units: 10, activation: 'softmax' }).apply(x);
  return tf.model({ inputs: input, outputs: output });
}

export const BUILDERS = { mlp: buildMlp, cnn: buildCnn, resnet: buildResnet };

/** Compiles with the settings every framework shares: Adam(1e-3), categorical cross-entropy. */
export function compileForBench(tf, model) {
  model.compile({ optimizer: tf.train.adam(1e-3), loss: 'categoricalCrossentropy' });
  return model;
}
