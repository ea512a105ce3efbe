/**
 * One run, start to end: the same code behind the extension's trainer process and the CLI.
 * Every outcome, including a model file that does not build, ends in the run folder.
 */
import * as path from 'node:path';
import type { LayersModel } from '@tensorflow/tfjs';
import type { BackendInfo, TrainerError } from '../protocol/model';
import type { EndStatus, TrainOptions } from '../protocol/trainerMessages';
import { batchLine, epochLine } from '../runs/runFiles';
import { RunWriter } from '../runs/runWriter';
import type { OutgoingMessage } from './batchCoalescer';
import { bundleModel, requireBundledModel, type BundledModel } from './bundleModel';
import { TrainerFailure, toTrainerError } from './failure';
import { checkModelModule, type ModelModule } from './modelModule';
import { summarizeModel } from './modelSummary';
import { loadTensorFlow, type TensorFlow } from './tensorflow';
import { compileIfNeeded, resolveConfig } from './trainingConfig';
import { samplesPerEpoch, trainModel, type StopSignal } from './trainingLoop';
import { evaluateLatestCheckpoint } from './evaluate';
import { saveCheckpoint } from './checkpoint';

export interface RunRequest {
  command: 'train' | 'evaluate';
  modelFile: string;
  options: TrainOptions;
}

export type Send = (message: OutgoingMessage) => void;

export interface RunResult {
  status: EndStatus;
  runDir: string;
  error?: TrainerError;
}

interface LoadedModelFile {
  tf: TensorFlow;
  backend: BackendInfo;
  module: ModelModule;
}

async function loadModelFile(
  modelFile: string,
  options: TrainOptions,
  send: Send,
  bundle: { current?: BundledModel },
): Promise<LoadedModelFile> {
  send({ type: 'phase', phase: 'bundling', detail: path.basename(modelFile) });
  bundle.current = await bundleModel(modelFile);
  send({ type: 'phase', phase: 'loadingBackend' });
  const { tf, info } = await loadTensorFlow(options.backend, path.dirname(modelFile));
  let exports: Record<string, unknown>;
  try {
    exports = requireBundledModel(bundle.current, tf);
  } catch (error) {
    const located = toTrainerError(error, modelFile, path.dirname(modelFile));
    throw new TrainerFailure('model', `Loading the model file failed: ${located.message}`, located.location);
  }
  return { tf, backend: info, module: checkModelModule(exports, modelFile, tf) };
}

function finiteLoss(logs: Record<string, number>): boolean {
  const loss = logs.loss;
  return loss === undefined || Number.isFinite(loss);
}

async function train(
  loaded: LoadedModelFile,
  request: RunRequest,
  writer: RunWriter,
  send: Send,
  stop: StopSignal,
): Promise<EndStatus> {
  const { tf, module } = loaded;
  send({ type: 'phase', phase: 'building' });
  const model: LayersModel = await module.createModel();
  send({ type: 'phase', phase: 'loadingData' });
  const data = await module.loadData();
  const config = resolveConfig(module.config, request.options, model, request.modelFile);
  compileIfNeeded(tf, model, config, request.modelFile);
  const summary = summarizeModel(model);
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
  send({ type: 'phase', phase: 'training' });

  let diverged: { step: number; loss: number } | undefined;
  const divergenceStop = {
    get requested() {
      return stop.requested || diverged !== undefined;
    },
  };
  const outcome = await trainModel(
    tf,
    model,
    data,
    config,
    {
      onBatch(record) {
        writer.append(batchLine(record));
        send({ type: 'batches', records: [record] });
        if (!diverged && !finiteLoss(record.logs))
          diverged = { step: record.step, loss: record.logs.loss ?? Number.NaN };
      },
      onEpoch(record) {
        writer.append(epochLine(record), true);
        send({ type: 'epochEnd', record });
      },
    },
    divergenceStop,
  );
  if (diverged) {
    throw new TrainerFailure(
      'training',
      `The loss became ${diverged.loss} at step ${diverged.step}; training stopped.`,
      undefined,
      'Lower the learning rate, scale the inputs (e.g. to [0, 1]), or clip gradients.',
    );
  }
  await saveCheckpoint(model, writer.runDir);
  return outcome;
}

export async function runTraining(request: RunRequest, send: Send, stop: StopSignal): Promise<RunResult> {
  const modelFile = path.resolve(request.modelFile);
  const workspaceDir = request.options.workspaceDir ?? path.dirname(modelFile);
  const writer = RunWriter.create(workspaceDir, modelFile, request.command);
  send({
    type: 'runCreated',
    runId: writer.runId,
    runDir: writer.runDir,
    modelFile,
    command: request.command,
    startedAt: writer.startedAt,
  });
  const bundle: { current?: BundledModel } = {};
  let status: EndStatus;
  let error: TrainerError | undefined;
  try {
    const loaded = await loadModelFile(modelFile, request.options, send, bundle);
    writer.update({ backend: loaded.backend });
    if (request.command === 'evaluate') {
      send({ type: 'phase', phase: 'evaluating' });
      const evaluation = await evaluateLatestCheckpoint(loaded.tf, loaded.module, modelFile, workspaceDir);
      writer.append(
        { type: 'evaluation', split: evaluation.split, checkpoint: evaluation.checkpoint, ...evaluation.logs },
        true,
      );
      send({ type: 'evaluation', split: evaluation.split, logs: evaluation.logs });
      status = 'completed';
    } else {
      status = await train(loaded, { ...request, modelFile }, writer, send, stop);
    }
  } catch (caught) {
    status = 'failed';
    error = toTrainerError(caught, modelFile, path.dirname(modelFile));
  } finally {
    bundle.current?.dispose();
  }
  writer.end(status, { error: error ?? null });
  send({ type: 'runEnded', status, endedAt: Date.now(), ...(error && { error }) });
  return { status, runDir: writer.runDir, ...(error && { error }) };
}
