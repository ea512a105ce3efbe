/**
 * Scores a run's best checkpoint (else its last) on the model file's test split (else
 * validation): loss and metrics as the model file compiles them, and for classifiers a
 * confusion matrix, per-class precision/recall and the most confidently wrong examples.
 * The run may be training in another process while it is scored: the checkpoint is read so
 * that a newer one swapped in mid-read is noticed and read again.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { LayersModel, Scalar, Tensor } from '@tensorflow/tfjs';
import type { ClassificationReport, WrongExample } from '../protocol/evaluation';
import type { TrainOptions } from '../protocol/trainerMessages';
import { newestRun } from '../runs/newestRun';
import { listRunDirs } from '../runs/runReader';
import {
  BEST_CHECKPOINT,
  LAST_CHECKPOINT,
  checkpointDir,
  checkpointPosition,
  hasCheckpoint,
  type CheckpointPosition,
} from '../runs/checkpointFiles';
import { restoreCheckpoint } from './checkpoint';
import { classificationReport } from './classificationReport';
import { inOrder } from './modelInputs';
import { TrainerFailure } from './failure';
import type { ModelData, ModelModule, Split, SplitData } from './modelModule';
import type { TensorFlow } from './tensorflow';
import { compileIfNeeded, resolveConfig } from './trainingConfig';
import { inBatches, isDataset, noteBatchedDatasets } from './datasetBatching';
import { releaseDatasetHeads } from './data/datasetHead';

export interface Evaluation {
  split: string;
  /** The checkpoint folder scored, relative to the run folder. */
  checkpoint: string;
  /** Where in training it was taken, when the checkpoint says. */
  position?: CheckpointPosition;
  logs: Record<string, number>;
  classification?: ClassificationReport;
}

const MAX_IMAGE_SIDE = 64;
/** Reads of a checkpoint that a training run replaced while it was read, before giving up. */
const CHECKPOINT_READS = 10;

export function latestCheckpointRun(modelFile: string, workspaceDir: string): string | undefined {
  return newestRun(
    listRunDirs(workspaceDir),
    (info, runDir) => info.command !== 'evaluate' && info.modelFile === modelFile && hasCheckpoint(runDir),
  )?.dir;
}

async function scalars(result: Scalar | Scalar[]): Promise<number[]> {
  const list = Array.isArray(result) ? result : [result];
  return Promise.all(list.map(async (scalar) => (await scalar.data())[0] ?? Number.NaN));
}

function chooseSplit(data: Awaited<ReturnType<ModelModule['loadData']>>): [SplitData, string] {
  if (data.test) return [data.test, 'test'];
  if (data.validation) return [data.validation, 'validation'];
  return [data.train, 'train'];
}

/** Example `index` of an image batch [n, h, w, c] as a grey image, when small enough to show. */
function imageReader(tf: TensorFlow, xs: Tensor): ((index: number) => WrongExample['image']) | undefined {
  const [, height = 0, width = 0, channels = 0] = xs.shape;
  if (xs.rank !== 4 || height > MAX_IMAGE_SIDE || width > MAX_IMAGE_SIDE || (channels !== 1 && channels !== 3))
    return undefined;
  return (index) => {
    const grey = tf.tidy(() => tf.mean(xs.slice([index, 0, 0, 0], [1, height, width, channels]), 3).dataSync());
    let min = Infinity;
    let max = -Infinity;
    for (const v of grey) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    const pixels = Array.from(grey, (v) => (max > min ? Math.round(((v - min) / (max - min)) * 255) : 0));
    return { width, height, pixels };
  };
}

async function classify(
  tf: TensorFlow,
  model: LayersModel,
  split: Split,
  batchSize: number,
): Promise<ClassificationReport | undefined> {
  const xs = inOrder(split.xs, model.inputNames);
  const ys = inOrder(split.ys, model.outputNames);
  if (Array.isArray(ys)) return undefined;
  const output = model.outputs[0]?.shape;
  const classes = output?.[output.length - 1] ?? 0;
  if (output?.length !== 2 || classes < 2) return undefined;
  const probabilities = tf.tidy(() => model.predict(xs, { batchSize }) as Tensor);
  const labels = tf.tidy(() => (ys.rank === 2 ? tf.argMax(ys, 1) : ys.toInt()));
  try {
    const report = classificationReport(
      { labels: await labels.data(), probabilities: await probabilities.data(), classes },
      Array.isArray(xs) ? undefined : imageReader(tf, xs),
    );
    return report;
  } finally {
    tf.dispose([probabilities, labels]);
  }
}

