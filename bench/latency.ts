/**
 * Latency from a batch ending in the trainer to that batch being handled by the loss panel's
 * host-side controller: the real trainer process (TrainerProcess: fork, IPC, validation) feeding
 * the real LiveRun, whose coalesced `onDidAppend` is what the panel posts to the webview. For
 * each batch record: append time − the record's `time` (stamped in the trainer when the batch
 * ended; same machine, same clock). Prints one JSON line: per model p50/p95/max in ms.
 *
 *   node esbuild.js && node --import tsx bench/latency.ts [--json]
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { TrainerProcess } from '../extension/host/trainerProcess';
import { createLiveRun } from './memory.pipeline';

const TRAINER = path.join(__dirname, '..', 'dist', 'trainer.js');

/** The bench's MLP and CNN (bench/models/benchModel.mjs) on random data, batch 64, 2 epochs. */
function modelFile(model: 'mlp' | 'cnn'): string {
  const layers =
    model === 'mlp'
      ? `tf.layers.dense({ inputShape: [784], units: 128, activation: 'relu' }), tf.layers.dense({ units: 64, activation: 'relu' }),`
      : `tf.layers.conv2d({ inputShape: [28, 28, 1], filters: 8, kernelSize: 3, activation: 'relu' }), tf.layers.maxPooling2d({ poolSize: 2 }),
         tf.layers.conv2d({ filters: 16, kernelSize: 3, activation: 'relu' }), tf.layers.maxPooling2d({ poolSize: 2 }), tf.layers.flatten(),
         tf.layers.dense({ units: 64, activation: 'relu' }),`;
  const shape = model === 'mlp' ? '[n, 784]' : '[n, 28, 28, 1]';
  return `import * as tf from '@tensorflow/tfjs';
export const config = { epochs: 2, batchSize: 64 };
export function createModel() {
  const model = tf.sequential({ layers: [${layers} tf.layers.dense({ units: 10, activation: 'softmax' })] });
  model.compile({ optimizer: tf.train.adam(1e-3), loss: 'categoricalCrossentropy' });
  return model;
}
export function loadData() {
  const n = ${model === 'mlp' ? 8192 : 2048};
  return { train: { xs: tf.randomUniform(${shape}, 0, 1, 'float32', 1), ys: tf.oneHot(tf.randomUniform([n], 0, 10, 'int32', 2), 10).toFloat() } };
}
`;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

async function measure(model: 'mlp' | 'cnn'): Promise<Record<string, number>> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `tensorscope-latency-${model}-`));
  fs.writeFileSync(path.join(dir, 'model.ts'), modelFile(model));
  const liveRun = createLiveRun();
  const latencies: number[] = [];
  liveRun.onDidAppend((append) => {
    const now = Date.now();
    for (const time of append.batches.time) latencies.push(now - time);
  });
  const trainer = new TrainerProcess({
    trainerScript: TRAINER,
    cwd: dir,
    hungTimeoutMs: 120_000,
    onMessage: (message) => liveRun.apply(message),
    onInvalidMessage: (error) => {
      throw new Error(error);
    },
  });
  trainer.send({
    type: 'start',
    command: 'train',
    modelFile: path.join(dir, 'model.ts'),
    options: { backend: 'auto' },
  });
  await trainer.exited;
  liveRun.dispose();
  fs.rmSync(dir, { recursive: true, force: true });
  const sorted = latencies.sort((a, b) => a - b);
  return {
    batches: sorted.length,
    p50_ms: percentile(sorted, 50),
    p95_ms: percentile(sorted, 95),
    max_ms: sorted.at(-1) ?? Number.NaN,
  };
}

async function main(): Promise<void> {
  const results = { mlp: await measure('mlp'), cnn: await measure('cnn') };
  if (process.argv.includes('--json')) console.log(JSON.stringify(results));
  else for (const [model, figures] of Object.entries(results)) console.log(`${model}: ${JSON.stringify(figures)}`);
}

void main();
