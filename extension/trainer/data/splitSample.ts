/**
 * Reads a bounded sample of one split as flat float arrays: the first examples of tensors, or the
 * first elements a `tf.data.Dataset` yields within a count, value and time budget. Memory stays
 * bounded however large the data is; the sample says how many examples it holds.
 */
import type { Tensor } from '@tensorflow/tfjs';
import { tensorList, type TensorInputs } from '../modelInputs';
import type { ExampleDataset, Split, SplitData } from '../modelModule';
import type { TensorFlow } from '../tensorflow';
import { isBatchedDataset, isDataset } from '../datasetBatching';

export interface SampleBounds {
  /** Examples read per split at most. */
  readonly maxExamples: number;
  /** Input values read per split at most (bounds memory for large examples). */
  readonly maxValues: number;
  /** Time spent reading one dataset at most. */
  readonly datasetMs: number;
}

export const DEFAULT_BOUNDS: SampleBounds = { maxExamples: 10_000, maxValues: 16_000_000, datasetMs: 15_000 };

export interface SplitSample {
  readonly source: 'tensors' | 'dataset';
  /** Examples in the split; null for a dataset of unknown size. */
  readonly size: number | null;
  readonly count: number;
  readonly inputShape: number[];
  readonly labelShape: number[];
  readonly inputDtype: string;
  readonly labelDtype: string;
  /** `count` examples, one after another. */
  readonly inputs: Float32Array;
  readonly labels: Float32Array;
  /** Reading stopped at the time budget. */
  readonly timedOut: boolean;
}

/** The first input's (or output's) tensor: a dict's first entry for a model with named inputs. */
const first = (value: TensorInputs | undefined): Tensor | undefined =>
  value === undefined ? undefined : tensorList(value, Object.keys(value))[0];

const sizeOf = (shape: readonly number[]): number => shape.reduce((size, dim) => size * dim, 1);

function examplesWithin(bounds: SampleBounds, valuesPerExample: number): number {
  return Math.max(1, Math.min(bounds.maxExamples, Math.floor(bounds.maxValues / Math.max(1, valuesPerExample))));
}

/** The first `count` examples' values (tidy is not used: it would walk the returned array value by value). */
function firstValues(tensor: Tensor, count: number): Float32Array {
  const slice = tensor.slice(0, count);
  try {
    return flat(slice);
  } finally {
    slice.dispose();
  }
}

function flat(tensor: Tensor): Float32Array {
  const values = tensor.dataSync();
  return values instanceof Float32Array ? values : Float32Array.from(values as ArrayLike<number>);
}

function tensorSample(split: Split, bounds: SampleBounds): SplitSample | undefined {
  const xs = first(split.xs);
  const ys = first(split.ys);
  if (xs === undefined || ys === undefined) return undefined;
  const size = xs.shape[0] ?? 0;
  const inputShape = xs.shape.slice(1);
  const count = Math.min(size, examplesWithin(bounds, sizeOf(inputShape)));
  const inputs = firstValues(xs, count);
  const labels = firstValues(ys, count);
  return {
    source: 'tensors',
    size,
    count,
    inputShape,
    labelShape: ys.shape.slice(1),
    inputDtype: xs.dtype,
    labelDtype: ys.dtype,
    inputs,
    labels,
    timedOut: false,
  };
}

type Element = { xs?: TensorInputs; ys?: TensorInputs } | [TensorInputs, TensorInputs];

function elementTensors(element: Element): [Tensor | undefined, Tensor | undefined] {
  return Array.isArray(element) ? [first(element[0]), first(element[1])] : [first(element.xs), first(element.ys)];
}

/** Appends into a growing buffer that never holds more than `limit` values. */
class Collector {
  private buffer = new Float32Array(1024);
  length = 0;

  add(values: Float32Array): void {
    if (this.length + values.length > this.buffer.length) {
      const grown = new Float32Array(Math.max(this.buffer.length * 2, this.length + values.length));
      grown.set(this.buffer.subarray(0, this.length));
      this.buffer = grown;
    }
    this.buffer.set(values, this.length);
    this.length += values.length;
  }

  values(): Float32Array {
    return this.buffer.slice(0, this.length);
  }
}

/** An element's rows: one example, or (for a dataset the model file batched) a batch of them. */
function rowsOf(xs: Tensor, ys: Tensor, batched: boolean) {
  return batched
    ? { rows: xs.shape[0] ?? 0, input: xs.shape.slice(1), label: ys.shape.slice(1) }
    : { rows: 1, input: xs.shape, label: ys.shape };
}

async function datasetSample(
  tf: TensorFlow,
  dataset: ExampleDataset,
  bounds: SampleBounds,
): Promise<SplitSample | undefined> {
  const deadline = Date.now() + bounds.datasetMs;
  const batched = isBatchedDataset(dataset);
  const iterator = await dataset.iterator();
  const inputs = new Collector();
  const labels = new Collector();
  let shapes: { input: number[]; label: number[]; inputDtype: string; labelDtype: string } | undefined;
  let count = 0;
  let limit = bounds.maxExamples;
  let exhausted = false;
  while (count < limit && Date.now() < deadline) {
    const next = await iterator.next();
    if (next.done) {
      exhausted = true;
      break;
    }
    const [xs, ys] = elementTensors(next.value as unknown as Element);
    try {
      if (xs === undefined || ys === undefined) continue;
      const { rows, input, label } = rowsOf(xs, ys, batched);
      if (shapes === undefined) {
        shapes = { input, label, inputDtype: xs.dtype, labelDtype: ys.dtype };
        limit = examplesWithin(bounds, sizeOf(input));
      }
      if (sizeOf(input) !== sizeOf(shapes.input) || sizeOf(label) !== sizeOf(shapes.label)) continue;
      const taken = Math.min(rows, limit - count);
      inputs.add(batched ? firstValues(xs, taken) : flat(xs));
      labels.add(batched ? firstValues(ys, taken) : flat(ys));
      count += taken;
    } finally {
      tf.dispose(next.value as Parameters<TensorFlow['dispose']>[0]);
    }
  }
  if (shapes === undefined) return undefined;
  const known = Number.isFinite(dataset.size) && dataset.size >= 0 && !batched ? dataset.size : null;
  return {
    source: 'dataset',
    size: known ?? (exhausted ? count : null),
    count,
    inputShape: shapes.input,
    labelShape: shapes.label,
    inputDtype: shapes.inputDtype,
    labelDtype: shapes.labelDtype,
    inputs: inputs.values(),
    labels: labels.values(),
    timedOut: !exhausted && count < limit,
  };
}

/** The bounded sample of a split, or undefined when it holds no example. */
export async function readSplitSample(
  tf: TensorFlow,
  split: SplitData,
  bounds: SampleBounds = DEFAULT_BOUNDS,
): Promise<SplitSample | undefined> {
  return isDataset(tf, split) ? datasetSample(tf, split, bounds) : tensorSample(split, bounds);
}
