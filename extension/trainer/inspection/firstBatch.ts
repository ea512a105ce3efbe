import type { LayersModel, Tensor } from '@tensorflow/tfjs';
import { inOrder, sliceExamples, exampleCount, type TensorInputs } from '../modelInputs';
import type { ModelData, Split } from '../modelModule';
import type { TensorFlow } from '../tensorflow';
import { inBatches, isDataset } from '../datasetBatching';

/** One batch: inputs and labels in the model's order (a tensor each, or one per input/output). */
export interface Batch {
  xs: Tensor | Tensor[];
  ys: Tensor | Tensor[];
}

type Element = { xs?: TensorInputs; ys?: TensorInputs } | [TensorInputs, TensorInputs];

function batchOf(model: LayersModel, xs: TensorInputs | undefined, ys: TensorInputs | undefined): Batch | undefined {
  if (xs === undefined || ys === undefined) return undefined;
  return { xs: inOrder(xs, model.inputNames), ys: inOrder(ys, model.outputNames) };
}

/** The first `count` batches of `size` of the training data, for the pre-flight check and the LR sweep. */
export async function trainingBatches(
  tf: TensorFlow,
  model: LayersModel,
  data: ModelData,
  size: number,
  count: number,
): Promise<Batch[]> {
  if (isDataset(tf, data.train)) {
    const elements = (await inBatches(data.train, size).take(count).toArray()) as unknown as Element[];
    return elements.flatMap((element) => {
      const batch = Array.isArray(element) ? batchOf(model, ...element) : batchOf(model, element.xs, element.ys);
      return batch ? [batch] : [];
    });
  }
  const { xs, ys } = data.train as Split;
  const total = exampleCount(xs);
  const batches: Batch[] = [];
  for (let start = 0; start < total && batches.length < count; start += size) {
    const taken = Math.min(total, start + size) - start;
    const batch = batchOf(model, sliceExamples(xs, start, taken), sliceExamples(ys, start, taken));
    if (batch) batches.push(batch);
  }
  return batches;
}

/** The first input's and first label's tensors of a batch. */
export function firstOf(batch: Batch): { xs: Tensor; ys: Tensor } {
  const xs = Array.isArray(batch.xs) ? batch.xs[0] : batch.xs;
  const ys = Array.isArray(batch.ys) ? batch.ys[0] : batch.ys;
  if (!xs || !ys) throw new Error('A batch without inputs or labels.');
  return { xs, ys };
}
