/**
 * A model's inputs (or labels) in the three forms `fit` takes: one tensor, one tensor per input
 * in order (a functional model with two inputs), or a dict by input name. Everything that takes
 * a batch (pre-flight, the learning-rate finder, probes, evaluate, the data check) reads them
 * through these helpers, so multi-input models work everywhere single-input ones do.
 */
import type { NamedTensorMap, Tensor } from '@tensorflow/tfjs';
import type { TensorFlow } from './tensorflow';

export type TensorInputs = Tensor | Tensor[] | NamedTensorMap;

function isDict(tf: TensorFlow, value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof tf.Tensor);
}

/** A tensor, a non-empty array of tensors, or a non-empty dict of tensors. */
export function isTensorInputs(tf: TensorFlow, value: unknown): value is TensorInputs {
  if (value instanceof tf.Tensor) return true;
  const items = Array.isArray(value) ? value : isDict(tf, value) ? Object.values(value) : [];
  return items.length > 0 && items.every((item) => item instanceof tf.Tensor);
}

/**
 * The tensors in the model's order: a dict is read by `names` (model.inputNames or
 * outputNames); names it lacks are left out, so a count check reports them.
 */
export function tensorList(value: TensorInputs | undefined, names: readonly string[]): Tensor[] {
  if (value === undefined) return [];
  if (Array.isArray(value)) return value;
  if (isTensorLike(value)) return [value];
  return names.flatMap((name) => (value[name] === undefined ? [] : [value[name] as Tensor]));
}

/** What `model.apply`, `predict` and `evaluate` take: one tensor, or the list in the model's order. */
export function inOrder(value: TensorInputs, names: readonly string[]): Tensor | Tensor[] {
  const list = tensorList(value, names);
  return list.length === 1 && !Array.isArray(value) ? (list[0] as Tensor) : list;
}

/** Examples in the inputs: the first axis of the first tensor (every input has as many). */
export function exampleCount(value: TensorInputs): number {
  const first = Array.isArray(value) ? value[0] : isTensorLike(value) ? value : Object.values(value)[0];
  return first?.shape[0] ?? 0;
}

/** Examples `start` to `start + count` of every tensor, in the same form. */
export function sliceExamples(value: TensorInputs, start: number, count: number): TensorInputs {
  if (Array.isArray(value)) return value.map((tensor) => tensor.slice(start, count));
  if (isTensorLike(value)) return value.slice(start, count);
  return Object.fromEntries(Object.entries(value).map(([name, tensor]) => [name, tensor.slice(start, count)]));
}

function isTensorLike(value: TensorInputs): value is Tensor {
  return typeof (value as Tensor).slice === 'function' && Array.isArray((value as Tensor).shape);
}
