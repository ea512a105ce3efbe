/**
 * The compiled training step against the eager one, per bench model, in one process: build time,
 * per-step ms (median over chunks, robust to short CPU steals) for the graph call and for
 * `trainOnBatch`, and the size of the graph. oneDNN is whatever TF_ENABLE_ONEDNN_OPTS says (the
 * trainer defaults it to 0); run twice to compare:
 *
 *   TF_ENABLE_ONEDNN_OPTS=0 node --import tsx bench/profile/compiledSteps.ts [mlp,cnn,resnet]
 *   TF_ENABLE_ONEDNN_OPTS=1 node --import tsx bench/profile/compiledSteps.ts [mlp,cnn,resnet]
 */
import { performance } from 'node:perf_hooks';
import * as tfNode from '@tensorflow/tfjs-node';
import type { LayersModel, Tensor } from '@tensorflow/tfjs';
import { CompiledTraining } from '../../extension/trainer/compiled/compiledTraining';
import type { TensorFlow } from '../../extension/trainer/tensorflow';
// @ts-expect-error: a plain .mjs module shared with the bench workers
import { BUILDERS, compileForBench } from '../lib/tfjsModels.mjs';

const tf = tfNode as unknown as TensorFlow;
const BATCH = 64;
const SHAPES: Record<string, number[]> = { mlp: [784], cnn: [28, 28, 1], resnet: [32, 32, 3] };
const STEPS: Record<string, number> = { mlp: 200, cnn: 60, resnet: 15 };

async function medianStepMs(step: () => Promise<void> | void, perChunk: number, chunks = 5): Promise<number[]> {
  for (let i = 0; i < 3; i++) await step();
  const perStep: number[] = [];
  for (let c = 0; c < chunks; c++) {
    const start = performance.now();
    for (let i = 0; i < perChunk; i++) await step();
    perStep.push((performance.now() - start) / perChunk);
  }
  return perStep.sort((a, b) => a - b);
}

async function measure(name: string): Promise<void> {
  const build = (BUILDERS as Record<string, (t: unknown) => LayersModel>)[name];
  if (!build) throw new Error(`unknown model ${name}`);
  const x = tf.randomUniform([BATCH, ...(SHAPES[name] ?? [])], 0, 1, 'float32', 1);
  const y = tf.tidy(() => tf.oneHot(tf.randomUniform([BATCH], 0, 10, 'int32', 2), 10).toFloat());
  const eager = compileForBench(tf, build(tf)) as LayersModel;
  const graph = compileForBench(tf, build(tf)) as LayersModel;
  const started = performance.now();
  const compiled = await CompiledTraining.build(tf, graph, [{ xs: [x], ys: [y] }]);
  const buildMs = performance.now() - started;
  const perChunk = STEPS[name] ?? 20;
  const graphMs = await medianStepMs(() => {
    const outputs: Tensor[] = compiled.step([x, y]);
    outputs[0]?.dataSync();
    tf.dispose(outputs);
  }, perChunk);
  const eagerMs = await medianStepMs(
    async () => {
      await eager.trainOnBatch(x, y);
    },
    Math.max(3, Math.round(perChunk / 4)),
  );
  const median = (values: number[]) => values[values.length >> 1] ?? Number.NaN;
  const rate = (ms: number) => Math.round((BATCH / ms) * 1000);
  console.log(
    `${name.padEnd(7)} oneDNN=${process.env.TF_ENABLE_ONEDNN_OPTS ?? 'default'}  build ${buildMs.toFixed(0)} ms  ` +
      `graph ${median(graphMs).toFixed(2)} ms/step [${graphMs[0]?.toFixed(2)}–${graphMs.at(-1)?.toFixed(2)}] ${rate(median(graphMs))}/s  ` +
      `eager ${median(eagerMs).toFixed(2)} ms/step [${eagerMs[0]?.toFixed(2)}–${eagerMs.at(-1)?.toFixed(2)}] ${rate(median(eagerMs))}/s  ` +
      `×${(median(eagerMs) / median(graphMs)).toFixed(2)}`,
  );
  compiled.dispose();
}

async function main(): Promise<void> {
  for (const name of (process.argv[2] ?? 'mlp,cnn,resnet').split(',')) await measure(name);
}

void main();
