/**
 * A script's `model.fit(x, y, args)` trained through the compiled step, with what tfjs's own
 * `fit` gives the script: the script's callbacks (onTrainBegin to onTrainEnd, early stopping
 * through `model.stopTraining`) called around the compiled loop in tfjs's order, and the
 * `History` that `fit` resolves to. The tfjs model holds the session's weights whenever a
 * callback of the script runs: at every epoch end, and before each batch callback when the
 * script has any.
 */
import type { CallbackList, History, LayersModel } from '@tensorflow/tfjs';
import type { TrainingConfig } from '../../protocol/model';
import type { StepHooks } from '../inspection/layerInspector';
import type { LiveCallback } from '../liveCallback';
import type { TensorFlow } from '../tensorflow';
import { fitCompiled, type LoopCallback } from '../compiled/compiledLoop';
import type { CompiledTraining } from '../compiled/compiledTraining';
import type { Execution } from '../compiled/executionChoice';
import { trainableModel } from '../compiled/traceStep';
import { disposeFitTensors, type FitCall } from './fitExecution';

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
export type ScriptCallback = NonNullable<ConstructorParameters<TensorFlow['CallbackList']>[0]>[number];
const BATCH_HOOKS = ['onBatchBegin', 'onBatchEnd'] as const;
/** Where CustomCallback keeps an `{ onBatchBegin, onBatchEnd }` object's functions. */
const CUSTOM_BATCH_FIELDS = ['batchBegin', 'batchEnd', 'yield'] as const;

/** Whether a callback of the script does anything per batch (then it must see each step's weights). */
function actsPerBatch(tf: TensorFlow, callback: ScriptCallback): boolean {
  if (callback instanceof tf.CustomCallback) {
    const fields = callback as unknown as Record<(typeof CUSTOM_BATCH_FIELDS)[number], unknown>;
    return CUSTOM_BATCH_FIELDS.some((field) => typeof fields[field] === 'function');
  }
  const base = tf.Callback.prototype as unknown as Record<string, unknown>;
  const own = callback as unknown as Record<string, unknown>;
  return BATCH_HOOKS.some((hook) => own[hook] !== base[hook]);
}

function loopCallback(list: CallbackList, fit: GraphFit, perBatch: boolean): LoopCallback {
  const compiled: CompiledTraining = fit.execution.compiled;
  return {
    get step() {
      return fit.live.step;
    },
    onEpochBegin: (epoch) => list.onEpochBegin(epoch),
    onBatchBegin: async (batch) => {
      if (perBatch) compiled.syncToModel();
      await list.onBatchBegin(batch, {});
    },
    onBatchEnd: async (batch, logs) => {
      if (perBatch) compiled.syncToModel();
      await list.onBatchEnd(batch, logs);
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
 * Trains as `fit` would and resolves to its History; the script's callbacks come first, as in
 * tfjs. `fit`'s epochs and initialEpoch: epochs initialEpoch..epochs-1 train.
 */
async function fitThroughGraph(
  fit: GraphFit,
  epochs: number,
  initialEpoch: number,
  callbacks: ScriptCallback[],
): Promise<History> {
  const { tf, model, execution, config } = fit;
  const flag = model as unknown as TrainingFlag;
  if (flag.isTraining) throw new Error('Cannot start training because another fit() call is ongoing.');
  flag.isTraining = true;
  try {
    const history = new tf.History();
    const list = new tf.CallbackList([...callbacks, fit.live, history]);
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
    const perBatch = callbacks.some((callback) => actsPerBatch(tf, callback));
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

/** One fit call of the script through the compiled step; the tensors made for it go afterwards (the step stays for the next call). */
export async function trainFitThroughGraph(
  fit: GraphFit,
  call: FitCall,
  callbacks: ScriptCallback[],
): Promise<History> {
  const args = call.args as { epochs?: number; initialEpoch?: number };
  try {
    return await fitThroughGraph(fit, args.epochs ?? 1, args.initialEpoch ?? 0, callbacks);
  } finally {
    disposeFitTensors(fit.tf, fit.execution, call);
  }
}
