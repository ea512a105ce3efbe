// Where does tfjs-node's time go on the MLP? Times one training step (batch 64) in several ways and
// counts the native ops per step. Per-step medians over chunks, so that another process stealing the
// CPU for a moment moves them little.
//
//   TF_ENABLE_ONEDNN_OPTS=0 node bench/profile/tfjsSteps.mjs [mlp|cnn] [variant,...]
// Variants: fit, fit-noshuffle, fit-syncloss, trainOnBatch, minimize, minimize-sync, forward, raw-ops
import process from 'node:process';
import console from 'node:console';
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { buildMlp, buildCnn } from '../lib/tfjsModels.mjs';

const require = createRequire(import.meta.url);
const tf = require('@tensorflow/tfjs-node');
const modelName = process.argv[2] ?? 'mlp';
const variants = (process.argv[3] ?? 'fit,fit-noshuffle,trainOnBatch,minimize,minimize-sync,forward').split(',');
const BATCH = 64;
const N = modelName === 'mlp' ? 4096 : 1024; // samples per "epoch" used by the fit variants
const shape = modelName === 'mlp' ? [784] : [28, 28, 1];

// Count calls into the native binding (one per TF op executed eagerly).
// The binding's properties are read-only, so the backend gets a counting stand-in for it.
const backend = tf.backend();
const realBinding = backend.binding;
let nativeOps = 0;
let nativeMs = 0;
const opNames = new Map();
if (!process.env.NO_OP_COUNT)
  backend.binding = Object.create(realBinding, {
    executeOp: {
      value: (name, ...rest) => {
        nativeOps++;
        opNames.set(name, (opNames.get(name) ?? 0) + 1);
        const t = performance.now();
        const out = realBinding.executeOp(name, ...rest);
        nativeMs += performance.now() - t;
        return out;
      },
    },
  });

const x = tf.randomUniform([N, ...shape], 0, 1, 'float32', 1);
const y = tf.oneHot(tf.randomUniform([N], 0, 10, 'int32', 2), 10).toFloat();
const xb = x.slice(0, BATCH);
const yb = y.slice(0, BATCH);

function makeModel() {
  const model = modelName === 'mlp' ? buildMlp(tf) : buildCnn(tf);
  model.compile({ optimizer: tf.train.adam(1e-3), loss: 'categoricalCrossentropy' });
  return model;
}

/** Runs `step` (async ok) for `chunks` x `perChunk` steps; returns the median per-step ms over chunks. */
async function timeSteps(step, perChunk, chunks = Number(process.env.CHUNKS ?? 5)) {
  for (let i = 0; i < 5; i++) await step(); // warm-up: kernels, allocator, JIT
  nativeOps = 0;
  opNames.clear();
  await step();
  const opsPerStep = nativeOps;
  const top = [...opNames.entries()].sort((a, b) => b[1] - a[1]);
  const per = [];
  nativeMs = 0;
  let stepsRun = 0;
  for (let c = 0; c < chunks; c++) {
    stepsRun += perChunk;
    const t0 = performance.now();
    for (let i = 0; i < perChunk; i++) await step();
    per.push((performance.now() - t0) / perChunk);
  }
  per.sort((a, b) => a - b);
  return { ms: per[per.length >> 1], min: per[0], opsPerStep, top, nativeMsPerCall: nativeMs / stepsRun };
}

const steps = N / BATCH;
const results = {};
for (const v of variants) {
  const model = makeModel();
  const lossFn = () => tf.metrics.categoricalCrossentropy(yb, model.apply(xb, { training: true })).mean();
  let step;
  let perChunk = 20;
  if (v === 'fit' || v === 'fit-noshuffle' || v === 'fit-syncloss') {
    // One call = one epoch of N samples; report per step. fit-syncloss reads each batch's loss the way
    // a live-metrics callback does (await logs.loss.data()), i.e. one GPU/CPU sync point per batch.
    const shuffle = v !== 'fit-noshuffle';
    const callbacks =
      v === 'fit-syncloss'
        ? {
            onBatchEnd: async (_batch, logs) =>
              void (typeof logs.loss === 'number' ? logs.loss : await logs.loss.data()),
          }
        : undefined;
    step = async () => {
      await model.fit(x, y, { batchSize: BATCH, epochs: 1, shuffle, verbose: 0, callbacks });
    };
    perChunk = 1;
  } else if (v === 'trainOnBatch') {
    step = async () => {
      await model.trainOnBatch(xb, yb);
    };
  } else if (v === 'minimize') {
    step = () => tf.tidy(() => void model.optimizer.minimize(lossFn, false));
  } else if (v === 'minimize-sync') {
    step = () => {
      const cost = model.optimizer.minimize(lossFn, true);
      cost.dataSync();
      cost.dispose();
    };
  } else if (v === 'forward') {
    step = () => tf.tidy(() => void model.predictOnBatch(xb).dataSync());
  } else if (v === 'raw-ops') {
    // Lower bound for one eager op round trip: a tiny add, executed natively.
    const a = tf.scalar(1);
    step = () => tf.tidy(() => void tf.add(a, a));
    perChunk = 2000;
  } else throw new Error(`unknown variant ${v}`);
  const before = tf.memory().numTensors;
  const r = await timeSteps(step, perChunk);
  if (v.startsWith('fit')) {
    r.ms /= steps;
    r.min /= steps;
    r.opsPerStep = Math.round(r.opsPerStep / steps);
    r.nativeMsPerCall /= steps;
  }
  r.leakedTensors = tf.memory().numTensors - before;
  results[v] = r;
  console.log(
    `${v.padEnd(14)} ${r.ms.toFixed(3)} ms/step (min ${r.min.toFixed(3)})  ${(BATCH / r.ms) * 1000 >= 1 ? Math.round((BATCH / r.ms) * 1000) : '-'} samples/s  ` +
      `native ops/step ${r.opsPerStep} (${r.nativeMsPerCall.toFixed(3)} ms inside them)  leaked tensors ${r.leakedTensors}`,
  );
  if (process.env.SHOW_OPS && !v.startsWith('fit')) console.log('   ', r.top.map(([k, n]) => `${k}:${n}`).join(' '));
  model.dispose();
}
