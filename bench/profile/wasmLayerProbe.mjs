// Which Keras-style layers can *train* (one fit step: forward + gradients + Adam) on the wasm backend?
// The answer feeds the table in extension/trainer/backendChoice.ts.   node bench/profile/wasmLayerProbe.mjs
import console from 'node:console';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const tf = require('@tensorflow/tfjs');
require('@tensorflow/tfjs-backend-wasm');

const L = tf.layers;
const CASES = {
  Dense: () => [[8], [L.dense({ inputShape: [8], units: 4 })]],
  Conv1D: () => [
    [10, 3],
    [L.conv1d({ inputShape: [10, 3], filters: 2, kernelSize: 3 }), L.flatten()],
  ],
  Conv2D: () => [
    [6, 6, 1],
    [L.conv2d({ inputShape: [6, 6, 1], filters: 2, kernelSize: 3 }), L.flatten()],
  ],
  Conv2DTranspose: () => [
    [4, 4, 1],
    [L.conv2dTranspose({ inputShape: [4, 4, 1], filters: 2, kernelSize: 3 }), L.flatten()],
  ],
  SeparableConv2D: () => [
    [6, 6, 2],
    [L.separableConv2d({ inputShape: [6, 6, 2], filters: 2, kernelSize: 3 }), L.flatten()],
  ],
  DepthwiseConv2D: () => [
    [6, 6, 2],
    [L.depthwiseConv2d({ inputShape: [6, 6, 2], kernelSize: 3 }), L.flatten()],
  ],
  Conv3D: () => [
    [4, 4, 4, 1],
    [L.conv3d({ inputShape: [4, 4, 4, 1], filters: 2, kernelSize: 2 }), L.flatten()],
  ],
  MaxPooling2D: () => [
    [6, 6, 1],
    [L.maxPooling2d({ inputShape: [6, 6, 1], poolSize: 2 }), L.flatten()],
  ],
  AveragePooling2D: () => [
    [6, 6, 1],
    [L.averagePooling2d({ inputShape: [6, 6, 1], poolSize: 2 }), L.flatten()],
  ],
  GlobalAveragePooling2D: () => [[6, 6, 2], [L.globalAveragePooling2d({ inputShape: [6, 6, 2] })]],
  GlobalMaxPooling2D: () => [[6, 6, 2], [L.globalMaxPooling2d({ inputShape: [6, 6, 2] })]],
  MaxPooling1D: () => [
    [8, 2],
    [L.maxPooling1d({ inputShape: [8, 2], poolSize: 2 }), L.flatten()],
  ],
  Embedding: () => [[5], [L.embedding({ inputShape: [5], inputDim: 10, outputDim: 3 }), L.flatten()], 'int'],
  SimpleRNN: () => [[5, 3], [L.simpleRNN({ inputShape: [5, 3], units: 4 })]],
  LSTM: () => [[5, 3], [L.lstm({ inputShape: [5, 3], units: 4 })]],
  GRU: () => [[5, 3], [L.gru({ inputShape: [5, 3], units: 4 })]],
  BatchNormalization: () => [[8], [L.batchNormalization({ inputShape: [8] })]],
  LayerNormalization: () => [[8], [L.layerNormalization({ inputShape: [8] })]],
  Dropout: () => [[8], [L.dropout({ inputShape: [8], rate: 0.5 })]],
  UpSampling2D: () => [
    [3, 3, 1],
    [L.upSampling2d({ inputShape: [3, 3, 1] }), L.flatten()],
  ],
  ZeroPadding2D: () => [
    [3, 3, 1],
    [L.zeroPadding2d({ inputShape: [3, 3, 1] }), L.flatten()],
  ],
};

async function probe(backend) {
  await tf.setBackend(backend);
  const out = {};
  for (const [name, make] of Object.entries(CASES)) {
    const [shape, layers, kind] = make();
    const model = tf.sequential({ layers: [...layers, L.dense({ units: 2 })] });
    model.compile({ optimizer: 'adam', loss: 'meanSquaredError' });
    const x = kind === 'int' ? tf.randomUniform([4, ...shape], 0, 10, 'int32') : tf.randomNormal([4, ...shape]);
    try {
      await model.fit(x, tf.randomNormal([4, 2]), { epochs: 1, batchSize: 4, verbose: 0 });
      out[name] = 'ok';
    } catch (error) {
      out[name] = String(error.message).split('\n')[0];
    }
    tf.dispose(x);
    model.dispose();
  }
  return out;
}

const wasm = await probe('wasm');
const cpu = await probe('cpu');
for (const name of Object.keys(CASES))
  console.log(`${name.padEnd(24)} wasm: ${wasm[name].padEnd(70)} cpu: ${cpu[name]}`);
