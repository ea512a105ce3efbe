/**
 * One run, start to end: the same code behind the extension's trainer process and the CLI.
 * Every outcome, including a model file that does not build, ends in the run folder.
 */
import * as path from 'node:path';
import type { LayersModel } from '@tensorflow/tfjs';
import type { TrainerError } from '../protocol/model';
import type { BatchRecord, ControlRecord, EpochRecord } from '../protocol/records';
import type { EndStatus, TrainOptions } from '../protocol/trainerMessages';
import { batchLine, epochLine } from '../runs/runFiles';
import { RunWriter } from '../runs/runWriter';
import { BEST_CHECKPOINT, LAST_CHECKPOINT, restoreCheckpoint, saveCheckpoint } from './checkpoint';
import { evaluateLatestCheckpoint } from './evaluate';
import { TrainerFailure, toTrainerError } from './failure';
import { DEFAULT_SAMPLE_EVERY_BATCHES, LayerInspector } from './inspection/layerInspector';
import { loadModelFile, type LoadedModelFile, type Send } from './loadModelFile';
import { summarizeModel } from './modelSummary';
import { probeBatch } from './probeBatch';
import { findResumePoint, type ResumePoint } from './resumePoint';
import type { RunControl } from './runControl';
import { compileIfNeeded, resolveConfig } from './trainingConfig';
import { samplesPerEpoch, trainModel, type TrainingEvents } from './trainingLoop';

export type { Send } from './loadModelFile';

export interface RunRequest {
  command: 'train' | 'evaluate' | 'resume';
  modelFile: string;
  options: TrainOptions;
}

export interface RunResult {
  status: EndStatus;
  runDir: string;
  error?: TrainerError;
}

const DIVERGENCE_HINT = 'Lower the learning rate, scale the inputs (e.g. to [0, 1]), or clip gradients.';

/** Per-run bookkeeping around the training loop: records, checkpoints, divergence. */
class RunRecorder implements TrainingEvents {
  diverged: { step: number; loss: number } | undefined;
  private bestLoss: number;

  constructor(
    private readonly writer: RunWriter,
    private readonly send: Send,
    private readonly model: LayersModel,
    private readonly control: RunControl,
  ) {
    this.bestLoss = writer.info.best?.val_loss ?? Infinity;
  }

  onBatch(record: BatchRecord): void {
    this.writer.append(batchLine(record));
    this.send({ type: 'batches', records: [record] });
    const loss = record.logs.loss;
    if (!this.diverged && loss !== undefined && !Number.isFinite(loss)) {
      this.diverged = { step: record.step, loss };
      this.control.stop(); // like Keras' TerminateOnNaN: at once, not at the end of the epoch
    }
  }

  async onEpoch(record: EpochRecord): Promise<void> {
    this.writer.append(epochLine(record), true);
    this.send({ type: 'epochEnd', record });
    if (this.diverged) return; // keep the last good checkpoint
    const position = { epoch: record.epoch, step: record.step };
    await saveCheckpoint(this.model, this.writer.runDir, LAST_CHECKPOINT, position);
    const monitored = record.logs.val_loss ?? record.logs.loss;
    if (monitored !== undefined && monitored < this.bestLoss) {
      this.bestLoss = monitored;
      await saveCheckpoint(this.model, this.writer.runDir, BEST_CHECKPOINT, position);
      this.writer.update({ best: { epoch: record.epoch, val_loss: monitored } });
    }
  }

  onControl(record: ControlRecord): void {
    this.writer.append({ type: 'control', ...record }, true);
    this.send({ type: 'control', record });
  }
}

