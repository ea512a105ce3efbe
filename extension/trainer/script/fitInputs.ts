/**
 * What a script's fit call trains on, read from its arguments: the number of examples of
 * `fit(x, y)` and the batch size of a batched `tf.data` pipeline given to `fitDataset`, for
 * single inputs, arrays of inputs and dicts of named inputs alike.
 */
import type { Tensor, TensorContainer } from '@tensorflow/tfjs';
import { exampleCount, isTensorInputs } from '../modelInputs';
import type { TensorFlow } from '../tensorflow';

/** The first tensor in a tensor, an array of them, a dict of them, or an `{xs, ys}` element. */
function firstTensor(tf: TensorFlow, value: unknown): Tensor | undefined {
  if (value instanceof tf.Tensor) return value;
  if (Array.isArray(value)) {
    for (const item of value) {
      const found = firstTensor(tf, item);
      if (found) return found;
    }
    return undefined;
  }
  if (typeof value === 'object' && value !== null) {
    const element = value as Record<string, unknown>;
    if ('xs' in element) return firstTensor(tf, element.xs);
    for (const item of Object.values(element)) {
      const found = firstTensor(tf, item);
      if (found) return found;
    }
  }
  return undefined;
}

/** Examples in `fit(x, …)`'s inputs, or null when they are not tensors. */
export function fitExampleCount(tf: TensorFlow, inputs: unknown): number | null {
  return isTensorInputs(tf, inputs) ? exampleCount(inputs) : null;
}

interface PeekableDataset {
  take(count: number): { toArray(): Promise<TensorContainer[]> };
}

/**
 * The batch size of a batched dataset: the first axis of its first element's inputs. The first
 * element is read once more (tf.data pipelines are re-iterable; fitDataset reads them per epoch).
 */
export async function datasetBatchSize(tf: TensorFlow, dataset: unknown): Promise<number | null> {
  if (!(dataset instanceof tf.data.Dataset)) return null;
  try {
    const [first] = await (dataset as unknown as PeekableDataset).take(1).toArray();
    const size = firstTensor(tf, first)?.shape[0] ?? null;
    tf.dispose(first);
    return size;
  } catch {
    return null; // fitDataset will meet the same error and report it
  }
}
