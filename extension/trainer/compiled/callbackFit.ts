/**
 * `fit`'s callbacks around the compiled loop, as tfjs's own `fit` calls them: onTrainBegin to
 * onTrainEnd in the given order, early stopping through `model.stopTraining`, and the `History`
 * that `fit` resolves to. The tfjs model holds the session's weights whenever a callback other
 * than the live one runs: at every epoch end (and whatever a callback set there, restored best
 * weights say, is written back into the session), and before each batch callback when one of
 * them acts per batch, which costs a weight read per batch; what a batch callback writes
 * (setWeights) goes back into the session before the next step.
 */
import type { CallbackList, History, LayersModel } from '@tensorflow/tfjs';
import type { TrainingConfig } from '../../protocol/model';
import type { StepHooks } from '../inspection/layerInspector';
import type { LiveCallback } from '../liveCallback';
import type { TensorFlow } from '../tensorflow';
import { fitCompiled, type LoopCallback } from './compiledLoop';
import type { Execution } from './executionChoice';
import { trainableModel } from './traceStep';

type GraphExecution = Extract<Execution, { execution: 'graph' }>;

export interface GraphFit {
  tf: TensorFlow;
  model: LayersModel;
  execution: GraphExecution;
  config: TrainingConfig;
  hooks: StepHooks | undefined;
  live: LiveCallback;
}

/** A callback as tfjs's CallbackList takes it (a tf.Callback, or a CustomCallback made of an object). */
export type FitCallback = NonNullable<ConstructorParameters<TensorFlow['CallbackList']>[0]>[number];
const BATCH_HOOKS = ['onBatchBegin', 'onBatchEnd', 'onYield'] as const;
/** Where CustomCallback keeps an `{ onBatchBegin, onBatchEnd, onYield }` object's functions. */
const CUSTOM_BATCH_FIELDS = ['batchBegin', 'batchEnd', 'yield'] as const;

/**
 * Whether a callback does anything per batch (then it must see each step's weights): a plain
 * object or CustomCallback with a batch hook, a tf.Callback that overrides one, or a wrapper that
 * says so itself (`actsPerBatch`).
 */
export function actsPerBatch(tf: TensorFlow, callback: unknown): boolean {
  const fields = callback as Record<string, unknown>;
  if (typeof fields.actsPerBatch === 'boolean') return fields.actsPerBatch;
  if (callback instanceof tf.CustomCallback)
    return CUSTOM_BATCH_FIELDS.some((field) => typeof fields[field] === 'function');
  if (callback instanceof tf.Callback) {
    const base = tf.Callback.prototype as unknown as Record<string, unknown>;
    return BATCH_HOOKS.some((hook) => fields[hook] !== base[hook]);
  }
  return BATCH_HOOKS.some((hook) => typeof fields[hook] === 'function');
}

function loopCallback(list: CallbackList, fit: GraphFit, perBatch: boolean): LoopCallback {
  const { compiled } = fit.execution;
  return {
    get step() {
      return fit.live.step;
    },
    onEpochBegin: (epoch) => list.onEpochBegin(epoch),
    onBatchBegin: async (batch) => {
      if (perBatch) compiled.syncToModel();
      await list.onBatchBegin(batch, {});
      if (perBatch) compiled.syncModelWrites();
    },
    onBatchEnd: async (batch, logs) => {
      if (perBatch) compiled.syncToModel();
      await list.onBatchEnd(batch, logs);
      if (perBatch) compiled.syncModelWrites();
    },
    onEpochEnd: async (epoch, logs) => {
      await list.onEpochEnd(epoch, logs);
      // A callback may have changed the weights (restoring the best ones): the session trains on from them.
      compiled.syncFromModel();
    },
  };
}

/** The metric names `fit` gives callbacks in `params.metrics`. */
function callbackMetrics(model: LayersModel, validates: boolean): string[] {
  const labels = trainableModel(model).getDedupedMetricsNames();
  return validates ? [...labels, ...labels.map((label) => `val_${label}`)] : labels;
}

type TrainingFlag = { isTraining: boolean };

/**
 * Trains epochs initialEpoch..epochs-1 as `fit` would, calling `callbacks` (the live one among
 * them, where the caller wants it) and then the History it resolves to.
 */
export async function fitThroughGraph(
  fit: GraphFit,
  epochs: number,
  initialEpoch: number,
  callbacks: FitCallback[],
): Promise<History> {
  const { tf, model, execution, config } = fit;
  const flag = model as unknown as TrainingFlag;
  if (flag.isTraining) throw new Error('Cannot start training because another fit() call is ongoing.');
  flag.isTraining = true;
  try {
    const history = new tf.History();
    const list = new tf.CallbackList([...callbacks, history]);
    list.setParams({
      epochs,
      initialEpoch,
      samples: execution.train.xs[0]?.shape[0] ?? 0,
      batchSize: config.batchSize,
      verbose: 0,
      doValidation: execution.validation !== undefined,
      metrics: callbackMetrics(model, execution.validation !== undefined),
    });
    list.setModel(model);
    model.history = history;
    await list.onTrainBegin();
    const perBatch = callbacks.some((callback) => callback !== fit.live && actsPerBatch(tf, callback));
    const { compiled, train, validation } = execution;
    await fitCompiled(
      { tf, model, compiled, train, validation, config, hooks: fit.hooks, callback: loopCallback(list, fit, perBatch) },
      initialEpoch,
      epochs,
    );
    await list.onTrainEnd();
    await history.syncData();
    return history;
  } finally {
    flag.isTraining = false;
  }
}