async function train(
  loaded: LoadedModelFile,
  request: RunRequest,
  writer: RunWriter,
  send: Send,
  control: RunControl,
  resume: ResumePoint | undefined,
): Promise<EndStatus> {
  const { tf, module } = loaded;
  send({ type: 'phase', phase: 'building' });
  const model = await module.createModel();
  send({ type: 'phase', phase: 'loadingData' });
  const data = await module.loadData();
  const config = resolveConfig(module.config, request.options, model, request.modelFile);
  compileIfNeeded(tf, model, config, request.modelFile);
  if (resume) await restoreCheckpoint(tf, model, resume.checkpointDir);
  const summary = summarizeModel(model, (layer) => loaded.sources.sourceOf(layer));
  const samples = samplesPerEpoch(tf, data.train, config);
  const stepsPerEpoch = samples === null ? null : Math.ceil(samples / config.batchSize);
  writer.update({ config, backend: loaded.backend, summary, stepsPerEpoch });
  writer.append(
    {
      type: 'layers',
      layers: summary.layers,
      totalParams: summary.totalParams,
      trainableParams: summary.trainableParams,
    },
    true,
  );
  send({ type: 'trainingStarted', backend: loaded.backend, config, summary, stepsPerEpoch, samplesPerEpoch: samples });

  const recorder = new RunRecorder(writer, send, model, control);
  if (resume)
    recorder.onControl({
      action: 'resume',
      step: resume.start.step,
      epoch: resume.start.epoch,
      time: Date.now(),
      value: null,
    });
  const sampleEvery = request.options.sampleEveryBatches ?? DEFAULT_SAMPLE_EVERY_BATCHES;
  const probe = sampleEvery > 0 ? await probeBatch(tf, data) : undefined;
  const inspector =
    probe &&
    new LayerInspector(tf, model, probe.inputs, probe.label, sampleEvery, {
      onLayerStats(record) {
        writer.append({ type: 'layer_stats', ...record });
        send({ type: 'layerStats', record });
      },
      onProbe(record) {
        writer.append({ type: 'probe', ...record });
        send({ type: 'probe', record });
      },
    });
  send({ type: 'phase', phase: 'training' });
  try {
    const outcome = await trainModel(tf, model, data, config, recorder, control, inspector, resume?.start);
    if (recorder.diverged) {
      const { loss, step } = recorder.diverged;
      throw new TrainerFailure(
        'training',
        `The loss became ${loss} at step ${step}; training stopped.`,
        undefined,
        DIVERGENCE_HINT,
      );
    }
    return outcome;
  } finally {
    inspector?.dispose();
  }
}

function openRun(request: RunRequest): { writer: RunWriter; modelFile: string; resume?: ResumePoint } {
  if (request.command === 'resume') {
    const runDir = request.options.resumeRunDir;
    if (!runDir) throw new TrainerFailure('contract', 'Resume needs the run folder to continue.');
    const resume = findResumePoint(path.resolve(runDir));
    return { writer: RunWriter.reopen(path.resolve(runDir), resume.info), modelFile: resume.info.modelFile, resume };
  }
  const modelFile = path.resolve(request.modelFile);
  const workspaceDir = request.options.workspaceDir ?? path.dirname(modelFile);
  return { writer: RunWriter.create(workspaceDir, modelFile, request.command), modelFile };
}

export async function runTraining(request: RunRequest, send: Send, control: RunControl): Promise<RunResult> {
  let opened: ReturnType<typeof openRun>;
  try {
    opened = openRun(request);
  } catch (caught) {
    const error = toTrainerError(caught, request.modelFile, path.dirname(request.modelFile));
    send({ type: 'runEnded', status: 'failed', endedAt: Date.now(), error });
    return { status: 'failed', runDir: request.options.resumeRunDir ?? '', error };
  }
  const { writer, modelFile, resume } = opened;
  send({
    type: 'runCreated',
    runId: writer.runId,
    runDir: writer.runDir,
    modelFile,
    command: request.command,
    startedAt: writer.startedAt,
    ...(resume && { resumedAtStep: resume.start.step }),
  });
  let status: EndStatus;
  let error: TrainerError | undefined;
  try {
    const loaded = await loadModelFile(modelFile, request.options, send);
    writer.update({ backend: loaded.backend });
    if (request.command === 'evaluate') {
      send({ type: 'phase', phase: 'evaluating' });
      const workspaceDir = request.options.workspaceDir ?? path.dirname(modelFile);
      const evaluation = await evaluateLatestCheckpoint(
        loaded.tf,
        loaded.module,
        modelFile,
        workspaceDir,
        request.options,
      );
      writer.append(
        { type: 'evaluation', split: evaluation.split, checkpoint: evaluation.checkpoint, ...evaluation.logs },
        true,
      );
      if (evaluation.classification) writer.append({ type: 'classification', ...evaluation.classification }, true);
      send({ type: 'evaluation', ...evaluation });
      status = 'completed';
    } else {
      status = await train(loaded, { ...request, modelFile }, writer, send, control, resume);
    }
  } catch (caught) {
    status = 'failed';
    error = toTrainerError(caught, modelFile, path.dirname(modelFile));
  }
  writer.end(status, { error: error ?? null });
  send({ type: 'runEnded', status, endedAt: Date.now(), ...(error && { error }) });
  return { status, runDir: writer.runDir, ...(error && { error }) };
}
