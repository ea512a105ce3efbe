// Calls the SavedModel's `train_step` signature from tfjs-node once per batch and times it, next to the
// same step done eagerly (optimizer.minimize). node bench/profile/graphStep/run_graph_step.mjs SAVED_DIR
import console from 'node:console';
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import process from 'node:process';

const require = createRequire(import.meta.url);
const tf = require('@tensorflow/tfjs-node');
const dir = process.argv[2];
const model = await tf.node.loadSavedModel(dir, ['serve'], 'train_step');
const x = tf.randomUniform([64, 784], 0, 1, 'float32', 1);
const y = tf.oneHot(tf.randomUniform([64], 0, 10, 'int32', 2), 10).toFloat();

function timeIt(label, step, n = 300) {
  for (let i = 0; i < 20; i++) step();
  const chunks = [];
  for (let c = 0; c < 5; c++) {
    const t0 = performance.now();
    for (let i = 0; i < n / 5; i++) step();
    chunks.push((performance.now() - t0) / (n / 5));
  }
  chunks.sort((a, b) => a - b);
  const ms = chunks[2];
  console.log(`${label.padEnd(34)} ${ms.toFixed(3)} ms/step  ${Math.round((64 / ms) * 1000)} samples/s`);
}

const losses = [];
timeIt('graph train_step (SavedModel)', () => {
  const out = model.predict({ x, y });
  const loss = out.loss ?? Object.values(out)[0];
  losses.push(loss.dataSync()[0]);
  tf.dispose(out);
});
console.log(
  `  loss first/last: ${losses[0].toFixed(4)} -> ${losses.at(-1).toFixed(4)} (falls: variables update in-session)`,
);