/** The folder at `dir` right now (a swap puts another folder there), or undefined when there is none. */
function folderIdentity(dir: string): number | undefined {
  try {
    return fs.statSync(dir).ino;
  } catch {
    return undefined;
  }
}

/**
 * Loads checkpoint `name` of a run that may be training right now: when the trainer swaps a newer
 * checkpoint in while it is read (the folder at the path changed, or vanished for a moment), the
 * read is repeated, so the weights and the position come from one checkpoint.
 */
async function restoreSteadily(
  tf: TensorFlow,
  model: LayersModel,
  runDir: string,
  name: string,
): Promise<CheckpointPosition | undefined> {
  for (let attempt = 1; ; attempt++) {
    const dir = checkpointDir(runDir, name) ?? path.join(runDir, name);
    const before = folderIdentity(dir);
    try {
      const position = checkpointPosition(dir);
      await restoreCheckpoint(tf, model, dir);
      if (before !== undefined && folderIdentity(dir) === before) return position;
    } catch (error) {
      if (error instanceof TrainerFailure || attempt >= CHECKPOINT_READS) throw error;
    }
    if (attempt >= CHECKPOINT_READS)
      throw new TrainerFailure(
        'contract',
        `The checkpoint ${path.join(runDir, name)} changed each time it was read (the run is saving checkpoints very often): evaluate again once it has finished.`,
      );
    await sleep(50 * attempt);
  }
}

/**
 * Scores the run's best checkpoint (else its last) with a model built by the model file.
 * `onData` sees the data loadData() returned before it is scored.
 */
export async function evaluateCheckpoint(
  tf: TensorFlow,
  module: ModelModule,
  modelFile: string,
  runDir: string,
  options: TrainOptions,
  onData?: (data: ModelData) => Promise<void>,
): Promise<Evaluation> {
  if (!hasCheckpoint(runDir, BEST_CHECKPOINT) && !hasCheckpoint(runDir, LAST_CHECKPOINT)) {
    throw new TrainerFailure(
      'contract',
      `Run ${path.basename(runDir)} has no checkpoint to evaluate yet.`,
      undefined,
      'A run saves its first checkpoint when its first epoch ends.',
    );
  }
  const checkpointName = hasCheckpoint(runDir, BEST_CHECKPOINT) ? BEST_CHECKPOINT : LAST_CHECKPOINT;
  const model = await module.createModel();
  const config = resolveConfig(module.config, options, model, modelFile);
  compileIfNeeded(tf, model, config, modelFile, module.config);
  const position = await restoreSteadily(tf, model, runDir, checkpointName);
  const data = await module.loadData();
  await noteBatchedDatasets(tf, model, data);
  await onData?.(data);
  releaseDatasetHeads(tf);
  const [split, name] = chooseSplit(data);
  const result = isDataset(tf, split)
    ? await model.evaluateDataset(
        inBatches(split, config.batchSize) as Parameters<LayersModel['evaluateDataset']>[0],
        {},
      )
    : (model.evaluate(inOrder((split as Split).xs, model.inputNames), inOrder((split as Split).ys, model.outputNames), {
        batchSize: config.batchSize,
      }) as Scalar | Scalar[]);
  const values = await scalars(result);
  const logs = Object.fromEntries(model.metricsNames.map((metric, i) => [metric, values[i] ?? Number.NaN]));
  const classification = isDataset(tf, split) ? undefined : await classify(tf, model, split as Split, config.batchSize);
  return {
    split: name,
    checkpoint: checkpointName,
    ...(position && { position }),
    logs,
    ...(classification && { classification }),
  };
}
