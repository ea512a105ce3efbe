/**
 * Runs `fit`/`fitDataset` with a callback that reports every batch and epoch, honours stop
 * requests at the next batch boundary, and yields to the event loop so IPC messages (stop)
 * and timers get through during training.
 */
import type { LayersModel, Logs, Scalar, Tensor } from '@tensorflow/tfjs';
import type { TrainingConfig } from '../protocol/model';
import type { BatchRecord, EpochRecord } from '../protocol/records';
import type { StepHooks } from './inspection/layerInspector';
import type { ExampleDataset, ModelData, Split, SplitData } from './modelModule';
import type { TensorFlow } from './tensorflow';

export interface TrainingEvents {
  onBatch(record: BatchRecord): void;
  onEpoch(record: EpochRecord): void;
}

export interface StopSignal {
  readonly requested: boolean;
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

function createLiveCallback(
  tf: TensorFlow,
  events: TrainingEvents,
  stop: StopSignal,
  model: LayersModel,
  hooks: StepHooks | undefined,
) {
  class LiveCallback extends tf.Callback {
    private step = 0;
    private epoch = 1;
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
      if (stop.requested) {
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
      events.onEpoch({
        epoch: epoch + 1,
        step: this.step,
        time: Date.now(),
        durationMs,
        samplesPerSec: durationMs > 0 ? (this.epochSamples * 1000) / durationMs : 0,
        logs: await resolveLogs(logs as UnresolvedLogs | undefined),
      });
      if (stop.requested) model.stopTraining = true;
    }
  }
  return new LiveCallback();
}

function validationTensors(split: Split): [Tensor | Tensor[], Tensor | Tensor[]] {
  return [split.xs, split.ys];
}

export async function trainModel(
  tf: TensorFlow,
  model: LayersModel,
  data: ModelData,
  config: TrainingConfig,
  events: TrainingEvents,
  stop: StopSignal,
  hooks?: StepHooks,
): Promise<TrainingOutcome> {
  const callbacks = [createLiveCallback(tf, events, stop, model, hooks)];
  const shuffle = config.shuffle === 'yes';
  if (isDataset(tf, data.train)) {
    const train = (shuffle ? data.train.shuffle(10_000) : data.train).batch(config.batchSize);
    const validation = data.validation;
    const validationData =
      validation === undefined
        ? undefined
        : isDataset(tf, validation)
          ? validation.batch(config.batchSize)
          : validationTensors(validation);
    await model.fitDataset(train, {
      epochs: config.epochs,
      callbacks,
      verbose: 0,
      ...(validationData && { validationData }),
    });
  } else {
    const validation = data.validation;
    const validationData =
      validation === undefined || isDataset(tf, validation) ? undefined : validationTensors(validation);
    await model.fit(data.train.xs, data.train.ys, {
      epochs: config.epochs,
      batchSize: config.batchSize,
      shuffle,
      callbacks,
      verbose: 0,
      ...(validationData
        ? { validationData }
        : config.validationSplit > 0
          ? { validationSplit: config.validationSplit }
          : {}),
    });
  }
  return stop.requested ? 'stopped' : 'completed';
}
