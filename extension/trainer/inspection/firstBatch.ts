import type { Tensor } from '@tensorflow/tfjs';
import type { ModelData, Split } from '../modelModule';
import type { TensorFlow } from '../tensorflow';
import { isDataset } from '../trainingLoop';

export interface Batch {
  xs: Tensor;
  ys: Tensor;
}

/** Batch `index` (of `size`) of the training data, for the pre-flight check and the LR sweep. */
export async function trainingBatches(tf: TensorFlow, data: ModelData, size: number, count: number): Promise<Batch[]> {
  if (isDataset(tf, data.train)) {
    const batches = (await data.train.batch(size).take(count).toArray()) as Partial<Batch>[];
    return batches.filter(
      (batch): batch is Batch => batch.xs !== undefined && batch.ys !== undefined && !Array.isArray(batch.xs),
    );
  }
  const { xs, ys } = data.train as Split;
  if (Array.isArray(xs) || Array.isArray(ys)) return [];
  const total = xs.shape[0] ?? 0;
  const batches: Batch[] = [];
  for (let start = 0; start < total && batches.length < count; start += size) {
    const end = Math.min(total, start + size);
    batches.push({ xs: xs.slice(start, end - start), ys: ys.slice(start, end - start) });
  }
  return batches;
}
