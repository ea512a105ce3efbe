/**
 * Per-run bookkeeping around training, in module and script mode alike: batch and epoch
 * records to the run folder and the host, per-epoch last/best checkpoints, divergence.
 */
import type { LayersModel } from '@tensorflow/tfjs';
import type { LayerStatsRecord, ProbeRecord } from '../protocol/inspection';
import type { BackendInfo, ExecutionInfo, ModelSummary, TrainingConfig, TrainingMode } from '../protocol/model';
import type { BatchRecord, ControlRecord, EpochRecord } from '../protocol/records';
import { boundConfig, boundLogs, boundSummary, type LongTexts } from '../runs/boundedRecord';
import { batchLine, epochLine } from '../runs/runFiles';
import type { RunWriter } from '../runs/runWriter';
import { BEST_CHECKPOINT, LAST_CHECKPOINT, type CheckpointPosition } from '../runs/checkpointFiles';
import { captureCheckpoint, writeCapturedCheckpoint } from './checkpoint';
import { TrainerFailure } from './failure';
import type { InspectionSink } from './inspection/layerInspector';
import type { TrainingEvents } from './liveCallback';
import type { Send } from './loadModelFile';
import type { RunControl } from './runControl';
import type { TensorFlow } from './tensorflow';

export const DIVERGENCE_HINT = 'Lower the learning rate, scale the inputs (e.g. to [0, 1]), or clip gradients.';

/** The run's new best epoch: the monitored value (val_loss, or loss without validation data) and its name. */
export interface BestEpoch {
  name: 'loss' | 'val_loss';
  value: number;
}

/** Where the checkpoints of an epoch's end go: written at once (module mode), or throttled (script mode's fit loops). */
export interface EpochCheckpoints {
  atEpochEnd(position: CheckpointPosition, best: BestEpoch | undefined): Promise<void>;
}

/** Every epoch's end writes `last`, and `best` when the monitored value improved. */
export function immediateCheckpoints(tf: TensorFlow, model: LayersModel, writer: RunWriter): EpochCheckpoints {
  return {
    async atEpochEnd(position, best) {
      // One read of the model serves both folders: an improved epoch's best is its last.
      const captured = await captureCheckpoint(tf, model);
      writeCapturedCheckpoint(captured, writer.runDir, LAST_CHECKPOINT, position);
      if (!best) return;
      writeCapturedCheckpoint(captured, writer.runDir, BEST_CHECKPOINT, position);
      writer.update({ best: { epoch: position.epoch, [best.name]: best.value } });
    },
  };
}

/** Per-run bookkeeping around the training loop: records, checkpoints, divergence. */
export class RunRecorder implements TrainingEvents, InspectionSink {
  diverged: { step: number; loss: number } | undefined;
  private bestLoss: number;

  constructor(
    private readonly tf: TensorFlow,
    private readonly writer: RunWriter,
    private readonly send: Send,
    private readonly model: LayersModel,
    private readonly control: RunControl,
    private readonly checkpoints: EpochCheckpoints = immediateCheckpoints(tf, model, writer),
  ) {
    this.bestLoss = writer.info.best?.val_loss ?? writer.info.best?.loss ?? Infinity;
  }

  onBatch(batch: BatchRecord): void {
    const record = { ...batch, logs: boundLogs(batch.logs) };
    this.writer.append(batchLine(record));
    this.send({ type: 'batches', records: [record] });
    const loss = record.logs.loss;
    if (!this.diverged && loss !== undefined && !Number.isFinite(loss)) {
      this.diverged = { step: record.step, loss };
      this.control.stop(); // like Keras' TerminateOnNaN: at once, not at the end of the epoch
    }
  }

  async onEpoch(epoch: EpochRecord): Promise<void> {
    const record = { ...epoch, logs: boundLogs(epoch.logs) };
    this.writer.append(epochLine(record), true);
    if (this.writer.info.stepsPerEpoch === null) this.writer.update({ stepsPerEpoch: record.step });
    this.send({ type: 'epochEnd', record });
    if (this.diverged) return; // keep the last good checkpoint
    // Without validation data the best checkpoint is chosen by the train loss, and recorded as such.
    const name = record.logs.val_loss === undefined ? 'loss' : 'val_loss';
    const monitored = record.logs[name];
    const improved = monitored !== undefined && monitored < this.bestLoss;
    if (improved) this.bestLoss = monitored;
    const position = { epoch: record.epoch, step: record.step };
    await this.checkpoints.atEpochEnd(position, improved ? { name, value: monitored } : undefined);
  }

  onLayerStats(record: LayerStatsRecord): void {
    this.writer.append({ type: 'layer_stats', ...record });
    this.send({ type: 'layerStats', record });
  }

  onProbe(record: ProbeRecord): void {
    this.writer.append({ type: 'probe', ...record });
    this.send({ type: 'probe', record });
  }

  onControl(record: ControlRecord): void {
    this.writer.append({ type: 'control', ...record }, true);
    this.send({ type: 'control', record });
  }
}

/** The run's failure when its loss diverged, else undefined. */
export function divergenceFailure(recorder: RunRecorder): TrainerFailure | undefined {
  if (!recorder.diverged) return undefined;
  const { loss, step } = recorder.diverged;
  return new TrainerFailure(
    'training',
    `The loss became ${loss} at step ${step}; training stopped.`,
    undefined,
    DIVERGENCE_HINT,
  );
}

export interface TrainingStartDetails {
  mode: TrainingMode;
  config: TrainingConfig;
  backend: BackendInfo;
  execution?: ExecutionInfo;
  summary: ModelSummary;
  samplesPerEpoch: number | null;
  stepsPerEpoch: number | null;
  /** Config texts already cut short while resolving the config, kept whole beside the run. */
  longTexts?: LongTexts;
}

/**
 * Records what is about to train (run.json, the `layers` record) and tells the host. Config and
 * layer names are bounded here, whatever the model file chose, so every reader and the host's
 * message validation accept them; over-long texts are kept whole in a side file.
 */
export function announceTraining(writer: RunWriter, send: Send, details: TrainingStartDetails): void {
  const { mode, backend, execution, stepsPerEpoch, samplesPerEpoch } = details;
  const longTexts: LongTexts = { ...details.longTexts };
  const config = boundConfig(details.config as unknown as Record<string, unknown>, longTexts);
  const summary = boundSummary(details.summary, longTexts);
  writer.recordLongTexts(longTexts);
  writer.update({ mode, config, backend, summary, stepsPerEpoch, ...(execution && { execution }) });
  const { layers, totalParams, trainableParams } = summary;
  writer.append({ type: 'layers', layers, totalParams, trainableParams }, true);
  send({
    type: 'trainingStarted',
    mode,
    backend,
    ...(execution && { execution }),
    config,
    summary,
    stepsPerEpoch,
    samplesPerEpoch,
  });
}
