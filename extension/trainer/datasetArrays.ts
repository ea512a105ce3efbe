/**
 * A `tf.data` pipeline often yields plain numbers: `{ xs: [x1, x2, x3], ys: [y] }` from a
 * generator, `tf.data.array` of objects or a CSV row mapped to arrays. tfjs's `batch()` turns
 * those into tensors, so `fitDataset(ds.batch(32))` trains on them; the trainer reads elements
 * before batching too (batched or not, shapes, data checks), so it makes the same conversion first.
 * A pair `[xs, ys]` (the Keras habit of yielding `(x, y)`) becomes `{ xs, ys }`, the one form
 * tfjs's fitDataset and evaluateDataset take.
 */
import type { TensorContainer } from '@tensorflow/tfjs';
import type { ExampleDataset } from './modelModule';
import type { TensorFlow } from './tensorflow';

type Leaf = number | number[] | ArrayBufferView;

/** A number, or an array (nested) or typed array of numbers: what tfjs's batch() makes one tensor of. */
function isNumeric(value: unknown): value is Leaf {
  if (typeof value === 'number') return true;
  if (ArrayBuffer.isView(value)) return true;
  return Array.isArray(value) && (value.length === 0 || isNumeric(value[0]));
}

/** xs or ys: a numeric leaf becomes a tensor; a dict by input name has each numeric entry converted. */
function inputsAsTensors(tf: TensorFlow, value: unknown): unknown {
  if (isNumeric(value)) return tf.tensor(value as number[]);
  if (typeof value !== 'object' || value === null || Array.isArray(value) || value instanceof tf.Tensor) return value;
  return Object.fromEntries(
    Object.entries(value).map(([name, entry]) => [name, isNumeric(entry) ? tf.tensor(entry as number[]) : entry]),
  );
}

function elementAsTensors(tf: TensorFlow, element: TensorContainer): TensorContainer {
  if (Array.isArray(element) && element.length === 2)
    return { xs: inputsAsTensors(tf, element[0]), ys: inputsAsTensors(tf, element[1]) } as TensorContainer;
  if (typeof element !== 'object' || element === null || element instanceof tf.Tensor) return element;
  const { xs, ys } = element as { xs?: unknown; ys?: unknown };
  if (!isNumeric(xs) && !isNumeric(ys) && !hasNumericEntry(xs) && !hasNumericEntry(ys)) return element;
  return { ...element, xs: inputsAsTensors(tf, xs), ys: inputsAsTensors(tf, ys) } as TensorContainer;
}

function hasNumericEntry(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.values(value).some(isNumeric);
}

/** The dataset's elements as `{ xs, ys }` of tensors (size kept; such elements pass as they are). */
export function asFitElements(tf: TensorFlow, dataset: ExampleDataset): ExampleDataset {
  return dataset.map((element) => elementAsTensors(tf, element)) as ExampleDataset;
}
