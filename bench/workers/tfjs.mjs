// Benchmark worker for TensorFlow.js: plain `model.fit`, one process per backend.
//
// Usage: node bench/workers/tfjs.mjs '<json spec>'  (spec: see bench/run.mjs, `tfjsSpec`)
// Writes a JSON result to spec.out. Environment (threads, oneDNN) is set by the parent.
import process from 'node:process';
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { readDataset } from '../lib/data.mjs';
import { BUILDERS, compileForBench } from '../lib/tfjsModels.mjs';

const require = createRequire(import.meta.url);
const spec = JSON.parse(process.argv[2]);

async function loadTf(backend, threads) {
  const t0 = performance.now();
  let tf;
  if (backend === 'tensorflow') {
    tf = require('@tensorflow/tfjs-node');
  } else {
    tf = require('@tensorflow/tfjs');
    if (backend === 'wasm') {
      const wasm = require('@tensorflow/tfjs-backend-wasm');
      wasm.setThreadsCount(threads);
    }
  }
  await tf.setBackend(backend);
  await tf.ready();
  const info = { backend: tf.getBackend(), load_s: (performance.now() - t0) / 1000, version: tf.version.tfjs };
  if (backend === 'wasm') {
    const wasm = require('@tensorflow/tfjs-backend-wasm');
    info.wasm_threads = wasm.getThreadsCount();
    info.wasm_simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
    info.wasm_multithread = await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT');
  }
  if (backend === 'tensorflow') {
    info.tfjs_node = tf.version['tfjs-node'];
    info.tf_library = tf.backend().binding?.TF_Version;
  }
  return { tf, info };
}

async function benchOne(tf, run) {
  const data = readDataset(run.data);
  const n = run.samples ?? run.data.samples;
  const shape = run.data.shape;
  const features = shape.reduce((a, b) => a * b, 1);
  const xs = tf.tensor(data.x.subarray(0, n * features), [n, ...shape], 'float32');
  const labels = tf.tensor1d(data.y.subarray(0, n), 'int32');
  const ys = tf.oneHot(labels, run.data.classes).toFloat();
  labels.dispose();
  const model = compileForBench(tf, BUILDERS[run.model](tf));
  const fitArgs = { batchSize: spec.batchSize, shuffle: true, verbose: 0 };
  const result = { model: run.model, samples_per_epoch: n, batch_size: spec.batchSize };
  try {
    const w0 = performance.now();
    await model.fit(xs, ys, { ...fitArgs, epochs: run.warmupEpochs });
    result.warmup_s = (performance.now() - w0) / 1000;
    const tensorsBefore = tf.memory().numTensors;
    const epochs = [];
    let t = 0;
    const t0 = performance.now();
    const history = await model.fit(xs, ys, {
      ...fitArgs,
      epochs: run.timedEpochs,
      callbacks: {
        onEpochBegin: async () => {
          t = performance.now();
        },
        onEpochEnd: async () => {
          epochs.push((performance.now() - t) / 1000);
        },
      },
    });
    const total = (performance.now() - t0) / 1000;
    result.ok = true;
    result.epoch_s = epochs;
    result.timed_s = total;
    result.samples_per_s = (n * run.timedEpochs) / total;
    result.final_loss = history.history.loss.at(-1);
    result.leaked_tensors = tf.memory().numTensors - tensorsBefore;
  } catch (error) {
    result.ok = false;
    result.error = String(error?.message ?? error).split('\n')[0];
  }
  tf.dispose([xs, ys]);
  model.dispose();
  return result;
}

const { tf, info } = await loadTf(spec.backend, spec.threads);
const results = [];
for (const run of spec.runs) results.push(await benchOne(tf, run));
writeFileSync(spec.out, JSON.stringify({ framework: `tfjs-${spec.backend}`, info, results }, null, 2));
