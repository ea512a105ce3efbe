/**
 * The quick looks that are not runs and write no run folder: `inspect` (build the model
 * without data, for inlay hints before training), `preflight` (one batch forward and
 * backward), `findLearningRate` (the learning-rate range test) and `data` (what loadData()
 * returned, described; the model is not built).
 */
import * as path from 'node:path';
import type { TrainOptions } from '../protocol/trainerMessages';
import { toTrainerError } from './failure';
import { describeData } from './data/describeData';
import { hasDataset, noteBatchedDatasets, optionsForBatchedData } from './datasetBatching';
import { releaseDatasetHeads } from './data/datasetHead';
import { trainingBatches } from './inspection/firstBatch';
import { runLearningRateRange } from './inspection/learningRateRange';
import { runPreflight } from './inspection/preflight';
import { loadModelFile, type LoadedModelFile, type Send } from './loadModelFile';
import type { ModelModule } from './modelModule';
import { holdScriptFits } from './script/holdScriptFits';
import { summarizeModel } from './modelSummary';
import { compileIfNeeded, resolveConfig } from './trainingConfig';
import { TrainerFailure } from './failure';
import type { StopSignal } from './trainingLoop';

export type QuickLook = 'inspect' | 'preflight' | 'findLearningRate' | 'data';

const LR_SWEEP_BATCHES = 100;

function moduleOf(loaded: LoadedModelFile, modelFile: string): ModelModule {
  if (loaded.module) return loaded.module;
  throw new TrainerFailure(
    'contract',
    `${path.basename(modelFile)} does not export createModel(): inspection, the pre-flight check, the learning-rate finder and the Data view need a module-mode model file.`,
    { file: modelFile, line: 1, column: 1 },
    'Export createModel() and loadData(); training scripts that call model.fit() themselves can still be trained.',
  );
}

async function buildModel(loaded: LoadedModelFile, modelFile: string, send: Send) {
  send({ type: 'phase', phase: 'building' });
  const model = await moduleOf(loaded, modelFile).createModel();
  return { model, summary: summarizeModel(model, loaded.sources) };
}

async function compiledWithData(loaded: LoadedModelFile, modelFile: string, options: TrainOptions, send: Send) {
  const { model, summary } = await buildModel(loaded, modelFile, send);
  const module = moduleOf(loaded, modelFile);
  send({ type: 'phase', phase: 'loadingData' });
  const data = await module.loadData();
  const datasetBatch = await noteBatchedDatasets(loaded.tf, model, data);
  releaseDatasetHeads(loaded.tf);
  const config = resolveConfig(
    module.config,
    optionsForBatchedData(options, module.config, datasetBatch, send),
    model,
    modelFile,
  );
  compileIfNeeded(loaded.tf, model, config, modelFile, module.config);
  return { model, summary, data, config };
}

async function look(
  kind: QuickLook,
  modelFile: string,
  options: TrainOptions,
  send: Send,
  stop: StopSignal,
): Promise<void> {
  let release: (() => void) | undefined;
  const loaded = await loadModelFile(modelFile, options, send, ({ tf }) => (release = holdScriptFits(tf)));
  if (loaded.module) release?.();
  if (kind === 'data') {
    const module = moduleOf(loaded, modelFile);
    send({ type: 'phase', phase: 'loadingData' });
    const data = await module.loadData();
    // Only the model's input rank tells a batched dataset from one of examples.
    if (hasDataset(loaded.tf, data)) await noteBatchedDatasets(loaded.tf, await module.createModel(), data);
    releaseDatasetHeads(loaded.tf);
    send({ type: 'dataReport', modelFile, report: await describeData(loaded.tf, data) });
    return;
  }
  if (kind === 'inspect') {
    const { summary } = await buildModel(loaded, modelFile, send);
    send({ type: 'inspection', modelFile, summary });
    return;
  }
  const { model, summary, data, config } = await compiledWithData(loaded, modelFile, options, send);
  const batches = await trainingBatches(
    loaded.tf,
    model,
    data,
    config.batchSize,
    kind === 'preflight' ? 1 : LR_SWEEP_BATCHES,
  );
  if (batches.length === 0)
    throw new TrainerFailure('data', 'The training data is empty: loadData() returned no examples.');
  send({ type: 'phase', phase: 'training' });
  if (kind === 'preflight') {
    send({
      type: 'preflight',
      report: await runPreflight(loaded.tf, model, config, summary, batches[0] as (typeof batches)[0]),
    });
  } else {
    send({
      type: 'learningRateRange',
      result: await runLearningRateRange(model, batches, undefined, () => stop.requested),
    });
  }
}

export async function runQuickLook(
  kind: QuickLook,
  modelFile: string,
  options: TrainOptions,
  send: Send,
  stop: StopSignal,
): Promise<boolean> {
  const file = path.resolve(modelFile);
  try {
    await look(kind, file, options, send, stop);
    send({ type: 'runEnded', status: stop.requested ? 'stopped' : 'completed', endedAt: Date.now() });
    return true;
  } catch (caught) {
    send({
      type: 'runEnded',
      status: 'failed',
      endedAt: Date.now(),
      error: toTrainerError(caught, file, path.dirname(file)),
    });
    return false;
  }
}
