/**
 * `fit` over tensors, one graph call per batch: the same epochs, shuffling (`tf.util.shuffle` of
 * the sample order), batch and epoch logs, validation and callbacks as tfjs's own loop, so the
 * live callback cannot tell the difference. Steps the inspector samples run eagerly on the tfjs
 * model (gradient norms need the eager optimizer step), with the session's state synced around
 * them, and so does an epoch's last batch of a size the graph has no step for (a script's later
 * fit call on other data, through the step kept from its first); the tfjs model is synced at every epoch end and whenever training stops.
 */
import type { LayersModel, Logs, Scalar, Tensor } from '@tensorflow/tfjs';
import type { TrainingConfig } from '../../protocol/model';
import type { StepHooks } from '../inspection/layerInspector';
import type { TensorFlow } from '../tensorflow';
import type { CompiledTraining } from './compiledTraining';
import { trainableModel } from './traceStep';

export interface TensorSplit {
  xs: Tensor[];
  ys: Tensor[];
}

/**
 * What the loop calls at each boundary: the live callback in module mode; in script mode the
 * script's own callbacks, the live callback and the History that `fit` returns.
 */
export interface LoopCallback {
  /** Steps taken so far in the run (the inspector samples by it). */
  readonly step: number;
  onEpochBegin(epoch: number): Promise<void>;
  onBatchBegin(batch: number): Promise<void>;
  onBatchEnd(batch: number, logs: Logs): Promise<void>;
  onEpochEnd(epoch: number, logs: Logs): Promise<void>;
}

export interface CompiledFit {
  tf: TensorFlow;
  model: LayersModel;
  compiled: CompiledTraining;
  train: TensorSplit;
  validation: TensorSplit | undefined;
  config: TrainingConfig;
  hooks: StepHooks | undefined;
  callback: LoopCallback;
}

/** What `fit`, `trainOnBatch` and `evaluate` take: one tensor for a single input or output. */
function single(tensors: Tensor[]): Tensor | Tensor[] {
  return tensors.length === 1 ? (tensors[0] as Tensor) : tensors;
}

function sampleCount(split: TensorSplit): number {
  return split.xs[0]?.shape[0] ?? 0;
}

/** The batch sizes an epoch over `samples` samples uses: the full one and the remainder. */
export function batchSizesFor(samples: number, batchSize: number): number[] {
  const sizes = [Math.min(batchSize, samples)];
  const remainder = samples % batchSize;
  if (samples > batchSize && remainder > 0) sizes.push(remainder);
  return sizes;
}

async function runBatch(fit: CompiledFit, batch: Tensor[], step: number): Promise<number[]> {
  const { tf, model, compiled, train } = fit;
  // A sampled step, or a last batch the graph kept from an earlier fit call has no step for, trains eagerly.
  if (fit.hooks?.samples(step) || !compiled.trains(batch[0]?.shape[0] ?? 0)) {
    compiled.syncToModel();
    const xs = batch.slice(0, train.xs.length);
    const ys = batch.slice(train.xs.length);
    const values = await model.trainOnBatch(single(xs), single(ys));
    compiled.syncFromModel();
    return Array.isArray(values) ? values : [values];
  }
  const outputs = compiled.step(batch);
  const values = outputs.map((output) => output.dataSync()[0] ?? Number.NaN);
  tf.dispose(outputs);
  return values;
}

async function validationLogs(fit: CompiledFit, labels: string[]): Promise<Logs> {
  const { model, validation, config } = fit;
  if (!validation) return {};
  const result = model.evaluate(single(validation.xs), single(validation.ys), { batchSize: config.batchSize }) as
    Scalar | Scalar[];
  const scalars = Array.isArray(result) ? result : [result];
  const logs: Logs = {};
  for (const [index, scalar] of scalars.entries()) {
    const label = labels[index];
    // tfjs's evaluate can return more values than metric names (multi-output models with a metrics dict).
    if (label !== undefined) logs[`val_${label}`] = (await scalar.data())[0] ?? Number.NaN;
  }
  fit.tf.dispose(scalars);
  return logs;
}

async function runEpoch(fit: CompiledFit, epoch: number, labels: string[], order: Int32Array): Promise<void> {
  const { tf, model, train, config, callback } = fit;
  const samples = sampleCount(train);
  if (config.shuffle === 'yes') tf.util.shuffle(order);
  const orderTensor = tf.tensor1d(order, 'int32');
  const totals = labels.map(() => 0);
  let seen = 0;
  await callback.onEpochBegin(epoch);
  try {
    for (let start = 0, batchIndex = 0; start < samples; start += config.batchSize, batchIndex += 1) {
      const size = Math.min(config.batchSize, samples - start);
      await callback.onBatchBegin(batchIndex);
      const batch = tf.tidy(() => {
        const indices = orderTensor.slice(start, size);
        return [...train.xs, ...train.ys].map((tensor) => tf.gather(tensor, indices));
      });
      const values = await runBatch(fit, batch, callback.step + 1).finally(() => tf.dispose(batch));
      const logs: Logs = { batch: batchIndex, size };
      seen += size;
      values.forEach((value, index) => {
        logs[labels[index] ?? `out${index}`] = value;
        totals[index] = (totals[index] ?? 0) + value * size;
      });
      await callback.onBatchEnd(batchIndex, logs);
      if (model.stopTraining) break;
    }
  } finally {
    orderTensor.dispose();
    fit.compiled.syncToModel();
  }
  // As tfjs: a stopped epoch averages the batches it trained, and validates only when it ran to its end.
  const epochLogs: Logs = Object.fromEntries(labels.map((label, index) => [label, (totals[index] ?? 0) / seen]));
  if (seen === samples) Object.assign(epochLogs, await validationLogs(fit, labels));
  await callback.onEpochEnd(epoch, epochLogs);
}

/** Trains epochs `from` to `to` (exclusive) through the compiled step. */
export async function fitCompiled(fit: CompiledFit, from: number, to: number): Promise<void> {
  const labels = trainableModel(fit.model).getDedupedMetricsNames();
  fit.model.stopTraining = false;
  // One order, shuffled again each epoch, as tfjs's fit does: the same seed gives the same batches.
  const order = Int32Array.from({ length: sampleCount(fit.train) }, (_, index) => index);
  for (let epoch = from; epoch < to; epoch++) {
    await runEpoch(fit, epoch, labels, order);
    if (fit.model.stopTraining) break;
  }
}
