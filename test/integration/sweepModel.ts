/** A model file for sweep tests: a regression whose width comes from the trial (`units`), with the given sweep. */
export function sweepModel(sweep: string, epochs = 3): string {
  return `import * as tf from '@tensorflow/tfjs';

export const config = { epochs: ${epochs}, batchSize: 32, learningRate: 0.05 };

export const sweep = ${sweep};

export function createModel(params: { units: number }) {
  return tf.sequential({
    layers: [tf.layers.dense({ units: params.units, activation: 'relu', inputShape: [2] }), tf.layers.dense({ units: 1 })],
  });
}

export function loadData(params: { units: number }) {
  if (typeof params.units !== 'number') throw new Error('loadData got no trial parameters');
  const xs = tf.randomUniform([256, 2], -1, 1, 'float32', 7);
  const ys = xs.sum(1, true).mul(2).add(1);
  return { train: { xs, ys }, validation: { xs: xs.slice(0, 64), ys: ys.slice(0, 64) } };
}
`;
}
