/**
 * Module mode takes a `tf.data.Dataset` of single examples (Tensorscope batches it with the
 * config's batch size) or one batched already, the way tfjs's own `fitDataset` wants it
 * (`.batch(64)` in the model file). Which one is read from the first element: inputs with the
 * rank of the model's input shape (batch axis included) are batches.
 */
import type { LayersModel } from '@tensorflow/tfjs';
import type { TrainOptions } from '../protocol/trainerMessages';
import { datasetHead } from './data/datasetHead';
import type { Send } from './loadModelFile';
import type { ExampleDataset, ModelData, SplitData, UserConfig } from './modelModule';
import { tensorList, type TensorInputs } from './modelInputs';
import type { TensorFlow } from './tensorflow';

const batchedDatasets = new WeakSet<ExampleDataset>();

export function isDataset(tf: TensorFlow, split: SplitData | undefined): split is ExampleDataset {
  return split instanceof tf.data.Dataset;
}

export function hasDataset(tf: TensorFlow, data: ModelData): boolean {
  return [data.train, data.validation, data.test].some((split) => isDataset(tf, split));
}

/**
 * Notes which of the data's datasets are batched already; returns the train dataset's batch size
 * when it is, else undefined.
 */
export async function noteBatchedDatasets(
  tf: TensorFlow,
  model: LayersModel,
  data: ModelData,
): Promise<number | undefined> {
  let trainBatch: number | undefined;
  for (const split of [data.train, data.validation, data.test]) {
    if (!isDataset(tf, split)) continue;
    const shape = await firstInputShape(model, split);
    if (shape === undefined || shape.length !== model.inputs[0]?.shape.length) continue;
    batchedDatasets.add(split);
    if (split === data.train) trainBatch = shape[0];
  }
  return trainBatch;
}

type Element = { xs?: TensorInputs } | [TensorInputs, TensorInputs];

/** The shape of the model's first input in the dataset's first element (the start's shared read). */
async function firstInputShape(model: LayersModel, dataset: ExampleDataset) {
  const [first] = (await datasetHead(dataset, 1)) as unknown as (Element | undefined)[];
  const xs = Array.isArray(first) ? first[0] : first?.xs;
  return tensorList(xs, model.inputNames)[0]?.shape;
}

export function isBatchedDataset(dataset: ExampleDataset): boolean {
  return batchedDatasets.has(dataset);
}

/** The dataset in batches: as it is when the model file batched it, else in batches of `batchSize`. */
export function inBatches(dataset: ExampleDataset, batchSize: number): ExampleDataset {
  return isBatchedDataset(dataset) ? dataset : (dataset.batch(batchSize) as ExampleDataset);
}

/**
 * The options a run trains with when loadData()'s train dataset comes batched: its batch size is
 * the dataset's, and a different one asked for (--batch-size, config.batchSize) gets a warning.
 */
export function optionsForBatchedData(
  options: TrainOptions,
  userConfig: UserConfig,
  datasetBatch: number | undefined,
  send: Send,
): TrainOptions {
  if (datasetBatch === undefined) return options;
  const [asked, where] =
    options.batchSize !== undefined ? [options.batchSize, '--batch-size'] : [userConfig.batchSize, 'config.batchSize'];
  if (asked !== undefined && asked !== datasetBatch) {
    send({
      type: 'log',
      level: 'warning',
      text: `loadData()'s train dataset comes in batches of ${datasetBatch} (.batch(${datasetBatch})), so Tensorscope trains on those batches: the batch size ${String(asked)} from ${where} does not apply.`,
    });
  }
  return { ...options, batchSize: datasetBatch };
}
