/**
 * The callback that reports every batch and epoch of a `fit`, applies run control at batch
 * boundaries (stop, pause, learning rate), runs the inspector's hooks, and yields to the event
 * loop so IPC messages and timers get through during training. One instance can follow several
 * `fit` calls (more epochs, or a script that calls fit repeatedly): its step count carries on.
 */
import type { LayersModel, Logs, Scalar } from '@tensorflow/tfjs';
import type { BatchRecord, ControlRecord, EpochRecord } from '../protocol/records';
import type { StepHooks } from './inspection/layerInspector';
import { setOptimizerLearningRate } from './optimizerLearningRate';
import type { RunControl } from './runControl';
import type { TensorFlow } from './tensorflow';

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

export interface LoopContext {
  tf: TensorFlow;
  /** The model whose training the callback can stop and whose learning rate it sets. */
  model: LayersModel;
  events: TrainingEvents;
  control: RunControl;
  hooks: StepHooks | undefined;
}

export function createLiveCallback({ tf, model, events, control, hooks }: LoopContext, start: TrainingStart) {
  class LiveCallback extends tf.Callback {
    step = start.step;
    /**
     * Added to the epoch numbers `fit` reports. A script's second `fit` call counts from 0
     * again; the run's epochs continue from where the previous call ended.
     */
    epochOffset = 0;
    /** The last epoch this callback saw end (in the run's numbering). */
    lastEpoch = start.epoch;
    private epoch = start.epoch + 1;
    private epochStart = 0;
    private epochSamples = 0;
    private lastYield = Date.now();
    private stoppedMidEpoch = false;

    /** The epoch in progress, counted from 1. */
    get currentEpoch(): number {
      return this.epoch;
    }

    override async onEpochBegin(epoch: number): Promise<void> {
      this.epoch = this.epochOffset + epoch + 1;
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
      this.lastEpoch = this.epochOffset + epoch + 1;
      await events.onEpoch({
        epoch: this.lastEpoch,
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

export type LiveCallback = ReturnType<typeof createLiveCallback>;
