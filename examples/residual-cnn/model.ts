// A small residual network (ResNet) for 32x32 colour images, written the way Keras users write one.
//
// Each residual block adds its input back to what its convolutions computed ("skip connection"),
// so the block only has to learn a correction; that is what lets deep networks keep learning.
// One helper builds a block, and createModel() calls it six times, from 16 to 64 filters.
//
// The images are generated here from seeded random numbers (no download): four kinds of
// coloured stripes and checks, with noise, so the model has something real to learn.
import * as tf from '@tensorflow/tfjs';

const IMAGE_SIZE = 32;
const CHANNELS = 3;
const CLASSES = 4; // horizontal stripes, vertical stripes, diagonal stripes, checks
const EXAMPLES = { train: 512, validation: 128, test: 128 };
const SEED = 7;
// [filters, strides] of the six blocks: stride 2 halves the width and height.
const BLOCKS: [number, number][] = [
  [16, 1],
  [16, 1],
  [32, 2],
  [32, 1],
  [64, 2],
  [64, 1],
];

export const config = {
  epochs: 5,
  batchSize: 32,
  optimizer: 'adam',
  learningRate: 0.002,
  loss: 'categoricalCrossentropy',
  metrics: ['accuracy'],
};

// 3x3 convolutions that keep the width and height (at stride 1); batch norm supplies the bias.
const CONV_3X3 = { kernelSize: 3, padding: 'same', useBias: false } as const;

// conv → batch norm → ReLU → conv → batch norm, plus the block's input (projected by a 1x1
// convolution when the shape changes), then ReLU.
function residualBlock(input: tf.SymbolicTensor, filters: number, strides: number): tf.SymbolicTensor {
  let x = tf.layers.conv2d({ ...CONV_3X3, filters, strides }).apply(input) as tf.SymbolicTensor;
  x = tf.layers.batchNormalization().apply(x) as tf.SymbolicTensor;
  x = tf.layers.reLU().apply(x) as tf.SymbolicTensor;
  x = tf.layers.conv2d({ ...CONV_3X3, filters }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.batchNormalization().apply(x) as tf.SymbolicTensor;
  let shortcut = input;
  if (strides !== 1 || input.shape[3] !== filters) {
    shortcut = tf.layers.conv2d({ filters, kernelSize: 1, strides, useBias: false }).apply(input) as tf.SymbolicTensor;
    shortcut = tf.layers.batchNormalization().apply(shortcut) as tf.SymbolicTensor;
  }
  const merged = tf.layers.add().apply([x, shortcut]) as tf.SymbolicTensor;
  return tf.layers.reLU().apply(merged) as tf.SymbolicTensor;
}

export function createModel(): tf.LayersModel {
  const input = tf.input({ shape: [IMAGE_SIZE, IMAGE_SIZE, CHANNELS] });
  let x = tf.layers.conv2d({ ...CONV_3X3, filters: 16 }).apply(input) as tf.SymbolicTensor;
  x = tf.layers.batchNormalization().apply(x) as tf.SymbolicTensor;
  x = tf.layers.reLU().apply(x) as tf.SymbolicTensor;
  for (const [filters, strides] of BLOCKS) {
    x = residualBlock(x, filters, strides);
  }
  x = tf.layers.globalAveragePooling2d({}).apply(x) as tf.SymbolicTensor;
  const output = tf.layers.dense({ units: CLASSES, activation: 'softmax' }).apply(x) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: output, name: 'resnet' });
}

export function loadData() {
  const split = (count: number, seed: number) => {
    const labels = Array.from({ length: count }, (_, i) => i % CLASSES);
    // Seeded uniform numbers: five per image for its colour and stripes, one per pixel value for noise.
    const choices = tf.randomUniform([count, 5], 0, 1, 'float32', seed).dataSync();
    const noise = tf
      .randomUniform([count * IMAGE_SIZE * IMAGE_SIZE * CHANNELS], 0, 0.2, 'float32', seed + 1)
      .dataSync();
    const pixels = new Float32Array(noise);
    labels.forEach((label, i) => drawPattern(pixels, i, label, choices.subarray(i * 5, i * 5 + 5)));
    return {
      xs: tf.tensor4d(pixels, [count, IMAGE_SIZE, IMAGE_SIZE, CHANNELS]),
      ys: tf.oneHot(tf.tensor1d(labels, 'int32'), CLASSES).toFloat(),
    };
  };
  return {
    train: split(EXAMPLES.train, SEED),
    validation: split(EXAMPLES.validation, SEED + 10),
    test: split(EXAMPLES.test, SEED + 20),
  };
}

// Adds image `index` of class `label` onto its noise: a colour and its inverse in stripes (or
// checks) of a random period and phase; values stay in [0, 1].
function drawPattern(pixels: Float32Array, index: number, label: number, choice: ArrayLike<number>): void {
  const colour = [choice[0], choice[1], choice[2]] as number[];
  const period = 4 + Math.floor((choice[3] as number) * 5);
  const phase = Math.floor((choice[4] as number) * period);
  const offset = index * IMAGE_SIZE * IMAGE_SIZE * CHANNELS;
  for (let y = 0; y < IMAGE_SIZE; y++) {
    for (let x = 0; x < IMAGE_SIZE; x++) {
      const along = [y, x, x + y, Math.floor(x / period) + Math.floor(y / period)][label] as number;
      const on = label === 3 ? along % 2 === 0 : Math.floor((along + phase) / (period / 2)) % 2 === 0;
      for (let c = 0; c < CHANNELS; c++) {
        pixels[offset + (y * IMAGE_SIZE + x) * CHANNELS + c] +=
          (on ? (colour[c] as number) : 1 - (colour[c] as number)) * 0.8;
      }
    }
  }
}
