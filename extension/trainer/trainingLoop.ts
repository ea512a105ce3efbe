/**
 * Runs `fit`/`fitDataset` with a callback that reports every batch and epoch, applies run
 * control at batch boundaries (stop, pause, learning rate), and yields to the event loop so IPC
 * messages and timers get through during training. Epochs added while training run as a
 * further `fit` from where the last one ended.
 */
import type { LayersModel, Logs, Scalar, Tensor } from '@tensorflow/tfjs';
import type { TrainingConfig } from '../protocol/model';
import type { BatchRecord, ControlRecord, EpochRecord } from '../protocol/records';
import type { StepHooks } from './inspection/layerInspector';
import type { ExampleDataset, ModelData, Split, SplitData } from './modelModule';
import { setOptimizerLearningRate } from './optimizerLearningRate';
import type { RunControl } from './runControl';
import type { TensorFlow } from './tensorflow';

export type { StopSignal } from './runControl';

export interface TrainingEvents {
  onBatch(record: BatchRecord): void;
  onEpoch(record: EpochRecord): void | Promise<void>;
  onControl(record: ControlRecord): void;
}

/** Where training starts: 0/0 for a new run, the last checkpoint's epoch and step for a resume. */
export interface TrainingStart {
  epoch: number;
  step: number;
}

export type TrainingOutcome = 'completed' | 'stopped';

const YIELD_EVERY_MS = 25;
const LOG_KEYS_TO_SKIP = new Set(['batch', 'size']);

type UnresolvedLogs = Record<string, number | Scalar>;

async function resolveLogs(logs: UnresolvedLogs | undefined): Promise<Record<string, number>> {
  const resolved: Record<string, number> = {};
  if (!logs) return resolved;
  for (const [key, value] of Object.entries(logs)) {
    if (LOG_KEYS_TO_SKIP.has(key)) continue;
    resolved[key] = typeof value === 'number' ? value : ((await value.data())[0] ?? Number.NaN);
  }
  return resolved;
}

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

export function isDataset(tf: TensorFlow, split: SplitData): split is ExampleDataset {
  return split instanceof tf.data.Dataset;
}

function firstTensor(value: Tensor | Tensor[]): Tensor | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** Number of training samples per epoch, or null for a dataset of unknown size. */
export function samplesPerEpoch(tf: TensorFlow, train: SplitData, config: TrainingConfig): number | null {
  if (isDataset(tf, train)) return Number.isFinite(train.size) && train.size >= 0 ? train.size : null;
  const total = firstTensor((train as Split).xs)?.shape[0] ?? 0;
  return Math.floor(total * (1 - config.validationSplit));
}

interface LoopContext {
  tf: TensorFlow;
  model: LayersModel;
  events: TrainingEvents;
  control: RunControl;
  hooks: StepHooks | undefined;
}

function createLiveCallback({ tf, model, events, control, hooks }: LoopContext, start: TrainingStart) {
  class LiveCallback extends tf.Callback {
    step = start.step;
    private epoch = start.epoch + 1;
    private epochStart = 0;
    private epochSamples = 0;
    private lastYield = Date.now();
    private stoppedMidEpoch = false;

    override async onEpochBegin(epoch: number): Promise<void> {
      this.epoch = epoch + 1;
      this.epochStart = Date.now();
      this.epochSamples = 0;
    }

    override async onBatchBegin(): Promise<void> {
      hooks?.beforeBatch(this.step + 1);
    }

    override async onBatchEnd(batch: number, logs?: Logs): Promise<void> {
      const unresolved = logs as UnresolvedLogs | undefined;
      const size = unresolved?.size;
      this.epochSamples += typeof size === 'number' ? size : 0;
      this.step += 1;
      const record = {
        epoch: this.epoch,
        batch,
        step: this.step,
        time: Date.now(),
        logs: await resolveLogs(unresolved),
      };
      events.onBatch(record);
      await hooks?.afterBatch(this.step, this.epoch);
      await control.atBatchBoundary(
        (learningRate) => setOptimizerLearningRate(model.optimizer, learningRate),
        (change) => events.onControl({ ...change, step: this.step, epoch: this.epoch, time: Date.now() }),
      );
      if (control.requested) {
        this.stoppedMidEpoch = true;
        model.stopTraining = true;
      }
      if (Date.now() - this.lastYield >= YIELD_EVERY_MS) {
        await yieldToEventLoop();
        this.lastYield = Date.now();
      }
    }

    override async onEpochEnd(epoch: number, logs?: Logs): Promise<void> {
      if (this.stoppedMidEpoch) return; // a partial epoch is not an epoch
      const durationMs = Date.now() - this.epochStart;
      await events.onEpoch({
        epoch: epoch + 1,
        step: this.step,
        time: Date.now(),
        durationMs,
        samplesPerSec: durationMs > 0 ? (this.epochSamples * 1000) / durationMs : 0,
        logs: await resolveLogs(logs as UnresolvedLogs | undefined),
      });
      if (control.requested) model.stopTraining = true;
    }
  }
  return new LiveCallback();
}

function validationTensors(split: Split): [Tensor | Tensor[], Tensor | Tensor[]] {
  return [split.xs, split.ys];
}

async function fitEpochs(
  context: LoopContext,
  data: ModelData,
  config: TrainingConfig,
  from: number,
  to: number,
  callback: ReturnType<typeof createLiveCallback>,
): Promise<void> {
  const { tf, model } = context;
  const shared = { epochs: to, initialEpoch: from, callbacks: [callback], verbose: 0 as const };
  const validation = data.validation;
  if (isDataset(tf, data.train)) {
    const train = (config.shuffle === 'yes' ? data.train.shuffle(10_000) : data.train).batch(config.batchSize);
    const validationData =
      validation === undefined
        ? undefined
        : isDataset(tf, validation)
          ? validation.batch(config.batchSize)
          : validationTensors(validation);
    await model.fitDataset(train, { ...shared, ...(validationData && { validationData }) });
    return;
  }
  const validationData =
    validation === undefined || isDataset(tf, validation) ? undefined : validationTensors(validation);
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
): Promise<TrainingOutcome> {
  const context = { tf, model, events, control, hooks };
  const callback = createLiveCallback(context, start);
  let done = start.epoch;
  while (!control.requested && done < config.epochs + control.addedEpochs) {
    const target = config.epochs + control.addedEpochs;
    await fitEpochs(context, data, config, done, target, callback);
    done = target;
  }
  return control.requested ? 'stopped' : 'completed';
}
