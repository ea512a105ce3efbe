/** The fixed inputs the inspector looks at: the first examples of the validation split (else train). */
import type { Tensor } from '@tensorflow/tfjs';
import type { ModelData, Split } from './modelModule';
import type { TensorFlow } from './tensorflow';
import { isDataset } from './trainingLoop';

export const PROBE_EXAMPLES = 64;

export interface ProbeBatch {
  inputs: Tensor;
  label: string;
}

function labelOf(tf: TensorFlow, ys: Tensor | undefined): string {
  if (!ys || ys.rank !== 2 || (ys.shape[1] ?? 0) < 2) return '';
  const label = tf.tidy(() => tf.argMax(ys.slice([0, 0], [1, -1]), 1).dataSync()[0]);
  return ` (label ${label})`;
}

export async function probeBatch(tf: TensorFlow, data: ModelData): Promise<ProbeBatch | undefined> {
  const [split, name] = data.validation ? [data.validation, 'validation'] : [data.train, 'train'];
  if (isDataset(tf, split)) {
    const [first] = (await split.batch(PROBE_EXAMPLES).take(1).toArray()) as { xs?: Tensor; ys?: Tensor }[];
    if (!first?.xs || Array.isArray(first.xs)) return undefined;
    return { inputs: first.xs, label: `${name}[0]${labelOf(tf, first.ys)}` };
  }
  const { xs, ys } = split as Split;
  if (Array.isArray(xs)) return undefined; // multi-input models: not probed yet
  const count = Math.min(PROBE_EXAMPLES, xs.shape[0] ?? 0);
  if (count === 0) return undefined;
  const inputs = tf.tidy(() => xs.slice(0, count));
  return { inputs, label: `${name}[0]${labelOf(tf, Array.isArray(ys) ? undefined : ys)}` };
}
