/**
 * Module mode's training loop: `fit`/`fitDataset` over the model file's data with the live
 * callback. Epochs added while training run as a further `fit` from where the last one ended.
 */
import type { LayersModel, Tensor } from '@tensorflow/tfjs';
import type { TrainingConfig } from '../protocol/model';
import { fitThroughGraph } from './compiled/callbackFit';
import type { Execution } from './compiled/executionChoice';
import { inBatches, isBatchedDataset, isDataset } from './datasetBatching';
import type { StepHooks } from './inspection/layerInspector';
import {
  createLiveCallback,
  type LiveCallback,
  type LoopContext,
  type TrainingEvents,
  type TrainingStart,
} from './liveCallback';
import { exampleCount, inOrder } from './modelInputs';
import type { ModelData, Split, SplitData } from './modelModule';
import type { RunControl } from './runControl';
import type { ControlChange, UserCallbacks } from './userCallbacks';
import type { TensorFlow } from './tensorflow';

export type { StopSignal } from './runControl';
export type { TrainingEvents, TrainingStart } from './liveCallback';

export type TrainingOutcome = 'completed' | 'stopped';

/** Number of training samples per epoch, or null for a dataset of unknown size. */
export function samplesPerEpoch(tf: TensorFlow, train: SplitData, config: TrainingConfig): number | null {
  if (isDataset(tf, train)) {
    if (!Number.isFinite(train.size) || train.size < 0) return null;
    return isBatchedDataset(train) ? train.size * config.batchSize : train.size;
  }
  const total = exampleCount((train as Split).xs);
  return Math.floor(total * (1 - config.validationSplit));
}

function validationTensors(model: LayersModel, split: Split): [Tensor | Tensor[], Tensor | Tensor[]] {
  return [inOrder(split.xs, model.inputNames), inOrder(split.ys, model.outputNames)];
}

async function fitEpochs(
  context: LoopContext,
  data: ModelData,
  config: TrainingConfig,
  from: number,
  to: number,
  callback: LiveCallback,
  execution: Execution | undefined,
  userCallbacks: unknown[] = [],
): Promise<void> {
  const { tf, model } = context;
  const callbacks = [callback, ...(userCallbacks as LiveCallback[])];
  if (execution?.execution === 'graph') {
    await fitThroughGraph({ tf, model, execution, config, hooks: context.hooks, live: callback }, to, from, callbacks);
    return;
  }
  const shared = { epochs: to, initialEpoch: from, callbacks, verbose: 0 as const };
  const validation = data.validation;
  if (isDataset(tf, data.train)) {
    // A pipeline the model file batched itself is trained in its own order, as fitDataset would.
    const shuffled =
      config.shuffle === 'yes' && !isBatchedDataset(data.train) ? data.train.shuffle(10_000) : data.train;
    const train = inBatches(shuffled, config.batchSize);
    const validationData =
      validation === undefined
        ? undefined
        : isDataset(tf, validation)
          ? inBatches(validation, config.batchSize)
          : validationTensors(model, validation);
    await model.fitDataset(train, { ...shared, ...(validationData && { validationData }) });
    return;
  }
  const validationData =
    validation === undefined || isDataset(tf, validation) ? undefined : validationTensors(model, validation);
  await model.fit(data.train.xs, data.train.ys, {
    ...shared,
    batchSize: config.batchSize,
    shuffle: config.shuffle === 'yes',
    ...(validationData
      ? { validationData }
      : config.validationSplit > 0
        ? { validationSplit: config.validationSplit }
        : {}),
  });
}

export async function trainModel(
  tf: TensorFlow,
  model: LayersModel,
  data: ModelData,
  config: TrainingConfig,
  events: TrainingEvents,
  control: RunControl,
  hooks?: StepHooks,
  start: TrainingStart = { epoch: 0, step: 0 },
  execution?: Execution,
  /** The model file's config.callbacks, called after the live callback (compiled or eager). */
  userCallbacks?: (report: (change: ControlChange) => void) => UserCallbacks,
): Promise<TrainingOutcome> {
  const context = { tf, model, events, control, hooks };
  const callback = createLiveCallback(context, start);
  const user = userCallbacks?.((change) =>
    events.onControl({ ...change, step: callback.step, epoch: callback.currentEpoch, time: Date.now() }),
  );
  let done = start.epoch;
  // A user callback that stopped training (early stopping) ends the run: it is complete.
  while (!control.requested && !user?.stoppedTraining && done < config.epochs + control.addedEpochs) {
    const target = config.epochs + control.addedEpochs;
    await fitEpochs(context, data, config, done, target, callback, execution, user?.callbacks);
    done = target;
  }
  return control.requested ? 'stopped' : 'completed';
}
