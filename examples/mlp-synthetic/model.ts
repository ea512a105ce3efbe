// A small multi-layer perceptron (MLP) that learns to tell apart three interleaved spirals.
//
// The data is generated here, in code, from a seeded random number generator, so every run
// sees exactly the same points and no download is needed. A straight line cannot separate
// the spirals, so this shows why hidden layers with a non-linearity (ReLU) are needed.
import * as tf from '@tensorflow/tfjs';

const CLASSES = 3; // one spiral arm per class
const POINTS_PER_CLASS = 1000; // 3000 points in all
const TURNS = 1.5; // how far each arm winds around the centre: more turns make a harder task
const NOISE = 0.15; // jitter of each point's angle, in radians: higher makes the arms overlap
const SEED = 42;

// Training settings; the trainer compiles the model with these because createModel() does not.
export const config = {
  epochs: 20,
  batchSize: 32,
  optimizer: 'adam',
  learningRate: 0.01,
  loss: 'categoricalCrossentropy',
  metrics: ['accuracy'],
  shuffle: true,
};

export function createModel(): tf.LayersModel {
  const model = tf.sequential();
  // Hidden layer 1: 64 ReLU units turn the raw (x, y) position into 64 learned features.
  model.add(tf.layers.dense({ inputShape: [2], units: 64, activation: 'relu' }));
  // Hidden layer 2: combines those features into the curved boundaries between the arms.
  model.add(tf.layers.dense({ units: 64, activation: 'relu' }));
  // Output layer: one probability per class (softmax makes the three sum to 1).
  model.add(tf.layers.dense({ units: CLASSES, activation: 'softmax' }));
  return model;
}

export function loadData() {
  const points = makeSpirals();
  // 70% of the points to train on, 15% to watch generalisation during training, 15% held out for the end.
  const nTrain = Math.round(0.7 * points.length);
  const nVal = Math.round(0.15 * points.length);
  const toTensors = (part: Point[]) => ({
    xs: tf.tensor2d(part.map((p) => [p.x, p.y])), // shape [n, 2], float32
    // One-hot labels: class 2 becomes [0, 0, 1], the shape categoricalCrossentropy expects.
    ys: tf.tensor2d(part.map((p) => Array.from({ length: CLASSES }, (_, c) => (c === p.label ? 1 : 0)))),
  });
  return {
    train: toTensors(points.slice(0, nTrain)),
    validation: toTensors(points.slice(nTrain, nTrain + nVal)),
    test: toTensors(points.slice(nTrain + nVal)),
  };
}

interface Point {
  x: number;
  y: number;
  label: number;
}

// Three spiral arms, 120° apart, winding outward from the centre; returned in shuffled order.
function makeSpirals(): Point[] {
  const random = mulberry32(SEED);
  // Standard normal noise from two uniform numbers (Box-Muller transform).
  const gaussian = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const points: Point[] = [];
  for (let label = 0; label < CLASSES; label++) {
    for (let i = 0; i < POINTS_PER_CLASS; i++) {
      const radius = i / POINTS_PER_CLASS; // 0 at the centre .. 1 at the tip of the arm
      const angle = (2 * Math.PI * label) / CLASSES + 2 * Math.PI * TURNS * radius + NOISE * gaussian();
      points.push({ x: radius * Math.sin(angle), y: radius * Math.cos(angle), label });
    }
  }
  // Shuffle (sort on a random key each) so that every split holds all three classes.
  return points
    .map((point) => ({ point, key: random() }))
    .sort((a, b) => a.key - b.key)
    .map(({ point }) => point);
}

// mulberry32: a tiny seeded pseudo-random generator returning numbers in [0, 1). Math.random
// cannot be seeded, so it would give different data on every run.
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
