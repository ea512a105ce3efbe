/**
 * A small classifier training script (softmax over 2 classes, one-hot labels), the kind of model
 * `classWeight` applies to: of the fit options the compiled step does not take, the one tfjs's own
 * fit trains with. `training` is the script's code after `model`, `xs` and `ys` exist.
 */
export const CLASS_WEIGHT_REASON = "the script's fit passes classWeight, which the compiled step does not take";

export function classifierScript(training: string): string {
  return `const tf = require('@tensorflow/tfjs');
async function main() {
  const model = tf.sequential({
    layers: [tf.layers.dense({ units: 8, activation: 'relu', inputShape: [4] }), tf.layers.dense({ units: 2, activation: 'softmax' })],
  });
  model.compile({ optimizer: 'adam', loss: 'categoricalCrossentropy' });
  const xs = tf.randomNormal([64, 4], 0, 1, 'float32', 3);
  const ys = tf.oneHot(xs.sum(1).greater(0).toInt(), 2).toFloat();
  ${training}
}
main();
`;
}
