/**
 * Checks the data `loadData()` returned against the built model before training starts, so a
 * mismatch is reported at `loadData`'s line with what to change, instead of as a stack from deep
 * inside `fit()`: string tensors, an empty split, example shapes that do not fit the model's
 * inputs or outputs (with a hint for class indices given to a one-hot loss), and xs/ys counts.
 */
import type { LayersModel, Tensor } from '@tensorflow/tfjs';
import type { TrainingConfig } from '../protocol/model';
import { TrainerFailure } from './failure';
import { tensorList, type TensorInputs } from './modelInputs';
import type { ModelData, Split, SplitData } from './modelModule';
import { findDeclaration } from '../source/sourceText';
import type { TensorFlow } from './tensorflow';
import { isBatchedDataset, isDataset } from './datasetBatching';
import { datasetHead } from './data/datasetHead';

type Shape = (number | null)[];

interface Context {
  model: LayersModel;
  config: TrainingConfig;
  modelFile: string;
}

/** One example (or batch) of a split: its inputs and labels, each one tensor per model input/output. */
interface Sample {
  xs: Tensor[];
  ys: Tensor[];
  /** True for a dataset element: shapes have no batch axis. */
  unbatched: boolean;
}

export const formatShape = (shape: readonly (number | null)[]): string =>
  `[${shape.map((dim) => dim ?? '*').join(',')}]`;

function fail(context: Context, message: string, hint?: string): never {
  throw new TrainerFailure('data', message, findDeclaration(context.modelFile, 'loadData'), hint);
}

function isSparseLoss(config: TrainingConfig): boolean {
  return /sparse/i.test(config.loss);
}

/** The shape tfjs will require of each label tensor (sparse losses take class indices, one per example). */
function expectedLabelShape(shape: Shape, config: TrainingConfig): Shape {
  return isSparseLoss(config) ? [...shape.slice(0, -1), 1] : shape;
}

/** tfjs adds a trailing axis of 1 to rank-1 labels; compare after doing the same. */
function normalize(actual: number[], expected: Shape): number[] {
  return actual.length === expected.length - 1 && expected[expected.length - 1] === 1 ? [...actual, 1] : actual;
}

function fits(actual: number[], expected: Shape): boolean {
  return actual.length === expected.length && expected.every((dim, i) => i === 0 || dim === null || dim === actual[i]);
}

function checkDtypes(context: Context, tensors: Tensor[], what: string): void {
  const text = tensors.find((tensor) => tensor.dtype === 'string');
  if (!text) return;
  fail(
    context,
    `loadData() returned ${what} as a string tensor; the model needs numbers.`,
    what.endsWith('ys')
      ? 'Encode class names as integer indices, then one-hot them with tf.oneHot(indices, numClasses) (or use loss sparseCategoricalCrossentropy with the indices).'
      : 'Convert the inputs to numbers (e.g. parse them, or map categories to indices) before making tensors.',
  );
}

function labelHint(context: Context, tensor: Tensor, expected: Shape): string {
  const classes = expected[expected.length - 1];
  const looksLikeIndices = tensor.dtype === 'int32' || tensor.shape[tensor.shape.length - 1] === 1 || tensor.rank === 1;
  if (/crossentropy/i.test(context.config.loss) && !isSparseLoss(context.config) && looksLikeIndices && classes)
    return `These look like class indices: one-hot encode them with tf.oneHot(ys, ${classes}), or set config.loss to 'sparseCategoricalCrossentropy'.`;
  return 'Make the labels match the model’s last layer (its units and shape), or change the last layer.';
}

function checkShapes(context: Context, tensors: Tensor[], expected: Shape[], what: string, unbatched: boolean): void {
  const isLabels = what.endsWith('ys');
  if (tensors.length !== expected.length) {
    fail(
      context,
      `loadData() returned ${tensors.length} tensor(s) as ${what}, but the model has ${expected.length} ${isLabels ? 'output' : 'input'}(s).`,
    );
  }
  tensors.forEach((tensor, i) => {
    const want = expected[i] as Shape;
    const shape = unbatched ? [0, ...tensor.shape] : tensor.shape;
    if (fits(normalize(shape, want), want)) return;
    const got = unbatched ? `each example of shape ${formatShape(tensor.shape)}` : `shape ${formatShape(tensor.shape)}`;
    const target = isLabels ? 'the model’s output' : 'the model’s input';
    const hint = isLabels
      ? labelHint(context, tensor, want)
      : `Reshape the inputs to ${formatShape(want)} (the first axis counts examples), or change the first layer’s inputShape.`;
    fail(context, `loadData() returned ${what} with ${got}, but ${target} expects ${formatShape(want)}.`, hint);
  });
}

function checkSample(context: Context, sample: Sample, split: string): void {
  const { model, config } = context;
  checkDtypes(context, sample.xs, `${split} xs`);
  checkDtypes(context, sample.ys, `${split} ys`);
  checkShapes(
    context,
    sample.xs,
    model.inputs.map((input) => input.shape),
    `${split} xs`,
    sample.unbatched,
  );
  const labelShapes = model.outputs.map((output) => expectedLabelShape(output.shape, config));
  checkShapes(context, sample.ys, labelShapes, `${split} ys`, sample.unbatched);
}

function checkTensorSplit(context: Context, split: Split, name: string): void {
  const { model } = context;
  const sample: Sample = {
    xs: tensorList(split.xs, model.inputNames),
    ys: tensorList(split.ys, model.outputNames),
    unbatched: false,
  };
  const count = sample.xs[0]?.shape[0] ?? 0;
  if (count === 0) {
    fail(context, `loadData() returned an empty ${name} split: xs has 0 examples.`, 'Check the data source.');
  }
  const labels = sample.ys[0]?.shape[0] ?? 0;
  if (labels !== count) fail(context, `loadData() returned ${count} ${name} examples (xs) but ${labels} labels (ys).`);
  checkSample(context, sample, name);
}

type Element = { xs?: TensorInputs; ys?: TensorInputs } | [TensorInputs, TensorInputs];

async function checkDatasetSplit(tf: TensorFlow, context: Context, split: SplitData, name: string): Promise<void> {
  if (!isDataset(tf, split)) return;
  const [first] = (await datasetHead(split, 1)) as unknown as Element[];
  if (first === undefined) {
    fail(context, `loadData() returned an empty ${name} dataset: it yielded no examples.`, 'Check the data source.');
  }
  const [xs, ys] = Array.isArray(first) ? first : [first.xs, first.ys];
  const inputs = tensorList(xs, context.model.inputNames);
  const labels = tensorList(ys, context.model.outputNames);
  if (xs !== undefined && ys !== undefined)
    checkSample(context, { xs: inputs, ys: labels, unbatched: !isBatchedDataset(split) }, name);
}

/** Throws a located `data` failure when the data cannot train this model. */
export async function checkDataFitsModel(
  tf: TensorFlow,
  model: LayersModel,
  data: ModelData,
  config: TrainingConfig,
  modelFile: string,
): Promise<void> {
  const context = { model, config, modelFile };
  for (const [name, split] of [
    ['train', data.train],
    ['validation', data.validation],
  ] as const) {
    if (split === undefined) continue;
    if (isDataset(tf, split)) await checkDatasetSplit(tf, context, split, name);
    else checkTensorSplit(context, split, name);
  }
}
