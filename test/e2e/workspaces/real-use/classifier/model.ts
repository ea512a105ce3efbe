// Four Gaussian blobs in 2-D, fed as a batched tf.data pipeline; the network comes from ./layers.
import * as tf from '@tensorflow/tfjs';
import { buildClassifier } from './layers';

const CLASSES = 4;
const BATCH = 32;

export const config = { epochs: 6 };

export function createModel(): tf.LayersModel {
  return buildClassifier(2, CLASSES, [32, 16]);
}

function blobs(count: number, seed: number): { xs: number[][]; ys: number[][] } {
  let state = seed;
  const random = () => (state = (state * 1664525 + 1013904223) % 4294967296) / 4294967296;
  const xs: number[][] = [];
  const ys: number[][] = [];
  for (let i = 0; i < count; i++) {
    const label = i % CLASSES;
    const angle = (2 * Math.PI * label) / CLASSES;
    xs.push([Math.cos(angle) * 2 + random() - 0.5, Math.sin(angle) * 2 + random() - 0.5]);
    ys.push(Array.from({ length: CLASSES }, (_, c) => (c === label ? 1 : 0)));
  }
  return { xs, ys };
}

function batched({ xs, ys }: { xs: number[][]; ys: number[][] }) {
  return tf.data
    .zip({ xs: tf.data.array(xs), ys: tf.data.array(ys) })
    .shuffle(256, '7')
    .batch(BATCH);
}

export function loadData() {
  const test = blobs(200, 3);
  return {
    train: batched(blobs(1200, 1)),
    validation: batched(blobs(200, 2)),
    test: { xs: tf.tensor2d(test.xs), ys: tf.tensor2d(test.ys) },
  };
}
