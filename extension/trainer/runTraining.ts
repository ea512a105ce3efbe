/**
 * One run, start to end: the same code behind the extension's trainer process and the CLI.
 * Every outcome, including a model file that does not build, ends in the run folder.
 */
import * as path from 'node:path';
import type { TrainerError } from '../protocol/model';
import type { EndStatus, TrainOptions } from '../protocol/trainerMessages';
import { batchLine, epochLine } from '../runs/runFiles';
import { RunWriter } from '../runs/runWriter';
import { saveCheckpoint } from './checkpoint';
import { evaluateLatestCheckpoint } from './evaluate';
import { TrainerFailure, toTrainerError } from './failure';
import { DEFAULT_SAMPLE_EVERY_BATCHES, LayerInspector } from './inspection/layerInspector';
import { loadModelFile, type LoadedModelFile, type Send } from './loadModelFile';
import { summarizeModel } from './modelSummary';
import { probeBatch } from './probeBatch';
import { compileIfNeeded, resolveConfig } from './trainingConfig';
import { samplesPerEpoch, trainModel, type StopSignal } from './trainingLoop';

export type { Send } from './loadModelFile';

export interface RunRequest {
  command: 'train' | 'evaluate';
  modelFile: string;
  options: TrainOptions;
}

export interface RunResult {
  status: EndStatus;
  runDir: string;
  error?: TrainerError;
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
  const model = await module.createModel();
  send({ type: 'phase', phase: 'loadingData' });
  const data = await module.loadData();
  const config = resolveConfig(module.config, request.options, model, request.modelFile);
  compileIfNeeded(tf, model, config, request.modelFile);
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

  let diverged: { step: number; loss: number } | undefined;
  const stopOrDiverged = {
    get requested() {
      return stop.requested || diverged !== undefined;
    },
  };
  const events = {
    onBatch(record: Parameters<typeof batchLine>[0]) {
      writer.append(batchLine(record));
      send({ type: 'batches', records: [record] });
      if (!diverged && !finiteLoss(record.logs)) diverged = { step: record.step, loss: record.logs.loss ?? Number.NaN };
    },
    onEpoch(record: Parameters<typeof epochLine>[0]) {
      writer.append(epochLine(record), true);
      send({ type: 'epochEnd', record });
    },
  };
  try {
    const outcome = await trainModel(tf, model, data, config, events, stopOrDiverged, inspector);
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
  } finally {
    inspector?.dispose();
  }
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
  let status: EndStatus;
  let error: TrainerError | undefined;
  try {
    const loaded = await loadModelFile(modelFile, request.options, send);
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
  }
  writer.end(status, { error: error ?? null });
  send({ type: 'runEnded', status, endedAt: Date.now(), ...(error && { error }) });
  return { status, runDir: writer.runDir, ...(error && { error }) };
}
